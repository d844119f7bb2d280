// The control API under /__emulator/, which the real API never uses (house style §3.7). Tests, the
// demo and benchmarks steer the emulator through it: reset, faults, forced statuses, and read-outs of
// the jobs (internal fields included), the request log and the counters. Never needs auth; answers
// plain JSON (not the ModelArts envelope).
//
// Routes:
//   GET   /__emulator/                      index of these routes
//   POST  /__emulator/reset                 drop jobs, request log, counters, AK locks; faults back to the start options
//   GET   /__emulator/faults                current FaultConfig
//   PUT   /__emulator/faults                replace FaultConfig (fields not given are off) → new config
//   PATCH /__emulator/faults                change only the given fields → new config
//   GET   /__emulator/jobs                  {jobs: [...]} every job, internal fields, deleted ones with deleted:true
//   GET   /__emulator/jobs/{id}             one job as above
//   POST  /__emulator/jobs/{id}/status      body {"status": n, "hold"?: boolean} → the job as above
//   GET   /__emulator/requests?job_id=&since=   {requests: [...]} request log (since = epoch ms, inclusive)
//   GET   /__emulator/stats                 counters (EmulatorStats) plus current AK locks
import { statusName } from "../provider/job-status";
import { Authenticator } from "./auth";
import { FaultInjector, validateFaultPatch } from "./faults";
import { remainingMs, runningMs } from "./lifecycle";
import { RequestLog } from "./request-log";
import { CONTROL_PREFIX } from "./router";
import { JobRecord, JobStore } from "./store";

/** What the control API steers. */
export interface ControlContext {
    store: JobStore;
    faults: FaultInjector;
    requestLog: RequestLog;
    authenticator?: Authenticator;
    /** Resets everything to the start options. */
    reset(): void;
    serviceUrl(projectId: string, jobId: number): string;
}

/** A control answer: HTTP status and JSON body. */
export interface ControlResult {
    status: number;
    body: unknown;
}

/** Documented in the header above and in emulator/README.md. */
export const CONTROL_ROUTES: readonly string[] = [
    "GET /__emulator/",
    "POST /__emulator/reset",
    "GET /__emulator/faults",
    "PUT /__emulator/faults",
    "PATCH /__emulator/faults",
    "GET /__emulator/jobs",
    "GET /__emulator/jobs/{id}",
    "POST /__emulator/jobs/{id}/status",
    "GET /__emulator/requests?job_id=&since=",
    "GET /__emulator/stats",
];

/** Answers one control request. */
export function handleControl(ctx: ControlContext, method: string, path: string, query: URLSearchParams, rawBody: Buffer): ControlResult {
    const sub = path.startsWith(CONTROL_PREFIX) ? path.slice(CONTROL_PREFIX.length).replace(/\/$/, "") : "";
    const jobMatch = /^jobs\/(\d+)(\/status)?$/.exec(sub);
    try {
        if (sub === "" && method === "GET") {
            return ok({ routes: CONTROL_ROUTES });
        }
        if (sub === "reset" && method === "POST") {
            ctx.reset();
            return ok({ reset: true });
        }
        if (sub === "faults") {
            if (method === "GET") {
                return ok(ctx.faults.current);
            }
            if (method === "PUT") {
                return ok(ctx.faults.replace(validateFaultPatch(parseBody(rawBody))));
            }
            if (method === "PATCH") {
                return ok(ctx.faults.update(validateFaultPatch(parseBody(rawBody))));
            }
        }
        if (sub === "jobs" && method === "GET") {
            return ok({ jobs: ctx.store.all().map((j) => internalView(ctx, j)) });
        }
        if (jobMatch && !jobMatch[2] && method === "GET") {
            const job = ctx.store.byId(Number(jobMatch[1]));
            return job ? ok(internalView(ctx, job)) : fail(404, `no job ${jobMatch[1]}`);
        }
        if (jobMatch && jobMatch[2] && method === "POST") {
            const body = parseBody(rawBody) as Record<string, unknown>;
            const status = body?.status;
            if (typeof status !== "number" || !Number.isInteger(status) || status < 0 || status > 22) {
                throw new Error("status must be an integer status code in [0, 22] (API §3)");
            }
            if (body.hold !== undefined && typeof body.hold !== "boolean") {
                throw new Error("hold must be a boolean");
            }
            const job = ctx.store.forceStatus(Number(jobMatch[1]), status, body.hold === true);
            return job ? ok(internalView(ctx, job)) : fail(404, `no job ${jobMatch[1]}`);
        }
        if (sub === "requests" && method === "GET") {
            const since = query.get("since");
            if (since !== null && !/^\d+$/.test(since)) {
                throw new Error("since must be epoch milliseconds");
            }
            return ok({
                requests: ctx.requestLog.query({
                    jobId: query.get("job_id") ?? undefined,
                    sinceMs: since === null ? undefined : Number(since),
                }),
            });
        }
        if (sub === "stats" && method === "GET") {
            return ok({ ...ctx.requestLog.stats(), authLocks: ctx.authenticator?.locks() ?? [] });
        }
    } catch (e) {
        return fail(400, (e as Error).message);
    }
    return fail(404, `no control route ${method} ${path}; see GET ${CONTROL_PREFIX}`);
}

/** A job with its internal fields: lifecycle segment, status history, deletion marks. */
export function internalView(ctx: ControlContext, job: JobRecord): Record<string, unknown> {
    const now = ctx.store.now();
    return {
        ...job,
        statusName: statusName(job.status),
        deleted: ctx.store.isGone(job),
        serviceUrl: ctx.store.hasRun(job) ? ctx.serviceUrl(job.projectId, job.jobId) : "",
        durationMs: runningMs(job, now),
        remainingMs: remainingMs(job, now, ctx.store.timing),
    };
}

function parseBody(raw: Buffer): unknown {
    const text = raw.toString("utf8").trim();
    if (text === "") {
        return {};
    }
    try {
        return JSON.parse(text);
    } catch {
        throw new Error("body is not valid JSON");
    }
}

function ok(body: unknown): ControlResult {
    return { status: 200, body };
}

function fail(status: number, message: string): ControlResult {
    return { status, body: { error_code: status === 404 ? "Emulator.NotFound" : "Emulator.BadRequest", error_message: message } };
}
