// Envelope parsing and body normalisation (API §6) on the docs' own example bodies.
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { VisualizationJobClient } from "../provider/client";
import { EnvelopeShapeError, autoStopHours, normaliseCreatedJob, normaliseJob, normaliseJobList, parseEnvelope } from "../provider/envelope";
import { ApiError, ResponseFormatError, isAmbiguous } from "../provider/errors";
import { recordingClock, scriptedFetch, ScriptStep } from "./support/scripted-fetch";
import { rejectionOf } from "./support/async";

function fixtureText(name: string): string {
    return fs.readFileSync(path.join(__dirname, "fixtures", name), "utf8");
}

function fixture(name: string): Record<string, unknown> {
    return JSON.parse(fixtureText(name)) as Record<string, unknown>;
}

function client(steps: ScriptStep[]) {
    const script = scriptedFetch(steps);
    return {
        script,
        client: new VisualizationJobClient({
            endpoint: "https://modelarts.cn-north-4.myhuaweicloud.com",
            projectId: "p1",
            auth: { kind: "token", token: "token-for-envelope-tests" },
            clock: recordingClock(),
            random: () => 0,
            fetch: script.fetch,
        }),
    };
}

describe("parseEnvelope", () => {
    it("treats a 2xx without error_code as success when is_success is absent (API §6.3)", () => {
        const body = fixture("client-details-response.json");
        delete body.is_success;
        const envelope = parseEnvelope(200, JSON.stringify(body));
        expect(envelope.ok).to.equal(true);
    });

    it("treats an empty 2xx body as success with no fields", () => {
        expect(parseEnvelope(200, "")).to.deep.equal({ ok: true, status: 200, body: {}, requestId: undefined });
    });

    const failures: Array<{ title: string; status: number; text: string; code?: string; message?: string }> = [
        { title: "error_message (2021+ docs)", status: 400, text: fixtureText("client-create-failure.json"), code: "ModelArts.0103", message: "error message" },
        { title: "error_msg (gateway, 2019 docs)", status: 401, text: '{"error_msg":"Incorrect IAM authentication information: verify aksk signature fail","error_code":"APIG.0301","request_id":"r-1"}', code: "APIG.0301", message: "Incorrect IAM authentication information: verify aksk signature fail" },
        { title: "an error_code inside a 200", status: 200, text: fixtureText("client-details-failure.json"), code: "ModelArts.0104", message: "The length of search content should be in [0,100]" },
        { title: "is_success false without a code", status: 200, text: '{"is_success": false}' },
    ];
    for (const c of failures) {
        it(`reads a failure from ${c.title}`, () => {
            const envelope = parseEnvelope(c.status, c.text);
            expect(envelope).to.include({ ok: false, status: c.status, code: c.code, message: c.message });
        });
    }

    it("keeps the status and a collapsed snippet of a non-JSON error body", () => {
        const html = "<html>\n  <head><title>502 Bad Gateway</title></head>\n" + "x".repeat(500) + "</html>";
        const envelope = parseEnvelope(502, html);
        expect(envelope.ok).to.equal(false);
        if (envelope.ok) return;
        expect(envelope.status).to.equal(502);
        expect(envelope.bodySnippet).to.match(/^<html> <head><title>502 Bad Gateway<\/title><\/head> x+…$/);
        expect(envelope.bodySnippet!.length).to.equal(201);
    });

    it("prefers the X-Request-Id header over the body's request_id", () => {
        const text = '{"error_msg":"over ratelimit","error_code":"APIG.0308","request_id":"from-body"}';
        expect(parseEnvelope(429, text, "from-header")).to.include({ requestId: "from-header" });
        expect(parseEnvelope(429, text)).to.include({ requestId: "from-body" });
    });
});

describe("body normalisation", () => {
    it("parses create's numeric strings and missing service_url (API §6.1)", () => {
        expect(normaliseCreatedJob(fixture("client-create-response.json"), "ignored")).to.deep.equal({
            jobId: "10",
            jobName: "visualization-job",
            status: 1,
            createTimeMs: 1524189990635,
            serviceUrl: undefined,
        });
    });

    it("reads the list example: numeric job_id as a string, camelCase timeUnit, null remaining_duration", () => {
        expect(normaliseJobList(fixture("client-list-response.json"))).to.deep.equal({
            totalCount: 1,
            jobCountLimit: 999,
            quotas: 100,
            jobs: [
                {
                    jobId: "1",
                    jobName: "visualization-job",
                    status: 1,
                    createTimeMs: 15099239923,
                    durationMs: 1502323,
                    jobDesc: "This is a visualization job",
                    serviceUrl: "https://console.huaweicloud.com/modelarts/tensoarbod/xxxx/111",
                    trainUrl: "/obs/name/",
                    resourceId: "4787c885-e18d-4ef1-aa12-c4ed0c364b27",
                    jobType: undefined,
                    flavorCode: undefined,
                    autoStopHours: 1,
                    remainingDuration: null,
                },
            ],
        });
    });

    it("reads the details example", () => {
        const job = normaliseJob(fixture("client-details-response.json"));
        expect(job).to.include({ jobId: "197", jobName: "apiTest-11", status: 7, createTimeMs: 1565149736000, durationMs: 33000, remainingDuration: null });
        expect(job.autoStopHours).to.equal(undefined);
    });

    it("leaves remaining_duration undefined when absent (2025 details example)", () => {
        const body = fixture("client-details-response.json");
        delete body.remaining_duration;
        delete body.is_success;
        expect(normaliseJob(body).remainingDuration).to.equal(undefined);
    });

    const schedules: Array<{ title: string; schedule: unknown; hours: number | undefined }> = [
        { title: "an array with time_unit (request form)", schedule: [{ type: "stop", time_unit: "HOURS", duration: 2 }], hours: 2 },
        { title: "an array with timeUnit (list example)", schedule: [{ type: "stop", timeUnit: "HOURS", duration: 1 }], hours: 1 },
        { title: "an object (request table)", schedule: { type: "stop", time_unit: "HOURS", duration: 24 }, hours: 24 },
        { title: "a numeric-string duration", schedule: { type: "stop", time_unit: "HOURS", duration: "6" }, hours: 6 },
        { title: "an undocumented unit", schedule: { type: "stop", time_unit: "MINUTES", duration: 30 }, hours: undefined },
        { title: "null", schedule: null, hours: undefined },
        { title: "an empty array", schedule: [], hours: undefined },
    ];
    for (const c of schedules) {
        it(`reads schedule given as ${c.title} (API §6.4)`, () => {
            expect(autoStopHours(c.schedule)).to.equal(c.hours);
        });
    }

    it("reads an empty service_url as absent", () => {
        expect(normaliseJob({ job_id: 1, job_name: "a", status: 1, service_url: "" }).serviceUrl).to.equal(undefined);
        expect(normaliseCreatedJob({ job_id: "1", status: "1", service_url: "" }, "a").serviceUrl).to.equal(undefined);
    });

    it("reads job_type and flavor.code when a body carries them", () => {
        const job = normaliseJob({ job_id: "5", job_name: "a", status: "8", job_type: "mindinsight", flavor: { code: "modelarts.vm.cpu.2u" } });
        expect(job).to.include({ jobId: "5", status: 8, jobType: "mindinsight", flavorCode: "modelarts.vm.cpu.2u" });
    });

    const broken: Array<{ title: string; body: Record<string, unknown>; problem: RegExp }> = [
        { title: "a missing job_id", body: { job_name: "a", status: 1 }, problem: /"job_id" is missing/ },
        { title: "a non-numeric status", body: { job_id: 1, job_name: "a", status: "running" }, problem: /"status" is "running", not a number/ },
        { title: "a missing job_name", body: { job_id: 1, status: 1 }, problem: /"job_name" is missing/ },
    ];
    for (const c of broken) {
        it(`rejects a job with ${c.title}`, () => {
            expect(() => normaliseJob(c.body)).to.throw(EnvelopeShapeError, c.problem);
        });
    }

    it("rejects a list whose jobs is not an array", () => {
        expect(() => normaliseJobList({ jobs: { job_id: 1 } })).to.throw(EnvelopeShapeError, /"jobs" is/);
    });
});

describe("envelopes through the client", () => {
    it("returns create's doc answer normalised", async () => {
        const { client: c, script } = client([{ status: 200, body: fixtureText("client-create-response.json") }]);
        const created = await c.createJob(fixture("client-create-request.json") as never);
        expect(created).to.deep.equal({ jobId: "10", jobName: "visualization-job", status: 1, createTimeMs: 1524189990635, serviceUrl: undefined });
        // The documented array form of schedule goes out unchanged (API §6.4).
        expect(JSON.parse(script.requests[0].body!.toString("utf8"))).to.deep.equal(fixture("client-create-request.json"));
    });

    it("rejects create's doc failure as ApiError ModelArts.0103", async () => {
        const { client: c } = client([{ status: 400, body: fixtureText("client-create-failure.json") }]);
        const err = await rejectionOf(c.createJob({ job_name: "visualization-job", train_url: "/obs/name/" }));
        expect(err).to.be.instanceOf(ApiError);
        expect(err).to.include({ status: 400, code: "ModelArts.0103", apiMessage: "error message" });
    });

    it("rejects a 200 carrying error_code (update's doc failure)", async () => {
        const { client: c } = client([{ status: 200, body: fixtureText("client-update-failure.json") }]);
        const err = await rejectionOf(c.updateJobDescription("10", "%%123"));
        expect(err).to.include({ name: "ApiError", status: 200, code: "ModelArts.0104", apiMessage: "Illegal name: %%123" });
    });

    it("rejects delete's doc failure with the wrong-state code", async () => {
        const { client: c } = client([{ status: 400, body: fixtureText("client-delete-failure.json") }]);
        const err = await rejectionOf(c.deleteJob("10"));
        expect(err).to.include({ code: "ModelArts.0105", apiMessage: "This job can't be delete. job status: 9" });
    });

    it("accepts {\"is_success\": true} and an empty body for update, delete, stop and restart", async () => {
        const success = fixtureText("client-success.json");
        const { client: c, script } = client([
            { status: 200, body: success },
            { status: 200, body: success },
            { status: 200 },
            { status: 204 },
        ]);
        await c.updateJobDescription("10", "d");
        await c.deleteJob("10");
        await c.stopJob("10");
        await c.restartJob("10");
        expect(script.remaining()).to.equal(0);
    });

    it("reports a 200 without the fields create needs as an ambiguous ResponseFormatError", async () => {
        const { client: c } = client([{ status: 200, body: { is_success: true }, headers: { "X-Request-Id": "req-9" } }]);
        const err = await rejectionOf(c.createJob({ job_name: "vis-1", train_url: "/b/" }));
        expect(err).to.be.instanceOf(ResponseFormatError);
        expect(isAmbiguous(err)).to.equal(true);
        expect((err as Error).message).to.equal(
            'create visualization job "vis-1": unexpected response: "job_id" is missing, not an id (HTTP 200 on POST /v1/p1/visualization-jobs, request req-9)',
        );
    });
});
