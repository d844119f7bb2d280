// Wire types of the ModelArts v1 visualization-job API (API §2), in the API's own snake_case,
// and the normalised shapes the client hands to the rest of the code. Pure declarations.

/** `schedule` entry as documented for create (API §2.1). */
export interface ScheduleWire {
    type: "stop";
    time_unit: "HOURS";
    duration: number;
}

/** Body of `POST /v1/{project_id}/visualization-jobs` (API §2.1). */
export interface CreateVisualizationJobRequest {
    job_name: string;
    job_desc?: string;
    train_url: string;
    job_type?: JobType;
    flavor?: { code: string };
    /** Sent as an array of one entry, like every official example (API §6.4). */
    schedule?: ScheduleWire[];
}

export type JobType = "tensorboard" | "mindinsight";

/** Query of `GET /v1/{project_id}/visualization-jobs` (API §2.2). */
export interface ListVisualizationJobsQuery {
    status?: number;
    page?: number;
    per_page?: number;
    sortBy?: "job_id" | "job_name" | "job_desc" | "create_time" | "status";
    order?: "asc" | "desc";
    search_content?: string;
}

/**
 * A visualization job as the client returns it, whatever endpoint it came from: numbers parsed from
 * numeric strings (API §6.1), `schedule` flattened to hours (API §6.4), absent fields as `undefined`.
 */
export interface VisualizationJob {
    jobId: string;
    jobName: string;
    status: number;
    createTimeMs?: number;
    durationMs?: number;
    jobDesc?: string;
    serviceUrl?: string;
    trainUrl?: string;
    resourceId?: string;
    jobType?: string;
    flavorCode?: string;
    /** `schedule.duration` in hours when the job has an auto-stop schedule. */
    autoStopHours?: number;
    /** `remaining_duration`: unit undocumented (API §6.6); null/absent means unknown. */
    remainingDuration?: number | null;
}

/** Normalised answer of create (API §2.1): `service_url` may be absent. */
export interface CreatedVisualizationJob {
    jobId: string;
    jobName: string;
    status: number;
    createTimeMs?: number;
    serviceUrl?: string;
}

/** Normalised answer of list (API §2.2). */
export interface VisualizationJobList {
    totalCount: number;
    jobCountLimit?: number;
    quotas?: number;
    jobs: VisualizationJob[];
}
