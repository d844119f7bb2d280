// Reads ModelArts response bodies: the success/failure envelope (API §1) and the job shapes inside it,
// normalised into types.ts's shapes. Every body quirk of API §6 is absorbed here and nowhere else.
// Pure: no I/O.
import type { CreatedVisualizationJob, VisualizationJob, VisualizationJobList } from "./types";

/** A body that is a success envelope. */
export interface SuccessEnvelope {
    ok: true;
    status: number;
    /** The parsed JSON object; `{}` for an empty body. */
    body: Record<string, unknown>;
    requestId?: string;
}

/** A body (or status) that reports a failure. */
export interface FailureEnvelope {
    ok: false;
    status: number;
    /** `error_code` verbatim. */
    code?: string;
    /** `error_message` or `error_msg` (API §6.2). */
    message?: string;
    requestId?: string;
    /** Start of a body that was not a JSON object, whitespace collapsed. */
    bodySnippet?: string;
}

export type Envelope = SuccessEnvelope | FailureEnvelope;

/** How much of a non-JSON error body is kept for the error message. */
export const BODY_SNIPPET_CHARS = 200;

/** A 2xx body that lacks or garbles a field the operation needs. */
export class EnvelopeShapeError extends Error {
    override readonly name = "EnvelopeShapeError" as const;
}

/**
 * Classifies one HTTP answer. Success is a 2xx without `error_code`, whether `is_success` is present
 * or not (API §6.3); an explicit `is_success: false` is a failure even without a code. Failures keep
 * the status and either the envelope fields or, for a non-JSON body (a proxy's HTML page), a snippet.
 *
 * @param headerRequestId `X-Request-Id` from the response headers; wins over the body's `request_id`.
 * @param scrub applied to the message and to the whole body before it is cut to a snippet, so that a
 *   secret straddling the cut cannot leak in part.
 */
export function parseEnvelope(status: number, text: string, headerRequestId?: string, scrub: (text: string) => string = (t) => t): Envelope {
    const json = parseJsonObject(text);
    const bodyRequestId = json ? stringField(json, "request_id") : undefined;
    const requestId = headerRequestId || bodyRequestId;
    const is2xx = status >= 200 && status < 300;
    if (json === undefined) {
        // An empty or non-JSON 2xx is still a success; the operation's decoder decides if it needs fields.
        if (is2xx) {
            return { ok: true, status, body: {}, requestId };
        }
        return { ok: false, status, requestId, bodySnippet: snippet(scrub(text)) };
    }
    const code = stringField(json, "error_code");
    // Older deployments and the gateway say error_msg; the 2021+ docs say error_message (API §6.2).
    const rawMessage = stringField(json, "error_message") ?? stringField(json, "error_msg");
    const message = rawMessage === undefined ? undefined : scrub(rawMessage);
    if (is2xx && code === undefined && json.is_success !== false) {
        return { ok: true, status, body: json, requestId };
    }
    return { ok: false, status, code, message, requestId };
}

/**
 * A job from list or details (API §2.2, §2.3). Numbers may arrive as numeric strings (API §6.1),
 * `schedule` as an object or an array with `time_unit` or `timeUnit` (API §6.4), and
 * `remaining_duration` as null (API §6.6).
 */
export function normaliseJob(wire: unknown): VisualizationJob {
    const job = asObject(wire, "job");
    return {
        jobId: requiredId(job, "job_id"),
        jobName: requiredString(job, "job_name"),
        status: requiredNumber(job, "status"),
        createTimeMs: optionalNumber(job, "create_time"),
        // Running time in ms, unrelated to schedule.duration in hours (API §6.7).
        durationMs: optionalNumber(job, "duration"),
        jobDesc: stringField(job, "job_desc"),
        serviceUrl: nonEmptyStringField(job, "service_url"),
        trainUrl: stringField(job, "train_url"),
        resourceId: stringField(job, "resource_id"),
        jobType: stringField(job, "job_type"),
        flavorCode: flavorCode(job.flavor),
        autoStopHours: autoStopHours(job.schedule),
        remainingDuration: job.remaining_duration === null ? null : optionalNumber(job, "remaining_duration"),
    };
}

/**
 * The answer of create (API §2.1): the official example returns `job_id`, `status` and `create_time`
 * as strings and has no `service_url` (API §6.1).
 *
 * @param requestedName used when the answer omits `job_name`.
 */
export function normaliseCreatedJob(body: Record<string, unknown>, requestedName: string): CreatedVisualizationJob {
    return {
        jobId: requiredId(body, "job_id"),
        jobName: stringField(body, "job_name") ?? requestedName,
        status: requiredNumber(body, "status"),
        createTimeMs: optionalNumber(body, "create_time"),
        serviceUrl: nonEmptyStringField(body, "service_url"),
    };
}

/** The answer of list (API §2.2); a missing `jobs` is an empty page. */
export function normaliseJobList(body: Record<string, unknown>): VisualizationJobList {
    const rawJobs = body.jobs ?? [];
    if (!Array.isArray(rawJobs)) {
        throw new EnvelopeShapeError(`"jobs" is ${describe(rawJobs)}, not an array`);
    }
    const jobs = rawJobs.map(normaliseJob);
    return {
        totalCount: optionalNumber(body, "job_total_count") ?? jobs.length,
        jobCountLimit: optionalNumber(body, "job_count_limit"),
        quotas: optionalNumber(body, "quotas"),
        jobs,
    };
}

/**
 * Hours of the auto-stop schedule, or undefined when there is none. Accepts an object or an array of
 * entries (API §6.4) and takes the first `stop` entry; a unit other than HOURS, the only documented
 * one (API §6.5), yields undefined rather than a guess.
 */
export function autoStopHours(schedule: unknown): number | undefined {
    const entries = Array.isArray(schedule) ? schedule : schedule === undefined || schedule === null ? [] : [schedule];
    for (const entry of entries) {
        if (typeof entry !== "object" || entry === null) {
            continue;
        }
        const fields = entry as Record<string, unknown>;
        if (fields.type !== undefined && String(fields.type).toLowerCase() !== "stop") {
            continue;
        }
        const unit = fields.time_unit ?? fields.timeUnit ?? "HOURS";
        if (String(unit).toUpperCase() !== "HOURS") {
            return undefined;
        }
        return toNumber(fields.duration);
    }
    return undefined;
}

/** A number, or a string holding a decimal number (API §6.1); anything else is undefined. */
export function toNumber(value: unknown): number | undefined {
    if (typeof value === "number") {
        return Number.isFinite(value) ? value : undefined;
    }
    if (typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value.trim())) {
        return Number(value.trim());
    }
    return undefined;
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
    try {
        const value: unknown = JSON.parse(text);
        return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
    } catch {
        return undefined;
    }
}

function snippet(text: string): string | undefined {
    const collapsed = text.replace(/\s+/g, " ").trim();
    if (collapsed === "") {
        return undefined;
    }
    return collapsed.length > BODY_SNIPPET_CHARS ? collapsed.slice(0, BODY_SNIPPET_CHARS) + "…" : collapsed;
}

function asObject(value: unknown, what: string): Record<string, unknown> {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
        throw new EnvelopeShapeError(`${what} is ${describe(value)}, not an object`);
    }
    return value as Record<string, unknown>;
}

function stringField(body: Record<string, unknown>, name: string): string | undefined {
    const value = body[name];
    return typeof value === "string" ? value : undefined;
}

/** A job that has not run yet may answer `service_url: ""`; that is no URL, so it reads as absent. */
function nonEmptyStringField(body: Record<string, unknown>, name: string): string | undefined {
    const value = stringField(body, name);
    return value === "" ? undefined : value;
}

function requiredString(body: Record<string, unknown>, name: string): string {
    const value = stringField(body, name);
    if (value === undefined) {
        throw new EnvelopeShapeError(`"${name}" is ${describe(body[name])}, not a string`);
    }
    return value;
}

/** `job_id` is a Long in list/details and a string in create (API §6.1); URLs need the string. */
function requiredId(body: Record<string, unknown>, name: string): string {
    const value = body[name];
    if (typeof value === "number" && Number.isSafeInteger(value)) {
        return String(value);
    }
    if (typeof value === "string" && value.trim() !== "") {
        return value.trim();
    }
    throw new EnvelopeShapeError(`"${name}" is ${describe(value)}, not an id`);
}

function requiredNumber(body: Record<string, unknown>, name: string): number {
    const value = toNumber(body[name]);
    if (value === undefined) {
        throw new EnvelopeShapeError(`"${name}" is ${describe(body[name])}, not a number`);
    }
    return value;
}

/** Optional numbers tolerate odd values: a garbled optional field must not hide the job. */
function optionalNumber(body: Record<string, unknown>, name: string): number | undefined {
    return toNumber(body[name]);
}

function flavorCode(flavor: unknown): string | undefined {
    if (typeof flavor === "object" && flavor !== null && typeof (flavor as { code?: unknown }).code === "string") {
        return (flavor as { code: string }).code;
    }
    return undefined;
}

function describe(value: unknown): string {
    if (value === undefined) {
        return "missing";
    }
    const text = JSON.stringify(value) ?? String(value);
    return text.length > 40 ? text.slice(0, 40) + "…" : text;
}
