// The service restarts mid-deployment: jobs persisted in the emulator's state file survive, the
// provider rides out the refused connections, and the deployment completes with exactly its jobs.
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { VisualizationJob } from "../../provider";
import { JOBSTAT_RUNNING } from "../../provider/job-status";
import { eventually } from "../support/async";
import { figuresOf, liveJobs, report, useResources } from "./harness";

const DOWNTIME_MS = 1500;

describe("faults: emulator restart", function () {
    this.timeout(30_000);
    const resources = useResources();
    let dir: string;

    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "modelarts-faults-"));
    });
    afterEach(() => {
        fs.rmSync(dir, { recursive: true, force: true });
    });

    it("completes the deployment across a restart on the same port and state file, with exactly the expected jobs", async () => {
        const stateFile = path.join(dir, "jobs.json");
        const timings = { startupMs: 2000, stopMs: 200, deleteMs: 200, stateFile };
        const first = await resources.emulator(timings);
        const { engine, lines } = await resources.engine(first);
        const names = ["rs-0", "rs-1", "rs-2", "rs-3", "rs-4", "rs-5"];
        const deployment = engine.up(() => {
            const exports: Record<string, unknown> = {};
            for (const name of names) {
                exports[name] = new VisualizationJob(name, { jobName: name, trainUrl: `/bucket/runs/${name}/` }).jobId;
            }
            return exports;
        });

        // Every create answered, every job still starting: the provider is waiting on them.
        await eventually("every job to be created and still starting", () => {
            const created = names.every((name) => lines.some((line) => line.includes(`${name} (job`) && line.includes("created")));
            const starting = liveJobs(first).filter((j) => j.status !== JOBSTAT_RUNNING).length === names.length;
            return created && starting ? true : undefined;
        });
        const before = liveJobs(first).map((j) => ({ id: j.jobId, name: j.jobName }));
        const requestsBefore = first.stats().requests.total;
        await resources.closeEmulator(first);
        // The service stays down for a while (part of the scenario, not a wait for a condition): the
        // provider's polls meet refused connections.
        await new Promise((resolve) => setTimeout(resolve, DOWNTIME_MS));

        const second = await resources.emulator({ ...timings, port: first.port });
        expect(second.url).to.equal(first.url);
        expect(liveJobs(second).map((j) => ({ id: j.jobId, name: j.jobName }))).to.deep.equal(before);

        const result = await deployment;
        const figures = figuresOf(second, [engine]);
        report("emulator restart", figures, { downtimeMs: DOWNTIME_MS, requestsBeforeRestart: requestsBefore, requestsAfterRestart: second.stats().requests.total });
        expect(result.errors).to.deep.equal([]);
        expect(result.steps.filter((s) => s.step === "create")).to.have.length(names.length);
        const live = liveJobs(second);
        expect(live.map((j) => j.jobName).sort()).to.deep.equal(names);
        expect(second.stats().jobsCreated, "no create after the restart").to.equal(0);
        for (const name of names) {
            const job = live.find((j) => j.jobName === name)!;
            expect(result.outputs[name]).to.equal(String(job.jobId));
            expect(job.status).to.equal(JOBSTAT_RUNNING);
        }
        expect(figures).to.include({ duplicates: 0, orphans: 0, lost: 0 });
    });
});
