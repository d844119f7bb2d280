// The client's error classes, the code tables that classify Huawei errors, and the guards built on
// them (house style §3.3). Pure: no I/O. No error built here ever carries a credential.

/** Base class of every error the ModelArts client raises on purpose. */
export class ModelArtsError extends Error {
    override readonly name: string = "ModelArtsError";
}

/** Where a failed call was going: shared by every error of one HTTP attempt. */
export interface RequestContext {
    /** What the caller was doing, e.g. `create visualization job "vis-1"`. */
    operation: string;
    method: string;
    /** The request path without the query string; headers are never recorded. */
    path: string;
}

/** An error of one call: it names the operation, the method and the path. */
export abstract class RequestError extends ModelArtsError {
    readonly method: string;
    readonly path: string;
    readonly operation: string;

    constructor(message: string, context: RequestContext) {
        super(message);
        this.method = context.method;
        this.path = context.path;
        this.operation = context.operation;
    }
}

/** Fields of an {@link ApiError}. */
export interface ApiErrorFields extends RequestContext {
    status: number;
    code?: string;
    apiMessage?: string;
    requestId?: string;
    /** Start of a body that was not a JSON envelope, already redacted. */
    bodySnippet?: string;
    /** Which attempt (1-based) got this answer. */
    attempt?: number;
    /**
     * True when an earlier attempt of the same call may have taken effect (timeout, reset, 5xx), so
     * this answer may describe the state that attempt left behind: e.g. `ModelArts.0105` from a
     * repeated stop whose first try did stop the job.
     */
    afterAmbiguousAttempt?: boolean;
}

/** The service or its gateway answered with an error (non-2xx, or an `error_code` in the body). */
export class ApiError extends RequestError {
    override readonly name = "ApiError" as const;
    readonly status: number;
    /** Huawei `error_code` verbatim, e.g. `ModelArts.0103` or `APIG.0301`. */
    readonly code?: string;
    /** `error_message` or `error_msg` (API §6.2), redacted. */
    readonly apiMessage?: string;
    /** `X-Request-Id` header, else the body's `request_id`. */
    readonly requestId?: string;
    readonly bodySnippet?: string;
    readonly attempt: number;
    readonly afterAmbiguousAttempt: boolean;

    constructor(fields: ApiErrorFields) {
        super(formatApiErrorMessage(fields), fields);
        this.status = fields.status;
        this.code = fields.code;
        this.apiMessage = fields.apiMessage;
        this.requestId = fields.requestId;
        this.bodySnippet = fields.bodySnippet;
        this.attempt = fields.attempt ?? 1;
        this.afterAmbiguousAttempt = fields.afterAmbiguousAttempt ?? false;
    }
}

/** The request failed below HTTP: refused, reset, DNS failure… `cause` keeps node-fetch's error. */
export class NetworkError extends RequestError {
    override readonly name = "NetworkError" as const;
    /** `ECONNREFUSED`, `ECONNRESET`, `ENOTFOUND`…; undefined when the cause has no code. */
    readonly syscallCode?: string;
    /** The underlying error; set by hand because the ES2020 lib has no `ErrorOptions.cause`. */
    readonly cause: unknown;

    constructor(context: RequestContext, cause: unknown, syscallCode?: string) {
        const reason = syscallCode ?? (cause instanceof Error ? cause.message : String(cause));
        super(`${context.operation}: network error ${reason} (${context.method} ${context.path})`, context);
        this.cause = cause;
        this.syscallCode = syscallCode;
    }
}

/** One attempt got no complete answer within its timeout and was aborted. */
export class RequestTimeoutError extends RequestError {
    override readonly name = "RequestTimeoutError" as const;
    readonly timeoutMs: number;

    constructor(context: RequestContext, timeoutMs: number) {
        super(`${context.operation}: no answer within ${timeoutMs} ms (${context.method} ${context.path})`, context);
        this.timeoutMs = timeoutMs;
    }
}

/** A 2xx answer that lacks what the operation needs (e.g. create without `job_id`). */
export class ResponseFormatError extends RequestError {
    override readonly name = "ResponseFormatError" as const;
    readonly status: number;
    readonly requestId?: string;

    constructor(context: RequestContext & { status: number; requestId?: string }, problem: string) {
        const request = context.requestId ? `, request ${context.requestId}` : "";
        super(`${context.operation}: unexpected response: ${problem} (HTTP ${context.status} on ${context.method} ${context.path}${request})`, context);
        this.status = context.status;
        this.requestId = context.requestId;
    }
}

/** A missing job (API §6.15): the 2019 "resource does not exist" and the 2021 training-section code. */
export const NOT_FOUND_CODES: ReadonlySet<string> = new Set(["ModelArts.0102", "ModelArts.0015"]);

/** The gateway knows no such API (API §4.4): a wrong path or a region without the old API, never a missing job. */
export const ROUTE_MISSING_CODES: ReadonlySet<string> = new Set(["APIG.0101", "APIGW.0101"]);

/** Gateway rate limit (API §4.4, §6.19), service "system busy" and the older "too frequent" (API §4.1). */
export const THROTTLING_CODES: ReadonlySet<string> = new Set(["APIG.0308", "APIGW.0308", "ModelArts.6101", "ModelArts.0114"]);

/** Throttling raised by the gateway itself, before the service saw the request (API §4.4). */
export const GATEWAY_THROTTLING_CODES: ReadonlySet<string> = new Set(["APIG.0308", "APIGW.0308"]);

/** Bad or expired signature/token, at the gateway (API §4.4) or in ModelArts (API §4.1). */
export const AUTH_CODES: ReadonlySet<string> = new Set([
    "APIG.0301",
    "APIGW.0301",
    "APIG.0303",
    "APIGW.0303",
    "ModelArts.0201",
    "ModelArts.0202",
    "ModelArts.0203",
    "ModelArts.0204",
    "ModelArts.0210",
    "ModelArts.0212",
]);

/** System error codes meaning no connection was ever made, so the request cannot have taken effect. */
export const NEVER_CONNECTED_SYSCALL_CODES: ReadonlySet<string> = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"]);

export function isApiError(err: unknown): err is ApiError {
    return err instanceof ApiError && err.name === "ApiError";
}

export function isNetworkError(err: unknown): err is NetworkError {
    return err instanceof NetworkError && err.name === "NetworkError";
}

export function isRequestTimeoutError(err: unknown): err is RequestTimeoutError {
    return err instanceof RequestTimeoutError && err.name === "RequestTimeoutError";
}

export function isResponseFormatError(err: unknown): err is ResponseFormatError {
    return err instanceof ResponseFormatError && err.name === "ResponseFormatError";
}

/** The gateway has no such route (`APIG.0101`); deliberately not "not found" (API §4.4). */
export function isRouteMissing(err: unknown): boolean {
    return isApiError(err) && err.code !== undefined && ROUTE_MISSING_CODES.has(err.code);
}

/** The job does not exist: HTTP 404 or a not-found code, but never a missing route (API §6.15). */
export function isNotFound(err: unknown): boolean {
    if (!isApiError(err) || isRouteMissing(err)) {
        return false;
    }
    return err.status === 404 || (err.code !== undefined && NOT_FOUND_CODES.has(err.code));
}

/** Throttled by the gateway itself, so the service never saw the request (API §4.4). */
export function isGatewayThrottling(err: unknown): boolean {
    return isApiError(err) && err.code !== undefined && GATEWAY_THROTTLING_CODES.has(err.code);
}

/** Rate limited: HTTP 429 or a throttling code (API §4.4). */
export function isThrottling(err: unknown): boolean {
    return isApiError(err) && (err.status === 429 || (err.code !== undefined && THROTTLING_CODES.has(err.code)));
}

/** Credentials were rejected: HTTP 401/403 or an auth code. Never retried (API §6.20). */
export function isAuthError(err: unknown): boolean {
    return isApiError(err) && (err.status === 401 || err.status === 403 || (err.code !== undefined && AUTH_CODES.has(err.code)));
}

/**
 * The request may have taken effect although the caller saw a failure: a timeout, a network error
 * after the connection was made, a 408 (a gateway may time out its backend), any 5xx, or a 2xx whose
 * body made no sense. A caller that must not repeat the operation should look the result up instead.
 */
export function isAmbiguous(err: unknown): boolean {
    if (isRequestTimeoutError(err) || isResponseFormatError(err)) {
        return true;
    }
    if (isNetworkError(err)) {
        return err.syscallCode === undefined || !NEVER_CONNECTED_SYSCALL_CODES.has(err.syscallCode);
    }
    return isApiError(err) && (err.status >= 500 || err.status === 408);
}

const REDACTED = "[REDACTED]";

/**
 * Removes every occurrence of the given secrets, and anything shaped like a signature, from text
 * that came from the network, in case a server echoes a header back.
 */
export function redact(text: string, secrets: ReadonlyArray<string | undefined>): string {
    let out = text;
    for (const secret of secrets) {
        // Short values would shred ordinary text and cannot be meaningful secrets.
        if (secret && secret.length >= 4) {
            out = out.split(secret).join(REDACTED);
        }
    }
    return out.replace(/(Signature=)[0-9a-fA-F]+/g, `$1${REDACTED}`);
}

function formatApiErrorMessage(fields: ApiErrorFields): string {
    const what = [fields.code, fields.apiMessage ?? fields.bodySnippet].filter((part) => part).join(" ") || "request failed";
    const request = fields.requestId ? `, request ${fields.requestId}` : "";
    return `${fields.operation}: ${what} (HTTP ${fields.status} on ${fields.method} ${fields.path}${request})`;
}
