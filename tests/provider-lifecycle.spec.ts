// The provider's create, read, update and delete, called directly (as the host would call them)
// against the emulator: waits, partial failures and their resumption, refresh, delete policies.
import { expect } from "chai";
import { DEFAULT_PROJECT_ID } from "../emulator/defaults";
import { VisualizationJobClient } from "../provider/client";
import { DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY } from "../emulator/defaults";
import { capturingConsole } from "./support/console-capture";
import { useEmulator } from "./support/emulator";
import { startLossyProxy } from "./support/lossy-proxy";
import { directProvider, emulatorConfig, jobInputs } from "./support/provider";
import { eventually, rejectionOf } from "./support/async";

describe("VisualizationJob provider against the emulator", () => {
    const emulator = useEmulator({ startupMs: 300, stopMs: 100, deleteMs: 100 });

    const apiClient = () =>
        new VisualizationJobClient({
            endpoint: emulator().url,
            projectId: DEFAULT_PROJECT_ID,
            auth: { kind: "aksk", accessKey: DEFAULT_ACCESS_KEY, secretKey: DEFAULT_SECRET_KEY },
        });
    const liveJobs = () => emulator().store.all().filter((job) => !emulator().store.isGone(job));

    describe("create", () => {
        it("returns only once the job runs, with its service URL, id and status", async () => {
            const provider = await directProvider(emulatorConfig(emulator()));
            const { result, lines } = await capturingConsole(() => provider.create(jobInputs({ jobDesc: "board" })));
            expect(result.id).to.match(/^\d+$/);
            expect(result.outs).to.include({ jobId: result.id, status: 8, statusName: "JOBSTAT_RUNNING", jobName: "vis-1", jobDesc: "board" });
            expect(result.outs.serviceUrl).to.equal(emulator().serviceUrl(result.id));
            expect(result.outs.__provider, "the stub must stay in outputs for later steps").to.be.a("string");
            expect(new Date(result.outs.createTime).getTime()).to.be.closeTo(Date.now(), 60_000);
            expect(emulator().store.byId(Number(result.id))!.status).to.equal(8);
            expect(lines.some((l) => /^\[modelarts\] vis-1 \(job \d+\): created, JOBSTAT_(INIT|WAITING), \d+\.\d s$/.test(l)), lines.join("\n")).to.equal(true);
            expect(lines.some((l) => l.includes("ready at http://"))).to.equal(true);
        });

        it("sends the auto-stop schedule in hours and the flavor code", async () => {
            const provider = await directProvider(emulatorConfig(emulator()));
            const { result } = await capturingConsole(() => provider.create(jobInputs({ autoStopHours: 2, flavorCode: "modelarts.vm.cpu.2u", jobType: "mindinsight" })));
            const job = await apiClient().getJob(result.id);
            expect(job).to.include({ autoStopHours: 2, flavorCode: "modelarts.vm.cpu.2u" });
            expect(result.outs.remainingDuration).to.be.a("number");
        });

        it("refuses a name another job holds, naming ModelArts.0103, that job's id and adoptJobId", async () => {
            const existing = await apiClient().createJob({ job_name: "vis-1", train_url: "/other/out/" });
            const provider = await directProvider(emulatorConfig(emulator()));
            const error = await rejectionOf(provider.create(jobInputs()));
            expect(error.message).to.contain("ModelArts.0103").and.contain(`job id ${existing.jobId}`).and.contain(`adoptJobId: "${existing.jobId}"`);
            expect(liveJobs()).to.have.length(1);
        });

        it("adopts the job by name when the create's answer is lost, instead of creating a second one", async () => {
            let createsSeen = 0;
            const proxy = await startLossyProxy(emulator().url, (method, path) => method === "POST" && /visualization-jobs$/.test(path) && createsSeen++ === 0);
            try {
                const provider = await directProvider(emulatorConfig(emulator(), { "modelarts:endpoint": proxy.url }));
                const { result } = await capturingConsole(() => provider.create(jobInputs()));
                expect(proxy.lost).to.equal(1);
                expect(liveJobs().map((job) => String(job.jobId))).to.deep.equal([result.id]);
                expect(result.outs.status).to.equal(8);
            } finally {
                await proxy.close();
            }
        });

        it("takes over an existing job with adoptJobId and starts it if it is stopped", async () => {
            const existing = await apiClient().createJob({ job_name: "vis-1", train_url: "/bucket/out/" });
            await apiClient().stopJob(existing.jobId);
            const provider = await directProvider(emulatorConfig(emulator()));
            const { result } = await capturingConsole(() => provider.create(jobInputs({ adoptJobId: existing.jobId })));
            expect(result.id).to.equal(existing.jobId);
            expect(result.outs.status).to.equal(8);
            expect(liveJobs()).to.have.length(1);
        });

        it("refuses to adopt a job that does not exist or does not match the inputs", async () => {
            const provider = await directProvider(emulatorConfig(emulator()));
            expect((await rejectionOf(provider.create(jobInputs({ adoptJobId: "999" })))).message).to.contain('adoptJobId "999": no visualization job has this id');
            const other = await apiClient().createJob({ job_name: "other", train_url: "/bucket/out/" });
            const mismatch = await rejectionOf(provider.create(jobInputs({ adoptJobId: other.jobId })));
            expect(mismatch.message).to.contain('jobName is "other" there but "vis-1" here');
        });
    });

    describe("partial failures", () => {
        it("keeps a job that failed to start as a partial failure with its id, status name and __provider", async () => {
            emulator().setFaults({ failRules: [{ trainUrlContains: "fail-start", status: 5 }] });
            const provider = await directProvider(emulatorConfig(emulator()));
            const inputs = jobInputs({ trainUrl: "/bucket/fail-start/" });
            const error = await rejectionOf(capturingConsole(() => provider.create(inputs)));
            expect(error.name).to.equal("ResourceInitError");
            expect(error.id).to.match(/^\d+$/);
            expect(error.message).to.contain(`(id ${error.id})`).and.contain("5 (JOBSTAT_SUBMIT_FAILED)").and.contain("next `pulumi up` resumes");
            expect(error.properties).to.include({ jobId: error.id, status: 5, __provider: inputs.__provider, jobName: "vis-1" });
            expect(error.reasons[0]).to.contain("JOBSTAT_SUBMIT_FAILED");

            emulator().setFaults({ failRules: [] });
            const { result } = await capturingConsole(() => provider.update(error.id, error.properties, inputs));
            expect(result.outs).to.include({ jobId: error.id, status: 8 });
            expect(liveJobs()).to.have.length(1);
        });

        it("reports a job stuck past the create timeout with its id, status and the timeout, then resumes it", async () => {
            emulator().setFaults({ failRules: [{ trainUrlContains: "stuck", status: 7, hold: true }] });
            const provider = await directProvider(emulatorConfig(emulator()));
            const inputs = jobInputs({ trainUrl: "/bucket/stuck/", timeouts: { create: "1s" } });
            const error = await rejectionOf(capturingConsole(() => provider.create(inputs)));
            expect(error.message).to.contain(`job ${error.id} not running after 1 s`).and.contain("7 (JOBSTAT_WAITING)").and.contain("timeouts.create");
            expect(error.properties.status).to.equal(7);

            emulator().store.forceStatus(Number(error.id), 8, false);
            const { result } = await capturingConsole(() => provider.update(error.id, error.properties, inputs));
            expect(result.outs.status).to.equal(8);
            expect(result.outs.serviceUrl).to.be.a("string").and.not.equal("");
            expect(liveJobs()).to.have.length(1);
        });
    });

    describe("read", () => {
        it("returns the job's current outputs and what it really is", async () => {
            const provider = await directProvider(emulatorConfig(emulator()));
            const { result: created } = await capturingConsole(() => provider.create(jobInputs()));
            await apiClient().updateJobDescription(created.id, "changed out of band");
            const read = await provider.read(created.id, created.outs);
            expect(read.id).to.equal(created.id);
            expect(read.props).to.include({ jobDesc: "changed out of band", status: 8, serviceUrl: created.outs.serviceUrl });
            const diff = await provider.diff(created.id, read.props, jobInputs({ __provider: created.outs.__provider }));
            expect(diff.changes, "the description drifted from the program").to.equal(true);
            expect(diff.replaces).to.deep.equal([]);
        });

        it("shows a stopped job's status and wants it running again only if desiredState is running", async () => {
            const provider = await directProvider(emulatorConfig(emulator()));
            const { result: created } = await capturingConsole(() => provider.create(jobInputs()));
            await apiClient().stopJob(created.id);
            emulator().store.forceStatus(Number(created.id), 12, false);
            const read = await provider.read(created.id, created.outs);
            expect(read.props).to.include({ status: 12, statusName: "JOBSTAT_KILLED" });
            const same = { ...jobInputs(), __provider: created.outs.__provider };
            expect((await provider.diff(created.id, read.props, same)).changes).to.equal(true);
            expect((await provider.diff(created.id, read.props, { ...same, desiredState: "stopped" })).changes).to.equal(true); // desiredState itself changed
            expect((await provider.diff(created.id, { ...read.props, desiredState: "stopped" }, { ...same, desiredState: "stopped" })).changes).to.equal(false);
        });

        it("returns an empty id for a job deleted outside Pulumi, so refresh drops it", async () => {
            const provider = await directProvider(emulatorConfig(emulator()));
            const { result: created } = await capturingConsole(() => provider.create(jobInputs()));
            await apiClient().deleteJob(created.id);
            await eventually("the job to be gone", () => emulator().store.isGone(emulator().store.byId(Number(created.id))!) || undefined);
            expect(await provider.read(created.id, created.outs)).to.deep.equal({ id: "", props: {} });
        });
    });

    describe("update", () => {
        it("changes the description in place and keeps every output", async () => {
            const provider = await directProvider(emulatorConfig(emulator()));
            const { result: created } = await capturingConsole(() => provider.create(jobInputs()));
            const news = { ...jobInputs({ jobDesc: "second run" }), __provider: created.outs.__provider };
            const { result } = await capturingConsole(() => provider.update(created.id, created.outs, news));
            expect(result.outs).to.include({ jobDesc: "second run", jobId: created.id, serviceUrl: created.outs.serviceUrl, status: 8 });
            expect((await apiClient().getJob(created.id)).jobDesc).to.equal("second run");
        });

        it("stops the job for desiredState stopped and restarts it for running", async () => {
            const provider = await directProvider(emulatorConfig(emulator()));
            const { result: created } = await capturingConsole(() => provider.create(jobInputs()));
            const stopped = await capturingConsole(() => provider.update(created.id, created.outs, { ...created.outs, desiredState: "stopped" }));
            expect(stopped.result.outs.statusName).to.equal("JOBSTAT_KILLED");
            const running = await capturingConsole(() => provider.update(created.id, stopped.result.outs, { ...created.outs, desiredState: "running" }));
            expect(running.result.outs).to.include({ status: 8, desiredState: "running" });
        });

        it("fails with the refresh hint when the job no longer exists", async () => {
            const provider = await directProvider(emulatorConfig(emulator()));
            const { result: created } = await capturingConsole(() => provider.create(jobInputs()));
            await apiClient().deleteJob(created.id);
            await eventually("the job to be gone", () => emulator().store.isGone(emulator().store.byId(Number(created.id))!) || undefined);
            const error = await rejectionOf(provider.update(created.id, created.outs, created.outs));
            expect(error.message).to.contain("no longer exists").and.contain("pulumi refresh");
        });
    });

    describe("delete", () => {
        const policies: Array<{ policy: string; expectStatus: number | "gone" }> = [
            { policy: "stop", expectStatus: 12 },
            { policy: "delete", expectStatus: "gone" },
            { policy: "retain", expectStatus: 8 },
        ];
        for (const { policy, expectStatus } of policies) {
            it(`leaves the job ${expectStatus === "gone" ? "gone" : `in status ${expectStatus}`} with deletionPolicy "${policy}"`, async () => {
                const provider = await directProvider(emulatorConfig(emulator()));
                const { result: created } = await capturingConsole(() => provider.create(jobInputs({ deletionPolicy: policy })));
                await capturingConsole(() => provider.delete(created.id, created.outs));
                const record = emulator().store.byId(Number(created.id))!;
                if (expectStatus === "gone") {
                    expect(emulator().store.isGone(record)).to.equal(true);
                } else {
                    expect(record.status).to.equal(expectStatus);
                }
            });
        }

        it("succeeds for a job that is already gone, and waits out a job being stopped", async () => {
            const provider = await directProvider(emulatorConfig(emulator()));
            const { result: created } = await capturingConsole(() => provider.create(jobInputs({ deletionPolicy: "delete" })));
            await apiClient().stopJob(created.id); // KILLING (9): the API refuses delete now (API §2.5)
            await capturingConsole(() => provider.delete(created.id, created.outs));
            expect(emulator().store.isGone(emulator().store.byId(Number(created.id))!)).to.equal(true);
            await provider.delete(created.id, created.outs);
        });
    });

    describe("settings", () => {
        it("names both ways to provide credentials when none are set", async () => {
            const provider = await directProvider({ "modelarts:endpoint": emulator().url, "modelarts:projectId": DEFAULT_PROJECT_ID });
            const saved = { ...process.env };
            for (const key of ["HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK", "HW_ACCESS_KEY", "HW_SECRET_KEY"]) {
                delete process.env[key];
            }
            try {
                const error = await rejectionOf(provider.create(jobInputs()));
                expect(error.message).to.contain("modelarts:accessKey").and.contain("--secret modelarts:secretKey").and.contain("HUAWEICLOUD_SDK_AK").and.contain("HW_ACCESS_KEY");
                expect(liveJobs()).to.have.length(0);
            } finally {
                Object.assign(process.env, saved);
            }
        });

        it("falls back to the HW_ACCESS_KEY and HW_SECRET_KEY environment variables", async () => {
            const provider = await directProvider({ "modelarts:endpoint": emulator().url, "modelarts:projectId": DEFAULT_PROJECT_ID });
            process.env.HW_ACCESS_KEY = DEFAULT_ACCESS_KEY;
            process.env.HW_SECRET_KEY = DEFAULT_SECRET_KEY;
            try {
                const { result } = await capturingConsole(() => provider.create(jobInputs()));
                expect(result.outs.status).to.equal(8);
            } finally {
                delete process.env.HW_ACCESS_KEY;
                delete process.env.HW_SECRET_KEY;
            }
        });
    });
});
