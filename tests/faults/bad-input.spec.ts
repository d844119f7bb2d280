// Bad input: every invalid input is rejected by Check, through Pulumi's real dynamic-provider host,
// with the field named, and without a single request reaching the emulator.
import { expect } from "chai";
import { RunningEmulator, startEmulator } from "../../emulator/server";
import { LocalEngine } from "../../examples/local-engine/engine";
import { VisualizationJob } from "../../provider";
import { emulatorStackConfig } from "../../emulator/defaults";
import { serializedProvider } from "../support/provider";
import { REPO_ROOT, SHORT_TIMINGS } from "./harness";

interface BadInput {
    title: string;
    /** Changes to a valid input set; `undefined` removes the field. */
    change: Record<string, unknown>;
    property: string;
}

const CASES: BadInput[] = [
    { title: "no jobName", change: { jobName: undefined }, property: "jobName" },
    { title: "an empty jobName", change: { jobName: "" }, property: "jobName" },
    { title: "a jobName of 21 characters", change: { jobName: "a".repeat(21) }, property: "jobName" },
    { title: "a jobName with a space", change: { jobName: "my job" }, property: "jobName" },
    { title: "a jobName with a dot", change: { jobName: "my.job" }, property: "jobName" },
    { title: "a jobName with a slash", change: { jobName: "my/job" }, property: "jobName" },
    { title: "a jobName in Chinese", change: { jobName: "可视化作业" }, property: "jobName" },
    { title: "a numeric jobName", change: { jobName: 42 }, property: "jobName" },
    { title: "a jobName array", change: { jobName: ["vis"] }, property: "jobName" },
    { title: "no trainUrl", change: { trainUrl: undefined }, property: "trainUrl" },
    { title: "a trainUrl with the obs:// scheme", change: { trainUrl: "obs://bucket/out/" }, property: "trainUrl" },
    { title: "a trainUrl without the leading slash", change: { trainUrl: "bucket/out/" }, property: "trainUrl" },
    { title: "a trainUrl with an uppercase bucket", change: { trainUrl: "/Bucket/out/" }, property: "trainUrl" },
    { title: "a trainUrl with a 2-character bucket", change: { trainUrl: "/bk/out/" }, property: "trainUrl" },
    { title: "a trainUrl with an empty folder", change: { trainUrl: "/bucket//out/" }, property: "trainUrl" },
    { title: "a trainUrl climbing out with ..", change: { trainUrl: "/bucket/../etc/" }, property: "trainUrl" },
    { title: "a trainUrl with a query", change: { trainUrl: "/bucket/out?x=1" }, property: "trainUrl" },
    { title: "a trainUrl with a space", change: { trainUrl: "/bucket/o ut/" }, property: "trainUrl" },
    { title: "a trainUrl of 1100 characters", change: { trainUrl: "/bucket/" + "x".repeat(1100) }, property: "trainUrl" },
    { title: "a trainUrl that is an https URL", change: { trainUrl: "https://bucket/out/" }, property: "trainUrl" },
    { title: "a trainUrl object", change: { trainUrl: { bucket: "b" } }, property: "trainUrl" },
    { title: "an unknown jobType", change: { jobType: "tensorflow" }, property: "jobType" },
    { title: "a jobType in the wrong case", change: { jobType: "TensorBoard" }, property: "jobType" },
    { title: "a numeric jobType", change: { jobType: 1 }, property: "jobType" },
    { title: "a jobDesc of 257 characters", change: { jobDesc: "d".repeat(257) }, property: "jobDesc" },
    { title: "a jobDesc of 1000 characters", change: { jobDesc: "d".repeat(1000) }, property: "jobDesc" },
    { title: "a numeric jobDesc", change: { jobDesc: 5 }, property: "jobDesc" },
    { title: "autoStopHours 25", change: { autoStopHours: 25 }, property: "autoStopHours" },
    { title: "autoStopHours -1", change: { autoStopHours: -1 }, property: "autoStopHours" },
    { title: "autoStopHours 1.5", change: { autoStopHours: 1.5 }, property: "autoStopHours" },
    { title: "autoStopHours as a string", change: { autoStopHours: "4" }, property: "autoStopHours" },
    { title: "autoStopHours as a boolean", change: { autoStopHours: true }, property: "autoStopHours" },
    { title: "a flavorCode with a space and !", change: { flavorCode: "bad flavor!" }, property: "flavorCode" },
    { title: "a flavorCode starting with a dot", change: { flavorCode: ".cpu.2u" }, property: "flavorCode" },
    { title: "an unknown desiredState", change: { desiredState: "paused" }, property: "desiredState" },
    { title: "an unknown deletionPolicy", change: { deletionPolicy: "destroy" }, property: "deletionPolicy" },
    { title: "a deletionPolicy in the wrong case", change: { deletionPolicy: "Delete" }, property: "deletionPolicy" },
    { title: "timeouts as a string", change: { timeouts: "10m" }, property: "timeouts" },
    { title: "timeouts as an array", change: { timeouts: ["10m"] }, property: "timeouts" },
    { title: "a timeout that is not a duration", change: { timeouts: { create: "soon" } }, property: "timeouts.create" },
    { title: "a zero timeout", change: { timeouts: { create: "0s" } }, property: "timeouts.create" },
    { title: "a negative timeout", change: { timeouts: { update: "-5m" } }, property: "timeouts.update" },
    { title: "a numeric timeout", change: { timeouts: { delete: 90 } }, property: "timeouts.delete" },
    { title: "an unknown timeout", change: { timeouts: { destroy: "5m" } }, property: "timeouts.destroy" },
    { title: "a non-numeric adoptJobId", change: { adoptJobId: "abc" }, property: "adoptJobId" },
    { title: "a negative adoptJobId", change: { adoptJobId: "-1" }, property: "adoptJobId" },
    { title: "an adoptJobId of 20 digits", change: { adoptJobId: "1".repeat(20) }, property: "adoptJobId" },
    { title: "a numeric adoptJobId", change: { adoptJobId: 123 }, property: "adoptJobId" },
    { title: "an unknown field in the wrong case", change: { jobname: "vis" }, property: "jobname" },
    { title: "an unknown field", change: { password: "hunter2" }, property: "password" },
    { title: "a region in uppercase", change: { region: "CN-NORTH-4" }, property: "region" },
    { title: "a region without a dash", change: { region: "north" }, property: "region" },
    { title: "a projectId with a space", change: { projectId: "my project" }, property: "projectId" },
    { title: "an endpoint that is not a URL", change: { endpoint: "modelarts" }, property: "endpoint" },
    { title: "an ftp endpoint", change: { endpoint: "ftp://modelarts.example.com" }, property: "endpoint" },
];

const VALID = { jobName: "vis-ok", trainUrl: "/bucket/train/out/" };
const URN = "urn:pulumi:dev::faults::pulumi-nodejs:dynamic/modelarts:VisualizationJob::bad";

describe("faults: bad input", function () {
    this.timeout(30_000);
    let emu: RunningEmulator;
    let engine: LocalEngine;
    let provider: string;

    before(async () => {
        emu = await startEmulator(SHORT_TIMINGS);
        engine = await LocalEngine.start({
            cwd: REPO_ROOT,
            project: "faults",
            stack: "dev",
            config: emulatorStackConfig(emu.url),
            secretKeys: ["modelarts:secretKey"],
        });
        provider = (await serializedProvider()).text;
    });

    after(async () => {
        report();
        await engine?.stop();
        await emu?.close();
    });

    let rejected = 0;
    const report = () => console.log(`      [figures] bad input: cases=${CASES.length} rejected=${rejected} requests=${emu?.stats().requests.total}`);

    it("has at least 40 cases", () => {
        expect(CASES.length).to.be.at.least(40);
    });

    it("accepts the valid input the cases start from", async () => {
        const checked = await engine.host.check(URN, {}, { ...VALID, __provider: provider });
        expect(checked.failures).to.deep.equal([]);
        expect(emu.stats().requests.total).to.equal(0);
    });

    for (const c of CASES) {
        it(`rejects ${c.title}, naming ${c.property}, without calling the API`, async () => {
            const inputs: Record<string, unknown> = { ...VALID, ...c.change, __provider: provider };
            for (const [key, value] of Object.entries(inputs)) {
                if (value === undefined) {
                    delete inputs[key];
                }
            }
            const checked = await engine.host.check(URN, {}, inputs);
            expect(checked.failures.map((f) => f.property)).to.deep.equal([c.property]);
            expect(checked.failures[0].reason).to.be.a("string").and.include(c.property.split(".").pop()!);
            expect(emu.stats().requests.total, "requests that reached the emulator").to.equal(0);
            rejected += 1;
        });
    }

    it("fails an up of a bad resource at Check, before any request", async () => {
        const result = await engine.up(() => {
            new VisualizationJob("bad", { jobName: "bad name", trainUrl: "obs://bucket/out/", autoStopHours: 25 });
            return {};
        });
        expect(result.errors).to.have.length(1);
        expect(result.errors[0].message).to.include("jobName").and.include("trainUrl").and.include("autoStopHours");
        expect(engine.state.size).to.equal(0);
        expect(emu.stats().requests.total).to.equal(0);
    });
});
