// What the provider does, loaded at run time by the serialized stub (provider-stub.ts) inside
// Pulumi's dynamic-provider host. Keeping the logic here, not in the closure, keeps `__provider`
// small and lets a fixed version of this package reach resources created by an older one
// (Pulumi §6.3). The exported names and signatures are a contract with every state file that
// holds a stub: change them only additively.
import * as crypto from "crypto";
import { systemClock } from "./clock";
import { ClientAuth, VisualizationJobClient } from "./client";
import { createJobOnce } from "./create-job";
import { checkEndpoint } from "./endpoint";
import { ApiError, isAuthError, isNotFound } from "./errors";
import { checkInputs, DeletionPolicy, timeoutMsOf, UNKNOWN_VALUE, VisualizationJobInputs } from "./inputs";
import { JobWatcher } from "./job-watch";
import { JobFailedError, JobWaitOptions, JobWaitTimeoutError, waitUntilJobGone, waitUntilJobRunning, waitUntilJobStopped } from "./job-waiters";
import { JOBSTAT_KILLING, phaseOf, statusName } from "./job-status";
import { dropUndefined, observedInputsOf, outputsOf } from "./outputs";
import { ProgressReporter } from "./progress";
import { readStackSettings, resolveSettings, StackSettings } from "./settings";
import { CreateVisualizationJobRequest, VisualizationJob } from "./types";

type Props = Record<string, any>;

/** The operations that wait for a job, each with its own `timeouts` entry. */
type WaitingOperation = "create" | "update";

/** Inputs whose change needs a new job: the API can only update the description (API §2.4). */
const REPLACE_ON_CHANGE = ["jobName", "trainUrl", "jobType", "flavorCode", "autoStopHours", "region", "projectId"] as const;
/** Inputs changed in place: the description through the API, the rest in state alone. */
const UPDATE_IN_PLACE = ["jobDesc", "desiredState", "deletionPolicy", "timeouts", "endpoint"] as const;

/**
 * A job exists but did not reach the state asked for. Pulumi's host turns an error with `id` into
 * a partial failure: the job stays in state and the next `pulumi up` resumes it in `update`
 * (Pulumi §6.7). `properties` must hold `__provider`, which is why they start from the inputs.
 */
export class ResourceInitError extends Error {
    readonly name = "ResourceInitError";
    constructor(
        message: string,
        readonly id: string,
        readonly properties: Props,
        readonly reasons: string[],
    ) {
        super(message);
    }
}

/**
 * Jobs that `diff` found must be replaced. Delete cannot tell a replace from a destroy (the engine
 * sends the same request), and deletionPolicy "stop" is about destroy: a replaced job that is only
 * stopped keeps its name, so the replacement cannot be created (API §6.11) and the old job is left
 * behind. The engine calls Diff and then Delete for a replace in the same host process.
 */
const replacedJobs = new Set<string>();

// One watcher per API identity for the whole host process, so concurrent waits share list calls.
const watchers = new Map<string, JobWatcher>();

interface Session {
    client: VisualizationJobClient;
    watcher: JobWatcher;
    projectId: string;
    authKind: ClientAuth["kind"];
}

function openSession(stack: StackSettings, inputs: Props): Session {
    const settings = resolveSettings(stack, { region: inputs.region, projectId: inputs.projectId, endpoint: inputs.endpoint });
    checkEndpoint(settings.endpoint);
    const client = new VisualizationJobClient({
        endpoint: settings.endpoint,
        projectId: settings.projectId,
        auth: settings.auth,
        // A deployment outlasts a bad minute of the API: more attempts than an interactive client.
        retry: { maxAttempts: 10, budgetMs: 180_000 },
    });
    // Keyed by a digest of the credentials, so a rotated key gets a watcher with the new key.
    const key = crypto.createHash("sha256").update(JSON.stringify([settings.endpoint, settings.projectId, settings.auth])).digest("hex");
    let watcher = watchers.get(key);
    if (!watcher) {
        watcher = new JobWatcher(client);
        watchers.set(key, watcher);
    }
    return { client, watcher, projectId: settings.projectId, authKind: settings.auth.kind };
}

function waitOptions(session: Session, timeoutMs: number, progress?: ProgressReporter): JobWaitOptions {
    return {
        watcher: session.watcher,
        clock: systemClock,
        deadlineMs: systemClock.now() + timeoutMs,
        timeoutMs,
        onObservation: progress ? (o) => progress.observe(o) : undefined,
    };
}

export function configure(config: { get(key: string): string | undefined }): StackSettings {
    return readStackSettings(config);
}

export async function check(_olds: Props, news: Props) {
    const { inputs, failures } = checkInputs(news);
    return { inputs, failures };
}

export async function diff(id: string, olds: Props, news: Props) {
    const changed = (key: string) => news[key] === UNKNOWN_VALUE || JSON.stringify(olds[key]) !== JSON.stringify(news[key]);
    const replaces: string[] = REPLACE_ON_CHANGE.filter(changed);
    if (news.adoptJobId !== undefined && news.adoptJobId !== olds.jobId) {
        replaces.push("adoptJobId");
    }
    const updates = UPDATE_IN_PLACE.filter(changed);
    const phase = typeof olds.status === "number" ? phaseOf(olds.status) : undefined;
    // Refresh records the real status: a job stopped behind our back (auto-stop included) is a
    // change only if the program wants it running, and a job that runs against the program's
    // wish is one too.
    const stateDrift =
        (news.desiredState ?? "running") === "running" ? phase !== undefined && phase !== "running" : phase === "running" || phase === "pending";
    const codeChanged = olds.__provider !== news.__provider;
    if (replaces.length > 0) {
        replacedJobs.add(id);
    }
    return {
        changes: replaces.length > 0 || updates.length > 0 || stateDrift || codeChanged,
        replaces,
        // Names are unique (API §6.11): the old job must go before a new one can take its name.
        deleteBeforeReplace: replaces.length > 0 && (news.jobName === olds.jobName || news.jobName === UNKNOWN_VALUE),
    };
}

export async function create(stack: StackSettings, inputs: Props) {
    const session = openSession(stack, inputs);
    return explainingCredentials(session, () => createIn(session, inputs));
}

async function createIn(session: Session, inputs: Props) {
    const args = inputs as VisualizationJobInputs;
    const timeoutMs = timeoutMsOf(args, "create");
    const startedMs = systemClock.now();
    const found = args.adoptJobId ? await adopt(session, args) : (await createJobOnce(session.client, createRequestOf(args), systemClock)).job;
    const jobId = found.jobId;
    const progress = new ProgressReporter(args.jobName, jobId, startedMs);
    progress.observe({ gone: false, job: found }, args.adoptJobId ? "adopted" : "created");
    const options = waitOptions(session, timeoutMs - (systemClock.now() - startedMs), progress);
    const job = await converge(session, jobId, inputs, "create", options, found);
    progress.line(job.serviceUrl ? `ready at ${job.serviceUrl}` : statusName(job.status));
    return { id: jobId, outs: dropUndefined({ ...inputs, ...outputsOf(job) }) };
}

export async function read(stack: StackSettings, id: string, props: Props) {
    const session = openSession(stack, props);
    return explainingCredentials(session, () => readIn(session, id, props));
}

async function readIn(session: Session, id: string, props: Props) {
    const job = await findJob(session, id, props);
    if (!job) {
        // An empty id tells the engine the job is gone and refresh drops it (Pulumi §6.5).
        return { id: "", props: {} };
    }
    return { id, props: dropUndefined({ ...props, ...observedInputsOf(job), ...outputsOf(job) }) };
}

export async function update(stack: StackSettings, id: string, olds: Props, news: Props) {
    const session = openSession(stack, news);
    return explainingCredentials(session, () => updateIn(session, id, olds, news));
}

async function updateIn(session: Session, id: string, olds: Props, news: Props) {
    const args = news as VisualizationJobInputs;
    const startedMs = systemClock.now();
    const progress = new ProgressReporter(args.jobName, id, startedMs);
    const current = await findJob(session, id, olds);
    if (!current) {
        throw new Error(
            `visualization job ${id} ("${olds.jobName}") no longer exists; run \`pulumi refresh\` to drop it from the stack, then \`pulumi up\` creates it again`,
        );
    }
    if ((current.jobDesc ?? "") !== (args.jobDesc ?? "")) {
        await session.client.updateJobDescription(id, args.jobDesc ?? "");
        progress.line("description updated");
    }
    const job = await converge(session, id, news, "update", waitOptions(session, timeoutMsOf(args, "update"), progress), current);
    return { outs: dropUndefined({ ...news, ...outputsOf(job) }) };
}

export async function del(stack: StackSettings, id: string, props: Props) {
    const replaced = replacedJobs.delete(id);
    const declared: DeletionPolicy = props.deletionPolicy ?? "stop";
    // A replaced job is superseded, not destroyed: "stop" becomes "delete"; "retain" still keeps it.
    const policy: DeletionPolicy = replaced && declared === "stop" ? "delete" : declared;
    const name = props.jobName ?? id;
    if (policy === "retain") {
        console.log(`[modelarts] ${name} (job ${id}): left in place (deletionPolicy "retain")`);
        return;
    }
    const session = openSession(stack, props);
    return explainingCredentials(session, () => deleteIn(session, id, props, policy, name));
}

async function deleteIn(session: Session, id: string, props: Props, policy: DeletionPolicy, name: string) {
    const options = waitOptions(session, timeoutMsOf(props as VisualizationJobInputs, "delete"));
    const job = await findJob(session, id, props);
    if (!job) {
        return; // already gone: the goal of a delete
    }
    if (policy === "stop") {
        if (phaseOf(job.status) === "running" || phaseOf(job.status) === "pending") {
            await tolerateWrongState(() => session.client.stopJob(id));
        }
        await waitUntilJobStopped(id, options);
        console.log(`[modelarts] ${name} (job ${id}): stopped (deletionPolicy "stop")`);
        return;
    }
    // The API refuses to delete a job that is being stopped (API §2.5); any other state is fine.
    if (job.status === JOBSTAT_KILLING) {
        await waitUntilJobStopped(id, options);
    }
    try {
        await tolerateNotFound(() => session.client.deleteJob(id));
    } catch (error) {
        if (!(error instanceof ApiError && error.code === "ModelArts.0105")) {
            throw error;
        }
        await waitUntilJobStopped(id, options); // it started stopping since we looked
        await tolerateNotFound(() => session.client.deleteJob(id));
    }
    await waitUntilJobGone(id, options);
    console.log(`[modelarts] ${name} (job ${id}): deleted`);
}

/**
 * Brings an existing job to the desired state and returns it. A wait that fails becomes a
 * ResourceInitError holding the job, so it is never orphaned.
 */
async function converge(session: Session, id: string, inputs: Props, operation: WaitingOperation, options: JobWaitOptions, known?: VisualizationJob) {
    let job = known;
    try {
        if (inputs.desiredState === "stopped") {
            job ??= await session.client.getJob(id);
            const phase = phaseOf(job.status);
            if (phase === "stopped" || phase === "failed") {
                return job;
            }
            if (phase === "running" || phase === "pending") {
                await tolerateWrongState(() => session.client.stopJob(id));
            }
            const stopped = await waitUntilJobStopped(id, options);
            return stopped.gone ? job : stopped.job;
        }
        job ??= await session.client.getJob(id);
        const phase = phaseOf(job.status);
        if (phase === "running" && job.serviceUrl) {
            return job;
        }
        if (phase === "stopping") {
            await waitUntilJobStopped(id, options);
        }
        if (phase === "stopping" || phase === "stopped" || phase === "failed") {
            // Restart is the API's way back to running from stopped and failed states (API §2.7).
            await restartOnce(session, id);
        }
        return await waitUntilJobRunning(id, options);
    } catch (error) {
        throw initFailure(withCredentialHint(error, session.authKind), id, inputs, operation, job);
    }
}

/** Runs an operation; a rejected credential's error says how to fix the credentials. */
async function explainingCredentials<T>(session: Session, run: () => Promise<T>): Promise<T> {
    try {
        return await run();
    } catch (error) {
        throw withCredentialHint(error, session.authKind);
    }
}

const CREDENTIAL_HINTS: Record<ClientAuth["kind"], string> = {
    aksk:
        "the access key pair was rejected: check it with `pulumi config set modelarts:accessKey <AK>` and " +
        "`pulumi config set --secret modelarts:secretKey <SK>` (or HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK), add " +
        "modelarts:securityToken for temporary keys, and check that modelarts:projectId is the project of this region; " +
        "five rejected signatures lock the key for five minutes",
    token:
        "the IAM token was rejected or has expired (tokens last 24 hours): get a new one and set it with " +
        "`pulumi config set --secret modelarts:authToken <token>`, or use an access key pair (modelarts:accessKey and modelarts:secretKey)",
};

/** Adds to a rejected-credentials error how to fix them; other errors pass unchanged. */
function withCredentialHint(error: unknown, authKind: ClientAuth["kind"]): unknown {
    // The same error object can reach several waiters of one watcher: add the hint once.
    if (isAuthError(error) && error instanceof Error && !error.message.includes(CREDENTIAL_HINTS[authKind])) {
        error.message = `${error.message}; ${CREDENTIAL_HINTS[authKind]}`;
    }
    return error;
}

function initFailure(error: unknown, id: string, inputs: Props, operation: WaitingOperation, known?: VisualizationJob): unknown {
    const job = (error instanceof JobFailedError || error instanceof JobWaitTimeoutError ? error.job : undefined) ?? known;
    const name = inputs.jobName ?? id;
    let reason = error instanceof Error ? error.message : String(error);
    if (error instanceof JobWaitTimeoutError) {
        reason += `; raise timeouts.${operation} (now ${Math.round(timeoutMsOf(inputs as VisualizationJobInputs, operation) / 1000)} s) if the job needs longer`;
    }
    const message =
        `visualization job "${name}" (id ${id}) is not ${inputs.desiredState === "stopped" ? "stopped" : "running"}: ${reason}. ` +
        "The job is kept in the stack; the next `pulumi up` resumes it" +
        (job && phaseOf(job.status) === "failed" ? ", restarting it where the API allows" : "");
    const properties = dropUndefined({ ...inputs, ...(job ? outputsOf(job) : { jobId: id }) });
    return new ResourceInitError(message, id, properties, [reason]);
}

async function adopt(session: Session, args: VisualizationJobInputs): Promise<VisualizationJob> {
    const id = args.adoptJobId as string;
    let job: VisualizationJob;
    try {
        job = await session.client.getJob(id);
    } catch (error) {
        if (isNotFound(error)) {
            throw new Error(`adoptJobId "${id}": no visualization job has this id in project ${session.projectId}; remove adoptJobId to create a new job`);
        }
        throw error;
    }
    const mismatches = (["jobName", "trainUrl"] as const)
        .filter((key) => job[key] !== undefined && job[key] !== args[key])
        .map((key) => `${key} is "${job[key]}" there but "${args[key]}" here`);
    if (mismatches.length > 0) {
        throw new Error(`adoptJobId "${id}": the job does not match the resource (${mismatches.join("; ")}); make the inputs match the job to adopt it`);
    }
    return job;
}

/** Details, confirming a not-found by the list (house style §3.6: refresh never drops a live job). */
async function findJob(session: Session, id: string, props: Props): Promise<VisualizationJob | undefined> {
    try {
        return await session.client.getJob(id);
    } catch (error) {
        if (!isNotFound(error)) {
            throw error;
        }
    }
    const jobs = await session.client.listAllJobs({
        search_content: typeof props.jobName === "string" ? props.jobName : undefined,
        per_page: 100,
        sortBy: "job_id",
        order: "asc",
    });
    return jobs.find((job) => job.jobId === id);
}

function createRequestOf(args: VisualizationJobInputs): CreateVisualizationJobRequest {
    return dropUndefined({
        job_name: args.jobName,
        job_desc: args.jobDesc,
        train_url: args.trainUrl,
        job_type: args.jobType,
        flavor: args.flavorCode ? { code: args.flavorCode } : undefined,
        // An array of one entry, as every official example sends it (API §6.4).
        schedule: args.autoStopHours !== undefined ? [{ type: "stop" as const, time_unit: "HOURS" as const, duration: args.autoStopHours }] : undefined,
    });
}

/**
 * Restarts a job. A `ModelArts.0105` after an attempt whose answer was lost means that attempt
 * took effect (the job is starting); any other refusal keeps the API's code and message.
 */
async function restartOnce(session: Session, id: string): Promise<void> {
    try {
        await session.client.restartJob(id);
    } catch (error) {
        if (!(error instanceof ApiError && error.code === "ModelArts.0105" && error.afterAmbiguousAttempt)) {
            throw error;
        }
    }
}

/** `ModelArts.0105`: the job is already where the operation would take it, or on its way. */
async function tolerateWrongState(operation: () => Promise<void>): Promise<void> {
    try {
        await operation();
    } catch (error) {
        if (!(error instanceof ApiError && error.code === "ModelArts.0105")) {
            throw error;
        }
    }
}

async function tolerateNotFound(operation: () => Promise<void>): Promise<void> {
    try {
        await operation();
    } catch (error) {
        if (!isNotFound(error)) {
            throw error;
        }
    }
}

