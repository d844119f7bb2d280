// VisualizationJob: the Pulumi resource users declare. A thin dynamic.Resource over the stub.
import * as pulumi from "@pulumi/pulumi";
import { DeletionPolicy, DesiredState, JobTimeouts } from "./inputs";
import { visualizationJobProvider } from "./provider-stub";

/** Arguments of a VisualizationJob. The README's resource reference documents each one. */
export interface VisualizationJobArgs {
    /** 1–20 letters, digits, `_` or `-`; unique in the project. Changing it replaces the job. */
    jobName: pulumi.Input<string>;
    /** OBS folder of the summary files, written `/bucket/dir/`. Changing it replaces the job. */
    trainUrl: pulumi.Input<string>;
    /** @default "tensorboard". Changing it replaces the job. */
    jobType?: pulumi.Input<"tensorboard" | "mindinsight">;
    /** At most 256 characters; updated in place. @default "" */
    jobDesc?: pulumi.Input<string>;
    /** Resource spec code, e.g. "modelarts.vm.cpu.2u"; the API picks one when absent. Replaces. */
    flavorCode?: pulumi.Input<string>;
    /** Stop the job after this many hours running, 0–24; no schedule when absent. Replaces. */
    autoStopHours?: pulumi.Input<number>;
    /** Keep the job running or stopped; updated in place. @default "running" */
    desiredState?: pulumi.Input<DesiredState>;
    /** What `pulumi destroy` does: stop the job, delete it, or leave it. @default "stop" */
    deletionPolicy?: pulumi.Input<DeletionPolicy>;
    /** Wait budgets. @default { create: "15m", update: "15m", delete: "10m" } */
    timeouts?: pulumi.Input<JobTimeouts>;
    /** Take over this existing job instead of creating one (dynamic resources cannot `pulumi import`). */
    adoptJobId?: pulumi.Input<string>;
    /** Overrides `modelarts:region` for this job. Replaces. */
    region?: pulumi.Input<string>;
    /** Overrides `modelarts:projectId` for this job. Replaces. */
    projectId?: pulumi.Input<string>;
    /** Overrides `modelarts:endpoint` for this job (e.g. a proxy or the local emulator). */
    endpoint?: pulumi.Input<string>;
}

/** A ModelArts visualization job (TensorBoard or MindInsight) over a training output folder. */
export class VisualizationJob extends pulumi.dynamic.Resource {
    /** The job's id, also the resource's id. */
    declare readonly jobId: pulumi.Output<string>;
    /** The TensorBoard/MindInsight page; set once the job has run (create returns only then). */
    declare readonly serviceUrl: pulumi.Output<string>;
    /** The job status code (API §3), as of the last create, update or refresh. */
    declare readonly status: pulumi.Output<number>;
    /** The documented name of `status`, e.g. "JOBSTAT_RUNNING". */
    declare readonly statusName: pulumi.Output<string>;
    /** Creation time, ISO 8601. */
    declare readonly createTime: pulumi.Output<string>;
    /** The billing resource id. */
    declare readonly resourceId: pulumi.Output<string>;
    /** Running time in milliseconds. */
    declare readonly duration: pulumi.Output<number>;
    /** Time left before auto-stop as the API reports it, or null. */
    declare readonly remainingDuration: pulumi.Output<number | null>;
    declare readonly jobName: pulumi.Output<string>;
    declare readonly trainUrl: pulumi.Output<string>;
    declare readonly jobType: pulumi.Output<string>;
    declare readonly jobDesc: pulumi.Output<string>;
    declare readonly flavorCode: pulumi.Output<string | undefined>;
    declare readonly autoStopHours: pulumi.Output<number | undefined>;
    declare readonly desiredState: pulumi.Output<DesiredState>;
    declare readonly deletionPolicy: pulumi.Output<DeletionPolicy>;

    constructor(name: string, args: VisualizationJobArgs, opts?: pulumi.CustomResourceOptions) {
        // Outputs must be seeded as undefined so Pulumi registers them (Pulumi §6.2).
        const outputs = {
            jobId: undefined, serviceUrl: undefined, status: undefined, statusName: undefined, createTime: undefined,
            resourceId: undefined, duration: undefined, remainingDuration: undefined,
        };
        super(visualizationJobProvider, name, { ...outputs, ...args }, opts, "modelarts", "VisualizationJob");
    }
}
