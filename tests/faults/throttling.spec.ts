// Gateway throttling under load: the gateway pacing its callers (APIG.0308) must neither use up a
// call's attempts nor inflate the backoff of a later failure; the call's budget still bounds it.
// Exact, against a scripted fetch and a recording clock.
import { expect } from "chai";
import { VisualizationJobClient, ClientOptions } from "../../provider/client";
import { ApiError } from "../../provider/errors";
import { ScriptStep, recordingClock, scriptedFetch } from "../support/scripted-fetch";

const THROTTLED: ScriptStep = { status: 429, body: { error_code: "APIG.0308", error_msg: "The throttling threshold has been reached" } };
const CREATED: ScriptStep = { status: 200, body: { is_success: true, job_id: "10", job_name: "vis-1", status: "1", create_time: "1524189990635" } };
const JOB: ScriptStep = { status: 200, body: { job_id: 10, job_name: "vis-1", status: 8 } };

function clientWith(steps: ScriptStep[], retry: ClientOptions["retry"]) {
    const script = scriptedFetch(steps);
    const clock = recordingClock();
    const client = new VisualizationJobClient({
        endpoint: "https://modelarts.cn-north-4.myhuaweicloud.com",
        projectId: "0123456789abcdef0123456789abcdef",
        auth: { kind: "aksk", accessKey: "AK-THROTTLE", secretKey: "sk-throttle-tests" },
        clock,
        random: () => 0.5,
        fetch: script.fetch,
        retry,
    });
    return { client, script, clock };
}

describe("faults: gateway throttling", () => {
    it("keeps sending a create the gateway throttles more times than maxAttempts, until it is accepted", async () => {
        const { client, script } = clientWith([...Array(5).fill(THROTTLED), CREATED], { maxAttempts: 3 });
        const created = await client.createJob({ job_name: "vis-1", train_url: "/bucket/out/" });
        expect(created.jobId).to.equal("10");
        expect(script.requests).to.have.length(6);
        console.log(`      [figures] gateway throttling: throttled=5 maxAttempts=3 requests=${script.requests.length} outcome=created`);
    });

    it("backs a failure after throttled attempts off as a first failure", async () => {
        const { client, clock } = clientWith([...Array(5).fill(THROTTLED), { status: 500, body: "" }, JOB], { maxAttempts: 4 });
        await client.getJob("10");
        // Throttles back off on their own count (250, 500, … with random 0.5); the 500 is the first failure.
        expect(clock.sleeps).to.deep.equal([250, 500, 1000, 2000, 4000, 250]);
    });

    it("still gives up on throttling when the call's budget runs out", async () => {
        const { client, script } = clientWith(Array(50).fill(THROTTLED), { maxAttempts: 3, budgetMs: 5_000 });
        const error = await client.getJob("10").then(() => undefined, (e: unknown) => e);
        expect(error).to.be.instanceOf(ApiError);
        expect((error as ApiError).code).to.equal("APIG.0308");
        expect(script.requests.length).to.be.greaterThan(3).and.lessThan(50);
    });
});
