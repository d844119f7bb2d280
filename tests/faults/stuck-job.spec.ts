// A job that never leaves WAITING: the create times out as a partial failure that keeps the job in
// the stack, and once the job is released the next up resumes it in update, creating nothing.
import { expect } from "chai";
import { VisualizationJob } from "../../provider";
import { JOBSTAT_RUNNING, JOBSTAT_WAITING } from "../../provider/job-status";
import { figuresOf, liveJobs, report, SHORT_TIMINGS, useResources } from "./harness";

describe("faults: stuck job", function () {
    this.timeout(30_000);
    const resources = useResources();

    it("times out naming the job, its status and the timeout, then resumes in update without a second job", async () => {
        const emu = await resources.emulator({ ...SHORT_TIMINGS, failRules: [{ trainUrlContains: "/stuck/", status: JOBSTAT_WAITING }] });
        const { engine } = await resources.engine(emu);
        const program = () => {
            const job = new VisualizationJob("stuck", { jobName: "stuck", trainUrl: "/bucket/stuck/", timeouts: { create: "2s" } });
            return { id: job.jobId, status: job.status };
        };

        const first = await engine.up(program);
        expect(first.errors).to.have.length(1);
        const jobs = liveJobs(emu);
        expect(jobs).to.have.length(1);
        const id = String(jobs[0].jobId);
        expect(jobs[0].status).to.equal(JOBSTAT_WAITING);
        const message = first.errors[0].message;
        expect(message).to.include(`id ${id}`);
        expect(message).to.include("7 (JOBSTAT_WAITING)");
        expect(message).to.match(/after 2 s/);
        expect(message).to.include("timeouts.create");
        const resource = [...engine.state.values()][0];
        expect(resource, "the stuck job stays in state").to.not.equal(undefined);
        expect(resource.id).to.equal(id);
        expect(resource.initErrors).to.be.an("array").with.length(1);
        expect(resource.outputs.status).to.equal(JOBSTAT_WAITING);
        expect(resource.outputs.__provider, "the partial state keeps __provider").to.be.a("string");

        // Released: the job continues its startup to RUNNING.
        emu.store.forceStatus(Number(id), JOBSTAT_WAITING, false);
        const second = await engine.up(program);
        report("stuck job", figuresOf(emu, [engine]), { firstError: "timeout", secondSteps: second.steps.map((s) => s.step).join(",") });
        expect(second.errors).to.deep.equal([]);
        expect(second.steps.map((s) => s.step)).to.deep.equal(["update"]);
        expect(second.outputs).to.deep.equal({ id, status: JOBSTAT_RUNNING });
        expect(engine.state.get(resource.urn)!.initErrors).to.equal(undefined);
        expect(liveJobs(emu).map((j) => j.jobId)).to.deep.equal([Number(id)]);
        expect(emu.stats().jobsCreated).to.equal(1);
        expect(emu.stats().requests.byRoute.create).to.equal(1);
    });
});
