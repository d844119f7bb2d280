// The newcomer path (issue 4, Done-when): `npm run demo` as a user runs it, in a child process. It
// must exit 0, print the stack's outputs and the service page's answer, and leave nothing running:
// neither the emulator (its port refuses connections) nor any process it started.
import { expect } from "chai";
import { ChildProcess, execFileSync, spawn } from "child_process";
import * as net from "net";
import * as path from "path";

const REPO = path.resolve(__dirname, "..");

/** A port that was free a moment ago: the OS picks it, then we let it go for the demo to take. */
function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => {
            const { port } = server.address() as net.AddressInfo;
            server.close(() => resolve(port));
        });
    });
}

/** Resolves with the error code of a connection attempt, or "connected". */
function connectOutcome(port: number): Promise<string> {
    return new Promise((resolve) => {
        const socket = net.connect(port, "127.0.0.1");
        socket.once("connect", () => {
            socket.destroy();
            resolve("connected");
        });
        socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    });
}

/** PIDs still in a process group (the demo runs in its own, so this is everything it started). */
function processesInGroup(pgid: number): number[] {
    try {
        return execFileSync("ps", ["-o", "pid=", "-g", String(pgid)], { encoding: "utf8" })
            .split("\n").map((s) => Number(s.trim())).filter((n) => n > 0);
    } catch {
        return []; // ps exits 1 when nothing matches
    }
}

describe("npm run demo", function () {
    this.timeout(60_000);
    let child: ChildProcess | undefined;

    afterEach(() => {
        // Only when the test failed midway: end the demo's whole group, which this test started.
        if (child?.pid && processesInGroup(child.pid).length > 0) {
            process.kill(-child.pid, "SIGKILL");
        }
        child = undefined;
    });

    /** Runs `npm run demo -- ...args` in its own process group; resolves when it has exited. */
    const runDemo = async (args: string[]) => {
        // detached: its own process group, so every process it starts can be found afterwards.
        child = spawn("npm", ["run", "demo", "--", ...args], { cwd: REPO, detached: true, stdio: ["ignore", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
        const code = await new Promise<number | null>((resolve) => child!.once("close", (c) => resolve(c)));
        return { code, stdout, stderr, pid: child.pid!, transcript: `stdout:\n${stdout}\nstderr:\n${stderr}` };
    };

    it("runs the example stack's lifecycle, prints its outputs and the service page, and leaves nothing running", async () => {
        const port = await freePort();
        const { code, stdout, pid, transcript } = await runDemo(["--port", String(port)]);

        expect(code, transcript).to.equal(0);
        expect(stdout, transcript).to.match(/without the Pulumi CLI, through Pulumi's real dynamic-provider host/);
        const serviceUrl = /^service_url: (\S+)$/m.exec(stdout)?.[1];
        expect(serviceUrl, transcript).to.match(new RegExp(`^http://127\\.0\\.0\\.1:${port}/modelarts2/tensorboard/[0-9a-f]+/\\d+/$`));
        expect(/^job_id: (\d+)$/m.exec(stdout)?.[1], transcript).to.match(/^\d+$/);
        expect(stdout, transcript).to.match(/^service page: HTTP 200 "mnist-tensorboard \(JOBSTAT_RUNNING\)"/m);
        // The provider's own progress lines, and every step of the lifecycle.
        expect(stdout, transcript).to.match(/\[modelarts\] mnist-tensorboard \(job \d+\): JOBSTAT_RUNNING/);
        expect(stdout, transcript).to.match(/^ {2}create dashboard \(job (\d+)\)$/m);
        expect(stdout, transcript).to.match(/^ {2}dashboard: job \d+, status 8 JOBSTAT_RUNNING/m);
        expect(stdout, transcript).to.match(/^ {2}update dashboard \(job \d+\)$/m);
        expect(stdout, transcript).to.match(/^ {2}delete dashboard$/m);
        expect(stdout, transcript).to.contain("pulumi config set --secret modelarts:secretKey");

        expect(await connectOutcome(port), "the emulator's port after the demo").to.equal("ECONNREFUSED");
        expect(processesInGroup(pid), "processes the demo left behind").to.deep.equal([]);
    });

    it("rejects a bad flag with a message naming it and exit code 2, starting nothing", async () => {
        const { code, stdout, stderr, pid, transcript } = await runDemo(["--faults", "stormy"]);
        expect(code, transcript).to.equal(2);
        expect(stderr, transcript).to.contain(`demo: --faults must be one of mild, rough, not "stormy"`);
        expect(stdout, transcript).not.to.contain("emulator:");
        expect(processesInGroup(pid)).to.deep.equal([]);
    });
});
