// Support for the fault suite: starts emulators and LocalEngines that are closed after each test,
// waits for conditions with deadlines, and computes the figures every scenario prints from the
// emulator's own records (its job store and request log), never from what the provider says.
import { emulatorStackConfig } from "../../emulator/defaults";
import { EmulatorOptions, RunningEmulator, startEmulator } from "../../emulator/server";
import { JobRecord } from "../../emulator/store";
import { LocalEngine } from "../../examples/local-engine/engine";

// The SDK creates its global store on first use; create it while the spec files load, so mocha's
// check-leaks sees it among the globals that existed before the tests ran.
(require("@pulumi/pulumi/runtime/state") as { getGlobalStore(): unknown }).getGlobalStore();

export const REPO_ROOT = require("path").resolve(__dirname, "..", "..");

/** The fault mix of the network scenarios: 20% 500/503, 5% lost answers, 20 requests a second. */
export const FAULTY_NETWORK = { errorRate: 0.2, dropRate: 0.05, throttleRps: 20 } as const;

/** Emulator timings short enough for a suite that runs in seconds. */
export const SHORT_TIMINGS = { startupMs: 400, stopMs: 200, deleteMs: 200 } as const;

/** A LocalEngine with the lines its provider host printed. */
export interface Stack {
    engine: LocalEngine;
    lines: string[];
}

export interface StackOptions {
    /** Stack config added to the emulator's endpoint, project and default keys; `undefined` removes a key. */
    config?: Record<string, string | undefined>;
    secretKeys?: string[];
    env?: NodeJS.ProcessEnv;
    stack?: string;
}

/**
 * Tracks every emulator and engine a test starts, and closes them in `afterEach` (engines first,
 * so no provider call is left talking to a closed emulator).
 */
export function useResources() {
    const emulators: RunningEmulator[] = [];
    const engines: LocalEngine[] = [];
    afterEach(async () => {
        await Promise.all(engines.splice(0).map((e) => e.stop()));
        await Promise.all(emulators.splice(0).map((e) => e.close()));
    });
    return {
        async emulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
            const emu = await startEmulator(options);
            emulators.push(emu);
            return emu;
        },
        async engine(emu: RunningEmulator, options: StackOptions = {}): Promise<Stack> {
            const lines: string[] = [];
            const merged: Record<string, string | undefined> = {
                ...emulatorStackConfig(emu.url),
                ...options.config,
            };
            const config = Object.fromEntries(Object.entries(merged).filter(([, v]) => v !== undefined)) as Record<string, string>;
            const engine = await LocalEngine.start({
                cwd: REPO_ROOT,
                project: "faults",
                stack: options.stack ?? "dev",
                config,
                secretKeys: options.secretKeys ?? ["modelarts:secretKey"],
                env: options.env,
                onOutput: (line) => lines.push(line),
            });
            engines.push(engine);
            return { engine, lines };
        },
        /** Stops an engine early (its entry in the list is removed). */
        async stopEngine(engine: LocalEngine): Promise<void> {
            const i = engines.indexOf(engine);
            if (i >= 0) {
                engines.splice(i, 1);
            }
            await engine.stop();
        },
        /** Closes an emulator early, e.g. to restart it. */
        async closeEmulator(emu: RunningEmulator): Promise<void> {
            const i = emulators.indexOf(emu);
            if (i >= 0) {
                emulators.splice(i, 1);
            }
            await emu.close();
        },
    };
}

/** The jobs that exist (not deleted) in the emulator's project, advanced to now. */
export function liveJobs(emu: RunningEmulator): JobRecord[] {
    return emu.store.all().filter((j) => !emu.store.isGone(j) && j.projectId === emu.projectId);
}

/** The figures a scenario prints, all from the emulator's records and the engine's state. */
export interface Figures {
    operations: number;
    faults: { throttled: number; errors: number; dropped: number };
    /** Faulted requests that the provider sent again (same method and path, later in the log). */
    retries: number;
    /** Names held by more than one live job. */
    duplicates: number;
    /** Live jobs that no resource in the state holds. */
    orphans: number;
    /** Resources in the state whose job does not exist. */
    lost: number;
}

export function figuresOf(emu: RunningEmulator, stacks: LocalEngine[]): Figures {
    const stats = emu.stats();
    const log = emu.requestLog.query();
    let retries = 0;
    log.forEach((entry, i) => {
        if (entry.fault && log.slice(i + 1).some((later) => later.method === entry.method && later.path === entry.path)) {
            retries += 1;
        }
    });
    const live = liveJobs(emu);
    const names = new Map<string, number>();
    live.forEach((j) => names.set(j.jobName, (names.get(j.jobName) ?? 0) + 1));
    const stateIds = new Set(stacks.flatMap((s) => [...s.state.values()].map((r) => r.id)));
    const liveIds = new Set(live.map((j) => String(j.jobId)));
    return {
        operations: stats.requests.total,
        faults: { throttled: stats.faults.throttled, errors: stats.faults.errors, dropped: stats.faults.dropped },
        retries,
        duplicates: [...names.values()].filter((n) => n > 1).length,
        orphans: live.filter((j) => !stateIds.has(String(j.jobId))).length,
        lost: [...stateIds].filter((id) => !liveIds.has(id)).length,
    };
}

/** Prints one summary line for a scenario. */
export function report(scenario: string, figures: Figures, extra: Record<string, unknown> = {}): void {
    const more = Object.entries(extra).map(([k, v]) => ` ${k}=${typeof v === "string" ? v : JSON.stringify(v)}`).join("");
    console.log(
        `      [figures] ${scenario}: operations=${figures.operations} faults(throttled=${figures.faults.throttled} ` +
            `errors=${figures.faults.errors} dropped=${figures.faults.dropped}) retries=${figures.retries} ` +
            `duplicates=${figures.duplicates} orphans=${figures.orphans} lost=${figures.lost}${more}`,
    );
}
