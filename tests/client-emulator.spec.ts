// The client against the real local emulator over HTTP: every endpoint round-trips, auth works with
// a good signature and a token and fails once with a wrong secret, and faults reach the retry rules.
import { expect } from "chai";
import { VisualizationJobClient, ClientAuth, ClientOptions } from "../provider/client";
import { DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY } from "../emulator/defaults";
import type { RunningEmulator } from "../emulator/server";
import { ApiError, NetworkError, isAmbiguous, isAuthError, isNotFound, isRouteMissing } from "../provider/errors";
import type { Clock } from "../provider/clock";
import { ManualClock, useEmulator } from "./support/emulator";
import { rejectionOf } from "./support/async";

const TOKEN = "emulator-iam-token-for-client-tests";
const STARTUP_MS = 1000;
const STOP_MS = 500;
const DELETE_MS = 500;

/** The emulator's manual clock, seen by the client: sleeps are recorded and move the clock. */
function clientClock(manual: ManualClock, sleeps: number[]): Clock {
    return {
        now: () => manual.now(),
        sleep: async (ms) => {
            sleeps.push(ms);
            manual.advance(ms);
        },
    };
}

describe("client against the emulator", () => {
    let manual: ManualClock;
    const emulator = useEmulator(() => {
        manual = new ManualClock();
        return {
            clock: manual,
            startupMs: STARTUP_MS,
            stopMs: STOP_MS,
            deleteMs: DELETE_MS,
            auth: { accessKey: DEFAULT_ACCESS_KEY, secretKey: DEFAULT_SECRET_KEY, token: TOKEN },
        };
    });
    let sleeps: number[];

    function client(auth: ClientAuth = { kind: "aksk", accessKey: DEFAULT_ACCESS_KEY, secretKey: DEFAULT_SECRET_KEY }, options: Partial<ClientOptions> = {}) {
        sleeps = [];
        const emu: RunningEmulator = emulator();
        return new VisualizationJobClient({
            endpoint: emu.url,
            projectId: emu.projectId,
            auth,
            clock: clientClock(manual, sleeps),
            random: () => 0.5,
            timeoutMs: 5000,
            ...options,
        });
    }

    it("round-trips create, get, list, update, stop, restart and delete", async () => {
        const c = client();
        const created = await c.createJob({
            job_name: "vis-1",
            job_desc: "first",
            train_url: "/bucket/logs/",
            job_type: "mindinsight",
            schedule: [{ type: "stop", time_unit: "HOURS", duration: 2 }],
        });
        expect(created).to.include({ jobName: "vis-1", status: 1 });
        expect(created.jobId).to.match(/^\d+$/);
        expect(created.createTimeMs).to.equal(manual.now());

        manual.advance(STARTUP_MS);
        const running = await c.getJob(created.jobId);
        expect(running).to.include({ jobId: created.jobId, jobName: "vis-1", status: 8, jobDesc: "first", trainUrl: "/bucket/logs/", jobType: "mindinsight", autoStopHours: 2 });
        expect(running.serviceUrl).to.equal(emulator().serviceUrl(created.jobId));

        const list = await c.listJobs({ search_content: "vis-" });
        expect(list.totalCount).to.equal(1);
        expect(list.jobs.map((j) => j.jobId)).to.deep.equal([created.jobId]);

        await c.updateJobDescription(created.jobId, "second");
        expect((await c.getJob(created.jobId)).jobDesc).to.equal("second");

        await c.stopJob(created.jobId);
        expect((await c.getJob(created.jobId)).status).to.equal(9);
        manual.advance(STOP_MS);
        expect((await c.getJob(created.jobId)).status).to.equal(12);

        await c.restartJob(created.jobId);
        expect((await c.getJob(created.jobId)).status).to.equal(1);
        manual.advance(STARTUP_MS);
        expect((await c.getJob(created.jobId)).status).to.equal(8);

        await c.deleteJob(created.jobId);
        manual.advance(DELETE_MS);
        const gone = await rejectionOf(c.getJob(created.jobId));
        expect(isNotFound(gone), String(gone)).to.equal(true);
        expect((await c.listJobs()).jobs).to.deep.equal([]);
        expect(sleeps).to.deep.equal([]);
    });

    it("walks every page of a long list", async () => {
        const c = client();
        for (let i = 1; i <= 7; i++) {
            await c.createJob({ job_name: `page-${i}`, train_url: "/bucket/logs/" });
        }
        const all = await c.listAllJobs({ per_page: 3, sortBy: "job_name" });
        expect(all.map((j) => j.jobName)).to.deep.equal(["page-1", "page-2", "page-3", "page-4", "page-5", "page-6", "page-7"]);
        expect(emulator().requestLog.query().filter((e) => e.route === "list").map((e) => new URLSearchParams(e.query).get("page"))).to.deep.equal(["1", "2", "3"]);
    });

    it("sends explicit page, per_page, sortBy and order on every list", async () => {
        await client().listJobs();
        const [entry] = emulator().requestLog.query();
        expect(entry.query).to.equal("page=1&per_page=100&sortBy=job_id&order=asc");
    });

    it("reports a duplicate name as ModelArts.0103 and a wrong state as ModelArts.0105", async () => {
        const c = client();
        const { jobId } = await c.createJob({ job_name: "dup", train_url: "/bucket/logs/" });
        const duplicate = await rejectionOf(c.createJob({ job_name: "dup", train_url: "/bucket/logs/" }));
        expect(duplicate).to.be.instanceOf(ApiError);
        expect(duplicate).to.include({ status: 400, code: "ModelArts.0103", method: "POST", operation: 'create visualization job "dup"' });
        expect((duplicate as ApiError).requestId).to.match(/^[0-9a-f]{32}$/);

        manual.advance(STARTUP_MS);
        const wrongState = await rejectionOf(c.restartJob(jobId));
        expect(wrongState).to.include({ code: "ModelArts.0105", apiMessage: "This job can't be resubmit. job status: 8" });
        expect(emulator().requestLog.query().filter((e) => e.route === "restart")).to.have.length(1);
    });

    it("reports an unknown job as not found, never as a missing route", async () => {
        const c = client();
        const missing = await rejectionOf(c.getJob("999999"));
        expect(missing).to.include({ status: 404, code: "ModelArts.0102" });
        expect(isNotFound(missing)).to.equal(true);
        expect(isRouteMissing(missing)).to.equal(false);
    });

    it("keeps a job id with a slash in one path segment", async () => {
        const err = await rejectionOf(client().getJob("not/a/route"));
        expect(isNotFound(err), String(err)).to.equal(true);
        expect(emulator().requestLog.query()[0]).to.include({ route: "details", path: `/v1/${emulator().projectId}/visualization-jobs/not%2Fa%2Froute` });
    });

    it("reports an invalid input as ModelArts.0104 without retrying", async () => {
        const c = client();
        const err = await rejectionOf(c.createJob({ job_name: "has space", train_url: "/bucket/logs/" }));
        expect(err).to.include({ status: 400, code: "ModelArts.0104" });
        expect(emulator().requestLog.query()).to.have.length(1);
    });

    describe("auth", () => {
        it("is accepted with a good signature", async () => {
            const list = await client().listJobs();
            expect(list.totalCount).to.equal(0);
            expect(emulator().stats().authFailures).to.equal(0);
        });

        it("sends a request signed with a wrong secret exactly once and fails with APIG.0301", async () => {
            const wrongSecret = "a-wrong-secret-key-for-the-emulator";
            const c = client({ kind: "aksk", accessKey: DEFAULT_ACCESS_KEY, secretKey: wrongSecret });
            const err = await rejectionOf(c.listJobs());
            expect(err).to.be.instanceOf(ApiError);
            expect(err).to.include({ status: 401, code: "APIG.0301" });
            expect(isAuthError(err)).to.equal(true);
            expect((err as Error).message).to.not.include(wrongSecret);
            expect(emulator().requestLog.query()).to.have.length(1);
            expect(emulator().stats().authFailures).to.equal(1);
        });

        it("is accepted with an IAM token", async () => {
            const c = client({ kind: "token", token: TOKEN });
            const { jobId } = await c.createJob({ job_name: "by-token", train_url: "/bucket/logs/" });
            expect((await c.getJob(jobId)).jobName).to.equal("by-token");
        });

        it("rejects an unknown token once with APIG.0301", async () => {
            const c = client({ kind: "token", token: "not-the-token" });
            const err = await rejectionOf(c.getJob("1"));
            expect(err).to.include({ status: 401, code: "APIG.0301" });
            expect(emulator().requestLog.query()).to.have.length(1);
        });

        it("rejects a signature dated outside the 15-minute window, whatever the clock says", async () => {
            // The client's clock runs 20 minutes behind the emulator's.
            const skewed: Clock = { now: () => manual.now() - 20 * 60_000, sleep: async () => undefined };
            const c = client(undefined, { clock: skewed });
            const err = await rejectionOf(c.listJobs());
            expect(err).to.include({ status: 401, code: "APIG.0301" });
            expect((err as ApiError).apiMessage).to.match(/signature expired/);
        });
    });

    describe("faults", () => {
        it("waits out gateway throttling for the Retry-After the emulator sends, plus jitter", async () => {
            const c = client();
            emulator().setFaults({ throttleRps: 1 });
            await c.listJobs();
            await c.listJobs();
            expect(sleeps).to.deep.equal([1000 + 0.5 * 500]);
            const statuses = emulator().requestLog.query().map((e) => e.status);
            expect(statuses).to.deep.equal([200, 429, 200]);
        });

        it("repeats a create throttled by the gateway and creates one job", async () => {
            const c = client();
            emulator().setFaults({ throttleRps: 1 });
            await c.listJobs();
            const created = await c.createJob({ job_name: "throttled", train_url: "/bucket/logs/" });
            expect(created.jobName).to.equal("throttled");
            expect(emulator().store.all().filter((j) => j.jobName === "throttled")).to.have.length(1);
        });

        it("does not repeat a create whose answer was lost, and reports it as ambiguous", async () => {
            const c = client();
            emulator().setFaults({ dropRate: 1 });
            const err = await rejectionOf(c.createJob({ job_name: "dropped", train_url: "/bucket/logs/" }));
            expect(err).to.be.instanceOf(NetworkError);
            expect(isAmbiguous(err)).to.equal(true);
            expect(emulator().requestLog.query()).to.have.length(1);
            emulator().setFaults({ dropRate: 0 });
            const found = await c.listJobs({ search_content: "dropped" });
            expect(found.jobs.map((j) => j.jobName)).to.deep.equal(["dropped"]);
        });

        it("retries a GET through injected server errors", async () => {
            const c = client(undefined, { retry: { maxAttempts: 10 } });
            const { jobId } = await c.createJob({ job_name: "flaky", train_url: "/bucket/logs/" });
            emulator().setFaults({ errorRate: 0.5 });
            for (let i = 0; i < 5; i++) {
                expect((await c.getJob(jobId)).jobName).to.equal("flaky");
            }
            const failures = emulator().requestLog.query().filter((e) => e.fault === "error");
            expect(failures.length).to.be.greaterThan(0);
            expect(sleeps).to.have.length(failures.length);
        });

        it("times out an attempt the emulator is slow to answer", async () => {
            const c = client(undefined, { timeoutMs: 50, retry: { maxAttempts: 1 } });
            emulator().setFaults({ latencyMs: 2000 });
            const err = await rejectionOf(c.listJobs());
            expect(err).to.include({ name: "RequestTimeoutError", timeoutMs: 50 });
        });
    });
});
