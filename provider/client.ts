// VisualizationJobClient: one method per operation of the ModelArts v1 visualization-job API (API §2),
// on top of the HTTP pipeline. Reads no environment; config.ts decides what to pass in.
import nodeFetch from "node-fetch";
import { Clock, systemClock } from "./clock";
import { normaliseCreatedJob, normaliseJob, normaliseJobList } from "./envelope";
import { checkEndpoint } from "./endpoint";
import { AttemptEvent, ClientAuth, FetchFunction, HttpPipeline } from "./http";
import { DEFAULT_RETRY_OPTIONS, RetryOptions } from "./retry";
import { encodeRfc3986 } from "./signer";
import type {
    CreateVisualizationJobRequest,
    CreatedVisualizationJob,
    ListVisualizationJobsQuery,
    VisualizationJob,
    VisualizationJobList,
} from "./types";

export type { AttemptEvent, ClientAuth, FetchFunction } from "./http";
export type { RetryOptions } from "./retry";

/** Settings of a {@link VisualizationJobClient}. */
export interface ClientOptions {
    /** `https://host[:port]` (http only on loopback); see `checkEndpoint` and `endpointForRegion`. */
    endpoint: string;
    /** The project id of the region (API §5.3). */
    projectId: string;
    auth: ClientAuth;
    /** Per attempt, reading the body included. @default 30000 */
    timeoutMs?: number;
    /** @default {@link DEFAULT_RETRY_OPTIONS}: 4 attempts, 500 ms base, 20000 ms cap, 120000 ms budget */
    retry?: Partial<RetryOptions>;
    /** Dates for signing, backoff sleeps and the budget. @default systemClock */
    clock?: Clock;
    /** Jitter source in [0, 1). @default Math.random */
    random?: () => number;
    /** @default node-fetch */
    fetch?: FetchFunction;
    /** Called after every attempt, e.g. to count retries; never receives a credential. */
    onAttempt?: (event: AttemptEvent) => void;
}

/** Page size `listAllJobs` uses: the 2019/SDK maximum, which every deployment accepts (API §6.12). */
export const LIST_ALL_PAGE_SIZE = 100;

/** Page size `listJobs` sends when the caller gives none; always explicit (API §6.12). */
export const DEFAULT_PAGE_SIZE = 100;

/**
 * Client of the ModelArts visualization-job API. Stateless apart from its options: every call signs,
 * times out and retries on its own.
 *
 * Retry policy per operation: get, list, update, delete, stop and restart are retried on throttling,
 * 408, 5xx, network errors and timeouts; create only on gateway throttling or a refused connection.
 * Stop and restart are POSTs but are treated as idempotent: repeating one that did take effect can only
 * earn `ModelArts.0105` (wrong state, API §3), never a second job; such an error carries
 * `afterAmbiguousAttempt: true` so the caller can check the job's status instead of failing.
 */
export class VisualizationJobClient {
    private readonly pipeline: HttpPipeline;
    private readonly basePath: string;

    constructor(options: ClientOptions) {
        const endpoint = checkEndpoint(options.endpoint);
        if (!/^[A-Za-z0-9_-]+$/.test(options.projectId ?? "")) {
            throw new Error(`project id "${options.projectId}" is empty or has characters other than letters, digits, _ and -`);
        }
        checkAuth(options.auth);
        const retry: RetryOptions = { ...DEFAULT_RETRY_OPTIONS, ...definedOnly(options.retry ?? {}) };
        if (!(retry.maxAttempts >= 1)) {
            throw new Error(`retry.maxAttempts must be at least 1, got ${retry.maxAttempts}`);
        }
        this.basePath = `/v1/${options.projectId}/visualization-jobs`;
        this.pipeline = new HttpPipeline({
            endpoint,
            projectId: options.projectId,
            auth: options.auth,
            timeoutMs: options.timeoutMs ?? 30_000,
            retry,
            clock: options.clock ?? systemClock,
            random: options.random ?? Math.random,
            fetch: options.fetch ?? nodeFetch,
            onAttempt: options.onAttempt,
        });
    }

    /**
     * `POST /visualization-jobs` (API §2.1). Not repeated after an ambiguous failure: a timeout, reset
     * or 5xx rejects with an error for which `isAmbiguous()` is true, and the caller should look the
     * job up by name before creating again.
     */
    createJob(body: CreateVisualizationJobRequest): Promise<CreatedVisualizationJob> {
        return this.pipeline.send({
            operation: `create visualization job "${body.job_name}"`,
            method: "POST",
            path: this.basePath,
            body,
            mode: "at-most-once",
            decode: (envelope) => normaliseCreatedJob(envelope.body, body.job_name),
        });
    }

    /** `GET /visualization-jobs/{job_id}` (API §2.3). A missing job rejects with `isNotFound()` true. */
    getJob(jobId: string): Promise<VisualizationJob> {
        return this.pipeline.send({
            operation: `get visualization job ${jobId}`,
            method: "GET",
            path: this.jobPath(jobId),
            mode: "idempotent",
            decode: (envelope) => normaliseJob(envelope.body),
        });
    }

    /**
     * One page of `GET /visualization-jobs` (API §2.2). Always sends `page`, `per_page`, `sortBy` and
     * `order`, because their defaults changed between doc versions (API §6.12).
     *
     * @param query defaults: page 1, per_page {@link DEFAULT_PAGE_SIZE}, sortBy job_id, order asc.
     */
    listJobs(query: ListVisualizationJobsQuery = {}): Promise<VisualizationJobList> {
        const params: Array<[string, string]> = [
            ["page", String(query.page ?? 1)],
            ["per_page", String(query.per_page ?? DEFAULT_PAGE_SIZE)],
            // sortBy, not sort_by, against the REST API (API §2.2).
            ["sortBy", query.sortBy ?? "job_id"],
            ["order", query.order ?? "asc"],
        ];
        if (query.status !== undefined) {
            params.push(["status", String(query.status)]);
        }
        if (query.search_content !== undefined) {
            params.push(["search_content", query.search_content]);
        }
        return this.pipeline.send({
            operation: "list visualization jobs",
            method: "GET",
            path: this.basePath,
            query: params,
            mode: "idempotent",
            decode: (envelope) => normaliseJobList(envelope.body),
        });
    }

    /**
     * Every job matching `query`, page by page, until `job_total_count` jobs are seen or a page comes
     * back short. A job seen twice (pages shift when jobs are created meanwhile) is returned once.
     */
    async listAllJobs(query: Omit<ListVisualizationJobsQuery, "page"> = {}): Promise<VisualizationJob[]> {
        const perPage = query.per_page ?? LIST_ALL_PAGE_SIZE;
        const byId = new Map<string, VisualizationJob>();
        for (let page = 1; ; page++) {
            const result = await this.listJobs({ ...query, page, per_page: perPage });
            for (const job of result.jobs) {
                if (!byId.has(job.jobId)) {
                    byId.set(job.jobId, job);
                }
            }
            if (result.jobs.length < perPage || page * perPage >= result.totalCount) {
                return [...byId.values()];
            }
        }
    }

    /** `PUT /visualization-jobs/{job_id}` with `{"job_desc": …}` (API §2.4). */
    async updateJobDescription(jobId: string, jobDesc: string): Promise<void> {
        await this.pipeline.send({
            operation: `update description of visualization job ${jobId}`,
            method: "PUT",
            path: this.jobPath(jobId),
            body: { job_desc: jobDesc },
            mode: "idempotent",
            decode: () => undefined,
        });
    }

    /** `DELETE /visualization-jobs/{job_id}` (API §2.5); asynchronous, the job disappears later. */
    async deleteJob(jobId: string): Promise<void> {
        await this.pipeline.send({
            operation: `delete visualization job ${jobId}`,
            method: "DELETE",
            path: this.jobPath(jobId),
            mode: "idempotent",
            decode: () => undefined,
        });
    }

    /** `POST /visualization-jobs/{job_id}/stop` with no body (API §2.6); asynchronous. */
    async stopJob(jobId: string): Promise<void> {
        await this.pipeline.send({
            operation: `stop visualization job ${jobId}`,
            method: "POST",
            path: `${this.jobPath(jobId)}/stop`,
            // Idempotent in effect: see the class comment.
            mode: "idempotent",
            decode: () => undefined,
        });
    }

    /** `POST /visualization-jobs/{job_id}/restart` with no body (API §2.7); asynchronous. */
    async restartJob(jobId: string): Promise<void> {
        await this.pipeline.send({
            operation: `restart visualization job ${jobId}`,
            method: "POST",
            path: `${this.jobPath(jobId)}/restart`,
            // Idempotent in effect: see the class comment.
            mode: "idempotent",
            decode: () => undefined,
        });
    }

    private jobPath(jobId: string): string {
        if (jobId === "") {
            throw new Error("job id is empty");
        }
        return `${this.basePath}/${encodeRfc3986(jobId)}`;
    }
}

function checkAuth(auth: ClientAuth): void {
    if (auth?.kind === "aksk") {
        if (!auth.accessKey || !auth.secretKey) {
            throw new Error("AK/SK auth needs both accessKey and secretKey");
        }
    } else if (auth?.kind === "token") {
        if (!auth.token) {
            throw new Error("token auth needs a token");
        }
    } else {
        throw new Error(`auth.kind must be "aksk" or "token"`);
    }
}

function definedOnly<T extends object>(value: T): Partial<T> {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
