// The emulator's start options, their defaults and their validation, resolved once into
// `ResolvedOptions`. Shared by server.ts (startEmulator) and cli.ts (flags).
import { Clock, systemClock } from "../provider/clock";
import { AuthConfig } from "./auth";
import {
    DEFAULT_ACCESS_KEY,
    DEFAULT_DELETE_MS,
    DEFAULT_HOST,
    DEFAULT_PROJECT_ID,
    DEFAULT_SECRET_KEY,
    DEFAULT_SEED,
    DEFAULT_STARTUP_MS,
    DEFAULT_STOP_MS,
    DEFAULT_TIME_SCALE,
} from "./defaults";
import { FailRule, FaultConfig, validateFaultPatch } from "./faults";

/** Options of {@link startEmulator}. Every duration is in emulator-clock milliseconds unless named otherwise. */
export interface EmulatorOptions {
    /** TCP port; 0 picks a free one. @default 0 */
    port?: number;
    /** Interface to bind. @default "127.0.0.1" */
    host?: string;
    /** The one project id served when auth is on (others get 403 `ModelArts.0210`). @default DEFAULT_PROJECT_ID */
    projectId?: string;
    /**
     * Credentials accepted, or `false` to accept every request unauthenticated (then any project id
     * is served, each with its own jobs).
     * @default { accessKey: DEFAULT_ACCESS_KEY, secretKey: DEFAULT_SECRET_KEY }
     */
    auth?: AuthConfig | false;
    /** Create/restart → RUNNING (WAITING from half of it). @default 3000 */
    startupMs?: number;
    /** KILLING → KILLED. @default 1000 */
    stopMs?: number;
    /** Delete accepted → job gone. @default 1000 */
    deleteMs?: number;
    /** Emulated hours and minutes last `real / timeScale` (auto-stop hours, AK lock minutes). @default 1 */
    timeScale?: number;
    /** Gateway limit in API requests per second; null means unlimited. @default null */
    throttleRps?: number | null;
    /** Probability in [0, 1] of a 500/503 answer that does not take effect. @default 0 */
    errorRate?: number;
    /** Probability in [0, 1] that the operation takes effect but the answer is lost. @default 0 */
    dropRate?: number;
    /** Milliseconds added before every API answer. @default 0 */
    latencyMs?: number;
    /** Rules deciding how new or restarted jobs end their startup, by train_url. @default [] */
    failRules?: FailRule[];
    /** JSON file the jobs persist to (atomically, after each change) and load from. @default undefined (memory only) */
    stateFile?: string;
    /** Seed of the fault PRNG. @default 1 */
    seed?: number;
    /** Clock of the job lifecycle, auth dates and the throttle window. @default systemClock */
    clock?: Clock;
    /** Receives human log lines (never secrets). @default undefined (silent) */
    log?: (line: string) => void;
}

/** Options with every default applied. */
export interface ResolvedOptions {
    port: number;
    host: string;
    projectId: string;
    auth: AuthConfig | false;
    startupMs: number;
    stopMs: number;
    deleteMs: number;
    timeScale: number;
    faults: FaultConfig;
    stateFile: string | undefined;
    seed: number;
    clock: Clock;
    log: (line: string) => void;
}

/** Applies defaults and validates; throws an Error naming the bad option. */
export function resolveOptions(options: EmulatorOptions = {}): ResolvedOptions {
    const port = options.port ?? 0;
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw new Error(`port must be an integer in [0, 65535], got ${port}`);
    }
    for (const name of ["startupMs", "stopMs", "deleteMs"] as const) {
        const v = options[name];
        if (v !== undefined && !(Number.isFinite(v) && v >= 0)) {
            throw new Error(`${name} must be a number >= 0, got ${v}`);
        }
    }
    const timeScale = options.timeScale ?? DEFAULT_TIME_SCALE;
    if (!(Number.isFinite(timeScale) && timeScale > 0)) {
        throw new Error(`timeScale must be a number > 0, got ${timeScale}`);
    }
    const seed = options.seed ?? DEFAULT_SEED;
    if (!Number.isInteger(seed)) {
        throw new Error(`seed must be an integer, got ${seed}`);
    }
    const auth = options.auth === undefined ? { accessKey: DEFAULT_ACCESS_KEY, secretKey: DEFAULT_SECRET_KEY } : options.auth;
    if (auth !== false && (!auth.accessKey || !auth.secretKey)) {
        throw new Error("auth needs a non-empty accessKey and secretKey (or auth: false)");
    }
    const faultPatch = validateFaultPatch({
        throttleRps: options.throttleRps ?? null,
        errorRate: options.errorRate ?? 0,
        dropRate: options.dropRate ?? 0,
        latencyMs: options.latencyMs ?? 0,
        failRules: options.failRules ?? [],
    });
    return {
        port,
        host: options.host ?? DEFAULT_HOST,
        projectId: options.projectId ?? DEFAULT_PROJECT_ID,
        auth: auth === false ? false : { ...auth },
        startupMs: options.startupMs ?? DEFAULT_STARTUP_MS,
        stopMs: options.stopMs ?? DEFAULT_STOP_MS,
        deleteMs: options.deleteMs ?? DEFAULT_DELETE_MS,
        timeScale,
        faults: faultPatch as FaultConfig,
        stateFile: options.stateFile,
        seed,
        clock: options.clock ?? systemClock,
        log: options.log ?? (() => undefined),
    };
}
