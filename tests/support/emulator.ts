// Test support for the emulator: useEmulator() starts one per test and closes it afterwards, call()
// sends a request signed with provider/signer.ts (the real client is written separately), and
// ManualClock lets lifecycle tests move time exactly instead of sleeping.
import fetch from "node-fetch";
import { Clock } from "../../provider/clock";
import { AkSkCredentials, signRequest } from "../../provider/signer";
import { DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY } from "../../emulator/defaults";
import { EmulatorOptions, RunningEmulator, startEmulator } from "../../emulator/server";

/**
 * Starts an emulator (port 0) before each test and closes it after each one. Returns an accessor
 * for the running emulator. `options` may be a function, evaluated per test (e.g. for a fresh clock).
 */
export function useEmulator(options: EmulatorOptions | (() => EmulatorOptions) = {}): () => RunningEmulator {
    let current: RunningEmulator | undefined;
    beforeEach(async () => {
        current = await startEmulator(typeof options === "function" ? options() : options);
    });
    afterEach(async () => {
        await current?.close();
        current = undefined;
    });
    return () => {
        if (!current) {
            throw new Error("the emulator runs only inside a test");
        }
        return current;
    };
}

/** The default emulator credentials, as a client would hold them. */
export const DEFAULT_CREDENTIALS: AkSkCredentials = { accessKey: DEFAULT_ACCESS_KEY, secretKey: DEFAULT_SECRET_KEY };

/** How `call` builds its request. */
export interface CallOptions {
    /** A JSON value (serialised compactly) or a raw string sent as is. */
    body?: unknown;
    /** Signing credentials; false sends no Authorization. @default DEFAULT_CREDENTIALS */
    credentials?: AkSkCredentials | false;
    /** X-Sdk-Date to sign with. @default the emulator clock's now */
    date?: Date;
    /** Extra headers (signed too when credentials are used). */
    headers?: Record<string, string>;
    /** Changes the headers after signing (to tamper with a signed request). */
    afterSign?(headers: Record<string, string>): void;
}

/** What `call` got back. */
export interface CallResult {
    status: number;
    headers: { get(name: string): string | null };
    /** Parsed JSON, or undefined if the answer is not JSON. */
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    body: any;
    text: string;
}

/** The API path of the emulator's project: `/v1/{project_id}/visualization-jobs` plus `suffix`. */
export function jobsPath(emu: RunningEmulator, suffix = ""): string {
    return `/v1/${emu.projectId}/visualization-jobs${suffix}`;
}

/** Sends one request to the emulator, signed like the SDKs sign (API §5.2). */
export async function call(emu: RunningEmulator, method: string, path: string, options: CallOptions = {}): Promise<CallResult> {
    const url = emu.url + path;
    const body = options.body === undefined ? undefined
        : Buffer.from(typeof options.body === "string" ? options.body : JSON.stringify(options.body));
    let headers: Record<string, string> = { "content-type": "application/json", ...(options.headers ?? {}) };
    const credentials = options.credentials ?? DEFAULT_CREDENTIALS;
    if (credentials !== false) {
        headers = signRequest({ method, url, headers, body }, credentials, options.date ?? new Date(emu.options.clock.now()));
    }
    options.afterSign?.(headers);
    const res = await fetch(url, { method, headers, body });
    const text = await res.text();
    let parsed: unknown;
    try {
        parsed = JSON.parse(text);
    } catch {
        parsed = undefined;
    }
    return { status: res.status, headers: res.headers, body: parsed, text };
}

/** Unsigned request to the control API. */
export async function control(emu: RunningEmulator, method: string, path: string, body?: unknown): Promise<CallResult> {
    return call(emu, method, `/__emulator/${path}`, { body, credentials: false });
}

/** A minimal valid create body. */
export function createBody(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
    return { job_name: name, train_url: "/bucket/logs/", ...extra };
}

/** A clock that moves only when told to. `sleep` resolves once the clock has been advanced past it. */
export class ManualClock implements Clock {
    private sleepers: Array<{ until: number; resolve: () => void }> = [];

    constructor(private nowMs = Date.UTC(2024, 0, 1)) {}

    now(): number {
        return this.nowMs;
    }

    advance(ms: number): void {
        this.nowMs += ms;
        const due = this.sleepers.filter((s) => s.until <= this.nowMs);
        this.sleepers = this.sleepers.filter((s) => s.until > this.nowMs);
        due.forEach((s) => s.resolve());
    }

    sleep(ms: number): Promise<void> {
        return new Promise((resolve) => this.sleepers.push({ until: this.nowMs + ms, resolve }));
    }
}
