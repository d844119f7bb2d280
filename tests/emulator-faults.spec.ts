// Injected faults: throttling with Retry-After, 500/503 without effect, dropped answers with effect,
// latency, fail rules by train_url (failure and "stuck"), forced statuses, and runtime changes.
import { expect } from "chai";
import fetch from "node-fetch";
import { ManualClock, call, control, createBody, jobsPath, useEmulator } from "./support/emulator";

describe("emulator faults", () => {
    let clock: ManualClock;
    const emu = useEmulator(() => {
        clock = new ManualClock();
        return { clock, startupMs: 1000, auth: false };
    });

    it("throttles above throttleRps with 429 APIG.0308 and Retry-After, and admits again a second later", async () => {
        emu().setFaults({ throttleRps: 3 });
        const statuses: number[] = [];
        for (let i = 0; i < 3; i++) {
            statuses.push((await call(emu(), "GET", jobsPath(emu()))).status);
            clock.advance(100);
        }
        const limited = await call(emu(), "GET", jobsPath(emu()));
        expect(statuses).to.deep.equal([200, 200, 200]);
        expect(limited.status).to.equal(429);
        expect(limited.headers.get("retry-after")).to.equal("1");
        expect(limited.body.error_code).to.equal("APIG.0308");
        expect(limited.body.error_msg).to.contain("limit:3");
        expect(limited.body.request_id).to.equal(limited.headers.get("x-request-id"));
        // Control and service pages are not throttled.
        expect((await control(emu(), "GET", "stats")).status).to.equal(200);
        clock.advance(700); // the first request leaves the 1 s window
        expect((await call(emu(), "GET", jobsPath(emu()))).status).to.equal(200);
        expect((await call(emu(), "GET", jobsPath(emu()))).status).to.equal(429);
        expect(emu().stats().faults.throttled).to.equal(2);
    });

    it("answers 500 and 503 alternately at errorRate 1 without creating the job", async () => {
        emu().setFaults({ errorRate: 1 });
        const a = await call(emu(), "POST", jobsPath(emu()), { body: createBody("err") });
        const b = await call(emu(), "POST", jobsPath(emu()), { body: createBody("err") });
        expect([a.status, b.status]).to.deep.equal([500, 503]);
        expect(a.body).to.include({ is_success: false, error_code: "ModelArts.0010" });
        expect(b.body).to.include({ is_success: false, error_code: "ModelArts.6101" });
        expect(emu().store.all()).to.have.length(0);
        emu().setFaults({ errorRate: 0 });
        expect((await call(emu(), "POST", jobsPath(emu()), { body: createBody("err") })).status).to.equal(200);
        expect(emu().stats().faults.errors).to.equal(2);
    });

    it("injects errors at a partial rate reproducibly for a given seed", async () => {
        const run = async () => {
            emu().reset();
            emu().setFaults({ errorRate: 0.5 });
            const out: number[] = [];
            for (let i = 0; i < 12; i++) {
                out.push((await call(emu(), "GET", jobsPath(emu()))).status);
            }
            return out;
        };
        const first = await run();
        expect(first).to.include(200);
        expect(first.some((s) => s >= 500)).to.equal(true);
        expect(await run()).to.deep.equal(first);
    });

    it("drops the answer of a create that took effect: the socket closes, the job exists", async () => {
        emu().setFaults({ dropRate: 1 });
        let error: unknown;
        try {
            await fetch(emu().url + jobsPath(emu()), { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(createBody("dropped")) });
        } catch (e) {
            error = e;
        }
        expect(error, "the request must fail at the socket").to.be.instanceOf(Error);
        expect((error as { code?: string }).code).to.equal("ECONNRESET");
        emu().setFaults({ dropRate: 0 });
        const listed = await call(emu(), "GET", jobsPath(emu()));
        expect(listed.body.jobs.map((j: { job_name: string }) => j.job_name)).to.deep.equal(["dropped"]);
        const log = (await control(emu(), "GET", "requests")).body.requests;
        expect(log[0]).to.include({ route: "create", status: null, fault: "dropped", jobId: "1" });
        expect(emu().stats().faults.dropped).to.equal(1);
        expect(emu().stats().jobsCreated).to.equal(1);
    });

    it("adds latencyMs before answering", async () => {
        emu().setFaults({ latencyMs: 120 });
        const started = Date.now();
        expect((await call(emu(), "GET", jobsPath(emu()))).status).to.equal(200);
        expect(Date.now() - started).to.be.at.least(115);
        expect((await control(emu(), "GET", "requests")).body.requests[0].latencyMs).to.equal(120);
    });

    for (const [status, rule] of [
        [5, { trainUrlContains: "fail-start", status: 5 }],
        [3, { trainUrlPattern: "^/img-[0-9]+/", status: 3 }],
        [11, { trainUrlContains: "fail-start", status: 11 }],
    ] as const) {
        it(`ends the startup of a job matching ${JSON.stringify(rule)} in ${status}, also after restart`, async () => {
            emu().setFaults({ failRules: [rule] });
            const url = "trainUrlPattern" in rule ? "/img-42/logs/" : "/bucket/fail-start/";
            const id = (await call(emu(), "POST", jobsPath(emu()), { body: { job_name: "f", train_url: url } })).body.job_id;
            const other = (await call(emu(), "POST", jobsPath(emu()), { body: createBody("ok") })).body.job_id;
            clock.advance(500);
            expect((await call(emu(), "GET", jobsPath(emu(), `/${id}`))).body.status).to.equal(7);
            clock.advance(500);
            expect((await call(emu(), "GET", jobsPath(emu(), `/${id}`))).body.status).to.equal(status);
            expect((await call(emu(), "GET", jobsPath(emu(), `/${other}`))).body.status).to.equal(8);
            expect((await call(emu(), "POST", jobsPath(emu(), `/${id}/restart`))).status).to.equal(200);
            clock.advance(1000);
            expect((await call(emu(), "GET", jobsPath(emu(), `/${id}`))).body.status).to.equal(status);
        });
    }

    it("holds a job matching a stuck rule in WAITING forever, until stopped", async () => {
        emu().setFaults({ failRules: [{ trainUrlContains: "stuck", status: 7, hold: true }] });
        const id = (await call(emu(), "POST", jobsPath(emu()), { body: { job_name: "s", train_url: "/b/stuck/" } })).body.job_id;
        clock.advance(10 * 3_600_000);
        expect((await call(emu(), "GET", jobsPath(emu(), `/${id}`))).body.status).to.equal(7);
        expect((await call(emu(), "POST", jobsPath(emu(), `/${id}/stop`))).status).to.equal(200);
        clock.advance(1000);
        expect((await call(emu(), "GET", jobsPath(emu(), `/${id}`))).body.status).to.equal(12);
    });

    it("forces a failure and RUNNING through the control API", async () => {
        const id = (await call(emu(), "POST", jobsPath(emu()), { body: createBody("forced") })).body.job_id;
        const forced = await control(emu(), "POST", `jobs/${id}/status`, { status: 8 });
        expect(forced.status).to.equal(200);
        expect(forced.body.status).to.equal(8);
        expect((await call(emu(), "GET", jobsPath(emu(), `/${id}`))).body.service_url).to.equal(emu().serviceUrl(id));
        await control(emu(), "POST", `jobs/${id}/status`, { status: 11 });
        clock.advance(10_000);
        expect((await call(emu(), "GET", jobsPath(emu(), `/${id}`))).body.status).to.equal(11);
    });

    it("rejects invalid fault values with 400 naming the field", async () => {
        for (const [patch, field] of [[{ errorRate: 2 }, "errorRate"], [{ throttleRps: 0 }, "throttleRps"], [{ failRules: [{ status: 5 }] }, "failRules[0]"], [{ failRules: [{ trainUrlContains: "x", status: 8 }] }, "failRules[0].status"], [{ bogus: 1 }, "bogus"]] as const) {
            const res = await control(emu(), "PATCH", "faults", patch);
            expect(res.status).to.equal(400);
            expect(res.body.error_message).to.contain(field);
        }
        expect(() => emu().setFaults({ dropRate: -1 })).to.throw(/dropRate/);
    });
});

describe("emulator faults from start options", () => {
    const emu = useEmulator({ auth: false, throttleRps: 1, failRules: [{ trainUrlContains: "x", status: 5 }], seed: 7 });

    it("applies start options, and reset brings them back after a runtime change", async () => {
        expect(emu().faults()).to.deep.include({ throttleRps: 1, failRules: [{ trainUrlContains: "x", status: 5 }] });
        await control(emu(), "PUT", "faults", { errorRate: 0.25 });
        expect((await control(emu(), "GET", "faults")).body).to.deep.equal({ throttleRps: null, errorRate: 0.25, dropRate: 0, latencyMs: 0, failRules: [] });
        await control(emu(), "POST", "reset");
        expect((await control(emu(), "GET", "faults")).body).to.deep.equal({ throttleRps: 1, errorRate: 0, dropRate: 0, latencyMs: 0, failRules: [{ trainUrlContains: "x", status: 5 }] });
    });
});
