// What the client puts on the wire: methods, paths, queries, bodies and auth headers (API §1, §2, §5).
import { expect } from "chai";
import { VisualizationJobClient, ClientAuth, ClientOptions } from "../provider/client";
import { endpointForRegion } from "../provider/endpoint";
import { parseAuthorization } from "../provider/signer";
import { ScriptStep, recordingClock, scriptedFetch } from "./support/scripted-fetch";

const OK: ScriptStep = { status: 200, body: { is_success: true } };
const LIST: ScriptStep = { status: 200, body: { is_success: true, job_total_count: 0, jobs: [] } };
const AKSK: ClientAuth = { kind: "aksk", accessKey: "AK-REQ", secretKey: "SK-REQ" };

function setup(steps: ScriptStep[], auth: ClientAuth = AKSK, options: Partial<ClientOptions> = {}) {
    const script = scriptedFetch(steps);
    const client = new VisualizationJobClient({
        endpoint: endpointForRegion("cn-north-4"),
        projectId: "pid",
        auth,
        clock: recordingClock(),
        random: () => 0,
        fetch: script.fetch,
        ...options,
    });
    return { client, script };
}

function job(id: number): Record<string, unknown> {
    return { job_id: id, job_name: `j${id}`, status: 8 };
}

describe("client requests", () => {
    const base = "https://modelarts.cn-north-4.myhuaweicloud.com/v1/pid/visualization-jobs";
    const operations: Array<{ title: string; call: (c: VisualizationJobClient) => Promise<unknown>; answer: ScriptStep; method: string; url: string; body?: unknown }> = [
        {
            title: "createJob",
            call: (c) => c.createJob({ job_name: "vis-1", train_url: "/bucket/out/" }),
            answer: { status: 200, body: { job_id: "1", job_name: "vis-1", status: "1" } },
            method: "POST",
            url: base,
            body: { job_name: "vis-1", train_url: "/bucket/out/" },
        },
        { title: "getJob", call: (c) => c.getJob("42"), answer: { status: 200, body: job(42) }, method: "GET", url: `${base}/42` },
        { title: "listJobs", call: (c) => c.listJobs(), answer: LIST, method: "GET", url: `${base}?page=1&per_page=100&sortBy=job_id&order=asc` },
        { title: "updateJobDescription", call: (c) => c.updateJobDescription("42", "new"), answer: OK, method: "PUT", url: `${base}/42`, body: { job_desc: "new" } },
        { title: "deleteJob", call: (c) => c.deleteJob("42"), answer: OK, method: "DELETE", url: `${base}/42` },
        { title: "stopJob", call: (c) => c.stopJob("42"), answer: OK, method: "POST", url: `${base}/42/stop` },
        { title: "restartJob", call: (c) => c.restartJob("42"), answer: OK, method: "POST", url: `${base}/42/restart` },
    ];
    for (const op of operations) {
        it(`${op.title} sends ${op.method} ${op.url.replace(base, "…")}${op.body ? " with a JSON body" : " without a body"}`, async () => {
            const { client, script } = setup([op.answer]);
            await op.call(client);
            const [request] = script.requests;
            expect(request.method).to.equal(op.method);
            expect(request.url).to.equal(op.url);
            expect(request.headers["content-type"]).to.equal("application/json");
            if (op.body === undefined) {
                expect(request.body).to.equal(undefined);
            } else {
                expect(JSON.parse(request.body!.toString("utf8"))).to.deep.equal(op.body);
            }
        });
    }

    it("signs the exact body bytes it sends", async () => {
        const { client, script } = setup([{ status: 200, body: { job_id: "1", job_name: "vis-é", status: "1" } }]);
        await client.createJob({ job_name: "vis-é", train_url: "/b/", job_desc: "ünïcode ✓" });
        const [request] = script.requests;
        const auth = parseAuthorization(request.headers["authorization"])!;
        expect(auth.accessKey).to.equal("AK-REQ");
        expect(auth.signedHeaders).to.deep.equal(["content-type", "host", "x-project-id", "x-sdk-date"]);
        expect(request.body!.equals(Buffer.from(JSON.stringify({ job_name: "vis-é", train_url: "/b/", job_desc: "ünïcode ✓" }), "utf8"))).to.equal(true);
        expect(request.headers["host"]).to.equal("modelarts.cn-north-4.myhuaweicloud.com");
    });

    it("sends X-Project-Id and signs X-Security-Token with temporary AK/SK", async () => {
        const { client, script } = setup([OK], { kind: "aksk", accessKey: "AK", secretKey: "SK", securityToken: "sts-token" });
        await client.deleteJob("1");
        const [request] = script.requests;
        expect(request.headers["x-project-id"]).to.equal("pid");
        expect(request.headers["x-security-token"]).to.equal("sts-token");
        expect(parseAuthorization(request.headers["authorization"])!.signedHeaders).to.include("x-security-token");
    });

    it("sends X-Auth-Token and no signature with token auth", async () => {
        const { client, script } = setup([OK], { kind: "token", token: "iam-token" });
        await client.deleteJob("1");
        const [request] = script.requests;
        expect(request.headers["x-auth-token"]).to.equal("iam-token");
        expect(request.headers).to.not.have.any.keys("authorization", "x-sdk-date", "x-project-id");
    });

    it("sends every list parameter explicitly, RFC 3986-encoded", async () => {
        const { client, script } = setup([LIST]);
        await client.listJobs({ page: 3, per_page: 5, sortBy: "status", order: "desc", status: 8, search_content: "a b/c+d" });
        expect(new URL(script.requests[0].url).search).to.equal("?page=3&per_page=5&sortBy=status&order=desc&status=8&search_content=a%20b%2Fc%2Bd");
    });

    it("percent-encodes a job id in the path", async () => {
        const { client, script } = setup([OK]);
        await client.deleteJob("a b/c");
        expect(new URL(script.requests[0].url).pathname).to.equal("/v1/pid/visualization-jobs/a%20b%2Fc");
    });

    it("walks every page of the list and returns each job once", async () => {
        const { client, script } = setup([
            { status: 200, body: { job_total_count: 5, jobs: [job(1), job(2)] } },
            // A job created meanwhile shifts job 2 onto the next page.
            { status: 200, body: { job_total_count: 5, jobs: [job(2), job(3)] } },
            { status: 200, body: { job_total_count: 5, jobs: [job(4)] } },
        ]);
        const jobs = await client.listAllJobs({ per_page: 2, search_content: "j" });
        expect(jobs.map((j) => j.jobId)).to.deep.equal(["1", "2", "3", "4"]);
        expect(script.requests.map((r) => new URL(r.url).searchParams.get("page"))).to.deep.equal(["1", "2", "3"]);
        expect(script.requests.every((r) => new URL(r.url).searchParams.get("search_content") === "j")).to.equal(true);
    });

    it("stops walking at job_total_count even when the last page is full", async () => {
        const { client, script } = setup([
            { status: 200, body: { job_total_count: 4, jobs: [job(1), job(2)] } },
            { status: 200, body: { job_total_count: 4, jobs: [job(3), job(4)] } },
        ]);
        expect(await client.listAllJobs({ per_page: 2 })).to.have.length(4);
        expect(script.requests).to.have.length(2);
    });

    const invalid: Array<{ title: string; options: Partial<ClientOptions>; message: RegExp }> = [
        { title: "an http endpoint off loopback", options: { endpoint: "http://modelarts.cn-north-4.myhuaweicloud.com" }, message: /not a loopback host/ },
        { title: "an empty project id", options: { projectId: "" }, message: /project id/ },
        { title: "a project id with a slash", options: { projectId: "a/b" }, message: /project id/ },
        { title: "AK/SK without a secret", options: { auth: { kind: "aksk", accessKey: "AK", secretKey: "" } }, message: /secretKey/ },
        { title: "an empty token", options: { auth: { kind: "token", token: "" } }, message: /token/ },
        { title: "zero attempts", options: { retry: { maxAttempts: 0 } }, message: /maxAttempts/ },
    ];
    for (const c of invalid) {
        it(`refuses to construct with ${c.title}`, () => {
            expect(() => setup([], AKSK, c.options)).to.throw(Error, c.message);
        });
    }
});
