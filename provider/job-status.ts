// The job status table (API §3) and the phase each status means for a visualization job.
// Pure data; shared by the provider and the emulator.

/** How a visualization job behaves in a status (API §3, the [inferred] class column). */
export type JobPhase = "pending" | "running" | "stopping" | "stopped" | "failed" | "unknown";

interface StatusInfo {
    name: string;
    phase: JobPhase;
}

/** Every documented status code with its documented name (API §3). */
export const JOB_STATUSES: Readonly<Record<number, StatusInfo>> = {
    0: { name: "JOBSTAT_UNKNOWN", phase: "unknown" },
    1: { name: "JOBSTAT_INIT", phase: "pending" },
    2: { name: "JOBSTAT_IMAGE_CREATING", phase: "pending" },
    3: { name: "JOBSTAT_IMAGE_FAILED", phase: "failed" },
    4: { name: "JOBSTAT_SUBMIT_TRYING", phase: "pending" },
    5: { name: "JOBSTAT_SUBMIT_FAILED", phase: "failed" },
    6: { name: "JOBSTAT_DELETE_FAILED", phase: "failed" },
    7: { name: "JOBSTAT_WAITING", phase: "pending" },
    8: { name: "JOBSTAT_RUNNING", phase: "running" },
    9: { name: "JOBSTAT_KILLING", phase: "stopping" },
    10: { name: "JOBSTAT_COMPLETED", phase: "stopped" },
    11: { name: "JOBSTAT_FAILED", phase: "failed" },
    12: { name: "JOBSTAT_KILLED", phase: "stopped" },
    13: { name: "JOBSTAT_CANCELED", phase: "stopped" },
    14: { name: "JOBSTAT_LOST", phase: "failed" },
    // 15 is transitional; the rest are not expected for visualization jobs (API §3).
    15: { name: "JOBSTAT_SCALING", phase: "pending" },
    16: { name: "JOBSTAT_SUBMIT_MODEL_FAILED", phase: "failed" },
    17: { name: "JOBSTAT_DEPLOY_SERVICE_FAILED", phase: "failed" },
    18: { name: "JOBSTAT_CHECK_INIT", phase: "pending" },
    19: { name: "JOBSTAT_CHECK_RUNNING", phase: "pending" },
    20: { name: "JOBSTAT_CHECK_RUNNING_COMPLETED", phase: "stopped" },
    21: { name: "JOBSTAT_CHECK_FAILED", phase: "failed" },
    22: { name: "MOUNT_FAILED", phase: "failed" },
};

export const JOBSTAT_INIT = 1;
export const JOBSTAT_WAITING = 7;
export const JOBSTAT_RUNNING = 8;
export const JOBSTAT_KILLING = 9;
export const JOBSTAT_KILLED = 12;

/** Statuses from which restart is allowed (API §3's [inferred] state machine). */
export const RESTARTABLE_STATUSES: ReadonlySet<number> = new Set([3, 5, 10, 11, 12, 13, 14]);

/** Statuses from which stop is allowed (API §3's [inferred] state machine). */
export const STOPPABLE_STATUSES: ReadonlySet<number> = new Set([1, 2, 4, 7, 8]);

/** The documented name of a status, or `STATUS_<n>` for a code the docs do not list. */
export function statusName(status: number): string {
    return JOB_STATUSES[status]?.name ?? `STATUS_${status}`;
}

/** The phase of a status; undocumented codes are "unknown" and are treated as transitional. */
export function phaseOf(status: number): JobPhase {
    return JOB_STATUSES[status]?.phase ?? "unknown";
}
