// Authentication as the gateway does it (API §5): SDK-HMAC-SHA256 re-computed with provider/signer.ts,
// the 15-minute skew, the AK lock after five failures, tokens, security tokens, the project check,
// auth switched off, and no secret in any answer or log.
import { expect } from "chai";
import { DEFAULT_PROJECT_ID } from "../emulator/defaults";
import { CallOptions, ManualClock, call, control, createBody, jobsPath, useEmulator } from "./support/emulator";

const SIGNATURE_FAIL = "Incorrect IAM authentication information: verify aksk signature fail";
const LOCKED = "Incorrect IAM authentication information: AK access failed to reach the limit,forbidden";

describe("emulator auth", () => {
    describe("AK/SK", () => {
        let clock: ManualClock;
        const logLines: string[] = [];
        const emu = useEmulator(() => {
            clock = new ManualClock();
            logLines.length = 0;
            return {
                clock,
                timeScale: 60, // an emulated minute lasts 1 s
                auth: { accessKey: "AK-TEST", secretKey: "SK-TEST-secret", securityToken: "STS-TOKEN-value", token: "IAM-TOKEN-good", expiredToken: "IAM-TOKEN-old" },
                log: (line) => logLines.push(line),
            };
        });
        const creds = { accessKey: "AK-TEST", secretKey: "SK-TEST-secret" };

        function expectGatewayError(res: { status: number; body: Record<string, unknown>; headers: { get(n: string): string | null } }, message: string) {
            expect(res.status).to.equal(401);
            expect(res.body.error_code).to.equal("APIG.0301");
            expect(res.body.error_msg).to.equal(message);
            expect(res.body.request_id).to.equal(res.headers.get("x-request-id"));
        }

        it("accepts a correct signature on GET, on POST with a body, and with a query", async () => {
            expect((await call(emu(), "GET", jobsPath(emu()), { credentials: creds })).status).to.equal(200);
            const created = await call(emu(), "POST", jobsPath(emu()), { credentials: creds, body: createBody("signed") });
            expect(created.status, created.text).to.equal(200);
            const listed = await call(emu(), "GET", `${jobsPath(emu())}?per_page=10&sortBy=status&search_content=a%20b%2Fc&status=`, { credentials: creds });
            expect(listed.status, listed.text).to.equal(200);
            const stopped = await call(emu(), "POST", jobsPath(emu(), `/${created.body.job_id}/stop`), { credentials: creds });
            expect(stopped.status, stopped.text).to.equal(200);
        });

        const rejected: Array<{ title: string; options: CallOptions }> = [
            { title: "a wrong secret key", options: { credentials: { accessKey: "AK-TEST", secretKey: "wrong" } } },
            { title: "an unknown access key", options: { credentials: { accessKey: "AK-OTHER", secretKey: "SK-TEST-secret" } } },
            { title: "a header changed after signing", options: { credentials: creds, afterSign: (h) => { h["x-sdk-date"] = "20240101T000001Z"; } } },
            { title: "a garbled Authorization", options: { credentials: creds, afterSign: (h) => { h.authorization = "Bearer abc"; } } },
            { title: "no credentials at all", options: { credentials: false } },
        ];
        for (const c of rejected) {
            it(`rejects ${c.title} with 401 APIG.0301`, async () => {
                const res = await call(emu(), "GET", jobsPath(emu()), c.options);
                expect(res.status).to.equal(401);
                expect(res.body.error_code).to.equal("APIG.0301");
                expect(res.body.error_msg).to.match(/^Incorrect IAM authentication information: /);
            });
        }

        it("rejects a body that differs from the signed one", async () => {
            // Sign the request for one body, then send another body under the same headers.
            const { signRequest } = await import("../provider/signer");
            const url = emu().url + jobsPath(emu());
            const headers = signRequest({ method: "POST", url, headers: { "content-type": "application/json" }, body: Buffer.from(JSON.stringify(createBody("a"))) }, creds, new Date(clock.now()));
            const fetch = (await import("node-fetch")).default;
            const res = await fetch(url, { method: "POST", headers, body: JSON.stringify(createBody("b")) });
            expect(res.status).to.equal(401);
            expect((await res.json() as { error_msg: string }).error_msg).to.equal(SIGNATURE_FAIL);
            expect(emu().store.all()).to.have.length(0);
        });

        it("rejects an X-Sdk-Date more than 15 minutes off, and accepts 15 minutes exactly", async () => {
            const late = await call(emu(), "GET", jobsPath(emu()), { credentials: creds, date: new Date(clock.now() - 15 * 60_000 - 1000) });
            expect(late.status).to.equal(401);
            expect(late.body.error_code).to.equal("APIG.0301");
            expect(late.body.error_msg).to.match(/^Incorrect IAM authentication information: calc ak sk signature fail:signature expired, signature time:\d{8}T\d{6}Z,server time:\d{8}T\d{6}Z$/);
            const early = await call(emu(), "GET", jobsPath(emu()), { credentials: creds, date: new Date(clock.now() + 16 * 60_000) });
            expect(early.body.error_msg).to.contain("signature expired");
            const edge = await call(emu(), "GET", jobsPath(emu()), { credentials: creds, date: new Date(clock.now() - 15 * 60_000) });
            expect(edge.status).to.equal(200);
        });

        it("locks the AK after five consecutive failures, even for a correct signature, for five emulated minutes", async () => {
            const bad = { accessKey: "AK-TEST", secretKey: "wrong" };
            for (let i = 0; i < 5; i++) {
                expectGatewayError(await call(emu(), "GET", jobsPath(emu()), { credentials: bad }), SIGNATURE_FAIL);
            }
            expectGatewayError(await call(emu(), "GET", jobsPath(emu()), { credentials: creds }), LOCKED);
            expect((await control(emu(), "GET", "stats")).body.authLocks).to.deep.equal([{ accessKey: "AK-TEST", failures: 5, lockedUntilMs: clock.now() + 5000 }]);
            clock.advance(4999);
            expectGatewayError(await call(emu(), "GET", jobsPath(emu()), { credentials: creds }), LOCKED);
            clock.advance(1);
            expect((await call(emu(), "GET", jobsPath(emu()), { credentials: creds })).status).to.equal(200);
        });

        it("counts only consecutive failures: a success in between resets the count", async () => {
            const bad = { accessKey: "AK-TEST", secretKey: "wrong" };
            for (let i = 0; i < 4; i++) {
                await call(emu(), "GET", jobsPath(emu()), { credentials: bad });
            }
            expect((await call(emu(), "GET", jobsPath(emu()), { credentials: creds })).status).to.equal(200);
            for (let i = 0; i < 4; i++) {
                await call(emu(), "GET", jobsPath(emu()), { credentials: bad });
            }
            expect((await call(emu(), "GET", jobsPath(emu()), { credentials: creds })).status).to.equal(200);
        });

        it("accepts the configured IAM token and rejects another with decrypt token fail", async () => {
            const ok = await call(emu(), "GET", jobsPath(emu()), { credentials: false, headers: { "X-Auth-Token": "IAM-TOKEN-good" } });
            expect(ok.status).to.equal(200);
            const bad = await call(emu(), "GET", jobsPath(emu()), { credentials: false, headers: { "X-Auth-Token": "IAM-TOKEN-bad" } });
            expectGatewayError(bad, "Incorrect IAM authentication information: decrypt token fail");
        });

        it("answers the configured expired token with 401 ModelArts.0202", async () => {
            const res = await call(emu(), "GET", jobsPath(emu()), { credentials: false, headers: { "X-Auth-Token": "IAM-TOKEN-old" } });
            expect(res.status).to.equal(401);
            expect(res.body).to.deep.equal({ is_success: false, error_code: "ModelArts.0202", error_message: "The token has expired." });
        });

        it("accepts a signed security token equal to the configured one and rejects a wrong or unsigned one", async () => {
            const ok = await call(emu(), "GET", jobsPath(emu()), { credentials: { ...creds, securityToken: "STS-TOKEN-value" } });
            expect(ok.status, ok.text).to.equal(200);
            const wrong = await call(emu(), "GET", jobsPath(emu()), { credentials: { ...creds, securityToken: "STS-TOKEN-other" } });
            expect(wrong.status).to.equal(401);
            const unsigned = await call(emu(), "GET", jobsPath(emu()), { credentials: creds, afterSign: (h) => { h["x-security-token"] = "STS-TOKEN-value"; } });
            expect(unsigned.status).to.equal(401);
        });

        it("answers 403 ModelArts.0210 for another project id", async () => {
            const res = await call(emu(), "GET", "/v1/ffffffffffffffffffffffffffffffff/visualization-jobs", { credentials: creds });
            expect(res.status).to.equal(403);
            expect(res.body.error_code).to.equal("ModelArts.0210");
        });

        it("writes no secret key, token or signature into answers, the request log or log lines", async () => {
            const signed = await call(emu(), "GET", jobsPath(emu()), { credentials: { accessKey: "AK-TEST", secretKey: "wrong" } });
            await call(emu(), "GET", jobsPath(emu()), { credentials: false, headers: { "X-Auth-Token": "IAM-TOKEN-bad" } });
            await call(emu(), "GET", jobsPath(emu()), { credentials: { ...creds, securityToken: "STS-TOKEN-other" } });
            const everything = JSON.stringify([
                signed.body,
                (await control(emu(), "GET", "requests")).body,
                (await control(emu(), "GET", "stats")).body,
                (await control(emu(), "GET", "jobs")).body,
                logLines,
            ]);
            for (const secret of ["SK-TEST-secret", "wrong", "IAM-TOKEN", "STS-TOKEN", "Signature="]) {
                expect(everything).to.not.contain(secret);
            }
            expect(logLines.length).to.be.greaterThan(0);
        });
    });

    describe("switched off", () => {
        const emu = useEmulator({ auth: false });

        it("accepts unsigned requests for any project id, each with its own jobs", async () => {
            const other = "/v1/ffffffffffffffffffffffffffffffff/visualization-jobs";
            expect((await call(emu(), "POST", other, { credentials: false, body: createBody("mine") })).status).to.equal(200);
            expect((await call(emu(), "POST", jobsPath(emu()), { credentials: false, body: createBody("mine") })).status).to.equal(200);
            const listed = await call(emu(), "GET", other, { credentials: false });
            expect(listed.body.job_total_count).to.equal(1);
            expect(emu().projectId).to.equal(DEFAULT_PROJECT_ID);
        });

        it("ignores a wrong signature", async () => {
            const res = await call(emu(), "GET", jobsPath(emu()), { credentials: { accessKey: "x", secretKey: "y" } });
            expect(res.status).to.equal(200);
        });
    });
});
