// The provider as tests call it directly: the same stub Pulumi serializes (providerOf), bound to
// the TypeScript runtime instead of the installed package, and configured like the engine would.
import * as pulumi from "@pulumi/pulumi";
import * as runtime from "../../provider/runtime";
import { providerOf, visualizationJobProvider } from "../../provider/provider-stub";
import { emulatorStackConfig } from "../../emulator/defaults";
import { RunningEmulator } from "../../emulator/server";

/** Stack config pointing at an emulator with its default credentials. */
export function emulatorConfig(emu: RunningEmulator, extra: Record<string, string> = {}): Record<string, string> {
    return { ...emulatorStackConfig(emu.url), ...extra };
}

/** A configured provider object whose methods run the runtime in this process. */
export async function directProvider(config: Record<string, string>): Promise<Required<pulumi.dynamic.ResourceProvider>> {
    const provider = providerOf(() => runtime) as Required<pulumi.dynamic.ResourceProvider>;
    await provider.configure({ config: { get: (key: string) => config[key], require: (key: string) => config[key] } });
    return provider;
}

/** Inputs as check would return them for a minimal job. */
export function jobInputs(overrides: Record<string, unknown> = {}): Record<string, any> {
    return {
        __provider: "exports.handler = undefined; // direct tests never deserialize this",
        jobName: "vis-1",
        trainUrl: "/bucket/out/",
        jobType: "tensorboard",
        jobDesc: "",
        desiredState: "running",
        deletionPolicy: "stop",
        ...overrides,
    };
}

/**
 * `__provider` exactly as dynamic.Resource makes it: the SDK serializes `() => provider` over the
 * provider object itself. (Serializing the name re-exported by provider/index.ts would capture
 * TypeScript's re-export getter instead, which the serializer gets wrong.)
 */
export async function serializedProvider(): Promise<{ text: string; containsSecrets: boolean }> {
    const provider = visualizationJobProvider;
    return pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
}
