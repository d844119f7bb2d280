// The emulator's command line: the URL as the first stdout line, a clean exit on SIGTERM, exit 2 with
// a message naming a bad flag, and the flag parser itself.
import { expect } from "chai";
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as readline from "readline";
import fetch from "node-fetch";
import { UsageError, parseArgs } from "../emulator/cli";
import { DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY } from "../emulator/defaults";
import { startEmulator } from "../emulator/server";

const ROOT = path.join(__dirname, "..");

function spawnCli(args: string[]): ChildProcess {
    return spawn(process.execPath, ["-r", "ts-node/register/transpile-only", "emulator/cli.ts", ...args], {
        cwd: ROOT,
        stdio: ["ignore", "pipe", "pipe"],
    });
}

function exited(child: ChildProcess): Promise<number | null> {
    return new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}

describe("emulator CLI", () => {
    let child: ChildProcess | undefined;
    afterEach(() => {
        if (child && child.exitCode === null && child.signalCode === null) {
            child.kill("SIGKILL");
        }
        child = undefined;
    });

    it("prints its URL as the first line, serves, logs without secrets and exits 0 on SIGTERM", async () => {
        // A state file with one job, so that a line is logged while starting.
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "emulator-cli-"));
        const stateFile = path.join(dir, "state.json");
        const seeded = await startEmulator({ auth: false, stateFile });
        await fetch(`${seeded.url}/v1/p/visualization-jobs`, { method: "POST", body: JSON.stringify({ job_name: "kept", train_url: "/b/" }) });
        await seeded.close();
        child = spawnCli(["--port", "0", "--no-auth", "--startup-ms", "10", "--token", "cli-secret-token", "--state-file", stateFile]);
        const done = exited(child);
        const lines: string[] = [];
        const rl = readline.createInterface({ input: child.stdout! });
        const firstLine = await new Promise<string>((resolve) => rl.on("line", (l) => {
            lines.push(l);
            resolve(lines[0]);
        }));
        let stderr = "";
        child.stderr!.on("data", (d) => (stderr += d));
        expect(firstLine).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
        const res = await fetch(`${firstLine}/v1/p/visualization-jobs`);
        expect(res.status).to.equal(200);
        expect(((await res.json()) as { jobs: Array<{ job_name: string }> }).jobs.map((j) => j.job_name)).to.deep.equal(["kept"]);
        child.kill("SIGTERM");
        expect(await done).to.equal(0);
        rl.close();
        fs.rmSync(dir, { recursive: true, force: true });
        const output = lines.join("\n");
        expect(output).to.contain("loaded 1 job(s)");
        expect(output).to.contain("GET /v1/p/visualization-jobs -> 200");
        expect(output).to.contain("SIGTERM: closing");
        expect(output).to.not.contain("cli-secret-token");
        expect(output).to.not.contain(DEFAULT_SECRET_KEY);
        expect(stderr).to.equal("");
    });

    it("exits 2 with a message naming a bad flag", async () => {
        child = spawnCli(["--error-rate", "1.5"]);
        let stderr = "";
        child.stderr!.on("data", (d) => (stderr += d));
        expect(await exited(child)).to.equal(2);
        expect(stderr).to.contain("--error-rate must be a number in [0, 1]");
    });

    describe("flag parser", () => {
        it("maps every flag to start options", () => {
            const options = parseArgs([
                "--port", "8080", "--host", "0.0.0.0", "--project-id", "p1", "--access-key", "AK", "--secret-key", "SK",
                "--security-token", "ST", "--token", "T", "--startup-ms", "40", "--stop-ms", "20", "--delete-ms=30",
                "--time-scale", "3600", "--throttle-rps", "5", "--error-rate", "0.1", "--drop-rate", "0.2", "--latency-ms", "15",
                "--fail-train-url", "fail-start=5", "--fail-train-url", "a=b=7", "--seed", "42", "--state-file", "/tmp/s.json",
            ]);
            expect(options).to.deep.equal({
                port: 8080, host: "0.0.0.0", projectId: "p1",
                auth: { accessKey: "AK", secretKey: "SK", securityToken: "ST", token: "T" },
                startupMs: 40, stopMs: 20, deleteMs: 30, timeScale: 3600, throttleRps: 5, errorRate: 0.1, dropRate: 0.2,
                latencyMs: 15, seed: 42, stateFile: "/tmp/s.json",
                failRules: [{ trainUrlContains: "fail-start", status: 5 }, { trainUrlContains: "a=b", status: 7 }],
            });
        });

        it("uses the default key pair, turns auth off with --no-auth, and answers help", () => {
            expect(parseArgs([])).to.deep.equal({ auth: { accessKey: DEFAULT_ACCESS_KEY, secretKey: DEFAULT_SECRET_KEY } });
            expect(parseArgs(["--no-auth"])).to.deep.equal({ auth: false });
            expect(parseArgs(["--help"])).to.equal("help");
        });

        const bad: Array<[string[], string]> = [
            [["--port", "70000"], "--port"],
            [["--port"], "--port needs a value"],
            [["--startup-ms", "-1"], "--startup-ms"],
            [["--time-scale", "0"], "--time-scale"],
            [["--throttle-rps", "1.5"], "--throttle-rps"],
            [["--drop-rate", "x"], "--drop-rate"],
            [["--fail-train-url", "nostatus"], "--fail-train-url"],
            [["--fail-train-url", "x=8"], "--fail-train-url"],
            [["--seed", "1e3"], "--seed"],
            [["--bogus"], "unknown flag --bogus"],
        ];
        for (const [args, message] of bad) {
            it(`rejects ${args.join(" ")} naming the flag`, () => {
                expect(() => parseArgs(args)).to.throw(UsageError, message);
            });
        }
    });
});
