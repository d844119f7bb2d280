// The job lifecycle (API §3) evaluated from timestamps: exact transitions under an injected clock,
// auto-stop under a time scale, asynchronous delete, and one run on the real clock.
import { expect } from "chai";
import { eventually } from "./support/async";
import { ManualClock, call, control, createBody, jobsPath, useEmulator } from "./support/emulator";

describe("emulator lifecycle", () => {
    describe("under an injected clock", () => {
        let clock: ManualClock;
        const emu = useEmulator(() => {
            clock = new ManualClock();
            return { clock, startupMs: 1000, stopMs: 400, deleteMs: 300, timeScale: 3600 };
        });

        async function create(extra: Record<string, unknown> = {}): Promise<string> {
            const res = await call(emu(), "POST", jobsPath(emu()), { body: createBody("life", extra) });
            expect(res.status, res.text).to.equal(200);
            return res.body.job_id;
        }
        const details = async (id: string) => (await call(emu(), "GET", jobsPath(emu(), `/${id}`))).body;

        it("moves 1 → 7 at half of startupMs → 8 at startupMs and records each change's exact time", async () => {
            const t0 = clock.now();
            const id = await create();
            expect((await details(id)).status).to.equal(1);
            clock.advance(499);
            expect((await details(id)).status).to.equal(1);
            clock.advance(1);
            expect((await details(id)).status).to.equal(7);
            expect((await details(id)).service_url).to.equal("");
            clock.advance(499);
            expect((await details(id)).status).to.equal(7);
            // Skip past RUNNING without reading: the history still has the exact instants.
            clock.advance(5000);
            const job = (await control(emu(), "GET", `jobs/${id}`)).body;
            expect(job.status).to.equal(8);
            expect(job.history).to.deep.equal([
                { status: 1, atMs: t0 },
                { status: 7, atMs: t0 + 500 },
                { status: 8, atMs: t0 + 1000 },
            ]);
            expect(job.durationMs).to.equal(4999);
            expect((await details(id)).service_url).to.equal(emu().serviceUrl(id));
        });

        it("auto-stops a running job after its scheduled emulated hours, 9 then 12", async () => {
            // timeScale 3600: an emulated hour lasts 1000 ms.
            const t0 = clock.now();
            const id = await create({ schedule: [{ type: "stop", time_unit: "HOURS", duration: 2 }] });
            expect((await details(id)).remaining_duration).to.equal(2000);
            clock.advance(1000 + 1500);
            expect((await details(id)).status).to.equal(8);
            expect((await details(id)).remaining_duration).to.equal(500);
            clock.advance(500);
            expect((await details(id)).status).to.equal(9);
            expect((await details(id)).duration).to.equal(2000);
            clock.advance(400);
            const d = await details(id);
            expect(d.status).to.equal(12);
            expect(d.remaining_duration).to.equal(0);
            const job = (await control(emu(), "GET", `jobs/${id}`)).body;
            expect(job.history.map((h: { status: number; atMs: number }) => [h.status, h.atMs - t0])).to.deep.equal(
                [[1, 0], [7, 500], [8, 1000], [9, 3000], [12, 3400]]);
        });

        it("does not auto-stop with schedule duration 0", async () => {
            const id = await create({ schedule: { type: "stop", time_unit: "HOURS", duration: 0 } });
            clock.advance(1000 + 100 * 1000);
            const d = await details(id);
            expect(d.status).to.equal(8);
            expect(d.remaining_duration).to.equal(null);
        });

        it("stops a starting job, and restarts it through 1 → 7 → 8 with the same timing", async () => {
            const id = await create();
            clock.advance(600);
            expect((await call(emu(), "POST", jobsPath(emu(), `/${id}/stop`))).status).to.equal(200);
            expect((await details(id)).status).to.equal(9);
            clock.advance(400);
            expect((await details(id)).status).to.equal(12);
            expect((await call(emu(), "POST", jobsPath(emu(), `/${id}/restart`))).status).to.equal(200);
            expect((await details(id)).status).to.equal(1);
            clock.advance(500);
            expect((await details(id)).status).to.equal(7);
            clock.advance(500);
            expect((await details(id)).status).to.equal(8);
            expect((await details(id)).duration).to.equal(0);
        });

        it("keeps a deleted job visible with its status for deleteMs, then answers 404", async () => {
            const id = await create();
            clock.advance(1000);
            await call(emu(), "DELETE", jobsPath(emu(), `/${id}`));
            clock.advance(299);
            expect((await details(id)).status).to.equal(8);
            expect((await call(emu(), "GET", jobsPath(emu()))).body.job_total_count).to.equal(1);
            clock.advance(1);
            expect((await call(emu(), "GET", jobsPath(emu(), `/${id}`))).status).to.equal(404);
            expect((await call(emu(), "GET", jobsPath(emu()))).body.job_total_count).to.equal(0);
            const job = (await control(emu(), "GET", `jobs/${id}`)).body;
            expect(job.deleted).to.equal(true);
            expect(job.deletedAtMs - job.deleteRequestedAtMs).to.equal(300);
        });

        it("answers a second delete during deletion without moving the deadline", async () => {
            const id = await create();
            await call(emu(), "DELETE", jobsPath(emu(), `/${id}`));
            clock.advance(200);
            expect((await call(emu(), "DELETE", jobsPath(emu(), `/${id}`))).status).to.equal(200);
            clock.advance(100);
            expect((await call(emu(), "GET", jobsPath(emu(), `/${id}`))).status).to.equal(404);
        });
    });

    describe("on the real clock", () => {
        const emu = useEmulator({ startupMs: 40, stopMs: 20, deleteMs: 20 });

        it("reaches RUNNING after startupMs and is gone after delete", async () => {
            const created = await call(emu(), "POST", jobsPath(emu()), { body: createBody("real") });
            const id = created.body.job_id;
            const running = await eventually("RUNNING", async () => {
                const d = (await call(emu(), "GET", jobsPath(emu(), `/${id}`))).body;
                return d.status === 8 ? d : undefined;
            });
            expect(running.service_url).to.equal(emu().serviceUrl(id));
            const job = emu().store.byId(Number(id));
            const runningAt = job?.history.find((h) => h.status === 8)?.atMs ?? 0;
            expect(runningAt - Number(created.body.create_time)).to.equal(40);
            await call(emu(), "DELETE", jobsPath(emu(), `/${id}`));
            await eventually("gone", async () => (await call(emu(), "GET", jobsPath(emu(), `/${id}`))).status === 404 || undefined);
        });
    });
});
