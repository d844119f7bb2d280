// Verifies the credentials of an API request the way the API gateway does (API §5): an IAM token in
// X-Auth-Token, or an SDK-HMAC-SHA256 signature re-computed with provider/signer.ts, with the
// 15-minute date skew limit and the lock of an AK after five consecutive failures (API §6.20).
// Owns the lock counters. Never puts a secret, a token or a signature into an error or a log.
import * as crypto from "crypto";
import { Clock } from "../provider/clock";
import { CanonicalRequestParts, computeSignature, formatSdkDate, parseAuthorization, parseSdkDate, sha256Hex } from "../provider/signer";
import { iamAuthFailed, tokenExpired } from "./errors";

/** Credentials the emulator accepts. */
export interface AuthConfig {
    accessKey: string;
    secretKey: string;
    /** When set, a request carrying `X-Security-Token` must carry exactly this value (signed). */
    securityToken?: string;
    /** An IAM token accepted in `X-Auth-Token`. */
    token?: string;
    /** A token answered as expired (401 `ModelArts.0202`), to exercise that path. */
    expiredToken?: string;
}

/** What the verifier needs from a request: exactly what was received, before any parsing. */
export interface ReceivedRequest {
    method: string;
    /** The raw path as sent, without the query. */
    rawPath: string;
    /** The raw query string without `?` ("" when none). */
    rawQuery: string;
    /** Header values by lowercase name. */
    headers: Readonly<Record<string, string | string[] | undefined>>;
    body: Buffer;
}

/** Maximum distance between `X-Sdk-Date` and the emulator clock (API §5.2 step 1). Real minutes. */
export const MAX_DATE_SKEW_MS = 15 * 60_000;
/** Consecutive failures that lock an AK (API §4.4). */
export const LOCK_AFTER_FAILURES = 5;
/** Lock length in emulated minutes (scaled by timeScale like every emulated duration). */
export const LOCK_MINUTES = 5;

const SIGNATURE_FAIL = "verify aksk signature fail";

/** The AK/SK verifier with its per-AK failure counters. */
export class Authenticator {
    private failures = new Map<string, { count: number; lockedUntilMs?: number }>();

    constructor(
        private readonly config: AuthConfig,
        private readonly clock: Clock,
        /** Length of an emulated minute in ms (`60_000 / timeScale`). */
        private readonly minuteMs: number,
    ) {}

    /** Throws the gateway's error for a request whose credentials do not verify. */
    verify(request: ReceivedRequest): void {
        const token = header(request.headers, "x-auth-token");
        if (token !== undefined) {
            this.verifyToken(token);
            return;
        }
        const authorization = header(request.headers, "authorization");
        if (authorization === undefined) {
            throw iamAuthFailed("no X-Auth-Token or Authorization header in the request");
        }
        const parsed = parseAuthorization(authorization);
        if (!parsed) {
            throw iamAuthFailed(SIGNATURE_FAIL);
        }
        const now = this.clock.now();
        const entry = this.failures.get(parsed.accessKey);
        if (entry?.lockedUntilMs !== undefined) {
            if (now < entry.lockedUntilMs) {
                throw iamAuthFailed("AK access failed to reach the limit,forbidden");
            }
            this.failures.delete(parsed.accessKey);
        }
        const sdkDate = header(request.headers, "x-sdk-date");
        const signedDate = sdkDate === undefined ? undefined : parseSdkDate(sdkDate);
        if (sdkDate === undefined || signedDate === undefined || !parsed.signedHeaders.includes("x-sdk-date")) {
            this.fail(parsed.accessKey, now);
            throw iamAuthFailed(SIGNATURE_FAIL);
        }
        // An expired date is a clock problem, not a guessed key: it does not count towards the lock.
        if (Math.abs(now - signedDate.getTime()) > MAX_DATE_SKEW_MS) {
            throw iamAuthFailed(
                `calc ak sk signature fail:signature expired, signature time:${sdkDate},server time:${formatSdkDate(new Date(now))}`,
            );
        }
        if (!this.signatureMatches(request, parsed.accessKey, parsed.signedHeaders, parsed.signature, sdkDate)) {
            this.fail(parsed.accessKey, now);
            throw iamAuthFailed(SIGNATURE_FAIL);
        }
        const securityToken = header(request.headers, "x-security-token");
        if (securityToken !== undefined) {
            const wrong = !parsed.signedHeaders.includes("x-security-token")
                || (this.config.securityToken !== undefined && !safeEqual(securityToken, this.config.securityToken));
            if (wrong) {
                this.fail(parsed.accessKey, now);
                throw iamAuthFailed("security token is not signed or is not valid");
            }
        }
        this.failures.delete(parsed.accessKey);
    }

    /** Forgets every counter and lock (control reset). */
    reset(): void {
        this.failures.clear();
    }

    /** AKs currently locked, with the lock end (control API; AKs are not secret). */
    locks(): Array<{ accessKey: string; failures: number; lockedUntilMs?: number }> {
        return [...this.failures.entries()].map(([accessKey, e]) => ({ accessKey, failures: e.count, lockedUntilMs: e.lockedUntilMs }));
    }

    private verifyToken(token: string): void {
        if (this.config.token !== undefined && safeEqual(token, this.config.token)) {
            return;
        }
        if (this.config.expiredToken !== undefined && safeEqual(token, this.config.expiredToken)) {
            throw tokenExpired();
        }
        throw iamAuthFailed("decrypt token fail");
    }

    private signatureMatches(request: ReceivedRequest, accessKey: string, signedHeaders: string[], signature: string, sdkDate: string): boolean {
        if (accessKey !== this.config.accessKey) {
            return false; // unknown AK: same answer as a bad signature, as the requirement asks
        }
        const headers: Record<string, string> = {};
        for (const name of signedHeaders) {
            const value = header(request.headers, name);
            if (value === undefined) {
                return false;
            }
            headers[name] = value;
        }
        const parts: CanonicalRequestParts = {
            method: request.method,
            path: request.rawPath,
            query: parseRawQuery(request.rawQuery),
            headers,
            signedHeaders,
            payloadHash: header(request.headers, "x-sdk-content-sha256") ?? sha256Hex(request.body),
        };
        return safeEqual(computeSignature(parts, sdkDate, this.config.secretKey), signature);
    }

    private fail(accessKey: string, now: number): void {
        const entry = this.failures.get(accessKey) ?? { count: 0 };
        entry.count += 1;
        if (entry.count >= LOCK_AFTER_FAILURES) {
            entry.lockedUntilMs = now + LOCK_MINUTES * this.minuteMs;
        }
        this.failures.set(accessKey, entry);
    }
}

/** Decoded `name=value` pairs of a raw query, as the signer's canonical query expects them. */
export function parseRawQuery(rawQuery: string): Array<[string, string]> {
    if (rawQuery === "") {
        return [];
    }
    return rawQuery.split("&").filter((p) => p !== "").map((pair) => {
        const i = pair.indexOf("=");
        const name = i < 0 ? pair : pair.slice(0, i);
        const value = i < 0 ? "" : pair.slice(i + 1);
        return [decode(name), decode(value)];
    });
}

function decode(s: string): string {
    try {
        return decodeURIComponent(s.replace(/\+/g, "%20"));
    } catch {
        return s;
    }
}

function header(headers: ReceivedRequest["headers"], name: string): string | undefined {
    const v = headers[name];
    return Array.isArray(v) ? v.join(",") : v;
}

function safeEqual(a: string, b: string): boolean {
    const x = Buffer.from(a);
    const y = Buffer.from(b);
    return x.length === y.length && crypto.timingSafeEqual(x, y);
}
