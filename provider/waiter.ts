// The polling schedule shared by every wait: when to look again, and how a wait that ran out of
// time reports what it saw. Pure apart from the injected clock.
import { Clock } from "./clock";

export interface PollScheduleOptions {
    /** Time between checks while the wait is young. @default 1000 */
    intervalMs?: number;
    /** After this long, checks space out to `lateIntervalMs`: long waits cost fewer calls. @default 120000 */
    lateAfterMs?: number;
    /** Time between checks once the wait is older than `lateAfterMs`. @default 5000 */
    lateIntervalMs?: number;
}

/**
 * Time between checks, `elapsedMs` into a wait.
 *
 * One second, without jitter: a job that becomes ready is seen within a second, and a waiting job
 * costs at most one call a second (API §4.4: the gateway counts calls). Nothing is checked at
 * once, because every wait starts right after an answer that already said where the job stands
 * (the create, stop, restart or delete it follows), and jobs take seconds to change. Jitter would
 * only raise the call rate; the start of each wait is random enough to spread the load.
 */
export function pollIntervalMs(elapsedMs: number, options: PollScheduleOptions = {}): number {
    return elapsedMs >= (options.lateAfterMs ?? 120_000) ? options.lateIntervalMs ?? 5_000 : options.intervalMs ?? 1_000;
}

/** Counts what a wait observed, so that a timeout can say `status 7 (JOBSTAT_WAITING) ×14`. */
export class ObservationTally {
    private readonly counts = new Map<string, number>();
    private lastObservation?: string;

    record(observation: string): void {
        this.counts.set(observation, (this.counts.get(observation) ?? 0) + 1);
        this.lastObservation = observation;
    }

    get last(): string | undefined {
        return this.lastObservation;
    }

    toString(): string {
        return [...this.counts].map(([what, n]) => (n > 1 ? `${what} ×${n}` : what)).join(", ") || "nothing";
    }
}

/** Milliseconds left before `deadlineMs`, never negative. */
export function remainingMs(clock: Clock, deadlineMs: number): number {
    return Math.max(0, deadlineMs - clock.now());
}
