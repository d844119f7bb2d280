// The path the Pulumi engine takes: VisualizationJob registered by a program (so __provider is
// serialized by Pulumi's SDK), then Configure, Check, Diff, Create, Read, Update and Delete sent
// over gRPC to Pulumi's real dynamic-provider host, which loads the provider from that text.
import { expect } from "chai";
import * as path from "path";
import { DEFAULT_PROJECT_ID } from "../emulator/defaults";
import { RunningEmulator, startEmulator } from "../emulator/server";
import { UNKNOWN } from "../examples/local-engine/host";
import { LocalEngine, Program } from "../examples/local-engine/engine";
import { VisualizationJob, VisualizationJobArgs } from "../provider";
import { emulatorConfig, serializedProvider } from "./support/provider";
import { eventually } from "./support/async";

const PROJECT_ROOT = path.resolve(__dirname, "..");
const TYPE = "pulumi-nodejs:dynamic/modelarts:VisualizationJob";
const ACCESS_KEY = "AKHOSTTEST0000000001";
const SECRET_KEY = "sk-host-test-Zq81xVw3-never-printed";

function oneJob(args: Partial<VisualizationJobArgs> = {}): Program {
    return () => {
        const job = new VisualizationJob("board", { jobName: "board-1", trainUrl: "/bucket/run-1/", ...args });
        return { service_url: job.serviceUrl, job_id: job.jobId };
    };
}

describe("VisualizationJob through Pulumi's dynamic-provider host", function () {
    this.timeout(60_000);
    let emulator: RunningEmulator;
    let engine: LocalEngine;
    const printed: string[] = [];

    beforeEach(async () => {
        emulator = await startEmulator({ startupMs: 300, stopMs: 100, deleteMs: 100, auth: { accessKey: ACCESS_KEY, secretKey: SECRET_KEY } });
        printed.length = 0;
        engine = await LocalEngine.start({
            cwd: PROJECT_ROOT,
            project: "host-test",
            stack: "dev",
            config: emulatorConfig(emulator, { "modelarts:accessKey": ACCESS_KEY, "modelarts:secretKey": SECRET_KEY }),
            secretKeys: ["modelarts:secretKey"],
            onOutput: (line) => printed.push(line),
        });
    });
    afterEach(async () => {
        await engine.stop();
        await emulator.close();
    });

    const onlyResource = () => [...engine.state.values()][0];
    const jobs = () => emulator.store.all().filter((job) => !emulator.store.isGone(job));

    it("creates, refreshes, updates in place and destroys a job", async () => {
        const up = await engine.up(oneJob({ deletionPolicy: "delete" }));
        expect(up.errors).to.deep.equal([]);
        expect(up.steps.map((s) => s.step)).to.deep.equal(["create"]);
        expect(up.outputs.job_id).to.match(/^\d+$/);
        expect(up.outputs.service_url).to.equal(emulator.serviceUrl(up.outputs.job_id as string));
        expect(printed.some((l) => l.includes(`board-1 (job ${up.outputs.job_id}): ready at`))).to.equal(true);

        expect((await engine.refresh()).dropped).to.deep.equal([]);
        expect(onlyResource().outputs.status).to.equal(8);

        const same = await engine.up(oneJob({ deletionPolicy: "delete" }));
        expect(same.steps.map((s) => s.step)).to.deep.equal(["same"]);

        const changed = await engine.up(oneJob({ deletionPolicy: "delete", jobDesc: "epoch 2" }));
        expect(changed.steps.map((s) => s.step)).to.deep.equal(["update"]);
        expect(onlyResource().outputs).to.include({ jobDesc: "epoch 2", serviceUrl: up.outputs.service_url });
        expect(jobs().map((j) => j.jobDesc)).to.deep.equal(["epoch 2"]);

        const destroyed = await engine.destroy();
        expect(destroyed.errors).to.deep.equal([]);
        expect(jobs()).to.have.length(0);
    });

    it("replaces the job, deleting the old one first, when trainUrl changes", async () => {
        const first = await engine.up(oneJob({ deletionPolicy: "delete" }));
        const second = await engine.up(oneJob({ deletionPolicy: "delete", trainUrl: "/bucket/run-2/" }));
        expect(second.steps.map((s) => s.step)).to.deep.equal(["replace"]);
        expect(second.outputs.job_id).to.not.equal(first.outputs.job_id);
        expect(jobs().map((j) => j.trainUrl)).to.deep.equal(["/bucket/run-2/"]);
    });

    it("drops a job deleted outside Pulumi on refresh", async () => {
        const up = await engine.up(oneJob());
        emulator.store.delete(DEFAULT_PROJECT_ID, up.outputs.job_id as string);
        await eventually("the job to be gone", () => jobs().length === 0 || undefined);
        expect((await engine.refresh()).dropped).to.have.length(1);
        expect(engine.state.size).to.equal(0);
    });

    it("keeps a job that failed to start in state and restarts it on the next up", async () => {
        emulator.setFaults({ failRules: [{ trainUrlContains: "flaky", status: 11 }] });
        const failed = await engine.up(oneJob({ trainUrl: "/bucket/flaky/" }));
        expect(failed.errors).to.have.length(1);
        expect(failed.errors[0].message).to.contain("11 (JOBSTAT_FAILED)").and.contain("The job is kept in the stack");
        const kept = onlyResource();
        expect(kept.initErrors).to.have.length(1);
        expect(kept.outputs.__provider, "the partial failure must carry __provider").to.be.a("string");

        emulator.setFaults({ failRules: [] });
        const resumed = await engine.up(oneJob({ trainUrl: "/bucket/flaky/" }));
        expect(resumed.errors).to.deep.equal([]);
        expect(resumed.steps.map((s) => s.step)).to.deep.equal(["update"]);
        expect(resumed.outputs.job_id).to.equal(kept.id);
        expect(jobs()).to.have.length(1);
        expect(jobs()[0].status).to.equal(8);
    });

    it("accepts preview placeholders in Check and Diff", async () => {
        const up = await engine.up(oneJob());
        const resource = onlyResource();
        const previewInputs = { ...resource.inputs, jobDesc: UNKNOWN, trainUrl: UNKNOWN, autoStopHours: UNKNOWN };
        const checked = await engine.host.check(resource.urn, resource.inputs, previewInputs);
        expect(checked.failures).to.deep.equal([]);
        const diff = await engine.host.diff(resource.urn, up.outputs.job_id as string, resource.outputs, checked.inputs);
        expect(diff.changes).to.equal("DIFF_SOME");
        expect(diff.replaces).to.deep.equal(["trainUrl", "autoStopHours"]);
    });

    it("rejects bad inputs in Check, naming each field, before any request", async () => {
        const { text } = await serializedProvider();
        const before = emulator.stats().requests.total;
        const checked = await engine.host.check(`urn:pulumi:dev::host-test::${TYPE}::x`, {}, { __provider: text, jobName: "x".repeat(21), trainUrl: "bucket", autoStopHours: 1.5 });
        expect(checked.failures.map((f) => f.property)).to.have.members(["jobName", "trainUrl", "autoStopHours"]);
        expect(emulator.stats().requests.total).to.equal(before);
    });

    it("treats a change of the serialized provider alone as an update", async () => {
        await engine.up(oneJob());
        const resource = onlyResource();
        const diff = await engine.host.diff(resource.urn, resource.id, { ...resource.outputs, __provider: resource.outputs.__provider + "\n// older version" }, resource.inputs);
        expect(diff).to.deep.equal({ changes: "DIFF_SOME", replaces: [], deleteBeforeReplace: false });
    });

    it("keeps __provider small and free of credentials, and no credential reaches state, errors or logs", async () => {
        await engine.up(oneJob());
        emulator.setFaults({ failRules: [{ trainUrlContains: "broken", status: 3 }] });
        const failed = await engine.up(() => ({ ...oneJob()(), other: new VisualizationJob("other", { jobName: "other-1", trainUrl: "/bucket/broken/" }).jobId }));
        expect(failed.errors).to.have.length(1);
        const provider = onlyResource().outputs.__provider as string;
        expect(Buffer.byteLength(provider)).to.be.below(8 * 1024);
        expect(provider).to.match(/^exports\.handler = __f0;/);
        expect(provider.match(/require\("[^"]+"\)/g)).to.have.members(['require("path")', 'require("module")']);
        const everything = JSON.stringify([...engine.state.values()]) + JSON.stringify(failed) + printed.join("\n") + JSON.stringify(emulator.requestLog);
        for (const secret of [SECRET_KEY, ACCESS_KEY]) {
            expect(everything).to.not.contain(secret);
        }
        const serialized = await serializedProvider();
        expect(serialized.containsSecrets).to.equal(false);
        expect(serialized.text).to.equal(provider);
    });
});
