// Decides whether a failed attempt is repeated and how long to wait first (house style §3.4).
// Pure: no I/O, no clock, no randomness of its own; the caller passes `random` and `now`.
import {
    NEVER_CONNECTED_SYSCALL_CODES,
    isApiError,
    isAuthError,
    isGatewayThrottling,
    isNetworkError,
    isRequestTimeoutError,
    isThrottling,
} from "./errors";

/** Bounds of the retry loop of one call. */
export interface RetryOptions {
    /** Attempts in total, the first one included. @default 4 */
    maxAttempts: number;
    /** Backoff ceiling of the first retry; doubles per attempt. @default 500 */
    baseDelayMs: number;
    /** Cap of any one delay, `Retry-After` included. @default 20000 */
    maxDelayMs: number;
    /** Wall time of the whole call, attempts and sleeps together; no retry starts past it. @default 120000 */
    budgetMs: number;
}

export const DEFAULT_RETRY_OPTIONS: Readonly<RetryOptions> = {
    maxAttempts: 4,
    baseDelayMs: 500,
    maxDelayMs: 20_000,
    budgetMs: 120_000,
};

/**
 * How safe an operation is to repeat.
 * - `idempotent`: GET, PUT, DELETE, and stop/restart (see client.ts for why those two).
 * - `at-most-once`: create; repeated only when it provably never reached the service.
 */
export type RetryMode = "idempotent" | "at-most-once";

/** HTTP statuses worth repeating for an idempotent call (API §4.2, §4.4). */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);

/**
 * Whether a failed attempt may be repeated. Auth failures never are: five bad signatures lock the AK
 * for five minutes (API §6.20). Other 4xx never are. Errors that are not the client's own (bugs)
 * never are.
 */
export function shouldRetry(err: unknown, mode: RetryMode): boolean {
    if (isAuthError(err)) {
        return false;
    }
    if (mode === "at-most-once") {
        // Only answers that prove the service never saw the request: the gateway's own throttling
        // (API §4.4) or a connection that was never made.
        if (isApiError(err)) {
            return isGatewayThrottling(err);
        }
        return isNetworkError(err) && err.syscallCode !== undefined && NEVER_CONNECTED_SYSCALL_CODES.has(err.syscallCode);
    }
    if (isApiError(err)) {
        return RETRYABLE_STATUSES.has(err.status) || isThrottling(err);
    }
    return isNetworkError(err) || isRequestTimeoutError(err);
}

/**
 * Milliseconds to wait before the attempt after `attempt` (1-based): full jitter,
 * `random() · min(maxDelayMs, baseDelayMs · 2^(attempt−1))`, rounded down to whole milliseconds.
 * A server's `Retry-After` is a floor under that jitter rather than a replacement for it: clients
 * throttled in the same second are all told the same `Retry-After`, and without jitter they would
 * all come back in the same second and be throttled again. Capped at `maxDelayMs`.
 *
 * @param random a number in [0, 1), e.g. `Math.random`.
 * @param retryAfterMs the server's `Retry-After`, already converted by {@link parseRetryAfterMs}.
 */
export function retryDelayMs(
    attempt: number,
    options: Pick<RetryOptions, "baseDelayMs" | "maxDelayMs">,
    random: () => number,
    retryAfterMs?: number,
): number {
    const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
    const jitterMs = Math.floor(random() * ceiling);
    return Math.min(Math.max(0, retryAfterMs ?? 0) + jitterMs, options.maxDelayMs);
}

/**
 * `Retry-After` in milliseconds: delta seconds or an HTTP date (RFC 9110 §10.2.3). A date in the
 * past gives 0; an unreadable value gives undefined, so the backoff applies.
 *
 * @param nowMs the current time in ms since the epoch, for the date form.
 */
export function parseRetryAfterMs(value: string | null | undefined, nowMs: number): number | undefined {
    if (value === null || value === undefined) {
        return undefined;
    }
    const trimmed = value.trim();
    if (/^\d+$/.test(trimmed)) {
        return Number(trimmed) * 1000;
    }
    const date = Date.parse(trimmed);
    if (Number.isNaN(date) || !/[A-Za-z]/.test(trimmed)) {
        return undefined;
    }
    return Math.max(0, date - nowMs);
}
