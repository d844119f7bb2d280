// Delete and refresh under the faulty-network mix: destroy honours each job's deletionPolicy, and
// refresh drops exactly the jobs that were deleted behind the stack's back, never a live one.
import { expect } from "chai";
import { DeletionPolicy, VisualizationJob } from "../../provider";
import { JOBSTAT_KILLED, JOBSTAT_RUNNING } from "../../provider/job-status";
import { eventually } from "../support/async";
import { FAULTY_NETWORK, figuresOf, liveJobs, report, SHORT_TIMINGS, useResources } from "./harness";

const POLICIES: DeletionPolicy[] = ["stop", "delete", "retain"];

describe("faults: delete and refresh under faults", function () {
    this.timeout(60_000);
    const resources = useResources();

    it("refreshes away only deleted jobs and destroys each job per its deletionPolicy", async () => {
        const emu = await resources.emulator({ ...SHORT_TIMINGS, ...FAULTY_NETWORK, seed: 7 });
        const { engine } = await resources.engine(emu);
        const declared = Array.from({ length: 9 }, (_, i) => ({ name: `dr-${i}`, policy: POLICIES[i % 3] }));
        const up = await engine.up(() => {
            for (const { name, policy } of declared) {
                new VisualizationJob(name, { jobName: name, trainUrl: `/bucket/runs/${name}/`, deletionPolicy: policy });
            }
            return {};
        });
        expect(up.errors).to.deep.equal([]);
        const idOf = (name: string) => [...engine.state.values()].find((r) => r.name === name)!.id;
        const ids = new Map(declared.map(({ name }) => [name, idOf(name)]));

        // Behind the stack's back: delete one job of each policy, stop two others.
        const deletedOutOfBand = ["dr-0", "dr-1", "dr-2"];
        const stoppedOutOfBand = ["dr-3", "dr-4"];
        deletedOutOfBand.forEach((name) => emu.store.delete(emu.projectId, ids.get(name)!));
        stoppedOutOfBand.forEach((name) => emu.store.stop(emu.projectId, ids.get(name)!));
        await eventually("the out-of-band deletes and stops to complete", () => {
            const live = liveJobs(emu);
            const gone = deletedOutOfBand.every((name) => !live.some((j) => String(j.jobId) === ids.get(name)));
            const stopped = stoppedOutOfBand.every((name) => live.find((j) => String(j.jobId) === ids.get(name))?.status === JOBSTAT_KILLED);
            return gone && stopped ? true : undefined;
        });

        const before = emu.stats();
        const refreshed = await engine.refresh();
        const refreshFaults = emu.stats().faults;
        const figures = figuresOf(emu, [engine]);
        report("refresh under faults", figures, {
            faultsDuringRefresh: refreshFaults.errors + refreshFaults.dropped + refreshFaults.throttled - before.faults.errors - before.faults.dropped - before.faults.throttled,
            dropped: refreshed.dropped.length,
        });
        expect(refreshed.dropped.map((urn) => urn.split("::").pop()).sort()).to.deep.equal(deletedOutOfBand);
        expect(figures).to.include({ duplicates: 0, orphans: 0, lost: 0 });
        for (const { name } of declared.filter(({ name }) => !deletedOutOfBand.includes(name))) {
            const resource = [...engine.state.values()].find((r) => r.name === name);
            expect(resource, `${name} is kept by refresh`).to.not.equal(undefined);
            expect(resource!.outputs.status, `refreshed status of ${name}`).to.equal(stoppedOutOfBand.includes(name) ? JOBSTAT_KILLED : JOBSTAT_RUNNING);
        }

        const destroyed = await engine.destroy();
        const live = liveJobs(emu);
        const outcome = (policy: DeletionPolicy) =>
            declared.filter((d) => d.policy === policy && !deletedOutOfBand.includes(d.name)).map((d) => {
                const job = live.find((j) => String(j.jobId) === ids.get(d.name));
                return job ? (job.status === JOBSTAT_RUNNING ? "running" : "stopped") : "gone";
            }).join("/");
        // After a destroy, jobs kept by their policy are expected: the orphan figure is not printed.
        const after = figuresOf(emu, [engine]);
        console.log(
            `      [figures] destroy under faults: operations=${after.operations} faults(throttled=${after.faults.throttled} ` +
                `errors=${after.faults.errors} dropped=${after.faults.dropped}) retries=${after.retries} deletes=${destroyed.steps.length} ` +
                `errors=${destroyed.errors.length} stop=${outcome("stop")} delete=${outcome("delete")} retain=${outcome("retain")}`,
        );
        expect(after.faults.errors + after.faults.dropped + after.faults.throttled, "faults injected in the scenario").to.be.greaterThan(0);
        expect(destroyed.errors).to.deep.equal([]);
        expect(engine.state.size).to.equal(0);
        for (const { name, policy } of declared.filter(({ name }) => !deletedOutOfBand.includes(name))) {
            const job = live.find((j) => String(j.jobId) === ids.get(name));
            if (policy === "delete") {
                expect(job, `${name} (delete) is gone`).to.equal(undefined);
                expect(emu.store.byId(Number(ids.get(name)))!.deletedAtMs, `${name} was deleted`).to.be.a("number");
            } else {
                expect(job, `${name} (${policy}) still exists`).to.not.equal(undefined);
                const expected = policy === "stop" || stoppedOutOfBand.includes(name) ? JOBSTAT_KILLED : JOBSTAT_RUNNING;
                expect(job!.status, `status of ${name} (${policy})`).to.equal(expected);
            }
        }
        expect(new Set(live.map((j) => j.jobName)).size).to.equal(live.length);
        expect(emu.stats().jobsCreated).to.equal(declared.length);
    });
});
