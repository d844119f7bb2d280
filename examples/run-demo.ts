// `npm run demo`: the newcomer's first minute. Starts a local ModelArts emulator (auth on, so every
// request is really signed) and takes the example stack through up, refresh, an in-place update and
// destroy with LocalEngine, i.e. through Pulumi's real dynamic-provider host but without the CLI.
// Everything it starts it stops, on success, failure and Ctrl-C alike.
import * as path from "path";
import fetch from "node-fetch";
import { DEFAULT_ACCESS_KEY, DEFAULT_PROJECT_ID, DEFAULT_SECRET_KEY, emulatorStackConfig } from "../emulator/defaults";
import { RunningEmulator, startEmulator } from "../emulator/server";
import { DemoArgs, FAULT_MIXES, parseDemoArgs, USAGE, UsageError } from "./demo-args";
import { Cleanup, Interrupted } from "./demo-cleanup";
import { LocalEngine, UpResult } from "./local-engine/engine";

/** Pulumi.yaml's project name: `new pulumi.Config()` in the program reads keys under it. */
const PROJECT = "modelarts-visualization-example";
/** The repository root holds Pulumi.yaml; the host resolves the provider's runtime from here. */
const PROJECT_DIR = path.resolve(__dirname, "..");
const UPDATED_DESCRIPTION = "TensorBoard for the MNIST run (updated by the demo)";

async function main(argv: string[]): Promise<number> {
    let args: DemoArgs;
    try {
        args = parseDemoArgs(argv);
    } catch (error) {
        if (error instanceof UsageError) {
            console.error(`demo: ${error.message}\n\n${USAGE}`);
            return 2;
        }
        throw error;
    }
    if (args.help) {
        console.log(USAGE);
        return 0;
    }

    const cleanup = new Cleanup();
    const reportStopError = (error: unknown) => console.error(`demo: while stopping: ${messageOf(error)}`);
    const kept = { forUser: false };
    // Set by Ctrl-C (or a kill): the exit code then, whatever the interrupted step did.
    let signalled: number | undefined;
    // Ctrl-C stops the host and the emulator; the step under way then fails fast and the process
    // ends by itself. Exiting here instead could orphan a host that is still starting. While the
    // emulator is kept for the user, Ctrl-C is the normal way out.
    const onSignal = (signal: NodeJS.Signals) => {
        signalled = kept.forUser ? 0 : signal === "SIGINT" ? 130 : 143;
        process.exitCode = signalled;
        console.log(kept.forUser ? "\nstopping the emulator" : `\n${signal}: stopping the provider host and the emulator`);
        void cleanup.stopAll(reportStopError);
    };
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
    // LocalEngine reports a failed registration in UpResult.errors, but the SDK's promise for that
    // resource also rejects with nobody listening (the CLI's language host would swallow it). Any
    // other unhandled rejection is a real failure.
    process.on("unhandledRejection", (reason) => {
        if (!messageOf(reason).startsWith("failed to register new resource")) {
            console.error(`\ndemo failed: ${messageOf(reason)}`);
            process.exitCode = 1;
            void cleanup.stopAll(reportStopError);
        }
    });

    try {
        await runDemo(args, cleanup, kept);
        return signalled ?? 0;
    } catch (error) {
        if (signalled !== undefined || error instanceof Interrupted) {
            return signalled ?? 130;
        }
        console.error(`\ndemo failed: ${messageOf(error)}`);
        return 1;
    } finally {
        await cleanup.stopAll(reportStopError);
    }
}

async function runDemo(args: DemoArgs, cleanup: Cleanup, kept: { forUser: boolean }): Promise<void> {
    console.log("This demo runs the example stack without the Pulumi CLI, through Pulumi's real dynamic-provider host, against a local ModelArts emulator.");
    const faults = args.faults ? FAULT_MIXES[args.faults] : {};
    const emulator = await cleanup.own(await startEmulator({ port: args.port, startupMs: args.startupMs, ...faults }), (e) => e.close());
    console.log(`emulator: ${emulator.url} (auth on, project ${emulator.projectId}, jobs start in ${emulator.options.startupMs} ms` +
        (args.faults ? `, faults "${args.faults}": ${describeFaults(emulator)}` : "") + ")");

    const engine = await cleanup.own(await LocalEngine.start({
        cwd: PROJECT_DIR,
        project: PROJECT,
        stack: "dev",
        config: emulatorStackConfig(emulator.url),
        secretKeys: ["modelarts:secretKey"],
        onOutput: (line) => console.log(`    ${line}`),
    }), (e) => e.stop());
    // The program is examples/index.ts, re-evaluated on each `up` as a new `pulumi up` would run it.
    const program = () => {
        delete require.cache[require.resolve("./index")];
        return require("./index");
    };

    heading("pulumi up: create the TensorBoard job and wait until it runs");
    const created = succeeded(await engine.up(program));
    printSteps(engine, created);
    const serviceUrl = String(created.outputs.service_url ?? "");
    const jobId = String(created.outputs.job_id ?? "");
    if (!serviceUrl || !jobId) {
        throw new Error(`the stack exported no service_url or job_id: ${JSON.stringify(created.outputs)}`);
    }
    console.log(`service_url: ${serviceUrl}`);
    console.log(`job_id: ${jobId}`);
    const page = await fetch(serviceUrl);
    const title = /<title>([^<]*)<\/title>/.exec(await page.text())?.[1] ?? "";
    console.log(`service page: HTTP ${page.status} "${title}"`);
    if (page.status !== 200) {
        throw new Error(`the service page answered HTTP ${page.status}`);
    }

    heading("pulumi refresh: read the job back from the API");
    const refreshed = await engine.refresh();
    for (const resource of engine.state.values()) {
        const o = resource.outputs;
        console.log(`  ${resource.name}: job ${resource.id}, status ${o.status} ${o.statusName}, running ${formatMs(o.duration)}`);
    }
    for (const urn of refreshed.dropped) {
        console.log(`  ${urn}: gone, dropped from the stack`);
    }

    heading(`pulumi up with a new jobDesc: updated in place, same job`);
    engine.setConfig(`${PROJECT}:jobDesc`, UPDATED_DESCRIPTION);
    const updated = succeeded(await engine.up(program));
    printSteps(engine, updated);
    for (const resource of engine.state.values()) {
        console.log(`  ${resource.name}: job ${resource.id}, jobDesc "${resource.outputs.jobDesc}"`);
    }

    heading("pulumi destroy: delete the job (deletionPolicy \"delete\")");
    const destroyed = succeeded(await engine.destroy());
    printSteps(engine, destroyed);

    const stats = emulator.stats();
    console.log(`\nThe emulator answered ${stats.requests.total} signed API requests (${formatCounts(stats.requests.byRoute)})` +
        (args.faults
            ? `; it injected ${stats.faults.errors} server error(s), ${stats.faults.throttled} throttle(s) and ${stats.faults.dropped} lost answer(s), all retried or recovered.`
            : "."));

    // The host is not needed any more; stopping it twice (again in cleanup) is harmless.
    await engine.stop();
    if (args.keepEmulator) {
        console.log(`\nThe emulator keeps running at ${emulator.url}, empty since the destroy (control API: ${emulator.url}/__emulator/). ` +
            "Press Ctrl-C to stop it.");
        printCliHowTo(emulator.url, false);
        kept.forUser = true;
        // The listening emulator keeps the process alive; main()'s signal handler ends it.
        await new Promise<never>(() => undefined);
    }
    printCliHowTo("http://127.0.0.1:8080", true);
}

/** Fails the demo if a step failed, with the provider's own message. */
function succeeded(result: UpResult): UpResult {
    if (result.errors.length > 0) {
        throw new Error(result.errors.map((e) => `${e.urn}: ${e.message}`).join("\n"));
    }
    return result;
}

function heading(text: string): void {
    console.log(`\n== ${text}`);
}

function printSteps(engine: LocalEngine, result: UpResult): void {
    for (const { urn, step } of result.steps) {
        console.log(`  ${step} ${urn.split("::").pop()}${step === "delete" ? "" : ` (job ${engine.state.get(urn)?.id})`}`);
    }
}

function describeFaults(emulator: RunningEmulator): string {
    const f = emulator.faults();
    return [
        f.errorRate ? `${f.errorRate * 100}% 500/503` : "",
        f.dropRate ? `${f.dropRate * 100}% lost answers` : "",
        f.throttleRps ? `throttled to ${f.throttleRps} requests/s` : "",
    ].filter((s) => s).join(", ");
}

function formatCounts(counts: Record<string, number>): string {
    return Object.entries(counts).map(([k, n]) => `${n} ${k}`).join(", ");
}

function formatMs(ms: unknown): string {
    return typeof ms === "number" ? `${(ms / 1000).toFixed(1)} s` : "n/a";
}

/** The same lifecycle with the real Pulumi CLI, against an emulator on `url`. */
function printCliHowTo(url: string, startEmulator: boolean): void {
    console.log(`
To do the same with the Pulumi CLI (from this directory, after npm ci):
${startEmulator ? "  npm run emulator -- --port 8080       # in another terminal; serves " + url + "\n" : ""}\
  pulumi login --local
  export PULUMI_CONFIG_PASSPHRASE=demo
  pulumi stack init dev
  pulumi config set modelarts:endpoint ${url}
  pulumi config set modelarts:projectId ${DEFAULT_PROJECT_ID}
  pulumi config set modelarts:accessKey ${DEFAULT_ACCESS_KEY}
  pulumi config set --secret modelarts:secretKey ${DEFAULT_SECRET_KEY}
  pulumi up
  pulumi config set jobDesc "a new description" && pulumi up    # updated in place
  pulumi refresh
  pulumi destroy`);
}

function messageOf(error: unknown): string {
    return error instanceof Error ? error.message : String(error);
}

// Exit codes: 0 done, 1 a step failed, 2 bad flags, 130/143 interrupted. The process ends by
// itself: nothing it started is left to keep it alive.
main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
});
