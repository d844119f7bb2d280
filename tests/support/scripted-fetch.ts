// A fetch that answers from a script and records every request, plus a clock that records sleeps,
// so the client's retry tests can assert exact attempts, headers and delays without a network.
import { FetchError, Response } from "node-fetch";
import type { Clock } from "../../provider/clock";
import type { FetchFunction } from "../../provider/http";

/** One scripted answer, consumed in order. */
export type ScriptStep =
    | { status: number; body?: unknown; headers?: Record<string, string> }
    | { networkError: string }
    | { hang: true };

/** What the client sent in one attempt. */
export interface RecordedRequest {
    method: string;
    url: string;
    /** Header values by lowercase name. */
    headers: Record<string, string>;
    body: Buffer | undefined;
}

export interface ScriptedFetch {
    fetch: FetchFunction;
    requests: RecordedRequest[];
    /** Steps not yet consumed. */
    remaining(): number;
}

/**
 * A fetch that plays `steps` in order and fails the test loudly when the client sends more requests
 * than scripted. `{ hang: true }` never answers until the request's signal aborts, then rejects the
 * way node-fetch does; `{ networkError: "ECONNRESET" }` rejects with a node-fetch system FetchError.
 */
export function scriptedFetch(steps: ScriptStep[]): ScriptedFetch {
    const queue = [...steps];
    const requests: RecordedRequest[] = [];
    const fetch = (async (input: unknown, init?: { method?: string; headers?: Record<string, string>; body?: unknown; signal?: AbortSignal }) => {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(init?.headers ?? {})) {
            headers[name.toLowerCase()] = String(value);
        }
        const body = init?.body === undefined || init.body === null ? undefined : Buffer.from(init.body as Buffer);
        requests.push({ method: init?.method ?? "GET", url: String(input), headers, body });
        const step = queue.shift();
        if (step === undefined) {
            throw new Error(`scripted fetch: unscripted request #${requests.length} ${init?.method} ${String(input)}`);
        }
        if ("hang" in step) {
            return new Promise((_resolve, reject) => {
                const signal = init?.signal;
                if (!signal) {
                    reject(new Error("scripted fetch: a hanging step needs a signal"));
                    return;
                }
                signal.addEventListener("abort", () => {
                    const err = new Error("The user aborted a request.");
                    err.name = "AbortError";
                    reject(err);
                }, { once: true });
            });
        }
        if ("networkError" in step) {
            const cause = Object.assign(new Error(`connect ${step.networkError}`), { code: step.networkError });
            throw new FetchError(`request to ${String(input)} failed, reason: connect ${step.networkError}`, "system", cause);
        }
        const text = step.body === undefined ? "" : typeof step.body === "string" ? step.body : JSON.stringify(step.body);
        return new Response(text, { status: step.status, headers: step.headers ?? {} });
    }) as unknown as FetchFunction;
    return { fetch, requests, remaining: () => queue.length };
}

/** A clock whose time moves only when slept through; `sleeps` lists every requested delay in ms. */
export interface RecordingClock extends Clock {
    sleeps: number[];
    advance(ms: number): void;
}

/** Starts at `startMs` (default 2024-01-01T00:00:00Z). */
export function recordingClock(startMs = Date.UTC(2024, 0, 1)): RecordingClock {
    let nowMs = startMs;
    const sleeps: number[] = [];
    return {
        sleeps,
        now: () => nowMs,
        sleep: async (ms) => {
            sleeps.push(ms);
            nowMs += ms;
        },
        advance: (ms) => {
            nowMs += ms;
        },
    };
}
