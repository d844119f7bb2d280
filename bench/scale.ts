// Scale: one `up` of many VisualizationJobs through Pulumi's real dynamic-provider host (the
// LocalEngine), against an emulator that throttles the API. What matters to a user is how much
// longer the stack takes than its slowest job needs to start, whether anything fails, and how
// hard the provider leaned on the rate limit (429s and 5xx the emulator answered).
import * as path from "path";
import { emulatorStackConfig } from "../emulator/defaults";
import { startEmulator } from "../emulator/server";
import { LocalEngine, ResourceState } from "../examples/local-engine/engine";
import { VisualizationJob } from "../provider";
import { JOBSTAT_RUNNING } from "../provider/job-status";

export const ROOT = path.resolve(__dirname, "..");

export interface ScaleOptions {
    resources: number;
    startupMs: number;
    throttleRps: number;
}

export interface ScaleResult {
    resources: number;
    startupMs: number;
    throttleRps: number;
    /** `up` alone: program, checks, creates and waits (the host was started before). */
    wallMs: number;
    /** The longest create → RUNNING of any job, as the emulator recorded it. */
    slowestStartMs: number;
    /** From the start of `up` to the last job becoming RUNNING: the floor for any waiter. */
    lastRunningMs: number;
    /** From the start of `up` to the first and the last create the emulator accepted. */
    firstCreateMs: number;
    lastCreateMs: number;
    /** 429s by route: creates held back by the throttle versus waiters' looks. */
    throttledByRoute: Record<string, number>;
    hostStartMs: number;
    failures: number;
    errors: string[];
    /** 429s plus 5xx answered by the emulator. */
    retries: number;
    throttled: number;
    serverErrors: number;
    requests: { total: number; byRoute: Record<string, number> };
    /** The stack state, for the footprint bench. */
    state: ResourceState[];
}

export async function measureScale(options: ScaleOptions): Promise<ScaleResult> {
    const emu = await startEmulator({ startupMs: options.startupMs, throttleRps: options.throttleRps });
    const hostStarted = Date.now();
    const engine = await LocalEngine.start({
        cwd: ROOT,
        project: "bench",
        stack: "scale",
        config: emulatorStackConfig(emu.url),
        secretKeys: ["modelarts:secretKey"],
        // Progress lines of a hundred jobs; the numbers come from the emulator instead.
        onOutput: () => undefined,
    });
    const hostStartMs = Date.now() - hostStarted;
    try {
        const upStarted = Date.now();
        const result = await engine.up(() => {
            for (let i = 0; i < options.resources; i++) {
                new VisualizationJob(`job-${i}`, { jobName: `scale-${i}`, trainUrl: `/bench-bucket/scale/${i}/` });
            }
            return {};
        });
        const wallMs = Date.now() - upStarted;
        const jobs = emu.store.all();
        const runningAt = jobs.map((j) => j.history.find((h) => h.status === JOBSTAT_RUNNING)?.atMs);
        const starts = jobs.map((j, i) => (runningAt[i] === undefined ? NaN : (runningAt[i] as number) - j.createTimeMs));
        const ok = [...engine.state.values()].filter((r) => !r.initErrors && r.outputs.serviceUrl);
        const stats = emu.stats();
        const serverErrors = Object.entries(stats.requests.byStatus)
            .filter(([status]) => /^5\d\d$/.test(status))
            .reduce((sum, [, n]) => sum + n, 0);
        const throttledByRoute: Record<string, number> = {};
        for (const entry of emu.requestLog.query()) {
            if (entry.fault === "throttled") {
                throttledByRoute[entry.route] = (throttledByRoute[entry.route] ?? 0) + 1;
            }
        }
        // Not destroyed: `destroy` runs one resource at a time (about a second each with
        // deletionPolicy "stop"), which would double the bench for nothing it measures.
        return {
            resources: options.resources,
            startupMs: options.startupMs,
            throttleRps: options.throttleRps,
            wallMs,
            slowestStartMs: Math.max(...starts),
            lastRunningMs: Math.max(...runningAt.map((t) => (t === undefined ? NaN : t - upStarted))),
            firstCreateMs: Math.min(...jobs.map((j) => j.createTimeMs - upStarted)),
            lastCreateMs: Math.max(...jobs.map((j) => j.createTimeMs - upStarted)),
            throttledByRoute,
            hostStartMs,
            failures: options.resources - ok.length,
            errors: result.errors.map((e) => `${e.urn}: ${e.message}`),
            retries: stats.faults.throttled + serverErrors,
            throttled: stats.faults.throttled,
            serverErrors,
            requests: { total: stats.requests.total, byRoute: stats.requests.byRoute },
            state: [...engine.state.values()],
        };
    } finally {
        await engine.stop();
        await emu.close();
    }
}
