// Faulty network: many jobs created at once through Pulumi's real dynamic-provider host while the
// emulator fails a fifth of its answers, loses some after they took effect, and throttles.
import { expect } from "chai";
import { JOBSTAT_RUNNING } from "../../provider/job-status";
import { VisualizationJob } from "../../provider";
import { FAULTY_NETWORK, figuresOf, liveJobs, report, SHORT_TIMINGS, useResources } from "./harness";

describe("faults: faulty network", function () {
    this.timeout(60_000);
    const resources = useResources();

    it("creates 50 jobs concurrently, each once, each running and held by its resource", async () => {
        const emu = await resources.emulator({ ...SHORT_TIMINGS, ...FAULTY_NETWORK, seed: 20240501 });
        const { engine } = await resources.engine(emu);
        const names = Array.from({ length: 50 }, (_, i) => `net-${String(i).padStart(2, "0")}`);

        const result = await engine.up(() => {
            const exports: Record<string, unknown> = {};
            for (const name of names) {
                const job = new VisualizationJob(name, { jobName: name, trainUrl: `/bucket/runs/${name}/` });
                exports[name] = job.jobId;
            }
            return exports;
        });

        const figures = figuresOf(emu, [engine]);
        report("faulty network, 50 creates", figures, { creates: result.steps.filter((s) => s.step === "create").length, errors: result.errors.length });
        expect(result.errors).to.deep.equal([]);
        expect(result.steps.filter((s) => s.step === "create")).to.have.length(50);
        // The faults did happen: otherwise the test proves nothing.
        expect(figures.faults.errors).to.be.greaterThan(0);
        expect(figures.faults.dropped).to.be.greaterThan(0);
        expect(figures.faults.throttled).to.be.greaterThan(0);

        const live = liveJobs(emu);
        expect(live).to.have.length(50);
        expect(new Set(live.map((j) => j.jobName)).size).to.equal(50);
        expect(figures).to.include({ duplicates: 0, orphans: 0, lost: 0 });
        for (const name of names) {
            const id = result.outputs[name];
            expect(id, `job id of ${name}`).to.be.a("string").and.not.equal("");
            const job = live.find((j) => String(j.jobId) === id);
            expect(job, `emulator job ${id} of ${name}`).to.not.equal(undefined);
            expect(job!.jobName).to.equal(name);
            expect(job!.status, `status of ${name}`).to.equal(JOBSTAT_RUNNING);
            const resource = [...engine.state.values()].find((r) => r.name === name)!;
            expect(resource.id).to.equal(id);
            expect(resource.initErrors).to.equal(undefined);
            expect(resource.outputs).to.include({ jobId: id, status: JOBSTAT_RUNNING, statusName: "JOBSTAT_RUNNING" });
            expect(resource.outputs.serviceUrl).to.equal(emu.serviceUrl(id as string));
        }
    });
});
