// The HTTP pipeline of the ModelArts client (house style §3.4): serialize the body once, sign each
// attempt afresh, abort an attempt after its timeout, parse the envelope, ask retry.ts, sleep through
// the clock, and stop when attempts or the budget run out.
// Holds no module state: every agent, timer and controller lives inside one call.
import type nodeFetch from "node-fetch";
import type { Clock } from "./clock";
import { EnvelopeShapeError, SuccessEnvelope, parseEnvelope } from "./envelope";
import {
    ApiError,
    ModelArtsError,
    NetworkError,
    RequestContext,
    RequestTimeoutError,
    ResponseFormatError,
    isAmbiguous,
    isGatewayThrottling,
    redact,
} from "./errors";
import { RetryMode, RetryOptions, parseRetryAfterMs, retryDelayMs, shouldRetry } from "./retry";
import { encodeRfc3986, signRequest } from "./signer";

/** Credentials: a permanent or temporary AK/SK pair (signed, API §5.2) or an IAM token (API §5.1). */
export type ClientAuth =
    | { kind: "aksk"; accessKey: string; secretKey: string; securityToken?: string }
    | { kind: "token"; token: string };

/** What `onAttempt` hears after every attempt, successful or not. Never holds a credential. */
export interface AttemptEvent {
    operation: string;
    method: string;
    /** Path without the query string. */
    path: string;
    /** 1-based. */
    attempt: number;
    /** HTTP status, when an answer arrived. */
    status?: number;
    /** Huawei `error_code`, when the answer had one. */
    code?: string;
    /** Set when another attempt follows after this many ms. */
    retryInMs?: number;
    /** The (redacted) error message, when the attempt failed. */
    error?: string;
}

export type FetchFunction = typeof nodeFetch;

/** Fully resolved settings of a pipeline; client.ts fills in the defaults. */
export interface HttpPipelineOptions {
    /** Origin only, already vetted by `checkEndpoint`. */
    endpoint: URL;
    projectId: string;
    auth: ClientAuth;
    /** Per attempt. */
    timeoutMs: number;
    retry: RetryOptions;
    clock: Clock;
    random: () => number;
    fetch: FetchFunction;
    onAttempt?: (event: AttemptEvent) => void;
}

/** One logical call; the pipeline may send it several times. */
export interface HttpCall<T> {
    /** Names the call in errors, e.g. `get visualization job 10`. */
    operation: string;
    method: "GET" | "POST" | "PUT" | "DELETE";
    /** Absolute path, already percent-encoded, without the query. */
    path: string;
    /** Decoded query parameters; sent RFC 3986-encoded so the wire matches the signature. */
    query?: ReadonlyArray<readonly [string, string]>;
    /** JSON body; `undefined` sends none. */
    body?: unknown;
    mode: RetryMode;
    /** Turns a success envelope into the result; throws `EnvelopeShapeError` for a bad body. */
    decode: (envelope: SuccessEnvelope) => T;
}

type AttemptResult<T> = { ok: true; value: T; status: number } | { ok: false; error: ModelArtsError; status?: number; code?: string; retryAfterMs?: number };

/** Sends calls to ModelArts with signing, timeouts and retries. */
export class HttpPipeline {
    private readonly options: HttpPipelineOptions;

    constructor(options: HttpPipelineOptions) {
        this.options = options;
    }

    /**
     * Sends `call` until it succeeds, fails for good, or runs out of attempts or budget. Rejects
     * with `ApiError`, `NetworkError`, `RequestTimeoutError` or `ResponseFormatError` (the last
     * failure); anything else (a bug) passes through unwrapped and is not retried.
     */
    async send<T>(call: HttpCall<T>): Promise<T> {
        const { clock, retry } = this.options;
        // Serialized once: the signer hashes exactly the bytes fetch sends (house style §3.4).
        const body = call.body === undefined ? undefined : Buffer.from(JSON.stringify(call.body), "utf8");
        const url = buildUrl(this.options.endpoint, call.path, call.query ?? []);
        const context: RequestContext = { operation: call.operation, method: call.method, path: call.path };
        const startMs = clock.now();
        let afterAmbiguous = false;
        // Gateway throttling is the gateway pacing its callers, not a failure: the service never saw
        // the request (API §4.4). It neither uses up maxAttempts nor inflates the backoff of a later
        // failure, and backs off on its own count; budgetMs still bounds it. maxAttempts 1 still
        // means a single attempt.
        let failures = 0;
        let throttles = 0;
        for (let attempt = 1; ; attempt++) {
            // An attempt may not outlive the whole call's budget.
            const remainingMs = retry.budgetMs - (clock.now() - startMs);
            const timeoutMs = Math.max(1, Math.min(this.options.timeoutMs, remainingMs));
            const result: AttemptResult<T> = await this.attempt(call, context, url, body, timeoutMs, attempt, afterAmbiguous);
            if (result.ok) {
                this.options.onAttempt?.({ ...context, attempt, status: result.status });
                return result.value;
            }
            const paced = isGatewayThrottling(result.error);
            if (paced) {
                throttles += 1;
            } else {
                failures += 1;
            }
            let retryInMs: number | undefined;
            if (retry.maxAttempts > 1 && failures < retry.maxAttempts && shouldRetry(result.error, call.mode)) {
                const delayMs = retryDelayMs(paced ? throttles : failures, retry, this.options.random, result.retryAfterMs);
                if (clock.now() - startMs + delayMs < retry.budgetMs) {
                    retryInMs = delayMs;
                }
            }
            this.options.onAttempt?.({
                ...context,
                attempt,
                status: result.status,
                code: result.code,
                retryInMs,
                error: result.error.message,
            });
            if (retryInMs === undefined) {
                throw result.error;
            }
            afterAmbiguous = afterAmbiguous || isAmbiguous(result.error);
            await clock.sleep(retryInMs);
        }
    }

    private async attempt<T>(
        call: HttpCall<T>,
        context: RequestContext,
        url: string,
        body: Buffer | undefined,
        timeoutMs: number,
        attempt: number,
        afterAmbiguous: boolean,
    ): Promise<AttemptResult<T>> {
        const { auth, clock } = this.options;
        const secrets = auth.kind === "token" ? [auth.token] : [auth.secretKey, auth.securityToken];
        // Content-Type is documented as mandatory on every call (API §1).
        let headers: Record<string, string> = { "content-type": "application/json" };
        if (auth.kind === "token") {
            headers["x-auth-token"] = auth.token;
        } else {
            // The SDKs send (and so sign) X-Project-Id with AK/SK (API §1). A fresh X-Sdk-Date per
            // attempt: the gateway rejects more than 15 minutes of skew (API §5.2).
            headers["x-project-id"] = this.options.projectId;
            headers = signRequest({ method: call.method, url, headers, body }, auth, new Date(clock.now()));
            secrets.push(headers["authorization"]);
        }

        // A real timer, not the injected clock: the clock paces backoff and dates, while a hung socket
        // needs wall time to be cut off even under a fake clock.
        const controller = new AbortController();
        const timer = setTimeout(() => controller.abort(), timeoutMs);
        let status: number;
        let text: string;
        let headerRequestId: string | undefined;
        let retryAfter: string | null;
        try {
            // No body on GET/DELETE, so node-fetch sends no Content-Length there (API §1).
            const response = await this.options.fetch(url, {
                method: call.method,
                headers,
                body,
                // node-fetch's AbortSignal type predates Node's; they are the same object at run time.
                signal: controller.signal as unknown as NonNullable<Parameters<FetchFunction>[1]>["signal"],
                // A redirect would re-send the signed headers elsewhere; ModelArts never redirects.
                redirect: "manual",
            });
            status = response.status;
            headerRequestId = response.headers.get("x-request-id") ?? undefined;
            retryAfter = response.headers.get("retry-after");
            // Read inside the timeout: a body that stalls is as ambiguous as headers that never come.
            text = await response.text();
        } catch (err) {
            if (controller.signal.aborted || isAbortError(err)) {
                return { ok: false, error: new RequestTimeoutError(context, timeoutMs) };
            }
            if (isFetchError(err)) {
                return { ok: false, error: new NetworkError(context, err, err.code) };
            }
            throw err;
        } finally {
            clearTimeout(timer);
        }

        const envelope = parseEnvelope(status, text, headerRequestId, (raw) => redact(raw, secrets));
        if (!envelope.ok) {
            const error = new ApiError({
                ...context,
                status: envelope.status,
                code: envelope.code,
                apiMessage: envelope.message,
                bodySnippet: envelope.bodySnippet,
                requestId: envelope.requestId,
                attempt,
                afterAmbiguousAttempt: afterAmbiguous,
            });
            return {
                ok: false,
                error,
                status: envelope.status,
                code: envelope.code,
                retryAfterMs: parseRetryAfterMs(retryAfter, clock.now()),
            };
        }
        try {
            return { ok: true, value: call.decode(envelope), status };
        } catch (err) {
            if (err instanceof EnvelopeShapeError) {
                const error = new ResponseFormatError({ ...context, status, requestId: envelope.requestId }, redact(err.message, secrets));
                return { ok: false, error, status };
            }
            throw err;
        }
    }
}

/** Appends the query with the signer's own encoding (%20, never +), so wire and signature agree. */
export function buildUrl(endpoint: URL, path: string, query: ReadonlyArray<readonly [string, string]>): string {
    const search = query.map(([name, value]) => `${encodeRfc3986(name)}=${encodeRfc3986(value)}`).join("&");
    return `${endpoint.origin}${path}${search ? "?" + search : ""}`;
}

function isAbortError(err: unknown): boolean {
    return err instanceof Error && err.name === "AbortError";
}

function isFetchError(err: unknown): err is Error & { code?: string } {
    return err instanceof Error && err.name === "FetchError";
}
