// Readiness overhead: the time from the emulator marking a job RUNNING (its status history
// timestamp) to the provider's create returning, and what the wait cost in GET requests, for
// several job start times. Each job has a twin created at the same moment with the same start
// time and awaited by the Terraform-style baseline poller, so the two schedules are compared on
// the same jobs' timings in the same run.
//
// How start times are made: the emulator has one startupMs for all jobs, and a fixed start time
// lines up with fixed poll schedules (the baseline's 10 s grid would see a 10 s or 60 s job at
// exactly 0 s or 10 s). So every job gets its own start time, T ±jitter, and its own creation
// moment, a random offset in a stagger window: a fail rule holds the job in WAITING and the bench
// forces it RUNNING (the store's documented steering call) at createTime + its start time. The
// measurement reads the RUNNING time the emulator recorded, so a late timer cannot flatter it.
//
// Create goes through the provider object of provider-stub.ts, wired to the built runtime in
// dist/ (what Pulumi's host loads), called in this process: the host's gRPC hop is measured by
// the scale bench instead, and here it would only add the same constant to both sides.
import { VisualizationJobClient } from "../provider/client";
import { createPrng } from "../emulator/faults";
import { DEFAULT_ACCESS_KEY, DEFAULT_PROJECT_ID, DEFAULT_SECRET_KEY, emulatorStackConfig } from "../emulator/defaults";
import { RunningEmulator, startEmulator } from "../emulator/server";
import { JOBSTAT_RUNNING } from "../provider/job-status";
import { createAndWaitBaseline } from "./baseline-poller";
import { Summary, summarize } from "./stats";

// The built provider, exactly the code the dynamic-provider host runs.
const { providerOf } = require("../dist/provider/provider-stub") as typeof import("../provider/provider-stub");
const runtime = require("../dist/provider/runtime") as typeof import("../provider/runtime");

export interface ReadinessOptions {
    /** Nominal job start times (create → RUNNING), one group of jobs each. */
    startTimesMs: number[];
    /** Provider jobs per start time (each has a baseline twin). */
    samples: number;
    /** Creations are spread uniformly over this window, so they fall at every phase of the poll grids. */
    staggerMs: number;
    /** Each job's start time is T·(1 ± jitter), uniformly. */
    jitter: number;
    seed: number;
}

export interface JobSample {
    name: string;
    jobId: string;
    startTimeMs: number;
    /** RUNNING time minus creation time, as the emulator recorded them. */
    actualStartMs: number;
    calledAtMs: number;
    returnedAtMs: number;
    runningAtMs: number;
    overheadMs: number;
    /** Details GETs the emulator logged for this job. */
    detailsGets: number;
}

export interface GroupResult {
    startTimeMs: number;
    provider: Summary;
    baseline: Summary;
    /** baseline p50 / provider p50, side by side on the same jobs' timings. */
    ratioP50: number;
    /** Every GET of the provider's waits (details of its jobs + all list pages) per create. */
    getsPerCreate: number;
    /** Details GETs alone per create (a lone waiter's cost shows here). */
    detailsGetsPerCreate: number;
    listGets: number;
    /** Provider GETs divided by the total seconds its creates spent waiting. */
    getsPerSecondPerJob: number;
    baselineGetsPerCreate: number;
    samples: { provider: JobSample[]; baseline: JobSample[] };
}

export interface ReadinessResult {
    groups: GroupResult[];
    pooled: { provider: Summary; baseline: Summary; ratioP50: number; getsPerCreate: number; getsPerSecondPerJob: number };
    wallMs: number;
}

/** Start time of the fail rule's hold: WAITING from half of it, then held until the bench forces RUNNING. */
const HOLD_STARTUP_MS = 1000;
const HOLD_MARKER = "/bench-hold/";

export async function measureReadiness(options: ReadinessOptions): Promise<ReadinessResult> {
    const random = createPrng(options.seed);
    const started = Date.now();
    const log = console.log;
    // The runtime prints a progress line per status change; hundreds of them would bury the table.
    console.log = () => undefined;
    try {
        const groups = await Promise.all(options.startTimesMs.map((t) => runGroup(t, options, random)));
        const provider = groups.flatMap((g) => g.samples.provider);
        const baseline = groups.flatMap((g) => g.samples.baseline);
        const providerSummary = summarize(provider.map((s) => s.overheadMs));
        const baselineSummary = summarize(baseline.map((s) => s.overheadMs));
        const totalGets = groups.reduce((sum, g) => sum + g.getsPerCreate * g.samples.provider.length, 0);
        const waitSeconds = provider.reduce((sum, s) => sum + (s.returnedAtMs - s.calledAtMs) / 1000, 0);
        return {
            groups,
            pooled: {
                provider: providerSummary,
                baseline: baselineSummary,
                ratioP50: baselineSummary.p50 / providerSummary.p50,
                getsPerCreate: totalGets / provider.length,
                getsPerSecondPerJob: totalGets / waitSeconds,
            },
            wallMs: Date.now() - started,
        };
    } finally {
        console.log = log;
    }
}

async function runGroup(startTimeMs: number, options: ReadinessOptions, random: () => number): Promise<GroupResult> {
    if (startTimeMs * (1 - options.jitter) <= HOLD_STARTUP_MS / 2) {
        throw new Error(`start time ${startTimeMs} ms is too short for the hold (WAITING from ${HOLD_STARTUP_MS / 2} ms)`);
    }
    // One emulator per start time: its request log then holds only this group's requests, and the
    // provider gets one watcher per group (watchers are per endpoint), as separate stacks would.
    const emu = await startEmulator({
        startupMs: HOLD_STARTUP_MS,
        failRules: [{ trainUrlContains: HOLD_MARKER, status: 7, hold: true }],
        seed: options.seed,
    });
    const steering = new Steering(emu);
    try {
        const provider = providerOf(() => runtime);
        const settings: Record<string, string> = emulatorStackConfig(emu.url);
        await provider.configure!({ config: { get: (key: string) => settings[key] } } as any);
        const client = new VisualizationJobClient({
            endpoint: emu.url,
            projectId: DEFAULT_PROJECT_ID,
            auth: { kind: "aksk", accessKey: DEFAULT_ACCESS_KEY, secretKey: DEFAULT_SECRET_KEY },
            retry: { maxAttempts: 10, budgetMs: 180_000 },
        });
        const tag = `${Math.round(startTimeMs / 1000)}s`;
        const providerRuns: Promise<JobSample>[] = [];
        const baselineRuns: Promise<JobSample>[] = [];
        for (let i = 0; i < options.samples; i++) {
            const offsetMs = random() * options.staggerMs;
            const targetMs = Math.round(startTimeMs * (1 + options.jitter * (2 * random() - 1)));
            const names = { provider: `p${tag}-${i}`, baseline: `b${tag}-${i}` };
            steering.expect(names.provider, targetMs);
            steering.expect(names.baseline, targetMs);
            const trainUrl = `/bench-bucket${HOLD_MARKER}${i}/`;
            providerRuns.push(
                delay(offsetMs).then(async () => {
                    const { inputs, failures } = await provider.check!({}, { jobName: names.provider, trainUrl });
                    if (failures && failures.length > 0) {
                        throw new Error(`check failed: ${JSON.stringify(failures)}`);
                    }
                    const calledAtMs = Date.now();
                    const { id } = await provider.create(inputs);
                    return sampleOf(emu, names.provider, id, startTimeMs, calledAtMs, Date.now());
                }),
            );
            baselineRuns.push(
                delay(offsetMs).then(async () => {
                    const r = await createAndWaitBaseline(client, { job_name: names.baseline, train_url: trainUrl });
                    return sampleOf(emu, names.baseline, r.jobId, startTimeMs, r.calledAtMs, r.returnedAtMs);
                }),
            );
        }
        const providerSamples = await Promise.all(providerRuns);
        const baselineSamples = await Promise.all(baselineRuns);
        const log = emu.requestLog.query();
        const listGets = log.filter((e) => e.method === "GET" && e.route === "list").length;
        const providerDetails = providerSamples.reduce((sum, s) => sum + s.detailsGets, 0);
        const waitSeconds = providerSamples.reduce((sum, s) => sum + (s.returnedAtMs - s.calledAtMs) / 1000, 0);
        const provider50 = summarize(providerSamples.map((s) => s.overheadMs));
        const baseline50 = summarize(baselineSamples.map((s) => s.overheadMs));
        return {
            startTimeMs,
            provider: provider50,
            baseline: baseline50,
            ratioP50: baseline50.p50 / provider50.p50,
            // Only the provider's watcher lists (the baseline makes details calls only), so every
            // list page in this emulator's log is the provider's.
            getsPerCreate: (providerDetails + listGets) / providerSamples.length,
            detailsGetsPerCreate: providerDetails / providerSamples.length,
            listGets,
            getsPerSecondPerJob: (providerDetails + listGets) / waitSeconds,
            baselineGetsPerCreate: baselineSamples.reduce((sum, s) => sum + s.detailsGets, 0) / baselineSamples.length,
            samples: { provider: providerSamples, baseline: baselineSamples },
        };
    } finally {
        steering.stop();
        await emu.close();
    }
}

function sampleOf(emu: RunningEmulator, name: string, jobId: string, startTimeMs: number, calledAtMs: number, returnedAtMs: number): JobSample {
    const record = emu.store.byId(Number(jobId));
    const runningAtMs = record?.history.find((h) => h.status === JOBSTAT_RUNNING)?.atMs;
    if (!record || runningAtMs === undefined) {
        throw new Error(`job ${name} (${jobId}) returned but the emulator never marked it RUNNING`);
    }
    const detailsGets = emu.requestLog.query({ jobId }).filter((e) => e.method === "GET" && e.route === "details").length;
    return {
        name,
        jobId,
        startTimeMs,
        actualStartMs: runningAtMs - record.createTimeMs,
        calledAtMs,
        returnedAtMs,
        runningAtMs,
        overheadMs: returnedAtMs - runningAtMs,
        detailsGets,
    };
}

/**
 * Forces each expected job RUNNING at its creation time plus its own start time. A job is found
 * by name within a few ms of its creation (well before any start time), then one timer per job.
 */
class Steering {
    private readonly pending = new Map<string, number>();
    private readonly timers = new Set<NodeJS.Timeout>();
    private readonly scan: NodeJS.Timeout;

    constructor(private readonly emu: RunningEmulator) {
        this.scan = setInterval(() => this.schedule(), 5);
    }

    expect(jobName: string, startTimeMs: number): void {
        this.pending.set(jobName, startTimeMs);
    }

    stop(): void {
        clearInterval(this.scan);
        this.timers.forEach(clearTimeout);
    }

    private schedule(): void {
        if (this.pending.size === 0) {
            return;
        }
        for (const record of this.emu.store.all()) {
            const startTimeMs = this.pending.get(record.jobName);
            if (startTimeMs === undefined) {
                continue;
            }
            this.pending.delete(record.jobName);
            const timer = setTimeout(() => {
                this.timers.delete(timer);
                this.emu.store.forceStatus(record.jobId, JOBSTAT_RUNNING, false);
            }, Math.max(0, record.createTimeMs + startTimeMs - Date.now()));
            this.timers.add(timer);
        }
    }
}

function delay(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
}
