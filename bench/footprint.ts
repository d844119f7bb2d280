// Footprint: what the provider costs a stack that is not time. `__provider` is stored twice per
// resource (inputs and outputs) in every state file, so its size multiplies; the host's cold start
// is paid on every `pulumi up`, preview and refresh before the first resource moves.
import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_ACCESS_KEY, DEFAULT_PROJECT_ID, DEFAULT_SECRET_KEY } from "../emulator/defaults";
import { DynamicProviderHost, SECRET_SIG, SECRET_VALUE_SIG } from "../examples/local-engine/host";
import { ResourceState } from "../examples/local-engine/engine";
import { visualizationJobProvider } from "../provider/provider-stub";
import { ROOT } from "./scale";
import { median } from "./stats";

export interface FootprintResult {
    /** serializeFunction of the provider, as dynamic.Resource does it. */
    providerBytes: number;
    /** `__provider` as the engine's state holds it (inputs and outputs each). */
    providerBytesInState: number;
    /** inputs + outputs JSON of the whole stack. */
    stateBytes: number;
    stateResources: number;
    stateBytesPerResource: number;
    /** The share of the state that is `__provider` (both copies). */
    providerShareOfState: number;
    hostColdStart: { runs: number[]; medianMs: number; spawnMedianMs: number; configureMedianMs: number; firstCheckMedianMs: number };
}

export async function serializedProviderBytes(): Promise<{ bytes: number; text: string }> {
    const serialized = await pulumi.runtime.serializeFunction(() => visualizationJobProvider, { allowSecrets: true });
    return { bytes: Buffer.byteLength(serialized.text), text: serialized.text };
}

export function stateFootprint(state: ResourceState[]) {
    const json = JSON.stringify(state.map((r) => ({ inputs: r.inputs, outputs: r.outputs })));
    const providerCopies = state.reduce(
        (sum, r) => sum + Buffer.byteLength(String(r.inputs.__provider ?? "")) + Buffer.byteLength(String(r.outputs.__provider ?? "")),
        0,
    );
    const stateBytes = Buffer.byteLength(json);
    return {
        stateBytes,
        providerBytesInState: state.length ? Buffer.byteLength(String(state[0].outputs.__provider ?? "")) : NaN,
        providerShareOfState: providerCopies / stateBytes,
    };
}

/**
 * Spawn the host, configure it, and have it answer a Check that carries `__provider` (so the
 * serialized stub is evaluated and the runtime loaded from dist/): the first call that needs the
 * provider, as at the start of `pulumi up`. No emulator is needed; Check makes no API call.
 */
export async function hostColdStart(providerText: string, runs: number) {
    const samples: Array<{ totalMs: number; spawnMs: number; configureMs: number; checkMs: number }> = [];
    for (let i = 0; i < runs; i++) {
        const t0 = process.hrtime.bigint();
        const host = await DynamicProviderHost.start({ cwd: ROOT, onOutput: () => undefined });
        const t1 = process.hrtime.bigint();
        try {
            await host.configure({
                "modelarts:endpoint": "http://127.0.0.1:9",
                "modelarts:projectId": DEFAULT_PROJECT_ID,
                "modelarts:accessKey": DEFAULT_ACCESS_KEY,
                "modelarts:secretKey": { [SECRET_SIG]: SECRET_VALUE_SIG, value: DEFAULT_SECRET_KEY },
            });
            const t2 = process.hrtime.bigint();
            const checked = await host.check("urn:pulumi:bench::bench::pulumi-nodejs:dynamic:Resource::cold", {}, {
                __provider: providerText,
                jobName: "cold",
                trainUrl: "/bench-bucket/cold/",
            });
            const t3 = process.hrtime.bigint();
            if (checked.failures.length > 0) {
                throw new Error(`cold-start check failed: ${JSON.stringify(checked.failures)}`);
            }
            const ms = (a: bigint, b: bigint) => Number(b - a) / 1e6;
            samples.push({ totalMs: ms(t0, t3), spawnMs: ms(t0, t1), configureMs: ms(t1, t2), checkMs: ms(t2, t3) });
        } finally {
            await host.stop();
        }
    }
    return {
        runs: samples.map((s) => s.totalMs),
        medianMs: median(samples.map((s) => s.totalMs)),
        spawnMedianMs: median(samples.map((s) => s.spawnMs)),
        configureMedianMs: median(samples.map((s) => s.configureMs)),
        firstCheckMedianMs: median(samples.map((s) => s.checkMs)),
    };
}

export async function measureFootprint(state: ResourceState[], coldStartRuns: number): Promise<FootprintResult> {
    const provider = await serializedProviderBytes();
    const fromState = stateFootprint(state);
    return {
        providerBytes: provider.bytes,
        providerBytesInState: fromState.providerBytesInState,
        stateBytes: fromState.stateBytes,
        stateResources: state.length,
        stateBytesPerResource: fromState.stateBytes / state.length,
        providerShareOfState: fromState.providerShareOfState,
        hostColdStart: await hostColdStart(provider.text, coldStartRuns),
    };
}
