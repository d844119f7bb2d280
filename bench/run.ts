// `npm run bench [-- --quick] [-- --out path]`: readiness overhead (provider vs the Terraform-style
// baseline, side by side), scale through Pulumi's host, footprint and client throughput, all in one
// run against the emulator. Prints a table and writes the figures as JSON. The parts run one after
// another, not together, so none steals CPU from another's timing.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { measureClient } from "./client-throughput";
import { measureFootprint } from "./footprint";
import { measureReadiness } from "./readiness";
import { REQUIRED_KEYS } from "./results-keys";
import { measureScale } from "./scale";
import { round } from "./stats";


const FULL = {
    readiness: { startTimesMs: [2_000, 10_000, 60_000], samples: 30, staggerMs: 10_000, jitter: 0.1, seed: 6 },
    scale: { resources: 100, startupMs: 10_000, throttleRps: 50 },
    coldStartRuns: 5,
    client: { concurrencies: [1, 16], durationMs: 3_000, signIterations: 20_000 },
};

// Short start times and few samples: checks the whole pipeline in well under a minute.
const QUICK = {
    readiness: { startTimesMs: [1_000, 3_000], samples: 6, staggerMs: 2_000, jitter: 0.1, seed: 6 },
    scale: { resources: 20, startupMs: 2_000, throttleRps: 50 },
    coldStartRuns: 2,
    client: { concurrencies: [1, 8], durationMs: 500, signIterations: 2_000 },
};

function machine() {
    let cpuModel = os.cpus()[0]?.model ?? "unknown";
    try {
        const m = /^model name\s*:\s*(.+)$/m.exec(fs.readFileSync("/proc/cpuinfo", "utf8"));
        cpuModel = m ? m[1].trim() : cpuModel;
    } catch {
        // not Linux: os.cpus() is the best there is
    }
    return {
        cpu_model: cpuModel,
        cores: os.cpus().length,
        node: process.version,
        platform: `${os.platform()} ${os.release()} ${os.arch()}`,
        memory_gb: round(os.totalmem() / 2 ** 30, 1),
    };
}

async function main(): Promise<void> {
    const argv = process.argv.slice(2);
    const quick = argv.includes("--quick");
    const outIndex = argv.indexOf("--out");
    // A quick run must not overwrite the figures BENCHMARKS.md quotes.
    const out = outIndex >= 0 ? path.resolve(argv[outIndex + 1]) : path.join(__dirname, quick ? "results-quick.json" : "results.json");
    const plan = quick ? QUICK : FULL;
    const benchStarted = Date.now();
    const step = (what: string) => process.stderr.write(`[bench] ${what} (${round((Date.now() - benchStarted) / 1000, 1)} s)\n`);

    step(`readiness: start times ${plan.readiness.startTimesMs.map((t) => t / 1000 + " s").join(", ")}, ${plan.readiness.samples} jobs each + baseline twins`);
    const readiness = await measureReadiness(plan.readiness);
    step(`scale: ${plan.scale.resources} resources through the dynamic-provider host, throttle ${plan.scale.throttleRps} rps`);
    const scale = await measureScale(plan.scale);
    step("footprint: __provider, state, host cold start");
    const footprint = await measureFootprint(scale.state, plan.coldStartRuns);
    step("client: signed requests per second, CPU per request");
    const client = await measureClient(plan.client);
    const benchMs = Date.now() - benchStarted;

    const p = readiness.pooled;
    const busiest = client.runs.reduce((a, b) => (b.rps > a.rps ? b : a));
    const targets = {
        overhead_p50_le_500ms: p.provider.p50 <= 500,
        overhead_p95_le_2000ms: p.provider.p95 <= 2000,
        ten_times_below_baseline_p50: p.ratioP50 >= 10,
        gets_per_second_per_job_le_1: p.getsPerSecondPerJob <= 1,
        scale_within_3s_of_slowest_start: scale.wallMs - scale.slowestStartMs <= 3000,
        scale_no_failures: scale.failures === 0,
        bench_within_4_minutes: benchMs <= 240_000,
    };
    const results = {
        mode: quick ? "quick" : "full",
        date: new Date().toISOString(),
        command: quick ? "npm run bench -- --quick" : "npm run bench",
        machine: machine(),
        bench_wall_ms: benchMs,
        // Required keys (pooled over every start time where it applies).
        overhead_p50_ms: round(p.provider.p50),
        overhead_p95_ms: round(p.provider.p95),
        baseline_overhead_p50_ms: round(p.baseline.p50),
        gets_per_create: round(p.getsPerCreate, 2),
        scale_100_wall_ms: scale.wallMs,
        scale_100_slowest_start_ms: scale.slowestStartMs,
        scale_100_failures: scale.failures,
        provider_bytes: footprint.providerBytes,
        host_cold_start_ms: round(footprint.hostColdStart.medianMs),
        // Readiness detail.
        baseline_overhead_p95_ms: round(p.baseline.p95),
        baseline_to_provider_p50_ratio: round(p.ratioP50, 1),
        gets_per_second_per_job: round(p.getsPerSecondPerJob, 3),
        readiness_samples: p.provider.n,
        readiness_wall_ms: readiness.wallMs,
        readiness_method: "provider object (provider-stub providerOf) over dist/provider/runtime, called in-process",
        readiness_by_start_time: readiness.groups.map((g) => ({
            start_time_ms: g.startTimeMs,
            samples: g.provider.n,
            actual_start_ms_range: [
                Math.min(...g.samples.provider.map((s) => s.actualStartMs)),
                Math.max(...g.samples.provider.map((s) => s.actualStartMs)),
            ],
            overhead_p50_ms: round(g.provider.p50),
            overhead_p95_ms: round(g.provider.p95),
            overhead_max_ms: round(g.provider.max),
            baseline_overhead_p50_ms: round(g.baseline.p50),
            baseline_overhead_p95_ms: round(g.baseline.p95),
            baseline_to_provider_p50_ratio: round(g.ratioP50, 1),
            gets_per_create: round(g.getsPerCreate, 2),
            details_gets_per_create: round(g.detailsGetsPerCreate, 2),
            list_gets: g.listGets,
            gets_per_second_per_job: round(g.getsPerSecondPerJob, 3),
            baseline_gets_per_create: round(g.baselineGetsPerCreate, 2),
            provider_overheads_ms: g.samples.provider.map((s) => s.overheadMs),
            baseline_overheads_ms: g.samples.baseline.map((s) => s.overheadMs),
        })),
        // Scale detail.
        scale_resources: scale.resources,
        scale_startup_ms: scale.startupMs,
        scale_throttle_rps: scale.throttleRps,
        scale_gap_to_slowest_start_ms: scale.wallMs - scale.slowestStartMs,
        scale_last_running_ms: scale.lastRunningMs,
        scale_gap_to_last_running_ms: scale.wallMs - scale.lastRunningMs,
        scale_first_create_ms: scale.firstCreateMs,
        scale_last_create_ms: scale.lastCreateMs,
        scale_throttled_by_route: scale.throttledByRoute,
        scale_retries: scale.retries,
        scale_throttled_429: scale.throttled,
        scale_server_errors_5xx: scale.serverErrors,
        scale_requests: scale.requests,
        scale_host_start_ms: scale.hostStartMs,
        scale_errors: scale.errors.slice(0, 5),
        // Footprint detail.
        provider_bytes_in_state: footprint.providerBytesInState,
        state_bytes_100: footprint.stateBytes,
        state_resources: footprint.stateResources,
        state_bytes_per_resource: round(footprint.stateBytesPerResource),
        provider_share_of_state: round(footprint.providerShareOfState, 3),
        host_cold_start_runs_ms: footprint.hostColdStart.runs.map((ms) => round(ms)),
        host_cold_start_breakdown_ms: {
            spawn_to_port: round(footprint.hostColdStart.spawnMedianMs),
            configure: round(footprint.hostColdStart.configureMedianMs),
            first_check: round(footprint.hostColdStart.firstCheckMedianMs),
        },
        // Client detail.
        client_rps: round(busiest.rps),
        client_rps_concurrency: busiest.concurrency,
        cpu_us_per_request: round(busiest.cpuUsPerRequest),
        client_runs: client.runs.map((r) => ({
            concurrency: r.concurrency,
            requests: r.requests,
            errors: r.errors,
            rps: round(r.rps),
            cpu_us_per_request: round(r.cpuUsPerRequest),
            mean_latency_ms: round(r.meanLatencyMs, 2),
        })),
        sign_us: round(client.sign.usPerSign, 1),
        sign_cpu_us: round(client.sign.cpuUsPerSign, 1),
        emulator_auth_failures: client.emulatorAuthFailures,
        targets,
    };
    const missing = REQUIRED_KEYS.filter((key) => typeof (results as Record<string, unknown>)[key] !== "number");
    if (missing.length > 0) {
        throw new Error(`results lack ${missing.join(", ")}`);
    }
    fs.writeFileSync(out, JSON.stringify(results, null, 2) + "\n");
    printTable(results);
    process.stderr.write(`[bench] done in ${round(benchMs / 1000, 1)} s; wrote ${path.relative(process.cwd(), out)}\n`);
}

function printTable(r: any): void {
    const rows: Array<[string, string]> = [];
    const s = (ms: number) => `${round(ms / 1000, 2)} s`;
    for (const g of r.readiness_by_start_time) {
        const label = `readiness ${g.start_time_ms / 1000} s (n=${g.samples})`;
        rows.push([`${label} overhead p50 / p95`, `${s(g.overhead_p50_ms)} / ${s(g.overhead_p95_ms)} (max ${s(g.overhead_max_ms)})`]);
        rows.push([`${label} baseline p50 / p95`, `${s(g.baseline_overhead_p50_ms)} / ${s(g.baseline_overhead_p95_ms)} (${g.baseline_to_provider_p50_ratio}×)`]);
        rows.push([`${label} GETs per create`, `${g.gets_per_create} (details ${g.details_gets_per_create}, ${g.list_gets} lists; baseline ${g.baseline_gets_per_create})`]);
        rows.push([`${label} GETs per second per job`, `${g.gets_per_second_per_job}`]);
    }
    rows.push([`readiness pooled (n=${r.readiness_samples}) overhead p50 / p95`, `${s(r.overhead_p50_ms)} / ${s(r.overhead_p95_ms)}`]);
    rows.push(["readiness pooled baseline p50 / p95", `${s(r.baseline_overhead_p50_ms)} / ${s(r.baseline_overhead_p95_ms)} (${r.baseline_to_provider_p50_ratio}×)`]);
    rows.push(["readiness pooled GETs per create / per s per job", `${r.gets_per_create} / ${r.gets_per_second_per_job}`]);
    rows.push([`scale ${r.scale_resources} @ ${r.scale_throttle_rps} rps: wall / slowest start`, `${s(r.scale_100_wall_ms)} / ${s(r.scale_100_slowest_start_ms)} (gap ${s(r.scale_gap_to_slowest_start_ms)})`]);
    rows.push(["scale: first / last create, last RUNNING (from up start)", `${s(r.scale_first_create_ms)} / ${s(r.scale_last_create_ms)}, ${s(r.scale_last_running_ms)} (gap ${s(r.scale_gap_to_last_running_ms)})`]);
    rows.push(["scale: failures / retries (429 + 5xx)", `${r.scale_100_failures} / ${r.scale_retries} (${r.scale_throttled_429} + ${r.scale_server_errors_5xx}; 429 by route ${JSON.stringify(r.scale_throttled_by_route)}), ${r.scale_requests.total} requests`]);
    rows.push(["__provider bytes (serializeFunction / in state)", `${r.provider_bytes} / ${r.provider_bytes_in_state}`]);
    rows.push([`state bytes, ${r.state_resources} resources (per resource)`, `${r.state_bytes_100} (${r.state_bytes_per_resource}); __provider share ${round(r.provider_share_of_state * 100, 1)}%`]);
    rows.push(["host cold start to first answered call (median)", `${r.host_cold_start_ms} ms (spawn ${r.host_cold_start_breakdown_ms.spawn_to_port}, configure ${r.host_cold_start_breakdown_ms.configure}, check ${r.host_cold_start_breakdown_ms.first_check})`]);
    for (const c of r.client_runs) {
        rows.push([`client getJob, concurrency ${c.concurrency}`, `${c.rps} req/s, ${c.cpu_us_per_request} µs CPU/req, ${c.mean_latency_ms} ms mean, ${c.errors} errors`]);
    }
    rows.push(["signRequest alone", `${r.sign_us} µs wall, ${r.sign_cpu_us} µs CPU`]);
    rows.push(["bench wall time", s(r.bench_wall_ms)]);
    const width = Math.max(...rows.map(([k]) => k.length));
    console.log(`\nModelArts visualization-job bench (${r.mode}), ${r.machine.cpu_model}, ${r.machine.cores} cores, Node ${r.machine.node}\n`);
    for (const [k, v] of rows) {
        console.log(`${k.padEnd(width)}  ${v}`);
    }
    console.log("\ntargets: " + Object.entries(r.targets).map(([k, ok]) => `${k} ${ok ? "met" : "MISSED"}`).join(", "));
}

if (require.main === module) {
    main().then(
        // Stray keep-alive sockets or the SDK's handles must not keep the bench alive.
        () => process.exit(0),
        (error) => {
            process.stderr.write(`[bench] failed: ${error?.stack ?? error}\n`);
            process.exit(1);
        },
    );
}
