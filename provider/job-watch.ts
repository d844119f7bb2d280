// Looks up the current state of jobs for the waiters. Waiters of one provider process that look at
// the same moment share one list call (API §2.2) instead of making one details call each, so a
// stack of a hundred jobs stays far below the gateway's rate limit.
import { VisualizationJobClient } from "./client";
import { isNotFound } from "./errors";
import { VisualizationJob } from "./types";

/** What one look at a job found: the job, or that it no longer exists. */
export type JobObservation = { gone: false; job: VisualizationJob } | { gone: true };

interface Pending {
    jobId: string;
    resolve: (observation: JobObservation) => void;
    reject: (error: unknown) => void;
}

/**
 * Batches concurrent lookups: callers that arrive in the same turn of the event loop, or while a
 * lookup is in flight, are served together by the next one. A lone caller costs one details call;
 * several cost one list walk. A job missing from the list is confirmed by a details call, so a
 * list that lags behind a create never reads as "gone".
 */
export class JobWatcher {
    private queue: Pending[] = [];
    private running = false;

    constructor(private readonly client: VisualizationJobClient) {}

    observe(jobId: string): Promise<JobObservation> {
        return new Promise((resolve, reject) => {
            this.queue.push({ jobId, resolve, reject });
            if (!this.running) {
                this.running = true;
                setImmediate(() => void this.drain());
            }
        });
    }

    private async drain(): Promise<void> {
        while (this.queue.length > 0) {
            const batch = this.queue;
            this.queue = [];
            const jobIds = new Set(batch.map((p) => p.jobId));
            try {
                const found = jobIds.size === 1 ? await this.lookUpOne([...jobIds][0]) : await this.lookUpMany(jobIds);
                for (const p of batch) {
                    p.resolve(found.get(p.jobId) ?? { gone: true });
                }
            } catch (error) {
                batch.forEach((p) => p.reject(error));
            }
        }
        this.running = false;
    }

    private async lookUpOne(jobId: string): Promise<Map<string, JobObservation>> {
        return new Map([[jobId, await this.details(jobId)]]);
    }

    private async lookUpMany(jobIds: Set<string>): Promise<Map<string, JobObservation>> {
        const found = new Map<string, JobObservation>();
        const jobs = await this.client.listAllJobs({ sortBy: "job_id", order: "asc" });
        for (const job of jobs) {
            if (jobIds.has(job.jobId)) {
                found.set(job.jobId, { gone: false, job });
            }
        }
        for (const jobId of jobIds) {
            if (!found.has(jobId)) {
                found.set(jobId, await this.details(jobId));
            }
        }
        return found;
    }

    private async details(jobId: string): Promise<JobObservation> {
        try {
            return { gone: false, job: await this.client.getJob(jobId) };
        } catch (error) {
            if (isNotFound(error)) {
                return { gone: true };
            }
            throw error;
        }
    }
}
