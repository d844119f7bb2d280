// Signs requests with Huawei Cloud's "SDK-HMAC-SHA256" AK/SK algorithm (API §5.2).
// Pure: does no I/O, reads no clock and no environment; the caller passes the date.
// The emulator verifies signatures with these same functions.
import * as crypto from "crypto";

export const SIGNING_ALGORITHM = "SDK-HMAC-SHA256";

/** SHA-256 of an empty body, the payload hash of every GET and DELETE (API §5.2 step 3). */
export const EMPTY_PAYLOAD_HASH = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

export interface AkSkCredentials {
    accessKey: string;
    secretKey: string;
    /** Temporary credentials add `X-Security-Token`, which is signed (API §5.2 step 7). */
    securityToken?: string;
}

/** The parts of a request that the canonical request is built from. */
export interface CanonicalRequestParts {
    method: string;
    /** The path as sent, percent-encoded or not, without the query. */
    path: string;
    /** Decoded query parameters, in any order; repeated names allowed. */
    query: ReadonlyArray<readonly [string, string]>;
    /** Header values by lowercase name; must hold every name in `signedHeaders`. */
    headers: Readonly<Record<string, string>>;
    /** Lowercase names of the signed headers. */
    signedHeaders: readonly string[];
    /** Lowercase hex SHA-256 of the body bytes. */
    payloadHash: string;
}

/** Percent-encodes everything but RFC 3986 unreserved characters, with uppercase hex. */
export function encodeRfc3986(value: string): string {
    return encodeURIComponent(value).replace(/[!'()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
}

/** `X-Sdk-Date` format: `YYYYMMDD'T'HHMMSS'Z'` in UTC (API §5.2 step 1). */
export function formatSdkDate(date: Date): string {
    return date.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

/** Parses an `X-Sdk-Date` value; `undefined` if it is not in the documented format. */
export function parseSdkDate(value: string): Date | undefined {
    const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
    if (!m) {
        return undefined;
    }
    const [, y, mo, d, h, mi, s] = m.map(Number);
    return new Date(Date.UTC(y, mo - 1, d, h, mi, s));
}

/** The canonical URI always ends in `/`, whether or not the sent path does (API §5.2, §6.18). */
export function canonicalUri(path: string): string {
    const encoded = path.split("/").map((segment) => encodeRfc3986(safeDecode(segment))).join("/");
    return encoded.endsWith("/") ? encoded : encoded + "/";
}

export function canonicalQueryString(query: ReadonlyArray<readonly [string, string]>): string {
    return query
        .map(([name, value]) => [encodeRfc3986(name), encodeRfc3986(value)] as const)
        .sort((a, b) => compareBytes(a[0], b[0]) || compareBytes(a[1], b[1]))
        .map(([name, value]) => `${name}=${value}`)
        .join("&");
}

export function canonicalRequest(parts: CanonicalRequestParts): string {
    const names = [...parts.signedHeaders].map((n) => n.toLowerCase()).sort(compareBytes);
    const headerBlock = names.map((n) => `${n}:${(parts.headers[n] ?? "").trim()}\n`).join("");
    return [
        parts.method.toUpperCase(),
        canonicalUri(parts.path),
        canonicalQueryString(parts.query),
        headerBlock,
        names.join(";"),
        parts.payloadHash,
    ].join("\n");
}

export function stringToSign(canonical: string, sdkDate: string): string {
    return `${SIGNING_ALGORITHM}\n${sdkDate}\n${sha256Hex(canonical)}`;
}

/** HMAC-SHA256 keyed by the SK itself: no derived key, no credential scope (API §5.2 step 5). */
export function computeSignature(parts: CanonicalRequestParts, sdkDate: string, secretKey: string): string {
    return crypto.createHmac("sha256", secretKey).update(stringToSign(canonicalRequest(parts), sdkDate)).digest("hex");
}

export function sha256Hex(data: string | Buffer): string {
    return crypto.createHash("sha256").update(data).digest("hex");
}

/** A request to be signed: the full URL (query included), its headers and its exact body bytes. */
export interface RequestToSign {
    method: string;
    url: string;
    headers: Readonly<Record<string, string>>;
    body?: Buffer;
}

/**
 * Returns the headers to send: the given ones plus `Host`, `X-Sdk-Date`, `X-Security-Token` (when
 * the credentials are temporary) and `Authorization`. Every header present is signed, as the
 * SDKs do (API §5.2 step 3); `Authorization` never is.
 */
export function signRequest(request: RequestToSign, credentials: AkSkCredentials, now: Date): Record<string, string> {
    const url = new URL(request.url);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) {
        if (name.toLowerCase() !== "authorization") {
            headers[name.toLowerCase()] = value;
        }
    }
    headers["host"] = url.host; // URL.host already omits a default port (API §5.2 step 2)
    headers["x-sdk-date"] = formatSdkDate(now);
    if (credentials.securityToken) {
        headers["x-security-token"] = credentials.securityToken;
    }
    const signedHeaders = Object.keys(headers).sort(compareBytes);
    const parts: CanonicalRequestParts = {
        method: request.method,
        path: url.pathname,
        query: [...url.searchParams.entries()],
        headers,
        signedHeaders,
        payloadHash: headers["x-sdk-content-sha256"] ?? (request.body?.length ? sha256Hex(request.body) : EMPTY_PAYLOAD_HASH),
    };
    const signature = computeSignature(parts, headers["x-sdk-date"], credentials.secretKey);
    headers["authorization"] =
        `${SIGNING_ALGORITHM} Access=${credentials.accessKey}, SignedHeaders=${signedHeaders.join(";")}, Signature=${signature}`;
    return headers;
}

export interface ParsedAuthorization {
    accessKey: string;
    signedHeaders: string[];
    signature: string;
}

/** Parses `SDK-HMAC-SHA256 Access=…, SignedHeaders=…, Signature=…` (API §5.2 step 6). */
export function parseAuthorization(value: string): ParsedAuthorization | undefined {
    const m = /^SDK-HMAC-SHA256\s+Access=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]+)$/.exec(value.trim());
    if (!m) {
        return undefined;
    }
    return { accessKey: m[1], signedHeaders: m[2].split(";"), signature: m[3] };
}

function compareBytes(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}

function safeDecode(segment: string): string {
    try {
        return decodeURIComponent(segment);
    } catch {
        return segment;
    }
}
