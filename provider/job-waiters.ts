// Waits for a job to reach a phase: running (with its service URL), stopped, or gone. Each wait
// has a deadline, checks on a shared one-second grid (`pollIntervalMs`), and says what it saw.
import { Clock } from "./clock";
import { isAmbiguous, isThrottling } from "./errors";
import { JobObservation, JobWatcher } from "./job-watch";
import { phaseOf, statusName } from "./job-status";
import { ObservationTally, pollIntervalMs, remainingMs } from "./waiter";
import { VisualizationJob } from "./types";

export interface JobWaitOptions {
    watcher: JobWatcher;
    clock: Clock;
    /** Epoch milliseconds after which the wait gives up. */
    deadlineMs: number;
    /** The budget the deadline came from, for the error message. */
    timeoutMs: number;
    /** Called after each look; used for progress lines. */
    onObservation?: (observation: JobObservation) => void;
}

/** A wait that ended without the awaited state; carries the job as last seen. */
abstract class JobWaitError extends Error {
    constructor(
        message: string,
        readonly jobId: string,
        readonly status?: number,
        readonly job?: VisualizationJob,
    ) {
        super(message);
    }
}

/** The job reached a state from which the awaited one cannot follow (a failure status, or gone). */
export class JobFailedError extends JobWaitError {
    readonly name = "JobFailedError";
}

/** The deadline passed before the job reached the awaited state. */
export class JobWaitTimeoutError extends JobWaitError {
    readonly name = "JobWaitTimeoutError";
}

type Verdict = "done" | "retry" | { failure: string };

/** Describes a status the way every message of this provider does: `7 (JOBSTAT_WAITING)`. */
export function describeStatus(status: number): string {
    return `${status} (${statusName(status)})`;
}

/** Resolves with the job once it is RUNNING (8) and has a `service_url`. */
export async function waitUntilJobRunning(jobId: string, options: JobWaitOptions): Promise<VisualizationJob> {
    const observation = await waitForJob(jobId, "running", options, (o) => {
        if (o.gone) {
            return { failure: "the job no longer exists" };
        }
        const phase = phaseOf(o.job.status);
        if (phase === "running" && o.job.serviceUrl) {
            return "done";
        }
        if (phase === "failed") {
            return { failure: `the job failed with status ${describeStatus(o.job.status)}` };
        }
        if (phase === "stopped") {
            return { failure: `the job stopped with status ${describeStatus(o.job.status)} before it ran` };
        }
        return "retry";
    });
    return (observation as { job: VisualizationJob }).job;
}

/** Resolves once the job is no longer running or starting: stopped, failed, or gone. */
export async function waitUntilJobStopped(jobId: string, options: JobWaitOptions): Promise<JobObservation> {
    return waitForJob(jobId, "stopped", options, (o) => {
        if (o.gone) {
            return "done";
        }
        const phase = phaseOf(o.job.status);
        return phase === "stopped" || phase === "failed" ? "done" : "retry";
    });
}

/** Resolves once the job is gone from the API. */
export async function waitUntilJobGone(jobId: string, options: JobWaitOptions): Promise<void> {
    await waitForJob(jobId, "deleted", options, (o) => (o.gone ? "done" : "retry"));
}

async function waitForJob(
    jobId: string,
    awaited: string,
    options: JobWaitOptions,
    verdictOf: (observation: JobObservation) => Verdict,
): Promise<JobObservation> {
    const { clock, watcher, deadlineMs } = options;
    const startMs = clock.now();
    const tally = new ObservationTally();
    for (;;) {
        await clock.sleep(Math.min(remainingMs(clock, deadlineMs), untilNextTickMs(clock.now(), pollIntervalMs(clock.now() - startMs))));
        let observation: JobObservation;
        try {
            observation = await watcher.observe(jobId);
        } catch (error) {
            // The client already retried; a wait outlasts a bad minute of the API and only the
            // deadline ends it. Anything else (auth, a bad request) is not going to get better.
            if (!isTransient(error) || remainingMs(clock, deadlineMs) <= 0) {
                throw error;
            }
            tally.record(`error (${error instanceof Error ? error.message.split(":")[0] : "unknown"})`);
            continue;
        }
        options.onObservation?.(observation);
        tally.record(observation.gone ? "gone" : `status ${describeStatus(observation.job.status)}`);
        const verdict = verdictOf(observation);
        if (verdict === "done") {
            return observation;
        }
        const job = observation.gone ? undefined : observation.job;
        if (verdict !== "retry") {
            throw new JobFailedError(`job ${jobId} did not become ${awaited}: ${verdict.failure}`, jobId, job?.status, job);
        }
        if (remainingMs(clock, deadlineMs) <= 0) {
            const seconds = Math.round(options.timeoutMs / 1000);
            throw new JobWaitTimeoutError(
                `job ${jobId} not ${awaited} after ${seconds} s (status ${job ? describeStatus(job.status) : "gone"}); observed: ${tally}`,
                jobId,
                job?.status,
                job,
            );
        }
    }
}

/**
 * Time until the next multiple of `delayMs` on the clock. Aligning every waiter's checks to one
 * grid is what lets concurrent waits share a list call (see JobWatcher).
 */
function untilNextTickMs(nowMs: number, delayMs: number): number {
    return Math.floor(nowMs / delayMs) * delayMs + delayMs - nowMs;
}

function isTransient(error: unknown): boolean {
    return isAmbiguous(error) || isThrottling(error);
}
