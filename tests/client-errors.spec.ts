// Error fields, messages, guards and redaction (house style §3.3).
import { expect } from "chai";
import * as util from "util";
import { VisualizationJobClient, ClientAuth } from "../provider/client";
import {
    ApiError,
    ModelArtsError,
    NetworkError,
    RequestTimeoutError,
    isAmbiguous,
    isAuthError,
    isNotFound,
    isRouteMissing,
    isThrottling,
    redact,
} from "../provider/errors";
import type { AttemptEvent } from "../provider/http";
import { ScriptStep, ScriptedFetch, recordingClock, scriptedFetch } from "./support/scripted-fetch";
import { rejectionOf } from "./support/async";

// Distinctive values, so any leak is found by a plain substring search.
const SECRET_KEY = "SK-zebra-7f3a9c-NEVER-PRINT";
const SECURITY_TOKEN = "STS-okapi-41d2-NEVER-PRINT";
const IAM_TOKEN = "MIItoken-narwhal-88e1-NEVER-PRINT";
const CONTEXT = { operation: "get visualization job 10", method: "GET", path: "/v1/p/visualization-jobs/10" };

function setup(steps: ScriptStep[], auth: ClientAuth, fetch?: ScriptedFetch["fetch"]) {
    const script = scriptedFetch(steps);
    const events: AttemptEvent[] = [];
    const client = new VisualizationJobClient({
        endpoint: "https://modelarts.cn-north-4.myhuaweicloud.com",
        projectId: "p",
        auth,
        clock: recordingClock(),
        random: () => 0,
        fetch: fetch ?? script.fetch,
        retry: { maxAttempts: 1 },
        onAttempt: (event) => events.push(event),
    });
    return { client, script, events };
}

/** Everything a log line, a Pulumi diagnostic or a JSON dump could show of an error. */
function everythingShown(err: unknown): string {
    const e = err as Error & { cause?: unknown };
    return [e.message, String(e.stack), util.inspect(e, { depth: 5 }), JSON.stringify(e), util.inspect(e.cause, { depth: 5 })].join("\n");
}

describe("client errors", () => {
    it("names operation, code, API message, status, method, path and request id", async () => {
        const { client } = setup(
            [{ status: 400, body: { is_success: false, error_message: "Duplicate name", error_code: "ModelArts.0103" }, headers: { "X-Request-Id": "req-123" } }],
            { kind: "aksk", accessKey: "AK1", secretKey: SECRET_KEY },
        );
        const err = await rejectionOf(client.createJob({ job_name: "vis-1", train_url: "/b/" }));
        expect(err).to.be.instanceOf(ApiError).and.instanceOf(ModelArtsError).and.instanceOf(Error);
        expect(err).to.include({
            name: "ApiError",
            status: 400,
            code: "ModelArts.0103",
            apiMessage: "Duplicate name",
            requestId: "req-123",
            method: "POST",
            path: "/v1/p/visualization-jobs",
            operation: 'create visualization job "vis-1"',
        });
        expect((err as Error).message).to.equal(
            'create visualization job "vis-1": ModelArts.0103 Duplicate name (HTTP 400 on POST /v1/p/visualization-jobs, request req-123)',
        );
    });

    it("takes the request id from the gateway body when the header is absent", async () => {
        const { client } = setup(
            [{ status: 429, body: { error_msg: "over ratelimit", error_code: "APIG.0308", request_id: "gw-77" } }],
            { kind: "token", token: IAM_TOKEN },
        );
        const err = await rejectionOf(client.listJobs());
        expect(err).to.include({ requestId: "gw-77", code: "APIG.0308" });
        expect((err as Error).message).to.equal("list visualization jobs: APIG.0308 over ratelimit (HTTP 429 on GET /v1/p/visualization-jobs, request gw-77)");
    });

    it("names the status and a body snippet for a non-JSON error", async () => {
        const { client } = setup([{ status: 503, body: "Service Unavailable" }], { kind: "token", token: IAM_TOKEN });
        const err = await rejectionOf(client.deleteJob("10"));
        expect((err as Error).message).to.equal("delete visualization job 10: Service Unavailable (HTTP 503 on DELETE /v1/p/visualization-jobs/10)");
        expect(err).to.include({ bodySnippet: "Service Unavailable", code: undefined });
    });

    it("wraps a system error in NetworkError keeping the cause and the syscall code", async () => {
        const { client } = setup([{ networkError: "ECONNRESET" }], { kind: "token", token: IAM_TOKEN });
        const err = await rejectionOf(client.getJob("10"));
        expect(err).to.be.instanceOf(NetworkError);
        expect(err).to.include({ name: "NetworkError", syscallCode: "ECONNRESET", method: "GET", operation: "get visualization job 10" });
        expect((err as NetworkError).cause).to.have.property("name", "FetchError");
        expect((err as Error).message).to.equal("get visualization job 10: network error ECONNRESET (GET /v1/p/visualization-jobs/10)");
    });

    const leaks: Array<{ title: string; auth: ClientAuth; echo: (headers: string) => ScriptStep }> = [
        {
            title: "AK/SK with a security token, echoed in error_msg",
            auth: { kind: "aksk", accessKey: "AK-visible", secretKey: SECRET_KEY, securityToken: SECURITY_TOKEN },
            echo: (headers) => ({ status: 401, body: { error_code: "APIG.0301", error_msg: `verify aksk signature fail; got ${headers}` } }),
        },
        {
            title: "AK/SK, echoed in an HTML error page",
            auth: { kind: "aksk", accessKey: "AK-visible", secretKey: SECRET_KEY },
            echo: (headers) => ({ status: 502, body: `<html><pre>${headers}</pre></html>` }),
        },
        {
            title: "an IAM token, echoed in error_message",
            auth: { kind: "token", token: IAM_TOKEN },
            echo: (headers) => ({ status: 401, body: { error_code: "ModelArts.0203", error_message: `invalid token ${headers}` } }),
        },
    ];
    for (const c of leaks) {
        it(`never shows a credential or signature, even when the server echoes them (${c.title})`, async () => {
            // The server echoes the very headers the client sent, plus the secret key.
            let sent = "";
            const echoing = (async (...args: Parameters<ScriptedFetch["fetch"]>) => {
                const headers = (args[1]?.headers ?? {}) as Record<string, string>;
                sent = Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join("; ");
                if (c.auth.kind === "aksk") {
                    sent += `; sk=${c.auth.secretKey}`;
                }
                return scriptedFetch([c.echo(sent)]).fetch(...args);
            }) as ScriptedFetch["fetch"];
            const { client, events } = setup([], c.auth, echoing);
            const err = await rejectionOf(client.getJob("10"));
            const shown = everythingShown(err) + JSON.stringify(events);
            const authorization = /authorization: ([^;]+)/.exec(sent)?.[1];
            const signature = /Signature=([0-9a-f]+)/.exec(sent)?.[1];
            for (const secret of [SECRET_KEY, SECURITY_TOKEN, IAM_TOKEN, authorization, signature]) {
                if (secret) {
                    expect(shown).to.not.include(secret);
                }
            }
            expect(shown).to.include("[REDACTED]");
        });
    }

    it("redacts secrets and signature-shaped text", () => {
        const text = `key=${SECRET_KEY} Signature=0a1b2c3d token=${IAM_TOKEN}`;
        expect(redact(text, [SECRET_KEY, IAM_TOKEN, undefined])).to.equal("key=[REDACTED] Signature=[REDACTED] token=[REDACTED]");
    });

    describe("guards", () => {
        const api = (status: number, code?: string) => new ApiError({ ...CONTEXT, status, code });
        const network = (code?: string) => new NetworkError(CONTEXT, new Error("x"), code);
        const timeout = new RequestTimeoutError(CONTEXT, 30_000);
        const cases: Array<{ title: string; err: unknown; notFound: boolean; routeMissing: boolean; throttling: boolean; auth: boolean; ambiguous: boolean }> = [
            { title: "404 ModelArts.0102", err: api(404, "ModelArts.0102"), notFound: true, routeMissing: false, throttling: false, auth: false, ambiguous: false },
            { title: "400 ModelArts.0102", err: api(400, "ModelArts.0102"), notFound: true, routeMissing: false, throttling: false, auth: false, ambiguous: false },
            { title: "404 ModelArts.0015", err: api(404, "ModelArts.0015"), notFound: true, routeMissing: false, throttling: false, auth: false, ambiguous: false },
            { title: "404 without a code", err: api(404), notFound: true, routeMissing: false, throttling: false, auth: false, ambiguous: false },
            { title: "404 APIG.0101", err: api(404, "APIG.0101"), notFound: false, routeMissing: true, throttling: false, auth: false, ambiguous: false },
            { title: "404 APIGW.0101", err: api(404, "APIGW.0101"), notFound: false, routeMissing: true, throttling: false, auth: false, ambiguous: false },
            { title: "429 APIG.0308", err: api(429, "APIG.0308"), notFound: false, routeMissing: false, throttling: true, auth: false, ambiguous: false },
            { title: "429 without a code", err: api(429), notFound: false, routeMissing: false, throttling: true, auth: false, ambiguous: false },
            { title: "400 ModelArts.0114", err: api(400, "ModelArts.0114"), notFound: false, routeMissing: false, throttling: true, auth: false, ambiguous: false },
            { title: "401 APIG.0301", err: api(401, "APIG.0301"), notFound: false, routeMissing: false, throttling: false, auth: true, ambiguous: false },
            { title: "401 APIGW.0303", err: api(401, "APIGW.0303"), notFound: false, routeMissing: false, throttling: false, auth: true, ambiguous: false },
            { title: "400 ModelArts.0212", err: api(400, "ModelArts.0212"), notFound: false, routeMissing: false, throttling: false, auth: true, ambiguous: false },
            { title: "403 ModelArts.0108", err: api(403, "ModelArts.0108"), notFound: false, routeMissing: false, throttling: false, auth: true, ambiguous: false },
            { title: "500", err: api(500, "ModelArts.0010"), notFound: false, routeMissing: false, throttling: false, auth: false, ambiguous: true },
            { title: "408", err: api(408), notFound: false, routeMissing: false, throttling: false, auth: false, ambiguous: true },
            { title: "ECONNRESET", err: network("ECONNRESET"), notFound: false, routeMissing: false, throttling: false, auth: false, ambiguous: true },
            { title: "ECONNREFUSED", err: network("ECONNREFUSED"), notFound: false, routeMissing: false, throttling: false, auth: false, ambiguous: false },
            { title: "ENOTFOUND", err: network("ENOTFOUND"), notFound: false, routeMissing: false, throttling: false, auth: false, ambiguous: false },
            { title: "a network error without a code", err: network(), notFound: false, routeMissing: false, throttling: false, auth: false, ambiguous: true },
            { title: "a timeout", err: timeout, notFound: false, routeMissing: false, throttling: false, auth: false, ambiguous: true },
            { title: "a plain Error", err: new Error("404"), notFound: false, routeMissing: false, throttling: false, auth: false, ambiguous: false },
            {
                title: "a look-alike object",
                err: Object.assign(Object.create(ApiError.prototype), { name: "Error", status: 404 }),
                notFound: false,
                routeMissing: false,
                throttling: false,
                auth: false,
                ambiguous: false,
            },
        ];
        for (const c of cases) {
            it(`classifies ${c.title}`, () => {
                expect({
                    notFound: isNotFound(c.err),
                    routeMissing: isRouteMissing(c.err),
                    throttling: isThrottling(c.err),
                    auth: isAuthError(c.err),
                    ambiguous: isAmbiguous(c.err),
                }).to.deep.equal({ notFound: c.notFound, routeMissing: c.routeMissing, throttling: c.throttling, auth: c.auth, ambiguous: c.ambiguous });
            });
        }
    });
});
