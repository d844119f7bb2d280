// The seven documented operations (API §2): validate the input, call the store, shape the answer
// the way the docs' examples do. Thin: state lives in store.ts, checks in validation.ts, and
// server.ts owns HTTP (auth, faults, envelopes of errors).
import { JobStore, JobRecord } from "./store";
import { remainingMs, runningMs } from "./lifecycle";
import { RouteMatch } from "./router";
import { ListJobsQuery, parseJsonBody, validateCreate, validateListQuery, validateUpdate } from "./validation";
import { QUOTA_RUNNING_JOBS, QUOTA_TOTAL_JOBS } from "./defaults";

/** What the handlers need besides the request. */
export interface HandlerContext {
    store: JobStore;
    /** The emulator's own page for a job (API §2.3 pattern). */
    serviceUrl(projectId: string, jobId: number): string;
}

/** A successful answer: always HTTP 200 (API §1, [inferred]); `jobId` feeds the request log. */
export interface HandlerResult {
    body: Record<string, unknown>;
    jobId?: string;
}

/** Runs one operation; throws EmulatorError for documented failures. */
export function handleApi(ctx: HandlerContext, match: RouteMatch, query: URLSearchParams, rawBody: Buffer): HandlerResult {
    const { store } = ctx;
    const jobId = match.jobId ?? "";
    switch (match.name) {
        case "create": {
            const input = validateCreate(parseJsonBody(rawBody, true));
            const job = store.create(match.projectId, input);
            // Create answers numbers as strings, like the docs' example (API §6.1).
            return {
                jobId: String(job.jobId),
                body: {
                    is_success: true,
                    job_id: String(job.jobId),
                    job_name: job.jobName,
                    status: String(job.status),
                    create_time: String(job.createTimeMs),
                    service_url: serviceUrlOf(ctx, job),
                },
            };
        }
        case "list": {
            const q = validateListQuery(query);
            const all = store.list(match.projectId);
            const matching = sortJobs(filterJobs(all, q), q);
            const page = matching.slice((q.page - 1) * q.perPage, q.page * q.perPage);
            return {
                body: {
                    is_success: true,
                    job_total_count: matching.length,
                    job_count_limit: Math.max(0, QUOTA_TOTAL_JOBS - all.length),
                    quotas: QUOTA_RUNNING_JOBS,
                    jobs: page.map((j) => toWireJob(ctx, j)),
                },
            };
        }
        case "details":
            return { jobId, body: { is_success: true, ...toWireJob(ctx, store.get(match.projectId, jobId)) } };
        case "update": {
            const desc = validateUpdate(parseJsonBody(rawBody, true));
            store.updateDescription(match.projectId, jobId, desc);
            return { jobId, body: { is_success: true } };
        }
        case "delete":
            store.delete(match.projectId, jobId);
            return { jobId, body: { is_success: true } };
        case "stop":
            // The docs give stop no body (API §2.6): whatever is sent is ignored.
            store.stop(match.projectId, jobId);
            return { jobId, body: { is_success: true } };
        case "restart":
            store.restart(match.projectId, jobId);
            return { jobId, body: { is_success: true } };
    }
}

/**
 * A job as list and details show it: numbers as numbers, `schedule` as an array with camelCase
 * `timeUnit` (API §6.4), `duration` in ms of running time (API §6.7), `remaining_duration` in ms
 * (our choice, API §6.6; see lifecycle.remainingMs). `flavor` and `job_type` echo the request.
 */
export function toWireJob(ctx: HandlerContext, job: JobRecord): Record<string, unknown> {
    const now = ctx.store.now();
    const wire: Record<string, unknown> = {
        job_id: job.jobId,
        job_name: job.jobName,
        status: job.status,
        create_time: job.createTimeMs,
        duration: runningMs(job, now),
        job_desc: job.jobDesc,
        service_url: serviceUrlOf(ctx, job),
        train_url: job.trainUrl,
        job_type: job.jobType,
        resource_id: job.resourceId,
        remaining_duration: remainingMs(job, now, ctx.store.timing),
    };
    if (job.flavorCode !== undefined) {
        wire.flavor = { code: job.flavorCode };
    }
    if (job.autoStopHours !== undefined) {
        wire.schedule = [{ type: "stop", timeUnit: "HOURS", duration: job.autoStopHours }];
    }
    return wire;
}

/** The service URL exists once the job has been RUNNING (API §3); "" before. */
function serviceUrlOf(ctx: HandlerContext, job: JobRecord): string {
    return ctx.store.hasRun(job) ? ctx.serviceUrl(job.projectId, job.jobId) : "";
}

/** `status` filters exactly; `search_content` matches a substring of the name (API §2.2). */
function filterJobs(jobs: JobRecord[], q: ListJobsQuery): JobRecord[] {
    return jobs.filter((j) =>
        (q.status === undefined || j.status === q.status) && (q.searchContent === "" || j.jobName.includes(q.searchContent)));
}

function sortJobs(jobs: JobRecord[], q: ListJobsQuery): JobRecord[] {
    const key = (j: JobRecord): string | number => {
        switch (q.sortBy) {
            case "job_id":
                return j.jobId;
            case "job_name":
                return j.jobName;
            case "job_desc":
                return j.jobDesc;
            case "create_time":
                return j.createTimeMs;
            case "status":
                return j.status;
        }
    };
    const sign = q.order === "asc" ? 1 : -1;
    // Ties fall back to job_id ascending so pages are stable.
    return [...jobs].sort((a, b) => {
        const ka = key(a);
        const kb = key(b);
        const c = ka < kb ? -1 : ka > kb ? 1 : 0;
        return c !== 0 ? sign * c : a.jobId - b.jobId;
    });
}
