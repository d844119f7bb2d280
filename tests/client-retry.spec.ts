// The client's retry rules (house style §3.4) against a scripted fetch and a recording clock, so
// every attempt and every delay is exact.
import { expect } from "chai";
import { VisualizationJobClient, ClientOptions } from "../provider/client";
import {
    ApiError,
    NetworkError,
    RequestTimeoutError,
    isAmbiguous,
    isApiError,
    isAuthError,
    isNetworkError,
    isNotFound,
    isRequestTimeoutError,
} from "../provider/errors";
import type { AttemptEvent } from "../provider/http";
import { computeSignature, parseAuthorization, sha256Hex, EMPTY_PAYLOAD_HASH } from "../provider/signer";
import { ScriptStep, recordingClock, scriptedFetch } from "./support/scripted-fetch";
import { rejectionOf } from "./support/async";

const PROJECT = "0123456789abcdef0123456789abcdef";
const ENDPOINT = "https://modelarts.cn-north-4.myhuaweicloud.com";
const SK = "sk-for-retry-tests";
const JOB = { job_id: 10, job_name: "vis-1", status: 8 };
const OK = { status: 200, body: { is_success: true } };
const CREATED = { status: 200, body: { is_success: true, job_id: "10", job_name: "vis-1", status: "1", create_time: "1524189990635" } };

function setup(steps: ScriptStep[], options: Partial<ClientOptions> = {}) {
    const script = scriptedFetch(steps);
    const clock = recordingClock();
    const events: AttemptEvent[] = [];
    const client = new VisualizationJobClient({
        endpoint: ENDPOINT,
        projectId: PROJECT,
        auth: { kind: "aksk", accessKey: "AK-RETRY", secretKey: SK },
        clock,
        random: () => 0.5,
        fetch: script.fetch,
        onAttempt: (event) => events.push(event),
        ...options,
    });
    return { client, script, clock, events };
}

function apiFailure(status: number, code?: string, headers?: Record<string, string>): ScriptStep {
    return { status, body: code ? { error_code: code, error_msg: `failure ${code}` } : "", headers };
}

describe("client retries", () => {
    describe("idempotent calls", () => {
        it("retries a 429 no sooner than Retry-After, with backoff jitter on top", async () => {
            const { client, script, clock } = setup([apiFailure(429, "APIG.0308", { "Retry-After": "3" }), { status: 200, body: JOB }]);
            const job = await client.getJob("10");
            expect(job.jobId).to.equal("10");
            expect(script.requests).to.have.length(2);
            expect(clock.sleeps).to.deep.equal([3000 + 0.5 * 500]);
        });

        it("reads Retry-After given as an HTTP date", async () => {
            // The recording clock starts at 2024-01-01T00:00:00Z.
            const { client, clock } = setup([
                apiFailure(429, "APIG.0308", { "Retry-After": "Mon, 01 Jan 2024 00:00:05 GMT" }),
                { status: 200, body: JOB },
            ]);
            await client.getJob("10");
            expect(clock.sleeps).to.deep.equal([5000 + 0.5 * 500]);
        });

        it("caps Retry-After at maxDelayMs", async () => {
            const { client, clock } = setup([apiFailure(429, "APIG.0308", { "Retry-After": "3600" }), { status: 200, body: JOB }], {
                retry: { maxDelayMs: 7000 },
            });
            await client.getJob("10");
            expect(clock.sleeps).to.deep.equal([7000]);
        });

        it("retries a 503 with full-jitter exponential backoff", async () => {
            const { client, script, clock } = setup([apiFailure(503), apiFailure(503), apiFailure(503), { status: 200, body: JOB }], {
                random: () => 0.25,
            });
            await client.getJob("10");
            expect(script.requests).to.have.length(4);
            // 0.25 × min(20000, 500 × 2^(n−1)) for n = 1, 2, 3.
            expect(clock.sleeps).to.deep.equal([125, 250, 500]);
        });

        it("caps the backoff ceiling at maxDelayMs", async () => {
            const { client, clock } = setup([apiFailure(502), apiFailure(502), apiFailure(502), { status: 200, body: JOB }], {
                random: () => 0.5,
                retry: { baseDelayMs: 1000, maxDelayMs: 1500 },
            });
            await client.getJob("10");
            expect(clock.sleeps).to.deep.equal([500, 750, 750]);
        });

        const retryable: Array<{ title: string; step: ScriptStep }> = [
            { title: "408", step: apiFailure(408) },
            { title: "429 without a code", step: apiFailure(429) },
            { title: "429 ModelArts.6101", step: apiFailure(429, "ModelArts.6101") },
            { title: "500 ModelArts.0010", step: apiFailure(500, "ModelArts.0010") },
            { title: "502 with an HTML page", step: { status: 502, body: "<html><body>Bad Gateway</body></html>" } },
            { title: "504", step: apiFailure(504) },
            { title: "ECONNRESET", step: { networkError: "ECONNRESET" } },
            { title: "ECONNREFUSED", step: { networkError: "ECONNREFUSED" } },
        ];
        for (const c of retryable) {
            it(`retries GET, PUT and DELETE after ${c.title}`, async () => {
                const { client, script } = setup([c.step, { status: 200, body: JOB }, c.step, OK, c.step, OK]);
                await client.getJob("10");
                await client.updateJobDescription("10", "d");
                await client.deleteJob("10");
                expect(script.requests.map((r) => r.method)).to.deep.equal(["GET", "GET", "PUT", "PUT", "DELETE", "DELETE"]);
            });
        }

        it("retries an attempt that times out", async () => {
            const { client, script, events } = setup([{ hang: true }, { status: 200, body: JOB }], { timeoutMs: 20 });
            const job = await client.getJob("10");
            expect(job.status).to.equal(8);
            expect(script.requests).to.have.length(2);
            expect(events[0].error).to.match(/no answer within 20 ms/);
        });

        const final: Array<{ title: string; step: ScriptStep; check: (err: unknown) => boolean }> = [
            { title: "401 APIG.0301", step: apiFailure(401, "APIG.0301"), check: isAuthError },
            { title: "403 ModelArts.0112", step: apiFailure(403, "ModelArts.0112"), check: isAuthError },
            { title: "401 ModelArts.0202 (expired token)", step: apiFailure(401, "ModelArts.0202"), check: isAuthError },
            { title: "400 ModelArts.0104", step: apiFailure(400, "ModelArts.0104"), check: (err) => isApiError(err) && err.status === 400 },
            { title: "404 ModelArts.0102", step: apiFailure(404, "ModelArts.0102"), check: isNotFound },
            { title: "404 APIG.0101", step: apiFailure(404, "APIG.0101"), check: (err) => isApiError(err) && !isNotFound(err) },
            { title: "409", step: apiFailure(409), check: (err) => isApiError(err) && err.status === 409 },
        ];
        for (const c of final) {
            it(`sends a GET answered ${c.title} exactly once`, async () => {
                const { client, script, clock } = setup([c.step, { status: 200, body: JOB }]);
                const err = await rejectionOf(client.getJob("10"));
                expect(c.check(err), String(err)).to.equal(true);
                expect(script.requests).to.have.length(1);
                expect(clock.sleeps).to.deep.equal([]);
            });
        }

        it("sends a DELETE, a PUT and a stop answered 401 exactly once each", async () => {
            const { client, script } = setup([apiFailure(401, "APIG.0301"), apiFailure(401, "APIG.0301"), apiFailure(401, "APIG.0301"), OK]);
            expect(isAuthError(await rejectionOf(client.deleteJob("10")))).to.equal(true);
            expect(isAuthError(await rejectionOf(client.updateJobDescription("10", "x")))).to.equal(true);
            expect(isAuthError(await rejectionOf(client.stopJob("10")))).to.equal(true);
            expect(script.requests).to.have.length(3);
        });

        it("stops after maxAttempts and rejects with the last failure", async () => {
            const { client, script, clock } = setup([apiFailure(503), apiFailure(503), apiFailure(502, "ModelArts.0010"), OK], {
                retry: { maxAttempts: 3 },
            });
            const err = await rejectionOf(client.deleteJob("10"));
            expect(err).to.be.instanceOf(ApiError);
            expect((err as ApiError).status).to.equal(502);
            expect((err as ApiError).attempt).to.equal(3);
            expect(script.requests).to.have.length(3);
            expect(clock.sleeps).to.have.length(2);
        });

        it("starts no retry whose delay would end past budgetMs", async () => {
            const { client, script, clock } = setup([apiFailure(503), apiFailure(503), apiFailure(503), OK], {
                random: () => 0.999,
                retry: { budgetMs: 1200 },
            });
            const err = await rejectionOf(client.getJob("10"));
            expect((err as ApiError).status).to.equal(503);
            // 499 ms fits into 1200 ms; the next 999 ms would end at 1498 ms.
            expect(clock.sleeps).to.deep.equal([499]);
            expect(script.requests).to.have.length(2);
        });

        it("counts time spent in attempts against budgetMs", async () => {
            const clock = recordingClock();
            const script = scriptedFetch([apiFailure(503), OK]);
            // Every attempt "takes" 9.9 s of clock time, so no backoff fits into the 10 s budget.
            const slow = (async (...args: Parameters<typeof script.fetch>) => {
                clock.advance(9_900);
                return script.fetch(...args);
            }) as typeof script.fetch;
            const { client } = setup([], { clock, fetch: slow, retry: { budgetMs: 10_000 } });
            const err = await rejectionOf(client.deleteJob("10"));
            expect((err as ApiError).status).to.equal(503);
            expect(script.requests).to.have.length(1);
            expect(clock.sleeps).to.deep.equal([]);
        });

        it("re-signs every attempt with a fresh X-Sdk-Date", async () => {
            const { client, script } = setup([
                apiFailure(429, "APIG.0308", { "Retry-After": "2" }),
                apiFailure(429, "APIG.0308", { "Retry-After": "2" }),
                OK,
            ]);
            await client.updateJobDescription("10", "new description");
            const dates = script.requests.map((r) => r.headers["x-sdk-date"]);
            expect(dates).to.deep.equal(["20240101T000000Z", "20240101T000002Z", "20240101T000004Z"]);
            const signatures = new Set<string>();
            for (const request of script.requests) {
                const auth = parseAuthorization(request.headers["authorization"]);
                expect(auth).to.not.equal(undefined);
                const url = new URL(request.url);
                const expected = computeSignature(
                    {
                        method: request.method,
                        path: url.pathname,
                        query: [...url.searchParams.entries()],
                        headers: request.headers,
                        signedHeaders: auth!.signedHeaders,
                        payloadHash: request.body ? sha256Hex(request.body) : EMPTY_PAYLOAD_HASH,
                    },
                    request.headers["x-sdk-date"],
                    SK,
                );
                expect(auth!.signature).to.equal(expected);
                signatures.add(auth!.signature);
            }
            expect(signatures.size).to.equal(3);
        });

        it("reports every attempt to onAttempt with the delay before the next", async () => {
            const { client, events } = setup([apiFailure(503, "ModelArts.0010"), { status: 200, body: JOB }]);
            await client.getJob("10");
            expect(events).to.have.length(2);
            expect(events[0]).to.include({ operation: "get visualization job 10", method: "GET", attempt: 1, status: 503, code: "ModelArts.0010", retryInMs: 250 });
            expect(events[0].path).to.equal(`/v1/${PROJECT}/visualization-jobs/10`);
            expect(events[1]).to.include({ attempt: 2, status: 200 });
            expect(events[1].retryInMs).to.equal(undefined);
        });

        it("passes an unknown exception through unwrapped and does not retry it", async () => {
            const boom = new TypeError("a bug in fetch");
            const fetch = (async () => {
                throw boom;
            }) as unknown as ClientOptions["fetch"];
            const { client } = setup([], { fetch });
            expect(await rejectionOf(client.getJob("10"))).to.equal(boom);
        });
    });

    describe("create (POST, at most once)", () => {
        const request = { job_name: "vis-1", train_url: "/bucket/out/" };

        it("does not repeat a create answered 500 and reports it as ambiguous", async () => {
            const { client, script } = setup([apiFailure(500, "ModelArts.0010"), CREATED]);
            const err = await rejectionOf(client.createJob(request));
            expect(err).to.be.instanceOf(ApiError);
            expect(isAmbiguous(err)).to.equal(true);
            expect(script.requests).to.have.length(1);
        });

        for (const code of ["APIG.0308", "APIGW.0308"]) {
            it(`repeats a create throttled by the gateway (${code})`, async () => {
                const { client, script, clock } = setup([apiFailure(429, code), CREATED]);
                const created = await client.createJob(request);
                expect(created.jobId).to.equal("10");
                expect(script.requests).to.have.length(2);
                expect(clock.sleeps).to.deep.equal([250]);
            });
        }

        it("repeats a create whose connection was refused", async () => {
            const { client, script } = setup([{ networkError: "ECONNREFUSED" }, CREATED]);
            expect((await client.createJob(request)).jobId).to.equal("10");
            expect(script.requests).to.have.length(2);
        });

        const ambiguous: Array<{ title: string; step: ScriptStep; check: (err: unknown) => boolean }> = [
            { title: "a reset connection", step: { networkError: "ECONNRESET" }, check: isNetworkError },
            { title: "a timeout", step: { hang: true }, check: isRequestTimeoutError },
            { title: "502", step: apiFailure(502), check: isApiError },
            { title: "504", step: apiFailure(504), check: isApiError },
        ];
        for (const c of ambiguous) {
            it(`does not repeat a create after ${c.title} and reports it as ambiguous`, async () => {
                const { client, script } = setup([c.step, CREATED], { timeoutMs: 20 });
                const err = await rejectionOf(client.createJob(request));
                expect(c.check(err), String(err)).to.equal(true);
                expect(isAmbiguous(err)).to.equal(true);
                expect(script.requests).to.have.length(1);
            });
        }

        it("does not repeat a create throttled by the service (ModelArts.6101), which is not provably unseen", async () => {
            const { client, script } = setup([apiFailure(429, "ModelArts.6101"), CREATED]);
            const err = await rejectionOf(client.createJob(request));
            expect((err as ApiError).code).to.equal("ModelArts.6101");
            expect(isAmbiguous(err)).to.equal(false);
            expect(script.requests).to.have.length(1);
        });

        it("sends a create answered 401 exactly once", async () => {
            const { client, script } = setup([apiFailure(401, "APIG.0301"), CREATED]);
            expect(isAuthError(await rejectionOf(client.createJob(request)))).to.equal(true);
            expect(script.requests).to.have.length(1);
        });

        it("does not report a refused connection as ambiguous", async () => {
            const { client } = setup([{ networkError: "ECONNREFUSED" }], { retry: { maxAttempts: 1 } });
            const err = await rejectionOf(client.createJob(request));
            expect(err).to.be.instanceOf(NetworkError);
            expect((err as NetworkError).syscallCode).to.equal("ECONNREFUSED");
            expect(isAmbiguous(err)).to.equal(false);
        });
    });

    describe("stop and restart (POST, repeatable)", () => {
        it("repeats a stop answered 503", async () => {
            const { client, script } = setup([apiFailure(503), OK]);
            await client.stopJob("10");
            expect(script.requests.map((r) => new URL(r.url).pathname)).to.deep.equal([
                `/v1/${PROJECT}/visualization-jobs/10/stop`,
                `/v1/${PROJECT}/visualization-jobs/10/stop`,
            ]);
        });

        it("repeats a restart that timed out, and flags a wrong-state answer after it", async () => {
            const { client, script } = setup(
                [{ hang: true }, { status: 400, body: { is_success: false, error_code: "ModelArts.0105", error_message: "This job can't be resubmit. job status: 1" } }],
                { timeoutMs: 20 },
            );
            const err = await rejectionOf(client.restartJob("10"));
            expect(err).to.be.instanceOf(ApiError);
            expect((err as ApiError).code).to.equal("ModelArts.0105");
            expect((err as ApiError).afterAmbiguousAttempt).to.equal(true);
            expect(script.requests).to.have.length(2);
        });

        it("does not flag a wrong-state answer to a first attempt", async () => {
            const { client } = setup([{ status: 400, body: { is_success: false, error_code: "ModelArts.0105", error_message: "This job can't be stop. job status: 10" } }]);
            const err = await rejectionOf(client.stopJob("10"));
            expect((err as ApiError).afterAmbiguousAttempt).to.equal(false);
        });
    });

    it("turns an aborted attempt into RequestTimeoutError naming the timeout", async () => {
        const { client } = setup([{ hang: true }], { timeoutMs: 15, retry: { maxAttempts: 1 } });
        const err = await rejectionOf(client.getJob("10"));
        expect(err).to.be.instanceOf(RequestTimeoutError);
        expect(err).to.include({ name: "RequestTimeoutError", timeoutMs: 15, method: "GET", operation: "get visualization job 10" });
    });
});
