// The page behind service_url: a real HTML page on the emulator showing the job, its status while it
// starts, and its recent API requests; 404 for unknown or deleted jobs; no auth needed.
import { expect } from "chai";
import fetch from "node-fetch";
import { ManualClock, call, createBody, jobsPath, useEmulator } from "./support/emulator";

describe("emulator service page", () => {
    let clock: ManualClock;
    const emu = useEmulator(() => {
        clock = new ManualClock();
        return { clock, startupMs: 1000, deleteMs: 100, timeScale: 3600, throttleRps: 1 };
    });

    const page = async (url: string) => {
        const res = await fetch(url);
        return { status: res.status, type: res.headers.get("content-type"), html: await res.text() };
    };

    it("shows name, id, status, type, train_url, auto-stop and recent requests, refreshing every second", async () => {
        const created = (await call(emu(), "POST", jobsPath(emu()), { body: createBody("page-job", { job_type: "mindinsight", train_url: "/bucket/<b>/", schedule: [{ type: "stop", time_unit: "HOURS", duration: 1 }] }) })).body;
        const url = emu().serviceUrl(created.job_id);
        let p = await page(url);
        expect(p.status).to.equal(200);
        expect(p.type).to.contain("text/html");
        expect(p.html).to.contain("<h1>page-job</h1>");
        expect(p.html).to.contain(`<dd id="job-id">${created.job_id}</dd>`);
        expect(p.html).to.contain(`<dd id="status">1 JOBSTAT_INIT</dd>`);
        expect(p.html).to.contain(`<dd id="job-type">mindinsight</dd>`);
        expect(p.html).to.contain("/bucket/&#60;b&#62;/");
        expect(p.html).to.contain(`<meta http-equiv="refresh" content="1">`);
        expect(p.html).to.match(/<td>POST<\/td><td>\/v1\/[0-9a-f]+\/visualization-jobs<\/td><td>200<\/td>/);
        clock.advance(1000 + 400);
        p = await page(url);
        expect(p.html).to.contain(`<dd id="status">8 JOBSTAT_RUNNING</dd>`);
        expect(p.html).to.contain(`<dd id="auto-stop">0h 0m 1s (600 ms)</dd>`);
    });

    it("is served without auth and outside the throttle, and does not enter the request log", async () => {
        const id = (await call(emu(), "POST", jobsPath(emu()), { body: createBody("free") })).body.job_id;
        for (let i = 0; i < 3; i++) {
            expect((await page(emu().serviceUrl(id))).status).to.equal(200);
        }
        expect(emu().requestLog.query()).to.have.length(1);
    });

    it("answers 404 for an unknown job, a job of another project, and a deleted job", async () => {
        expect((await page(emu().serviceUrl(77))).status).to.equal(404);
        const id = (await call(emu(), "POST", jobsPath(emu()), { body: createBody("gone") })).body.job_id;
        expect((await page(emu().serviceUrl(id, "ffffffffffffffffffffffffffffffff"))).status).to.equal(404);
        clock.advance(1000); // leave the throttle window
        await call(emu(), "DELETE", jobsPath(emu(), `/${id}`));
        expect((await page(emu().serviceUrl(id))).status).to.equal(200);
        clock.advance(100);
        const p = await page(emu().serviceUrl(id));
        expect(p.status).to.equal(404);
        expect(p.html).to.contain(`Visualization job ${id} not found`);
    });
});
