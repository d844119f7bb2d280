// Client: how many signed requests a second the client sustains against the emulator on
// loopback, and what each costs in CPU in the client's process. Auth is on, so every request is
// signed here and verified there. The emulator runs in a child process: CPU time measured with
// process.cpuUsage() is then the client's alone (signing, HTTP, envelope parsing).
import { ChildProcess, spawn } from "child_process";
import * as path from "path";
import { DEFAULT_ACCESS_KEY, DEFAULT_PROJECT_ID, DEFAULT_SECRET_KEY } from "../emulator/defaults";
import { VisualizationJobClient } from "../provider/client";
import { signRequest } from "../provider/signer";

export interface ClientRun {
    concurrency: number;
    durationMs: number;
    requests: number;
    errors: number;
    rps: number;
    /** User + system CPU of this process per completed request. */
    cpuUsPerRequest: number;
    meanLatencyMs: number;
}

export interface ClientResult {
    runs: ClientRun[];
    /** signRequest alone in a tight loop. */
    sign: { iterations: number; usPerSign: number; cpuUsPerSign: number };
    emulatorAuthFailures: number;
}

async function startChildEmulator(): Promise<{ url: string; child: ChildProcess }> {
    const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", path.join(__dirname, "emulator-child.ts"), JSON.stringify({ startupMs: 0 })], {
        cwd: path.resolve(__dirname, ".."),
        stdio: ["ignore", "pipe", "inherit"],
    });
    const url = await new Promise<string>((resolve, reject) => {
        let out = "";
        child.stdout!.on("data", (chunk: Buffer) => {
            out += chunk.toString();
            const newline = out.indexOf("\n");
            if (newline >= 0) {
                resolve(out.slice(0, newline).trim());
            }
        });
        child.once("exit", (code) => reject(new Error(`emulator child exited with ${code}`)));
    });
    return { url, child };
}

async function drive(client: VisualizationJobClient, jobId: string, concurrency: number, durationMs: number): Promise<ClientRun> {
    let requests = 0;
    let errors = 0;
    let latencySum = 0;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const deadline = t0 + durationMs;
    await Promise.all(
        Array.from({ length: concurrency }, async () => {
            while (performance.now() < deadline) {
                const started = performance.now();
                try {
                    await client.getJob(jobId);
                    requests++;
                    latencySum += performance.now() - started;
                } catch {
                    errors++;
                }
            }
        }),
    );
    const elapsed = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    return {
        concurrency,
        durationMs: elapsed,
        requests,
        errors,
        rps: requests / (elapsed / 1000),
        cpuUsPerRequest: (cpu.user + cpu.system) / requests,
        meanLatencyMs: latencySum / requests,
    };
}

function measureSigning(iterations: number) {
    const credentials = { accessKey: DEFAULT_ACCESS_KEY, secretKey: DEFAULT_SECRET_KEY };
    const request = {
        method: "GET",
        url: `http://127.0.0.1:8080/v1/${DEFAULT_PROJECT_ID}/visualization-jobs?order=asc&page=1&per_page=100&sortBy=job_id`,
        headers: { "content-type": "application/json" },
    };
    const now = new Date();
    for (let i = 0; i < 1000; i++) {
        signRequest(request, credentials, now); // warm up the JIT before timing
    }
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < iterations; i++) {
        signRequest(request, credentials, now);
    }
    const elapsed = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    return { iterations, usPerSign: (elapsed * 1000) / iterations, cpuUsPerSign: (cpu.user + cpu.system) / iterations };
}

export async function measureClient(options: { concurrencies: number[]; durationMs: number; signIterations: number }): Promise<ClientResult> {
    const { url, child } = await startChildEmulator();
    try {
        const client = new VisualizationJobClient({
            endpoint: url,
            projectId: DEFAULT_PROJECT_ID,
            auth: { kind: "aksk", accessKey: DEFAULT_ACCESS_KEY, secretKey: DEFAULT_SECRET_KEY },
        });
        const { jobId } = await client.createJob({ job_name: "throughput", train_url: "/bench-bucket/throughput/" });
        await drive(client, jobId, 4, 300); // warm-up: JIT, sockets
        const runs: ClientRun[] = [];
        for (const concurrency of options.concurrencies) {
            runs.push(await drive(client, jobId, concurrency, options.durationMs));
        }
        const stats = (await (await fetch(`${url}/__emulator/stats`)).json()) as { authFailures?: number };
        return { runs, sign: measureSigning(options.signIterations), emulatorAuthFailures: stats.authFailures ?? NaN };
    } finally {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
    }
}
