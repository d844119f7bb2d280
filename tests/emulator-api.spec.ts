// The seven endpoints (API §2): answers, envelopes, string form of create, list paging, sorting,
// search and status filter, not-found and unknown routes, duplicate names and wrong-state messages.
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { ManualClock, call, createBody, jobsPath, useEmulator } from "./support/emulator";

const fixture = (name: string) => JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures", name), "utf8"));

describe("emulator API", () => {
    let clock: ManualClock;
    const emu = useEmulator(() => {
        clock = new ManualClock();
        return { clock, startupMs: 1000, stopMs: 500, deleteMs: 500 };
    });

    async function create(name: string, extra: Record<string, unknown> = {}): Promise<string> {
        const res = await call(emu(), "POST", jobsPath(emu()), { body: createBody(name, extra) });
        expect(res.status, res.text).to.equal(200);
        return res.body.job_id as string;
    }

    describe("create", () => {
        it("answers the documented string form with increasing ids", async () => {
            const res = await call(emu(), "POST", jobsPath(emu()), { body: fixture("create-visualization-job-request.json") });
            expect(res.status).to.equal(200);
            const example = fixture("create-visualization-job-response.json");
            expect(Object.keys(res.body)).to.include.members(Object.keys(example));
            expect(res.body).to.deep.equal({
                is_success: true,
                job_id: "1",
                job_name: "visualization-job",
                status: "1",
                create_time: String(clock.now()),
                service_url: "",
            });
            expect(await create("second")).to.equal("2");
            expect(await create("third")).to.equal("3");
        });

        it("rejects a duplicate name with ModelArts.0103 naming the existing job", async () => {
            const id = await create("dup");
            const res = await call(emu(), "POST", jobsPath(emu()), { body: createBody("dup") });
            expect(res.status).to.equal(400);
            expect(res.body.is_success).to.equal(false);
            expect(res.body.error_code).to.equal("ModelArts.0103");
            expect(res.body.error_message).to.contain("dup").and.to.contain(`job_id ${id}`);
        });

        it("allows the name again once the job is deleted", async () => {
            const id = await create("again");
            expect((await call(emu(), "DELETE", jobsPath(emu(), `/${id}`))).status).to.equal(200);
            clock.advance(500);
            expect(await create("again")).to.not.equal(id);
        });
    });

    describe("details", () => {
        it("answers numbers, schedule as an array with timeUnit, and the running fields", async () => {
            const id = await create("details-1", { job_type: "mindinsight", flavor: { code: "modelarts.vm.cpu.2u" }, schedule: { type: "stop", time_unit: "HOURS", duration: 2 } });
            clock.advance(1000);
            clock.advance(250);
            const res = await call(emu(), "GET", jobsPath(emu(), `/${id}`));
            expect(res.status).to.equal(200);
            const b = res.body;
            expect(b.is_success).to.equal(true);
            expect(b.job_id).to.equal(1);
            expect(b.status).to.equal(8);
            expect(b.create_time).to.equal(clock.now() - 1250);
            expect(b.duration).to.equal(250);
            expect(b.job_type).to.equal("mindinsight");
            expect(b.flavor).to.deep.equal({ code: "modelarts.vm.cpu.2u" });
            expect(b.schedule).to.deep.equal([{ type: "stop", timeUnit: "HOURS", duration: 2 }]);
            expect(b.remaining_duration).to.equal(2 * 3_600_000 - 250);
            expect(b.resource_id).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
            expect(b.service_url).to.equal(`${emu().url}/modelarts2/tensorboard/${emu().projectId}/1/`);
            expect(b.train_url).to.equal("/bucket/logs/");
        });

        it("answers remaining_duration null and no schedule for a job without auto-stop", async () => {
            const id = await create("no-sched");
            const res = await call(emu(), "GET", jobsPath(emu(), `/${id}`));
            expect(res.body.remaining_duration).to.equal(null);
            expect(res.body).to.not.have.property("schedule");
            expect(res.body.service_url).to.equal("");
        });

        for (const id of ["999", "abc"]) {
            it(`answers 404 ModelArts.0102 for unknown job id ${id}`, async () => {
                const res = await call(emu(), "GET", jobsPath(emu(), `/${id}`));
                expect(res.status).to.equal(404);
                expect(res.body).to.deep.equal({ is_success: false, error_code: "ModelArts.0102", error_message: `The visualization job does not exist: job_id ${id}` });
            });
        }
    });

    describe("update, stop, restart, delete", () => {
        it("updates the description", async () => {
            const id = await create("upd");
            const res = await call(emu(), "PUT", jobsPath(emu(), `/${id}`), { body: { job_desc: "new words" } });
            expect(res.status).to.equal(200);
            expect(res.body).to.deep.equal({ is_success: true });
            expect((await call(emu(), "GET", jobsPath(emu(), `/${id}`))).body.job_desc).to.equal("new words");
        });

        it("stops, restarts and deletes through the documented statuses", async () => {
            const id = await create("cycle");
            clock.advance(1000);
            const status = async () => (await call(emu(), "GET", jobsPath(emu(), `/${id}`))).body.status;
            expect(await status()).to.equal(8);
            expect((await call(emu(), "POST", jobsPath(emu(), `/${id}/stop`), { body: {} })).body).to.deep.equal({ is_success: true });
            expect(await status()).to.equal(9);
            clock.advance(500);
            expect(await status()).to.equal(12);
            expect((await call(emu(), "POST", jobsPath(emu(), `/${id}/restart`))).body).to.deep.equal({ is_success: true });
            expect(await status()).to.equal(1);
            clock.advance(1000);
            expect(await status()).to.equal(8);
            expect((await call(emu(), "DELETE", jobsPath(emu(), `/${id}`))).body).to.deep.equal({ is_success: true });
            expect(await status()).to.equal(8);
            clock.advance(500);
            expect((await call(emu(), "GET", jobsPath(emu(), `/${id}`))).status).to.equal(404);
            expect((await call(emu(), "GET", jobsPath(emu()))).body.jobs).to.deep.equal([]);
        });

        const wrongState: Array<{ title: string; op: string; method: string; suffix: string; message: string; setup: (id: string) => Promise<void> }> = [
            {
                title: "stop of a completed job", op: "stop", method: "POST", suffix: "/stop", message: "This job can't be stop. job status: 10",
                setup: async (id) => {
                    emu().store.forceStatus(Number(id), 10, false);
                },
            },
            {
                title: "restart of a running job", op: "restart", method: "POST", suffix: "/restart", message: "This job can't be resubmit. job status: 8",
                setup: async () => clock.advance(1000),
            },
            {
                title: "delete of a killing job", op: "delete", method: "DELETE", suffix: "", message: "This job can't be delete. job status: 9",
                setup: async (id) => {
                    await call(emu(), "POST", jobsPath(emu(), `/${id}/stop`));
                },
            },
        ];
        for (const c of wrongState) {
            it(`rejects ${c.title} with ModelArts.0105 in the docs' words`, async () => {
                const id = await create("ws");
                await c.setup(id);
                const res = await call(emu(), c.method, jobsPath(emu(), `/${id}${c.suffix}`));
                expect(res.status).to.equal(400);
                expect(res.body).to.deep.equal({ is_success: false, error_code: "ModelArts.0105", error_message: c.message });
            });
        }

        for (const [method, suffix] of [["PUT", ""], ["DELETE", ""], ["POST", "/stop"], ["POST", "/restart"]]) {
            it(`answers 404 ModelArts.0102 to ${method} ${suffix || "/{id}"} of an unknown job`, async () => {
                const res = await call(emu(), method, jobsPath(emu(), `/42${suffix}`), { body: method === "PUT" ? { job_desc: "x" } : undefined });
                expect(res.status).to.equal(404);
                expect(res.body.error_code).to.equal("ModelArts.0102");
            });
        }
    });

    describe("list", () => {
        beforeEach(async () => {
            // ids 1..5, created 1 ms apart, names out of order, two already running.
            for (const [name, desc] of [["charlie", "c"], ["alpha", "e"], ["echo", "a"], ["bravo", "d"], ["delta-x", "b"]]) {
                await create(name, { job_desc: desc });
                clock.advance(1);
            }
            emu().store.forceStatus(2, 8, true);
            emu().store.forceStatus(4, 8, true);
        });

        const ids = (body: { jobs: Array<{ job_id: number }> }) => body.jobs.map((j) => j.job_id);

        it("answers the documented envelope with job_id ascending by default", async () => {
            const res = await call(emu(), "GET", jobsPath(emu()));
            expect(res.status).to.equal(200);
            expect(res.body.is_success).to.equal(true);
            expect(res.body.job_total_count).to.equal(5);
            expect(res.body.quotas).to.equal(100);
            expect(res.body.job_count_limit).to.equal(995);
            expect(ids(res.body)).to.deep.equal([1, 2, 3, 4, 5]);
            expect(Object.keys(res.body.jobs[0])).to.include.members(
                Object.keys(fixture("list-visualization-jobs-response.json").jobs[0]).filter((k) => k !== "schedule"));
        });

        const cases: Array<{ query: string; expected: number[]; total?: number }> = [
            { query: "per_page=2&page=1", expected: [1, 2] },
            { query: "per_page=2&page=3", expected: [5] },
            { query: "per_page=2&page=4", expected: [] },
            { query: "sortBy=job_name&order=asc", expected: [2, 4, 1, 5, 3] },
            { query: "sortBy=job_name&order=desc", expected: [3, 5, 1, 4, 2] },
            { query: "sortBy=job_desc", expected: [3, 5, 1, 4, 2] },
            { query: "sortBy=create_time&order=desc", expected: [5, 4, 3, 2, 1] },
            { query: "sortBy=status&order=desc", expected: [2, 4, 1, 3, 5] },
            { query: "search_content=ha", expected: [1, 2], total: 2 },
            { query: "search_content=-x", expected: [5], total: 1 },
            { query: "status=8", expected: [2, 4], total: 2 },
            { query: "status=8&sortBy=job_id&order=desc&per_page=1", expected: [4], total: 2 },
            { query: "status=", expected: [1, 2, 3, 4, 5] },
        ];
        for (const c of cases) {
            it(`answers ${c.query} with jobs ${JSON.stringify(c.expected)}`, async () => {
                const res = await call(emu(), "GET", `${jobsPath(emu())}?${c.query}`);
                expect(res.status, res.text).to.equal(200);
                expect(ids(res.body)).to.deep.equal(c.expected);
                expect(res.body.job_total_count).to.equal(c.total ?? 5);
            });
        }
    });

    describe("routes and envelopes", () => {
        for (const [method, p] of [["GET", "/v1/x/nothing-here"], ["PATCH", "/v1/{pid}/visualization-jobs/1"], ["GET", "/"], ["POST", "/v1/{pid}/visualization-jobs/1/pause"]]) {
            it(`answers 404 APIG.0101 in the gateway shape to ${method} ${p}`, async () => {
                const res = await call(emu(), method, p.replace("{pid}", emu().projectId));
                expect(res.status).to.equal(404);
                expect(res.body.error_code).to.equal("APIG.0101");
                expect(res.body.error_msg).to.be.a("string");
                expect(res.body.request_id).to.equal(res.headers.get("x-request-id"));
                expect(res.body).to.not.have.property("is_success");
            });
        }

        it("puts a distinct X-Request-Id on every answer", async () => {
            const a = await call(emu(), "GET", jobsPath(emu()));
            const b = await call(emu(), "GET", jobsPath(emu(), "/7"));
            expect(a.headers.get("x-request-id")).to.match(/^[0-9a-f]{32}$/);
            expect(b.headers.get("x-request-id")).to.match(/^[0-9a-f]{32}$/);
            expect(a.headers.get("x-request-id")).to.not.equal(b.headers.get("x-request-id"));
            expect(a.headers.get("content-type")).to.equal("application/json;charset=UTF-8");
        });

        it("accepts a trailing slash, which the signature treats alike (API §6.18)", async () => {
            const res = await call(emu(), "GET", jobsPath(emu(), "/"));
            expect(res.status).to.equal(200);
            expect(res.body.jobs).to.deep.equal([]);
        });
    });
});
