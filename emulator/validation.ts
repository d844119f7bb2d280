// Validation of request bodies and list queries against the documented constraints (API §2.1, §2.2,
// §2.4). Every failure is ModelArts.0104 with a message naming the offending field. Pure: no HTTP,
// no store.
import { invalidParameter } from "./errors";

/** A create request that passed validation (API §2.1). */
export interface CreateJobInput {
    jobName: string;
    jobDesc: string;
    trainUrl: string;
    jobType: "tensorboard" | "mindinsight";
    flavorCode?: string;
    /** `schedule.duration` in hours; absent when the request has no schedule. */
    autoStopHours?: number;
}

/** A list query that passed validation (API §2.2), with the documented defaults filled in. */
export interface ListJobsQuery {
    status?: number;
    page: number;
    perPage: number;
    sortBy: "job_id" | "job_name" | "job_desc" | "create_time" | "status";
    order: "asc" | "desc";
    searchContent: string;
}

/** Documented name rule (API §2.1, §6.11). */
export const JOB_NAME_PATTERN = /^[A-Za-z0-9_-]{1,20}$/;
/** `job_desc` length limit (API §2.1, §2.4). */
export const MAX_JOB_DESC_LENGTH = 256;
/** `search_content` limit of the 2021+ docs (API §6.12). */
export const MAX_SEARCH_CONTENT_LENGTH = 64;
/** `per_page` upper bound of the 2021+ docs (API §6.12). */
export const MAX_PER_PAGE = 1000;
/** Accepted `sortBy` values (API §2.2). */
export const SORT_FIELDS: readonly ListJobsQuery["sortBy"][] = ["job_id", "job_name", "job_desc", "create_time", "status"];

/** Parses a JSON request body; malformed JSON is a parameter error naming the body. */
export function parseJsonBody(raw: Buffer, required: boolean): unknown {
    const text = raw.toString("utf8");
    if (text.trim() === "") {
        if (required) {
            throw invalidParameter("body", "a JSON object is required");
        }
        return undefined;
    }
    try {
        return JSON.parse(text);
    } catch {
        throw invalidParameter("body", "malformed JSON");
    }
}

/** Validates a create body (API §2.1). */
export function validateCreate(body: unknown): CreateJobInput {
    const obj = requireObject(body, "body");
    const jobName = obj.job_name;
    if (typeof jobName !== "string") {
        throw invalidParameter("job_name", jobName === undefined ? "is required" : "must be a string");
    }
    if (!JOB_NAME_PATTERN.test(jobName)) {
        throw invalidParameter("job_name", `must be 1-20 letters, digits, "_" or "-" (^[A-Za-z0-9_-]{1,20}$): ${quote(jobName)}`);
    }
    const jobDesc = validateDescription(obj.job_desc, false);
    const trainUrl = obj.train_url;
    if (typeof trainUrl !== "string") {
        throw invalidParameter("train_url", trainUrl === undefined ? "is required" : "must be a string");
    }
    if (trainUrl.trim() === "") {
        throw invalidParameter("train_url", "must not be empty");
    }
    let jobType: CreateJobInput["jobType"] = "tensorboard";
    if (obj.job_type !== undefined) {
        if (obj.job_type !== "tensorboard" && obj.job_type !== "mindinsight") {
            throw invalidParameter("job_type", `must be "tensorboard" or "mindinsight": ${quote(obj.job_type)}`);
        }
        jobType = obj.job_type;
    }
    let flavorCode: string | undefined;
    if (obj.flavor !== undefined) {
        const flavor = requireObject(obj.flavor, "flavor");
        if (typeof flavor.code !== "string" || flavor.code === "") {
            throw invalidParameter("flavor.code", "must be a non-empty string");
        }
        // Any code is accepted: no visualization-specific codes are documented (API §6.9).
        flavorCode = flavor.code;
    }
    return { jobName, jobDesc: jobDesc ?? "", trainUrl, jobType, flavorCode, autoStopHours: validateSchedule(obj.schedule) };
}

/** Validates the update body: `job_desc` is required (API §2.4). */
export function validateUpdate(body: unknown): string {
    const obj = requireObject(body, "body");
    return validateDescription(obj.job_desc, true) as string;
}

/** Validates and defaults the list query (API §2.2; explicit defaults per API §6.12). */
export function validateListQuery(params: URLSearchParams): ListJobsQuery {
    const status = optionalInteger(params, "status", 0, Number.MAX_SAFE_INTEGER);
    const page = optionalInteger(params, "page", 1, Number.MAX_SAFE_INTEGER) ?? 1;
    const perPage = optionalInteger(params, "per_page", 1, MAX_PER_PAGE) ?? 10;
    const sortBy = params.get("sortBy") ?? "job_id";
    if (!(SORT_FIELDS as readonly string[]).includes(sortBy)) {
        throw invalidParameter("sortBy", `must be one of ${SORT_FIELDS.join(", ")}: ${quote(sortBy)}`);
    }
    const order = params.get("order") ?? "asc";
    if (order !== "asc" && order !== "desc") {
        throw invalidParameter("order", `must be "asc" or "desc": ${quote(order)}`);
    }
    const searchContent = params.get("search_content") ?? "";
    if (searchContent.length > MAX_SEARCH_CONTENT_LENGTH) {
        throw invalidParameter("search_content", `length must be in [0,${MAX_SEARCH_CONTENT_LENGTH}]`);
    }
    return { status, page, perPage, sortBy: sortBy as ListJobsQuery["sortBy"], order, searchContent };
}

/**
 * `schedule` is an Object in the field table and an array of one in every example (API §6.4): both are
 * accepted. `type` must be "stop", `time_unit` "HOURS", `duration` an integer in [0, 24] (API §6.5).
 */
function validateSchedule(value: unknown): number | undefined {
    if (value === undefined || value === null) {
        return undefined;
    }
    let entry: unknown = value;
    if (Array.isArray(value)) {
        if (value.length === 0) {
            return undefined;
        }
        if (value.length > 1) {
            throw invalidParameter("schedule", "must hold at most one entry");
        }
        entry = value[0];
    }
    const obj = requireObject(entry, "schedule");
    if (obj.type !== "stop") {
        throw invalidParameter("schedule.type", `must be "stop": ${quote(obj.type)}`);
    }
    if (obj.time_unit !== "HOURS") {
        throw invalidParameter("schedule.time_unit", `must be "HOURS": ${quote(obj.time_unit)}`);
    }
    const duration = obj.duration;
    if (typeof duration !== "number" || !Number.isInteger(duration) || duration < 0 || duration > 24) {
        throw invalidParameter("schedule.duration", `must be an integer in [0,24]: ${quote(duration)}`);
    }
    return duration;
}

function validateDescription(value: unknown, required: boolean): string | undefined {
    if (value === undefined) {
        if (required) {
            throw invalidParameter("job_desc", "is required");
        }
        return undefined;
    }
    if (typeof value !== "string") {
        throw invalidParameter("job_desc", "must be a string");
    }
    if (value.length > MAX_JOB_DESC_LENGTH) {
        throw invalidParameter("job_desc", `length must be in [0,${MAX_JOB_DESC_LENGTH}]`);
    }
    return value;
}

function optionalInteger(params: URLSearchParams, name: string, min: number, max: number): number | undefined {
    const raw = params.get(name);
    if (raw === null || raw === "") {
        return undefined;
    }
    if (!/^\d+$/.test(raw)) {
        throw invalidParameter(name, `must be an integer: ${quote(raw)}`);
    }
    const n = Number(raw);
    if (n < min || n > max) {
        throw invalidParameter(name, max === Number.MAX_SAFE_INTEGER ? `must be >= ${min}` : `must be in [${min},${max}]`);
    }
    return n;
}

function requireObject(value: unknown, field: string): Record<string, unknown> {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
        throw invalidParameter(field, "must be a JSON object");
    }
    return value as Record<string, unknown>;
}

/** Quotes a user value for a message, truncated so a huge value cannot bloat the answer. */
function quote(value: unknown): string {
    const text = JSON.stringify(value) ?? String(value);
    return text.length > 80 ? text.slice(0, 77) + "..." : text;
}
