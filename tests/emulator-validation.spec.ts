// Documented validation (API §2.1, §2.2, §2.4): every rejection is HTTP 400 ModelArts.0104 and its
// message names the offending field.
import { expect } from "chai";
import { call, createBody, jobsPath, useEmulator } from "./support/emulator";

describe("emulator validation", () => {
    const emu = useEmulator({ auth: false });

    const createCases: Array<{ title: string; body: unknown; field: string }> = [
        { title: "a missing job_name", body: { train_url: "/b/" }, field: "job_name" },
        { title: "a numeric job_name", body: { job_name: 7, train_url: "/b/" }, field: "job_name" },
        { title: "a job_name with a space", body: createBody("visualization job"), field: "job_name" },
        { title: "a job_name of 21 characters", body: createBody("a".repeat(21)), field: "job_name" },
        { title: "an empty job_name", body: createBody(""), field: "job_name" },
        { title: "a job_name with a dot", body: createBody("a.b"), field: "job_name" },
        { title: "a job_desc of 257 characters", body: createBody("d", { job_desc: "x".repeat(257) }), field: "job_desc" },
        { title: "a numeric job_desc", body: createBody("d", { job_desc: 5 }), field: "job_desc" },
        { title: "a missing train_url", body: { job_name: "t" }, field: "train_url" },
        { title: "a non-string train_url", body: { job_name: "t", train_url: ["/b/"] }, field: "train_url" },
        { title: "an empty train_url", body: { job_name: "t", train_url: "" }, field: "train_url" },
        { title: "an unknown job_type", body: createBody("t", { job_type: "TensorBoard" }), field: "job_type" },
        { title: "a string flavor", body: createBody("t", { flavor: "cpu" }), field: "flavor" },
        { title: "a flavor without code", body: createBody("t", { flavor: {} }), field: "flavor.code" },
        { title: "a string schedule", body: createBody("t", { schedule: "1h" }), field: "schedule" },
        { title: "a schedule of two entries", body: createBody("t", { schedule: [sched(1), sched(2)] }), field: "schedule" },
        { title: "a schedule type other than stop", body: createBody("t", { schedule: [{ ...sched(1), type: "start" }] }), field: "schedule.type" },
        { title: "a schedule time_unit other than HOURS", body: createBody("t", { schedule: { ...sched(1), time_unit: "MINUTES" } }), field: "schedule.time_unit" },
        { title: "a schedule with camelCase timeUnit only", body: createBody("t", { schedule: [{ type: "stop", timeUnit: "HOURS", duration: 1 }] }), field: "schedule.time_unit" },
        { title: "a schedule duration of 25", body: createBody("t", { schedule: [sched(25)] }), field: "schedule.duration" },
        { title: "a schedule duration of -1", body: createBody("t", { schedule: [sched(-1)] }), field: "schedule.duration" },
        { title: "a fractional schedule duration", body: createBody("t", { schedule: [sched(1.5)] }), field: "schedule.duration" },
        { title: "a string schedule duration", body: createBody("t", { schedule: [sched("1")] }), field: "schedule.duration" },
        { title: "malformed JSON", body: "{\"job_name\": ", field: "body" },
        { title: "a JSON array body", body: [createBody("t")], field: "body" },
        { title: "an empty body", body: "", field: "body" },
    ];
    for (const c of createCases) {
        it(`rejects a create with ${c.title}, naming ${c.field}`, async () => {
            const res = await call(emu(), "POST", jobsPath(emu()), { body: c.body });
            expect(res.status, res.text).to.equal(400);
            expect(res.body.is_success).to.equal(false);
            expect(res.body.error_code).to.equal("ModelArts.0104");
            expect(res.body.error_message).to.contain(`Invalid parameter ${c.field}:`);
            expect((await call(emu(), "GET", jobsPath(emu()))).body.job_total_count).to.equal(0);
        });
    }

    const acceptedCases: Array<{ title: string; extra: Record<string, unknown> }> = [
        { title: "a schedule object", extra: { schedule: sched(24) } },
        { title: "a schedule array", extra: { schedule: [sched(0)] } },
        { title: "an empty schedule array", extra: { schedule: [] } },
        { title: "a 256-character job_desc", extra: { job_desc: "x".repeat(256) } },
        { title: "job_type mindinsight and any flavor code", extra: { job_type: "mindinsight", flavor: { code: "modelarts.vm.cpu.free" } } },
    ];
    for (const c of acceptedCases) {
        it(`accepts ${c.title}`, async () => {
            const res = await call(emu(), "POST", jobsPath(emu()), { body: createBody("A_b-9", c.extra) });
            expect(res.status, res.text).to.equal(200);
        });
    }

    const listCases: Array<{ query: string; field: string }> = [
        { query: "per_page=0", field: "per_page" },
        { query: "per_page=1001", field: "per_page" },
        { query: "per_page=ten", field: "per_page" },
        { query: "page=0", field: "page" },
        { query: "page=-1", field: "page" },
        { query: "sortBy=duration", field: "sortBy" },
        { query: "order=up", field: "order" },
        { query: `search_content=${"s".repeat(65)}`, field: "search_content" },
        { query: "status=running", field: "status" },
    ];
    for (const c of listCases) {
        it(`rejects a list with ${c.query.slice(0, 24)}, naming ${c.field}`, async () => {
            const res = await call(emu(), "GET", `${jobsPath(emu())}?${c.query}`);
            expect(res.status).to.equal(400);
            expect(res.body.error_code).to.equal("ModelArts.0104");
            expect(res.body.error_message).to.contain(`Invalid parameter ${c.field}:`);
        });
    }

    it("accepts per_page 1000 and a 64-character search_content", async () => {
        const res = await call(emu(), "GET", `${jobsPath(emu())}?per_page=1000&search_content=${"s".repeat(64)}`);
        expect(res.status).to.equal(200);
    });

    const updateCases: Array<{ title: string; body: unknown; field: string }> = [
        { title: "no job_desc", body: {}, field: "job_desc" },
        { title: "a job_desc of 257 characters", body: { job_desc: "x".repeat(257) }, field: "job_desc" },
        { title: "a null job_desc", body: { job_desc: null }, field: "job_desc" },
        { title: "malformed JSON", body: "{", field: "body" },
    ];
    for (const c of updateCases) {
        it(`rejects an update with ${c.title}, naming ${c.field}`, async () => {
            const created = await call(emu(), "POST", jobsPath(emu()), { body: createBody("upd") });
            const res = await call(emu(), "PUT", jobsPath(emu(), `/${created.body.job_id}`), { body: c.body });
            expect(res.status).to.equal(400);
            expect(res.body.error_code).to.equal("ModelArts.0104");
            expect(res.body.error_message).to.contain(`Invalid parameter ${c.field}:`);
        });
    }
});

function sched(duration: unknown): Record<string, unknown> {
    return { type: "stop", time_unit: "HOURS", duration };
}
