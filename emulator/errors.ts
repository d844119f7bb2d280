// The emulator's error type and the documented codes it answers with (API §4). Handlers, auth and the
// store throw EmulatorError; server.ts turns it into the documented body shape. Messages never contain
// a credential, a token or a signature.

/** Which body shape an error is rendered with (API §4.3). */
export type ErrorShape = "modelarts" | "gateway";

/**
 * A documented API failure. `shape` "modelarts" renders
 * `{is_success:false, error_code, error_message}`; "gateway" renders the API gateway's
 * `{error_msg, error_code, request_id}` (API §4.3).
 */
export class EmulatorError extends Error {
    readonly name = "EmulatorError";

    constructor(
        readonly httpStatus: number,
        readonly code: string,
        message: string,
        readonly shape: ErrorShape = "modelarts",
        /** Extra response headers, e.g. `Retry-After` on throttling. */
        readonly headers: Readonly<Record<string, string>> = {},
    ) {
        super(message);
    }
}

/** Guard that does not rely on `instanceof` alone (house style §3.3). */
export function isEmulatorError(e: unknown): e is EmulatorError {
    return e instanceof EmulatorError || (typeof e === "object" && e !== null && (e as { name?: unknown }).name === "EmulatorError");
}

/** `ModelArts.0104` parameter error (API §4.1); the message always names the field. */
export function invalidParameter(field: string, problem: string): EmulatorError {
    return new EmulatorError(400, "ModelArts.0104", `Invalid parameter ${field}: ${problem}`);
}

/** `ModelArts.0103` duplicate name (API §2.1 failure example, §6.11). HTTP 400 is our choice (API §4.2). */
export function duplicateName(jobName: string, existingJobId: number): EmulatorError {
    return new EmulatorError(
        400,
        "ModelArts.0103",
        `Duplicate job_name: visualization job "${jobName}" already exists (job_id ${existingJobId})`,
    );
}

/** The operations whose wrong-state message the docs give verbatim (API §3). */
export type GuardedOperation = "stop" | "resubmit" | "delete";

/** `ModelArts.0105` wrong state, in exactly the docs' words: "This job can't be stop. job status: 10". */
export function wrongState(operation: GuardedOperation, status: number): EmulatorError {
    return new EmulatorError(400, "ModelArts.0105", `This job can't be ${operation}. job status: ${status}`);
}

/**
 * Unknown job id. The docs do not say what the service answers (API §6.15); we answer HTTP 404 with
 * the 2019 "resource does not exist" code `ModelArts.0102`, which clients must treat as not-found.
 */
export function jobNotFound(jobId: string): EmulatorError {
    return new EmulatorError(404, "ModelArts.0102", `The visualization job does not exist: job_id ${jobId}`);
}

/** Unknown path or method: the gateway's "API does not exist" (API §4.4). */
export function routeNotFound(method: string, path: string): EmulatorError {
    return new EmulatorError(404, "APIG.0101", `The API does not exist or has not been published in the environment: ${method} ${path}`, "gateway");
}

/** `APIG.0301` with the gateway's "Incorrect IAM authentication information: …" prefix (API §4.4). */
export function iamAuthFailed(detail: string): EmulatorError {
    return new EmulatorError(401, "APIG.0301", `Incorrect IAM authentication information: ${detail}`, "gateway");
}

/** `ModelArts.0202` expired token (API §4.1). */
export function tokenExpired(): EmulatorError {
    return new EmulatorError(401, "ModelArts.0202", "The token has expired.");
}

/** `ModelArts.0210` project in the URL does not match the credentials (API §4.1). */
export function projectMismatch(projectId: string): EmulatorError {
    return new EmulatorError(403, "ModelArts.0210", `The project_id in the URL does not match the credentials: ${projectId}`);
}

/** Gateway throttling, HTTP 429 `APIG.0308` with `Retry-After` in seconds (API §4.4). */
export function throttled(limitPerSecond: number, retryAfterS: number): EmulatorError {
    return new EmulatorError(
        429,
        "APIG.0308",
        `The throttling threshold has been reached: policy user over ratelimit,limit:${limitPerSecond},time:1 second`,
        "gateway",
        { "Retry-After": String(retryAfterS) },
    );
}

/** An injected server error: 500 `ModelArts.0010` or 503 `ModelArts.6101`-style "system busy". */
export function injectedServerError(httpStatus: 500 | 503): EmulatorError {
    return httpStatus === 500
        ? new EmulatorError(500, "ModelArts.0010", "Internal error (injected by the emulator).")
        : new EmulatorError(503, "ModelArts.6101", "The system is busy now. Please try again later. (injected by the emulator)");
}

/** Renders an error as the JSON body of its shape (API §4.3). */
export function errorBody(error: EmulatorError, requestId: string): Record<string, unknown> {
    if (error.shape === "gateway") {
        return { error_msg: error.message, error_code: error.code, request_id: requestId };
    }
    return { is_success: false, error_code: error.code, error_message: error.message };
}
