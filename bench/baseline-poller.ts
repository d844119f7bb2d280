// The baseline the provider is compared with: the Huawei Cloud Terraform provider's wait for a
// visualization job, a fixed 10 s delay after the create answer and then one details call every
// 10 s until the job runs. Built on this project's own client so that signing, retries and the
// emulator are identical and only the polling schedule differs.
import { Clock, systemClock } from "../provider/clock";
import { VisualizationJobClient } from "../provider/client";
import { JOBSTAT_RUNNING } from "../provider/job-status";
import { CreateVisualizationJobRequest } from "../provider/types";

export const BASELINE_DELAY_MS = 10_000;
export const BASELINE_INTERVAL_MS = 10_000;

export interface BaselineResult {
    jobId: string;
    /** Epoch ms when the create call was made and when the wait returned. */
    calledAtMs: number;
    returnedAtMs: number;
}

/** Creates the job, then waits Terraform-style; resolves once a details call shows it RUNNING with its URL. */
export async function createAndWaitBaseline(
    client: VisualizationJobClient,
    body: CreateVisualizationJobRequest,
    options: { timeoutMs?: number; clock?: Clock } = {},
): Promise<BaselineResult> {
    const clock = options.clock ?? systemClock;
    const calledAtMs = clock.now();
    const deadlineMs = calledAtMs + (options.timeoutMs ?? 15 * 60_000);
    const { jobId } = await client.createJob(body);
    await clock.sleep(BASELINE_DELAY_MS);
    for (;;) {
        const job = await client.getJob(jobId);
        if (job.status === JOBSTAT_RUNNING && job.serviceUrl) {
            return { jobId, calledAtMs, returnedAtMs: clock.now() };
        }
        if (clock.now() + BASELINE_INTERVAL_MS > deadlineMs) {
            throw new Error(`baseline: job ${jobId} not running before its deadline (status ${job.status})`);
        }
        await clock.sleep(BASELINE_INTERVAL_MS);
    }
}
