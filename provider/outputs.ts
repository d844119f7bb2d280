// Maps a job as the API reports it to the resource's outputs. Pure.
import { statusName } from "./job-status";
import { VisualizationJob } from "./types";

/** The outputs the provider computes, next to the inputs it echoes. */
export interface VisualizationJobOutputs {
    jobId: string;
    serviceUrl?: string;
    status: number;
    statusName: string;
    /** When the job was created, as an ISO 8601 timestamp. */
    createTime?: string;
    resourceId?: string;
    /** How long the job has run, in milliseconds (API §6.7). */
    duration?: number;
    /** `remaining_duration` as the API reports it; unit undocumented (API §6.6). */
    remainingDuration?: number | null;
}

export function outputsOf(job: VisualizationJob): VisualizationJobOutputs {
    return dropUndefined({
        jobId: job.jobId,
        serviceUrl: job.serviceUrl || undefined,
        status: job.status,
        statusName: statusName(job.status),
        createTime: job.createTimeMs !== undefined ? new Date(job.createTimeMs).toISOString() : undefined,
        resourceId: job.resourceId,
        duration: job.durationMs,
        remainingDuration: job.remainingDuration ?? null,
    });
}

/**
 * The inputs as the job really is, for refresh: out-of-band changes to the description show as a
 * diff against the program. Fields the API does not report keep the recorded value.
 */
export function observedInputsOf(job: VisualizationJob): Record<string, unknown> {
    return dropUndefined({
        jobName: job.jobName,
        trainUrl: job.trainUrl,
        jobDesc: job.jobDesc,
        jobType: job.jobType,
        flavorCode: job.flavorCode,
        autoStopHours: job.autoStopHours,
    });
}

/** Pulumi's property structs cannot hold `undefined`. */
export function dropUndefined<T extends object>(value: T): T {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
