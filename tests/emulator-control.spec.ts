// The control API under /__emulator/: reset, faults, forced status, jobs with internal fields,
// request log with filters, and stats. It needs no auth even when auth is on.
import { expect } from "chai";
import { DEFAULT_ACCESS_KEY } from "../emulator/defaults";
import { ManualClock, call, control, createBody, jobsPath, useEmulator } from "./support/emulator";

describe("emulator control API", () => {
    let clock: ManualClock;
    const emu = useEmulator(() => {
        clock = new ManualClock();
        return { clock, startupMs: 1000, stopMs: 100, deleteMs: 100 };
    });

    it("lists its routes at /__emulator/ without auth", async () => {
        const res = await control(emu(), "GET", "");
        expect(res.status).to.equal(200);
        expect(res.body.routes).to.include.members(["POST /__emulator/reset", "POST /__emulator/jobs/{id}/status", "GET /__emulator/stats"]);
    });

    it("answers 404 for an unknown control route and 400 for a bad body", async () => {
        expect((await control(emu(), "GET", "nope")).status).to.equal(404);
        expect((await call(emu(), "PATCH", "/__emulator/faults", { body: "{", credentials: false })).status).to.equal(400);
        expect((await control(emu(), "POST", "jobs/1/status", { status: 5 })).status).to.equal(404);
    });

    it("shows every job with internal fields, deleted ones marked", async () => {
        const a = (await call(emu(), "POST", jobsPath(emu()), { body: createBody("a") })).body.job_id;
        const b = (await call(emu(), "POST", jobsPath(emu()), { body: createBody("b") })).body.job_id;
        await call(emu(), "DELETE", jobsPath(emu(), `/${b}`));
        clock.advance(1000);
        const jobs = (await control(emu(), "GET", "jobs")).body.jobs;
        expect(jobs.map((j: { jobId: number; deleted: boolean; statusName: string }) => [j.jobId, j.deleted, j.statusName])).to.deep.equal([
            [Number(a), false, "JOBSTAT_RUNNING"],
            [Number(b), true, "JOBSTAT_RUNNING"],
        ]);
        expect(jobs[0]).to.include.keys("history", "segment", "resourceId", "createTimeMs", "serviceUrl", "projectId", "trainUrl");
        expect((await control(emu(), "GET", `jobs/${b}`)).body.deleted).to.equal(true);
    });

    it("forces a status, and with hold keeps KILLING so delete is rejected", async () => {
        const id = (await call(emu(), "POST", jobsPath(emu()), { body: createBody("f") })).body.job_id;
        const res = await control(emu(), "POST", `jobs/${id}/status`, { status: 9, hold: true });
        expect(res.body).to.include({ status: 9, statusName: "JOBSTAT_KILLING" });
        clock.advance(60_000);
        const del = await call(emu(), "DELETE", jobsPath(emu(), `/${id}`));
        expect(del.body.error_message).to.equal("This job can't be delete. job status: 9");
        expect((await control(emu(), "POST", `jobs/${id}/status`, { status: 23 })).status).to.equal(400);
        expect((await control(emu(), "POST", `jobs/${id}/status`, { status: 8, hold: "yes" })).status).to.equal(400);
    });

    it("forces WAITING, which then reaches RUNNING after the rest of the startup", async () => {
        const id = (await call(emu(), "POST", jobsPath(emu()), { body: createBody("w") })).body.job_id;
        clock.advance(1000);
        await control(emu(), "POST", `jobs/${id}/status`, { status: 7 });
        clock.advance(499);
        expect(emu().store.byId(Number(id))?.status).to.equal(7);
        clock.advance(1);
        expect(emu().store.byId(Number(id))?.status).to.equal(8);
    });

    it("filters the request log by job_id and since, without headers or bodies", async () => {
        const t0 = clock.now();
        const id = (await call(emu(), "POST", jobsPath(emu()), { body: createBody("log") })).body.job_id;
        clock.advance(10);
        await call(emu(), "GET", jobsPath(emu(), `/${id}`));
        await call(emu(), "GET", jobsPath(emu(), "/999"));
        await call(emu(), "GET", jobsPath(emu()) + "?per_page=5");
        const all = (await control(emu(), "GET", "requests")).body.requests;
        expect(all.map((r: { seq: number }) => r.seq)).to.deep.equal([1, 2, 3, 4]);
        expect(all[0]).to.include({ timeMs: t0, method: "POST", route: "create", status: 200, jobId: id });
        expect(all[2]).to.include({ route: "details", status: 404, errorCode: "ModelArts.0102", jobId: "999" });
        expect(all[3]).to.include({ route: "list", query: "per_page=5" });
        expect(Object.keys(all[0]).sort()).to.deep.equal(["jobId", "method", "path", "query", "requestId", "route", "seq", "status", "timeMs"]);
        const forJob = (await control(emu(), "GET", `requests?job_id=${id}`)).body.requests;
        expect(forJob.map((r: { route: string }) => r.route)).to.deep.equal(["create", "details"]);
        const since = (await control(emu(), "GET", `requests?since=${t0 + 10}`)).body.requests;
        expect(since).to.have.length(3);
        expect((await control(emu(), "GET", "requests?since=soon")).status).to.equal(400);
    });

    it("counts requests by method, route and status, faults by kind, and jobs created", async () => {
        await call(emu(), "POST", jobsPath(emu()), { body: createBody("s1") });
        await call(emu(), "POST", jobsPath(emu()), { body: createBody("s1") });
        await call(emu(), "GET", jobsPath(emu()));
        await call(emu(), "GET", "/v1/nowhere");
        await call(emu(), "GET", jobsPath(emu()), { credentials: false });
        emu().setFaults({ errorRate: 1 });
        await call(emu(), "GET", jobsPath(emu()));
        const stats = (await control(emu(), "GET", "stats")).body;
        expect(stats.requests).to.deep.equal({
            total: 6,
            byMethod: { POST: 2, GET: 4 },
            byRoute: { create: 2, list: 3, unknown: 1 },
            byStatus: { "200": 2, "400": 1, "404": 1, "401": 1, "500": 1 },
        });
        expect(stats.faults).to.deep.equal({ throttled: 0, errors: 1, dropped: 0, delayed: 0 });
        expect(stats.jobsCreated).to.equal(1);
        expect(stats.authFailures).to.equal(1);
    });

    it("resets jobs, ids, log, counters and AK locks", async () => {
        await call(emu(), "POST", jobsPath(emu()), { body: createBody("r") });
        for (let i = 0; i < 5; i++) {
            await call(emu(), "GET", jobsPath(emu()), { credentials: { accessKey: DEFAULT_ACCESS_KEY, secretKey: "bad" } });
        }
        expect((await call(emu(), "GET", jobsPath(emu()))).status).to.equal(401);
        expect((await control(emu(), "POST", "reset")).body).to.deep.equal({ reset: true });
        expect((await control(emu(), "GET", "jobs")).body.jobs).to.deep.equal([]);
        expect((await control(emu(), "GET", "stats")).body.requests.total).to.equal(0);
        expect((await call(emu(), "GET", jobsPath(emu()))).status).to.equal(200);
        expect((await call(emu(), "POST", jobsPath(emu()), { body: createBody("r") })).body.job_id).to.equal("1");
    });
});
