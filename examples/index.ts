// The example stack: one TensorBoard job over a training run's output folder, exporting the
// dashboard's URL and the job's id. Credentials and the region come from stack config
// (`modelarts:*`) or the environment, never from this program (README, "Using it in a stack").
import * as pulumi from "@pulumi/pulumi";
import { VisualizationJob } from "../provider";

const config = new pulumi.Config();

const dashboard = new VisualizationJob("dashboard", {
    jobName: config.get("jobName") ?? "mnist-tensorboard",
    trainUrl: config.get("trainUrl") ?? "/my-training-bucket/mnist/output/",
    jobType: "tensorboard",
    jobDesc: config.get("jobDesc") ?? "TensorBoard for the MNIST training run",
    autoStopHours: config.getNumber("autoStopHours") ?? 4,
    deletionPolicy: "delete",
    timeouts: { create: config.get("createTimeout") ?? "15m" },
});

export const service_url = dashboard.serviceUrl;
export const job_id = dashboard.jobId;
