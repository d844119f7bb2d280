// check and diff: pure decisions with no API call, including Pulumi's preview placeholders.
import { expect } from "chai";
import * as runtime from "../provider/runtime";
import { parseDurationMs, timeoutMsOf, UNKNOWN_VALUE } from "../provider/inputs";

const valid = { __provider: "stub", jobName: "vis-1", trainUrl: "/bucket/out/" };

describe("check", () => {
    it("applies the defaults to valid inputs", async () => {
        const { inputs, failures } = await runtime.check({}, valid);
        expect(failures).to.deep.equal([]);
        expect(inputs).to.deep.equal({ ...valid, jobType: "tensorboard", jobDesc: "", desiredState: "running", deletionPolicy: "stop" });
    });

    it("reports one failure per bad field, each naming the field", async () => {
        const { failures } = await runtime.check({}, { ...valid, jobName: "bad name!", jobDesc: "x".repeat(257), autoStopHours: 25, jobType: "notebook" });
        expect(failures.map((f) => f.property)).to.have.members(["jobName", "jobDesc", "autoStopHours", "jobType"]);
        expect(failures.find((f) => f.property === "jobDesc")!.reason).to.contain("257 characters; the API allows at most 256");
    });

    it("tells how to write an obs:// train URL", async () => {
        const { failures } = await runtime.check({}, { ...valid, trainUrl: "obs://bucket/out/" });
        expect(failures).to.deep.equal([{ property: "trainUrl", reason: 'trainUrl "obs://bucket/out/" must be written without the obs:// scheme, as "/bucket/out/"' }]);
    });

    it("lets preview placeholders through without validating them", async () => {
        const unknowns = { __provider: "stub", jobName: UNKNOWN_VALUE, trainUrl: UNKNOWN_VALUE, autoStopHours: UNKNOWN_VALUE, timeouts: UNKNOWN_VALUE };
        const { failures, inputs } = await runtime.check({}, unknowns);
        expect(failures).to.deep.equal([]);
        expect(inputs.jobName).to.equal(UNKNOWN_VALUE);
    });

    it("drops the seeded output placeholders and rejects unknown fields", async () => {
        const { inputs, failures } = await runtime.check({}, { ...valid, serviceUrl: undefined, jobId: undefined, trainURL: "/b/" });
        expect(inputs).to.not.have.any.keys("serviceUrl", "jobId");
        expect(failures).to.have.length(1);
        expect(failures[0].property).to.equal("trainURL");
        expect(failures[0].reason).to.contain("unknown input").and.contain("trainUrl");
    });
});

describe("diff", () => {
    const olds = { ...valid, jobType: "tensorboard", jobDesc: "", desiredState: "running", deletionPolicy: "stop", jobId: "7", status: 8 };

    it("reports no change for identical inputs on a running job", async () => {
        expect(await runtime.diff("7", olds, { ...olds })).to.deep.equal({ changes: false, replaces: [], deleteBeforeReplace: false });
    });

    const replacing: Array<[string, unknown]> = [
        ["trainUrl", "/bucket/other/"],
        ["jobType", "mindinsight"],
        ["flavorCode", "modelarts.vm.cpu.2u"],
        ["autoStopHours", 2],
        ["region", "cn-east-3"],
        ["projectId", "abc"],
    ];
    for (const [key, value] of replacing) {
        it(`replaces the job, deleting it first, when ${key} changes`, async () => {
            const result = await runtime.diff("7", olds, { ...olds, [key]: value });
            expect(result).to.deep.equal({ changes: true, replaces: [key], deleteBeforeReplace: true });
        });
    }

    it("creates the replacement first when the name changes too, since the names do not collide", async () => {
        const result = await runtime.diff("7", olds, { ...olds, jobName: "vis-2", trainUrl: "/bucket/other/" });
        expect(result).to.deep.equal({ changes: true, replaces: ["jobName", "trainUrl"], deleteBeforeReplace: false });
    });

    for (const [key, value] of [["jobDesc", "new"], ["desiredState", "stopped"], ["deletionPolicy", "delete"], ["timeouts", { create: "1h" }], ["endpoint", "https://proxy.example.com"]] as const) {
        it(`updates in place when ${key} changes`, async () => {
            const result = await runtime.diff("7", olds, { ...olds, [key]: value });
            expect(result).to.deep.equal({ changes: true, replaces: [], deleteBeforeReplace: false });
        });
    }

    it("updates when only the serialized provider changed, so fixes reach existing resources", async () => {
        expect((await runtime.diff("7", olds, { ...olds, __provider: "stub v2" })).changes).to.equal(true);
    });

    it("plans a replace for a replace-on-change input that is unknown in preview", async () => {
        const result = await runtime.diff("7", olds, { ...olds, trainUrl: UNKNOWN_VALUE });
        expect(result.replaces).to.deep.equal(["trainUrl"]);
    });

    it("replaces the resource when adoptJobId names another job, not when it names this one", async () => {
        expect((await runtime.diff("7", olds, { ...olds, adoptJobId: "9" })).replaces).to.deep.equal(["adoptJobId"]);
        expect((await runtime.diff("7", olds, { ...olds, adoptJobId: "7" })).replaces).to.deep.equal([]);
    });
});

describe("timeouts", () => {
    const cases: Array<[string, number | undefined]> = [["90s", 90_000], ["15m", 900_000], ["1h30m", 5_400_000], ["500ms", 500], ["1h", 3_600_000], ["", undefined], ["10", undefined], ["5 m", undefined], ["1d", undefined]];
    for (const [text, ms] of cases) {
        it(`parses ${JSON.stringify(text)} as ${ms ?? "invalid"}`, () => {
            expect(parseDurationMs(text)).to.equal(ms);
        });
    }

    it("defaults create and update to 15 minutes and delete to 10", () => {
        const inputs = { jobName: "a", trainUrl: "/bucket/out/" };
        expect([timeoutMsOf(inputs, "create"), timeoutMsOf(inputs, "update"), timeoutMsOf(inputs, "delete")]).to.deep.equal([900_000, 900_000, 600_000]);
    });
});
