// Creates a job exactly once. A create whose answer was lost (timeout, dropped connection, 5xx)
// may or may not have taken effect, so before trying again the job is looked up by name: a job
// with this name and train_url created since the first attempt is ours and is adopted, never
// duplicated (house style §3.4).
import { Clock } from "./clock";
import { VisualizationJobClient } from "./client";
import { ApiError, isAmbiguous } from "./errors";
import { CreateVisualizationJobRequest, VisualizationJob } from "./types";

/** `ModelArts.0103`: the name is already in use (API §2.1, §6.11). */
export const NAME_IN_USE_CODE = "ModelArts.0103";

/** How many times an ambiguous create is tried before giving up, and the backoff between tries. */
const MAX_CREATE_ATTEMPTS = 8;
const CREATE_RETRY_BASE_DELAY_MS = 250;
const CREATE_RETRY_MAX_DELAY_MS = 5_000;

/** Our clock and the service's may disagree; a job this much older than our first try is not ours. */
const CLOCK_SKEW_ALLOWANCE_MS = 10 * 60_000;

/** Another job already has the name. Taking it over is what `adoptJobId` is for. */
export class NameInUseError extends Error {
    readonly name = "NameInUseError";
    readonly code = NAME_IN_USE_CODE;
    constructor(
        readonly jobName: string,
        readonly existingJobId: string | undefined,
        readonly cause?: ApiError,
    ) {
        super(
            `${NAME_IN_USE_CODE}: a visualization job named "${jobName}" already exists` +
                (existingJobId ? ` (job id ${existingJobId}); to manage it with this resource set adoptJobId: "${existingJobId}", or choose another jobName`
                    : "; choose another jobName") +
                (cause?.requestId ? ` (request ${cause.requestId})` : ""),
        );
    }
}

export interface CreatedJob {
    /** The job as the create's answer (or, after a lost answer, the list) reported it. */
    job: VisualizationJob;
    /** True when the create's answer was lost and the job was found by name instead. */
    recoveredByName: boolean;
}

/** Finds the live job with exactly this name; `search_content` matches substrings (API §2.2). */
export async function findJobByName(client: VisualizationJobClient, jobName: string): Promise<VisualizationJob | undefined> {
    const jobs = await client.listAllJobs({ search_content: jobName, per_page: 100, sortBy: "job_id", order: "asc" });
    return jobs.filter((job) => job.jobName === jobName).pop();
}

function isNameInUse(error: unknown): error is ApiError {
    return error instanceof ApiError && error.code === NAME_IN_USE_CODE;
}

export async function createJobOnce(
    client: VisualizationJobClient,
    body: CreateVisualizationJobRequest,
    clock: Clock,
    random: () => number = Math.random,
): Promise<CreatedJob> {
    const firstAttemptMs = clock.now();
    let answerLost = false;
    for (let attempt = 1; ; attempt++) {
        try {
            const created = await client.createJob(body);
            return { job: { ...created, trainUrl: body.train_url, jobDesc: body.job_desc }, recoveredByName: false };
        } catch (error) {
            if (!isAmbiguous(error) && !isNameInUse(error)) {
                throw error;
            }
            const existing = await findJobByName(client, body.job_name);
            if (answerLost || isAmbiguous(error)) {
                answerLost = true;
                if (existing && isOurs(existing, body, firstAttemptMs)) {
                    return { job: existing, recoveredByName: true };
                }
            }
            if (isNameInUse(error)) {
                throw new NameInUseError(body.job_name, existing?.jobId, error);
            }
            if (attempt >= MAX_CREATE_ATTEMPTS) {
                throw error;
            }
            // Full jitter, so that many creates failing together do not retry together.
            await clock.sleep(random() * Math.min(CREATE_RETRY_MAX_DELAY_MS, CREATE_RETRY_BASE_DELAY_MS * 2 ** (attempt - 1)));
        }
    }
}

function isOurs(job: VisualizationJob, body: CreateVisualizationJobRequest, firstAttemptMs: number): boolean {
    const recent = job.createTimeMs === undefined || job.createTimeMs >= firstAttemptMs - CLOCK_SKEW_ALLOWANCE_MS;
    const sameTrainUrl = job.trainUrl === undefined || job.trainUrl === body.train_url;
    return recent && sameTrainUrl;
}
