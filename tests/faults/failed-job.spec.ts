// Jobs whose startup fails (3, 5, 11): the error names the status, the next up restarts them, and a
// replace leaves no job behind.
import { expect } from "chai";
import { VisualizationJob } from "../../provider";
import { JOBSTAT_RUNNING, statusName } from "../../provider/job-status";
import { figuresOf, liveJobs, report, SHORT_TIMINGS, useResources } from "./harness";

const FAILURES = [3, 5, 11];

describe("faults: failed job", function () {
    this.timeout(30_000);
    const resources = useResources();

    it("names the failure status, restarts the job on the next up and replaces it without leftovers", async () => {
        const emu = await resources.emulator({
            ...SHORT_TIMINGS,
            failRules: FAILURES.map((status) => ({ trainUrlContains: `/fail-${status}/`, status })),
        });
        const { engine } = await resources.engine(emu);
        const program = (suffix = "") => () => {
            const exports: Record<string, unknown> = {};
            for (const status of FAILURES) {
                exports[`s${status}`] = new VisualizationJob(`failed-${status}`, {
                    jobName: `failed-${status}`,
                    trainUrl: `/bucket/fail-${status}/${suffix}`,
                }).jobId;
            }
            return exports;
        };

        const first = await engine.up(program());
        expect(first.errors).to.have.length(FAILURES.length);
        const firstIds = new Map<number, string>();
        for (const status of FAILURES) {
            const urn = [...engine.state.keys()].find((u) => u.endsWith(`::failed-${status}`))!;
            const resource = engine.state.get(urn)!;
            firstIds.set(status, resource.id);
            const error = first.errors.find((e) => e.urn === urn);
            expect(error, `error of failed-${status}`).to.not.equal(undefined);
            expect(error!.message).to.include(`${status} (${statusName(status)})`);
            expect(error!.message).to.include(`id ${resource.id}`);
            expect(resource.initErrors, `failed-${status} stays in state`).to.be.an("array").with.length(1);
            expect(resource.outputs.status).to.equal(status);
        }

        // The cause is fixed: the next up restarts each job in place.
        emu.setFaults({ failRules: [] });
        const second = await engine.up(program());
        expect(second.errors).to.deep.equal([]);
        expect(second.steps.map((s) => s.step)).to.deep.equal(["update", "update", "update"]);
        for (const status of FAILURES) {
            expect(second.outputs[`s${status}`]).to.equal(firstIds.get(status));
            const job = emu.store.byId(Number(firstIds.get(status)))!;
            expect(job.status, `failed-${status} runs again`).to.equal(JOBSTAT_RUNNING);
            expect(emu.requestLog.query({ jobId: firstIds.get(status) }).some((e) => e.route === "restart" && e.status === 200)).to.equal(true);
        }
        expect(liveJobs(emu)).to.have.length(FAILURES.length);

        // A new trainUrl replaces each job: the old ones must not survive, stopped or otherwise.
        const third = await engine.up(program("v2/"));
        const figures = figuresOf(emu, [engine]);
        report("failed jobs, restart and replace", figures, { restarts: emu.stats().requests.byRoute.restart ?? 0, replaces: third.steps.length });
        expect(third.errors).to.deep.equal([]);
        expect(third.steps.map((s) => s.step)).to.deep.equal(["replace", "replace", "replace"]);
        const live = liveJobs(emu);
        expect(live).to.have.length(FAILURES.length);
        for (const status of FAILURES) {
            expect(live.some((j) => String(j.jobId) === firstIds.get(status)), `old failed-${status} is gone`).to.equal(false);
            const job = live.find((j) => j.jobName === `failed-${status}`)!;
            expect(job.trainUrl).to.equal(`/bucket/fail-${status}/v2/`);
            expect(job.status).to.equal(JOBSTAT_RUNNING);
        }
        expect(figures).to.include({ duplicates: 0, orphans: 0, lost: 0 });
    });
});
