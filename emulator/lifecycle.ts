// The job state machine (API §3), evaluated from timestamps. A job's status is a pure function of the
// segment it is in (starting, running, stopping, fixed), the segment's start time and the emulator's
// timing, so the status is exact at any instant, needs no timers and survives a restart of the
// emulator (the segment is what the state file stores). Owns no HTTP and no storage.
import { JOBSTAT_INIT, JOBSTAT_KILLED, JOBSTAT_KILLING, JOBSTAT_RUNNING, JOBSTAT_WAITING } from "../provider/job-status";

/** Timing of the state machine, in emulator milliseconds. */
export interface LifecycleTiming {
    /** Create/restart → RUNNING; WAITING from half of it. */
    startupMs: number;
    /** KILLING → KILLED. */
    stopMs: number;
    /** Length of one emulated hour (`3_600_000 / timeScale`), for `schedule.duration`. */
    hourMs: number;
}

/**
 * Where a job is in its life:
 * - `starting`: 1 at `sinceMs`, 7 at `sinceMs + startupMs/2`, `outcome` at `sinceMs + startupMs`
 *   (8, or a failure status 3/5/11). With `hold`, the job stays in `outcome` (1 or 7) forever.
 * - `running`: 8 since `sinceMs`; auto-stops after the schedule's hours when it has one.
 * - `stopping`: 9 since `sinceMs`; 12 after `stopMs` (unless `hold`).
 * - `fixed`: `status` until an operation or the control API changes it.
 */
export type Segment =
    | { kind: "starting"; sinceMs: number; outcome: number; hold: boolean }
    | { kind: "running"; sinceMs: number }
    | { kind: "stopping"; sinceMs: number; hold: boolean }
    | { kind: "fixed"; sinceMs: number; status: number };

/** One status a job entered, and when (emulator clock). */
export interface StatusChange {
    status: number;
    atMs: number;
}

/** The lifecycle part of a job record; `advance` mutates it. */
export interface LifecycleState {
    segment: Segment;
    status: number;
    history: StatusChange[];
    /** Auto-stop hours (`schedule.duration`); 0 or absent means no auto-stop. */
    autoStopHours?: number;
    /** Start of the current or last run (entering 8). */
    runStartMs?: number;
    /** End of the last run (leaving 8); absent while running. */
    runEndMs?: number;
}

/** Moves `state` to the status it has at `nowMs`, recording every status passed through with its exact time. */
export function advance(state: LifecycleState, nowMs: number, timing: LifecycleTiming): void {
    for (;;) {
        const seg = state.segment;
        switch (seg.kind) {
            case "starting": {
                if (seg.hold && seg.outcome === JOBSTAT_INIT) {
                    return;
                }
                const waitingAt = seg.sinceMs + timing.startupMs / 2;
                if (nowMs >= waitingAt && state.status === JOBSTAT_INIT) {
                    enter(state, JOBSTAT_WAITING, waitingAt);
                }
                if (seg.hold && seg.outcome === JOBSTAT_WAITING) {
                    return;
                }
                const doneAt = seg.sinceMs + timing.startupMs;
                if (nowMs < doneAt) {
                    return;
                }
                if (seg.outcome === JOBSTAT_RUNNING) {
                    startRun(state, doneAt);
                    continue;
                }
                state.segment = { kind: "fixed", sinceMs: doneAt, status: seg.outcome };
                enter(state, seg.outcome, doneAt);
                return;
            }
            case "running": {
                const hours = state.autoStopHours ?? 0;
                if (hours <= 0) {
                    return;
                }
                // Auto-stop goes through KILLING to KILLED, like a manual stop (our choice, API §3 / §7).
                const stopAt = seg.sinceMs + hours * timing.hourMs;
                if (nowMs < stopAt) {
                    return;
                }
                beginStop(state, stopAt, false);
                continue;
            }
            case "stopping": {
                const killedAt = seg.sinceMs + timing.stopMs;
                if (seg.hold || nowMs < killedAt) {
                    return;
                }
                state.segment = { kind: "fixed", sinceMs: killedAt, status: JOBSTAT_KILLED };
                enter(state, JOBSTAT_KILLED, killedAt);
                return;
            }
            case "fixed":
                return;
        }
    }
}

/** Starts (or restarts) the job at `atMs`, ending in `outcome` (8 or a failure) unless `hold`. */
export function beginStart(state: LifecycleState, atMs: number, outcome: number, hold: boolean): void {
    state.segment = { kind: "starting", sinceMs: atMs, outcome, hold };
    state.runStartMs = undefined;
    state.runEndMs = undefined;
    enter(state, JOBSTAT_INIT, atMs);
}

/** Begins stopping at `atMs` (status 9); closes the run if the job was running. */
export function beginStop(state: LifecycleState, atMs: number, hold: boolean): void {
    if (state.status === JOBSTAT_RUNNING && state.runEndMs === undefined && state.runStartMs !== undefined) {
        state.runEndMs = atMs;
    }
    state.segment = { kind: "stopping", sinceMs: atMs, hold };
    enter(state, JOBSTAT_KILLING, atMs);
}

/** Enters RUNNING at `atMs`; the auto-stop clock starts here. */
export function startRun(state: LifecycleState, atMs: number): void {
    state.segment = { kind: "running", sinceMs: atMs };
    state.runStartMs = atMs;
    state.runEndMs = undefined;
    enter(state, JOBSTAT_RUNNING, atMs);
}

/**
 * Forces `status` at `atMs` (control API). 1 and 7 continue to RUNNING, 8 runs (auto-stop applies) and
 * 9 continues to 12, unless `hold` pins them; every other status is fixed.
 */
export function force(state: LifecycleState, status: number, atMs: number, hold: boolean, timing: LifecycleTiming): void {
    if (status === JOBSTAT_INIT) {
        beginStart(state, atMs, hold ? JOBSTAT_INIT : JOBSTAT_RUNNING, hold);
        return;
    }
    if (status === JOBSTAT_WAITING) {
        closeRun(state, atMs);
        // Backdate the segment so the job is exactly halfway through its startup.
        state.segment = { kind: "starting", sinceMs: atMs - timing.startupMs / 2, outcome: hold ? JOBSTAT_WAITING : JOBSTAT_RUNNING, hold };
        enter(state, JOBSTAT_WAITING, atMs);
        return;
    }
    if (status === JOBSTAT_RUNNING) {
        startRun(state, atMs);
        if (hold) {
            state.segment = { kind: "fixed", sinceMs: atMs, status };
        }
        return;
    }
    if (status === JOBSTAT_KILLING) {
        beginStop(state, atMs, hold);
        return;
    }
    closeRun(state, atMs);
    state.segment = { kind: "fixed", sinceMs: atMs, status };
    enter(state, status, atMs);
}

/** Running time of the current or last run, in ms (`duration`, API §6.7). */
export function runningMs(state: LifecycleState, nowMs: number): number {
    if (state.runStartMs === undefined) {
        return 0;
    }
    return Math.max(0, (state.runEndMs ?? nowMs) - state.runStartMs);
}

/**
 * `remaining_duration` (undocumented, API §6.6; our choice): null without an auto-stop schedule;
 * otherwise the ms left before auto-stop: the whole schedule while starting, what is left while
 * running, and 0 once the job is stopping, stopped or failed.
 */
export function remainingMs(state: LifecycleState, nowMs: number, timing: LifecycleTiming): number | null {
    const hours = state.autoStopHours ?? 0;
    if (hours <= 0) {
        return null;
    }
    const total = hours * timing.hourMs;
    const seg = state.segment;
    if (seg.kind === "starting") {
        return total;
    }
    if (seg.kind === "running") {
        return Math.max(0, seg.sinceMs + total - nowMs);
    }
    return 0;
}

function closeRun(state: LifecycleState, atMs: number): void {
    if (state.runStartMs !== undefined && state.runEndMs === undefined) {
        state.runEndMs = atMs;
    }
}

function enter(state: LifecycleState, status: number, atMs: number): void {
    state.status = status;
    state.history.push({ status, atMs });
}
