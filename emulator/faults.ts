// Injected faults: gateway throttling, server errors, dropped answers, added latency, and fail rules
// that decide how a job's startup ends. Draws come from a seeded PRNG so tests are reproducible.
// Owns the fault configuration and its decisions; server.ts applies them to requests.
import { JOBSTAT_INIT, JOBSTAT_RUNNING, JOBSTAT_WAITING } from "../provider/job-status";
import { StartOutcome } from "./store";

/** Statuses a fail rule may end a startup in: the documented startup failures (API §3). */
export const FAIL_STATUSES: ReadonlySet<number> = new Set([3, 5, 11]);
/** Statuses a rule may hold a starting job in forever ("stuck job"). */
export const HOLD_STATUSES: ReadonlySet<number> = new Set([JOBSTAT_INIT, JOBSTAT_WAITING]);

/**
 * Decides how new and restarted jobs whose `train_url` matches end their startup. Exactly one of
 * `trainUrlContains` (substring) and `trainUrlPattern` (regular expression source) is given.
 * `status` 3, 5 or 11 ends the startup in that failure instead of RUNNING; 1 or 7 holds the job in
 * that status forever (`hold` is implied for them and may be written out for clarity).
 */
export interface FailRule {
    trainUrlContains?: string;
    trainUrlPattern?: string;
    status: number;
    hold?: boolean;
}

/** Faults that can be changed at runtime (control API `/__emulator/faults`). */
export interface FaultConfig {
    /** Gateway limit in API requests per second (sliding 1 s window); null means unlimited. */
    throttleRps: number | null;
    /** Probability in [0, 1] that an API request is answered 500/503 without taking effect. */
    errorRate: number;
    /** Probability in [0, 1] that an API request takes effect but its socket is destroyed unanswered. */
    dropRate: number;
    /** Milliseconds added before every API answer. */
    latencyMs: number;
    /** Rules applied, first match wins, when a job is created or restarted. */
    failRules: FailRule[];
}

/** Faults off. */
export const NO_FAULTS: Readonly<FaultConfig> = { throttleRps: null, errorRate: 0, dropRate: 0, latencyMs: 0, failRules: [] };

/** Validates a fault patch from the control API or the options; throws an Error naming the field. */
export function validateFaultPatch(patch: unknown): Partial<FaultConfig> {
    if (typeof patch !== "object" || patch === null || Array.isArray(patch)) {
        throw new Error("faults must be a JSON object");
    }
    const p = patch as Record<string, unknown>;
    const out: Partial<FaultConfig> = {};
    for (const key of Object.keys(p)) {
        if (!(key in NO_FAULTS)) {
            throw new Error(`unknown fault field: ${key}`);
        }
    }
    if (p.throttleRps !== undefined) {
        if (p.throttleRps !== null && !(isFiniteNumber(p.throttleRps) && Number.isInteger(p.throttleRps) && p.throttleRps >= 1)) {
            throw new Error("throttleRps must be a positive integer or null");
        }
        out.throttleRps = p.throttleRps as number | null;
    }
    for (const key of ["errorRate", "dropRate"] as const) {
        if (p[key] !== undefined) {
            const v = p[key];
            if (!isFiniteNumber(v) || v < 0 || v > 1) {
                throw new Error(`${key} must be a number in [0, 1]`);
            }
            out[key] = v;
        }
    }
    if (p.latencyMs !== undefined) {
        if (!isFiniteNumber(p.latencyMs) || p.latencyMs < 0) {
            throw new Error("latencyMs must be a number >= 0");
        }
        out.latencyMs = p.latencyMs;
    }
    if (p.failRules !== undefined) {
        if (!Array.isArray(p.failRules)) {
            throw new Error("failRules must be an array");
        }
        out.failRules = p.failRules.map((r, i) => validateFailRule(r, `failRules[${i}]`));
    }
    return out;
}

function validateFailRule(rule: unknown, where: string): FailRule {
    if (typeof rule !== "object" || rule === null) {
        throw new Error(`${where} must be an object`);
    }
    const r = rule as Record<string, unknown>;
    const hasContains = typeof r.trainUrlContains === "string";
    const hasPattern = typeof r.trainUrlPattern === "string";
    if (hasContains === hasPattern) {
        throw new Error(`${where} needs exactly one of trainUrlContains and trainUrlPattern (strings)`);
    }
    if (hasPattern) {
        try {
            new RegExp(r.trainUrlPattern as string);
        } catch {
            throw new Error(`${where}.trainUrlPattern is not a valid regular expression`);
        }
    }
    const status = r.status;
    if (typeof status !== "number" || !(FAIL_STATUSES.has(status) || HOLD_STATUSES.has(status))) {
        throw new Error(`${where}.status must be 3, 5 or 11 (fail) or 1 or 7 (hold)`);
    }
    if (r.hold !== undefined && typeof r.hold !== "boolean") {
        throw new Error(`${where}.hold must be a boolean`);
    }
    const out: FailRule = { status };
    if (hasContains) {
        out.trainUrlContains = r.trainUrlContains as string;
    } else {
        out.trainUrlPattern = r.trainUrlPattern as string;
    }
    if (r.hold !== undefined) {
        out.hold = r.hold as boolean;
    }
    return out;
}

/** mulberry32: small, fast and good enough for fault draws; the same seed gives the same sequence. */
export function createPrng(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

/** The current fault configuration and the state its decisions need (throttle window, PRNG). */
export class FaultInjector {
    private config: FaultConfig;
    private random: () => number;
    private window: number[] = [];
    private nextServerError: 500 | 503 = 500;

    constructor(private readonly initial: FaultConfig, private readonly seed: number) {
        this.config = cloneFaults(initial);
        this.random = createPrng(seed);
    }

    get current(): FaultConfig {
        return cloneFaults(this.config);
    }

    /** Replaces the whole configuration: fields not given are off (PUT). */
    replace(patch: Partial<FaultConfig>): FaultConfig {
        this.config = cloneFaults({ ...NO_FAULTS, ...patch });
        return this.current;
    }

    /** Changes only the given fields (PATCH, `setFaults`). */
    update(patch: Partial<FaultConfig>): FaultConfig {
        this.config = cloneFaults({ ...this.config, ...patch });
        return this.current;
    }

    /** Back to the start options, fresh window and PRNG (control reset). */
    reset(): void {
        this.config = cloneFaults(this.initial);
        this.random = createPrng(this.seed);
        this.window = [];
        this.nextServerError = 500;
    }

    /**
     * Admits an API request into the sliding 1 s window, or returns the `Retry-After` seconds if the
     * window is full. Rejected requests do not count, so a client that backs off gets through.
     */
    admit(nowMs: number): { admitted: true } | { admitted: false; retryAfterS: number; limit: number } {
        const limit = this.config.throttleRps;
        this.window = this.window.filter((t) => t > nowMs - 1000);
        if (limit !== null && this.window.length >= limit) {
            const retryAfterS = Math.max(1, Math.ceil((this.window[0] + 1000 - nowMs) / 1000));
            return { admitted: false, retryAfterS, limit };
        }
        this.window.push(nowMs);
        return { admitted: true };
    }

    /** Draws whether to answer a server error; 500 and 503 alternate so both are exercised. */
    drawServerError(): 500 | 503 | undefined {
        if (this.config.errorRate <= 0 || this.random() >= this.config.errorRate) {
            return undefined;
        }
        const status = this.nextServerError;
        this.nextServerError = status === 500 ? 503 : 500;
        return status;
    }

    /** Draws whether to drop the answer (after the operation took effect). */
    drawDrop(): boolean {
        return this.config.dropRate > 0 && this.random() < this.config.dropRate;
    }

    get latencyMs(): number {
        return this.config.latencyMs;
    }

    /** How a job with this train_url ends its startup: the first matching rule, else RUNNING. */
    startOutcome(trainUrl: string): StartOutcome {
        for (const rule of this.config.failRules) {
            const matches = rule.trainUrlContains !== undefined
                ? trainUrl.includes(rule.trainUrlContains)
                : new RegExp(rule.trainUrlPattern as string).test(trainUrl);
            if (matches) {
                return { outcome: rule.status, hold: HOLD_STATUSES.has(rule.status) || rule.hold === true };
            }
        }
        return { outcome: JOBSTAT_RUNNING, hold: false };
    }
}

function cloneFaults(config: FaultConfig): FaultConfig {
    return { ...config, failRules: config.failRules.map((r) => ({ ...r })) };
}

function isFiniteNumber(v: unknown): v is number {
    return typeof v === "number" && Number.isFinite(v);
}
