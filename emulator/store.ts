// The emulator's jobs: creation, the documented operations with their state guards (API §3), lazy
// deletion and the status history. Owns no HTTP: handlers.ts turns records into wire bodies and
// errors.ts into error bodies. Status moves by lifecycle.ts, evaluated from timestamps on every read.
import * as crypto from "crypto";
import { Clock } from "../provider/clock";
import { JOBSTAT_KILLING, JOBSTAT_RUNNING, RESTARTABLE_STATUSES, STOPPABLE_STATUSES } from "../provider/job-status";
import { duplicateName, jobNotFound, wrongState } from "./errors";
import { LifecycleState, LifecycleTiming, advance, beginStart, beginStop, force } from "./lifecycle";
import { CreateJobInput } from "./validation";

/** A job as the emulator keeps it. Everything here is plain JSON so the state file can hold it. */
export interface JobRecord extends LifecycleState {
    jobId: number;
    projectId: string;
    jobName: string;
    jobDesc: string;
    trainUrl: string;
    jobType: "tensorboard" | "mindinsight";
    flavorCode?: string;
    resourceId: string;
    createTimeMs: number;
    /** When delete was accepted; the job stays visible for `deleteMs` after it (API §2.5). */
    deleteRequestedAtMs?: number;
    /** When the job disappeared (`deleteRequestedAtMs + deleteMs`), once it has. */
    deletedAtMs?: number;
}

/** How a new or restarted job ends its startup: RUNNING, a failure status, or held in 1/7. */
export interface StartOutcome {
    outcome: number;
    hold: boolean;
}

/** What the state file stores. */
export interface StoreSnapshot {
    nextJobId: number;
    jobs: JobRecord[];
}

/** What the store needs from the server: time, timing, fail rules and a change listener. */
export interface JobStoreOptions {
    clock: Clock;
    timing: LifecycleTiming;
    deleteMs: number;
    /** Decides, at create and restart, how the job's startup ends (fail rules, faults.ts). */
    startOutcome(trainUrl: string): StartOutcome;
    /** Called after every mutation (the state file writer listens). */
    onChange?(): void;
}

/** Jobs of every project, keyed by job id; ids are increasing integers shared by all projects. */
export class JobStore {
    private jobs = new Map<number, JobRecord>();
    private nextJobId = 1;

    constructor(private readonly options: JobStoreOptions) {}

    /** The lifecycle timing the store runs with. */
    get timing(): LifecycleTiming {
        return this.options.timing;
    }

    /** The emulator clock's now, in epoch ms. */
    now(): number {
        return this.options.clock.now();
    }

    /** Creates a job in INIT. A visible job with the same name in the project is a duplicate (API §6.11). */
    create(projectId: string, input: CreateJobInput): JobRecord {
        const existing = this.list(projectId).find((j) => j.jobName === input.jobName);
        if (existing) {
            throw duplicateName(input.jobName, existing.jobId);
        }
        const now = this.now();
        const start = this.options.startOutcome(input.trainUrl);
        const record: JobRecord = {
            jobId: this.nextJobId++,
            projectId,
            jobName: input.jobName,
            jobDesc: input.jobDesc,
            trainUrl: input.trainUrl,
            jobType: input.jobType,
            flavorCode: input.flavorCode,
            autoStopHours: input.autoStopHours,
            resourceId: crypto.randomUUID(),
            createTimeMs: now,
            segment: { kind: "fixed", sinceMs: now, status: 0 },
            status: 0,
            history: [],
        };
        beginStart(record, now, start.outcome, start.hold);
        this.jobs.set(record.jobId, record);
        this.refresh(record, now);
        this.changed();
        return record;
    }

    /** The visible jobs of a project, in id order, each advanced to now. */
    list(projectId: string): JobRecord[] {
        const now = this.now();
        return [...this.jobs.values()].filter((j) => j.projectId === projectId && this.refresh(j, now));
    }

    /** A visible job of the project; 404 `ModelArts.0102` otherwise (API §6.15). */
    get(projectId: string, jobId: string): JobRecord {
        const record = /^\d+$/.test(jobId) ? this.jobs.get(Number(jobId)) : undefined;
        if (!record || record.projectId !== projectId || !this.refresh(record, this.now())) {
            throw jobNotFound(jobId);
        }
        return record;
    }

    /** Sets `job_desc` (API §2.4). */
    updateDescription(projectId: string, jobId: string, jobDesc: string): JobRecord {
        const record = this.get(projectId, jobId);
        record.jobDesc = jobDesc;
        this.changed();
        return record;
    }

    /** Stop is allowed from {1,2,4,7,8} (API §3); the job goes 9 → 12. */
    stop(projectId: string, jobId: string): JobRecord {
        const record = this.get(projectId, jobId);
        if (!STOPPABLE_STATUSES.has(record.status)) {
            throw wrongState("stop", record.status);
        }
        beginStop(record, this.now(), false);
        this.changed();
        return record;
    }

    /** Restart ("resubmit" in the docs' message) is allowed from {3,5,10,11,12,13,14} (API §3). */
    restart(projectId: string, jobId: string): JobRecord {
        const record = this.get(projectId, jobId);
        if (!RESTARTABLE_STATUSES.has(record.status)) {
            throw wrongState("resubmit", record.status);
        }
        const start = this.options.startOutcome(record.trainUrl);
        beginStart(record, this.now(), start.outcome, start.hold);
        this.changed();
        return record;
    }

    /**
     * Delete is rejected in KILLING (API §2.5) and otherwise accepted asynchronously: the job keeps its
     * status and stays visible for `deleteMs`, then is gone. A second delete keeps the first deadline.
     */
    delete(projectId: string, jobId: string): JobRecord {
        const record = this.get(projectId, jobId);
        if (record.status === JOBSTAT_KILLING) {
            throw wrongState("delete", record.status);
        }
        if (record.deleteRequestedAtMs === undefined) {
            record.deleteRequestedAtMs = this.now();
            this.changed();
        }
        return record;
    }

    /** Forces a status (control API); see lifecycle.force for which statuses keep moving. */
    forceStatus(jobId: number, status: number, hold: boolean): JobRecord | undefined {
        const record = this.jobs.get(jobId);
        if (!record) {
            return undefined;
        }
        const now = this.now();
        this.refresh(record, now);
        force(record, status, now, hold, this.options.timing);
        this.changed();
        return record;
    }

    /** Every job ever created, deleted ones included (marked by `deletedAtMs`), advanced to now. */
    all(): JobRecord[] {
        const now = this.now();
        const records = [...this.jobs.values()];
        records.forEach((r) => this.refresh(r, now));
        return records;
    }

    /** Looks a job up by id alone, deleted or not (control API, service page). */
    byId(jobId: number): JobRecord | undefined {
        const record = this.jobs.get(jobId);
        if (record) {
            this.refresh(record, this.now());
        }
        return record;
    }

    /** True once the job's deletion has completed. */
    isGone(record: JobRecord): boolean {
        return record.deletedAtMs !== undefined;
    }

    /** True if the job has ever been RUNNING, which is when its service_url exists (API §2.3). */
    hasRun(record: JobRecord): boolean {
        return record.history.some((h) => h.status === JOBSTAT_RUNNING);
    }

    /** A deep copy of everything the state file keeps. */
    snapshot(): StoreSnapshot {
        return { nextJobId: this.nextJobId, jobs: [...this.jobs.values()].map((j) => structuredClone(j)) };
    }

    /** Replaces the jobs with a snapshot's (state file load). */
    load(snapshot: StoreSnapshot): void {
        this.jobs = new Map(snapshot.jobs.map((j) => [j.jobId, structuredClone(j)]));
        const maxId = Math.max(0, ...snapshot.jobs.map((j) => j.jobId));
        this.nextJobId = Math.max(snapshot.nextJobId, maxId + 1);
    }

    /** Drops every job and restarts ids at 1 (control reset). */
    clear(): void {
        this.jobs.clear();
        this.nextJobId = 1;
        this.changed();
    }

    /** Advances a record to `now`; returns whether it is still visible. */
    private refresh(record: JobRecord, now: number): boolean {
        advance(record, now, this.options.timing);
        if (record.deleteRequestedAtMs !== undefined && record.deletedAtMs === undefined) {
            const goneAt = record.deleteRequestedAtMs + this.options.deleteMs;
            if (now >= goneAt) {
                record.deletedAtMs = goneAt;
            }
        }
        return record.deletedAtMs === undefined;
    }

    private changed(): void {
        this.options.onChange?.();
    }
}
