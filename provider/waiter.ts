// The polling schedule shared by every wait: when to look again, and how a wait that ran out of
// time reports what it saw. Pure apart from the injected clock.
import { Clock } from "./clock";

export interface PollScheduleOptions {
    /** Delay before the second check; the first check is immediate. @default 250 */
    minDelayMs?: number;
    /** Cap of the delay while the wait is young. @default 1000 */
    maxDelayMs?: number;
    /** After this long, the cap rises to `lateMaxDelayMs`: long waits cost fewer calls. @default 120000 */
    lateAfterMs?: number;
    /** Cap of the delay once the wait is older than `lateAfterMs`. @default 5000 */
    lateMaxDelayMs?: number;
}

/**
 * Delay before check number `attempt` + 1 (attempt counts from 1), `elapsedMs` into the wait.
 *
 * Doubling from 250 ms to 1 s, without jitter: a job that becomes ready is seen within a second,
 * and a waiting job costs at most one call a second. Jitter would only lower the average delay
 * and so raise the call rate; the start of each wait is already random enough to spread the load.
 */
export function pollDelayMs(attempt: number, elapsedMs: number, options: PollScheduleOptions = {}): number {
    const minDelayMs = options.minDelayMs ?? 250;
    const cap = elapsedMs >= (options.lateAfterMs ?? 120_000) ? options.lateMaxDelayMs ?? 5_000 : options.maxDelayMs ?? 1_000;
    return Math.min(cap, minDelayMs * 2 ** Math.max(0, attempt - 1));
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
