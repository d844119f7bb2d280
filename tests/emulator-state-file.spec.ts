// --state-file: jobs and the next id survive a restart; writes are atomic and happen after each change.
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { RunningEmulator, startEmulator } from "../emulator/server";
import { ManualClock, call, createBody, jobsPath } from "./support/emulator";

describe("emulator state file", () => {
    let dir: string;
    let file: string;
    const running: RunningEmulator[] = [];

    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "emulator-state-"));
        file = path.join(dir, "state.json");
    });
    afterEach(async () => {
        await Promise.all(running.splice(0).map((e) => e.close()));
        fs.rmSync(dir, { recursive: true, force: true });
    });
    const start = async (clock: ManualClock) => {
        const emu = await startEmulator({ stateFile: file, clock, startupMs: 1000, auth: false });
        running.push(emu);
        return emu;
    };

    it("keeps jobs, their status timeline and the next id across a restart", async () => {
        const clock = new ManualClock();
        const first = await start(clock);
        const a = (await call(first, "POST", jobsPath(first), { body: createBody("keep-a", { job_desc: "kept" }) })).body;
        const b = (await call(first, "POST", jobsPath(first), { body: createBody("keep-b") })).body;
        await call(first, "DELETE", jobsPath(first, `/${b.job_id}`));
        clock.advance(500);
        // Written after each change, before the answer is read.
        expect(JSON.parse(fs.readFileSync(file, "utf8")).jobs).to.have.length(2);
        await first.close();

        const second = await start(clock);
        expect(second.port).to.not.equal(0);
        let details = (await call(second, "GET", jobsPath(second, `/${a.job_id}`))).body;
        expect(details).to.include({ job_name: "keep-a", job_desc: "kept", status: 7, create_time: Number(a.create_time) });
        clock.advance(500);
        details = (await call(second, "GET", jobsPath(second, `/${a.job_id}`))).body;
        expect(details.status).to.equal(8);
        // The service URL points at the running emulator, whatever port it has now.
        expect(details.service_url).to.equal(second.serviceUrl(a.job_id));
        expect((await call(second, "GET", jobsPath(second, `/${b.job_id}`))).status).to.equal(404);
        expect((await call(second, "POST", jobsPath(second), { body: createBody("keep-c") })).body.job_id).to.equal("3");
    });

    it("writes atomically: no temporary file is left behind and the file is always whole JSON", async () => {
        const emu = await start(new ManualClock());
        for (let i = 0; i < 5; i++) {
            await call(emu, "POST", jobsPath(emu), { body: createBody(`j${i}`) });
            const content = JSON.parse(fs.readFileSync(file, "utf8"));
            expect(content.version).to.equal(1);
            expect(content.jobs).to.have.length(i + 1);
            expect(content.nextJobId).to.equal(i + 2);
        }
        expect(fs.readdirSync(dir)).to.deep.equal(["state.json"]);
    });

    it("refuses to start on a file that is not a state file", async () => {
        fs.writeFileSync(file, "{\"hello\": 1}");
        let error: Error | undefined;
        try {
            running.push(await startEmulator({ stateFile: file }));
        } catch (e) {
            error = e as Error;
        }
        expect(error?.message).to.contain("is not an emulator state file");
    });
});
