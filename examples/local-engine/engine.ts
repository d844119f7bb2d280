// A small stand-in for the Pulumi engine, for machines without the Pulumi CLI: it runs a Pulumi
// program with the SDK's mock monitor, so every resource is registered and its `__provider`
// serialized exactly as under `pulumi up`, and performs each step the engine would through
// Pulumi's real dynamic-provider host: Check, Diff, Create, Update, Delete and, for refresh,
// Read. It keeps the stack's state in memory, including partial failures (Pulumi §2).
import * as pulumi from "@pulumi/pulumi";
import { DynamicProviderHost, HostOptions, initFailureOf, providerMessageOf } from "./host";

// Internal to the SDK but exported at run time: resolves once every resource RPC has finished.
const { waitForRPCs } = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs: () => Promise<void> };

/** One resource in the stack's state. */
export interface ResourceState {
    urn: string;
    type: string;
    name: string;
    id: string;
    inputs: Record<string, any>;
    outputs: Record<string, any>;
    /** Set when the last create or update was a partial failure: the next `up` updates it. */
    initErrors?: string[];
}

export type Step = "create" | "update" | "replace" | "same" | "delete";

export interface UpResult {
    /** The program's exports, resolved. */
    outputs: Record<string, unknown>;
    steps: Array<{ urn: string; step: Step }>;
    /** Resources whose step failed, with the provider's message. */
    errors: Array<{ urn: string; message: string }>;
}

export interface LocalEngineOptions extends HostOptions {
    project: string;
    stack: string;
    /** Stack config, keyed `namespace:key`; handed to the program and to the provider's configure. */
    config?: Record<string, string>;
    /** Config keys whose values are secrets (sent wrapped, as the engine does). */
    secretKeys?: string[];
}

/** What a Pulumi program is here: a function that declares resources and returns its exports. */
export type Program = () => Record<string, unknown> | Promise<Record<string, unknown>>;

const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const SECRET_VALUE_SIG = "1b47061264138c4ac30d75fd1eb44270";

export class LocalEngine {
    /** The state, in registration order. */
    readonly state = new Map<string, ResourceState>();

    private constructor(
        readonly host: DynamicProviderHost,
        private readonly options: LocalEngineOptions,
    ) {}

    /** Starts the dynamic-provider host and configures it, as the engine does before any step. */
    static async start(options: LocalEngineOptions): Promise<LocalEngine> {
        const host = await DynamicProviderHost.start(options);
        const config: Record<string, unknown> = {};
        for (const [key, value] of Object.entries(options.config ?? {})) {
            config[key] = options.secretKeys?.includes(key) ? { [SECRET_SIG]: SECRET_VALUE_SIG, value } : value;
        }
        await host.configure(config);
        return new LocalEngine(host, options);
    }

    /** `pulumi up`: runs the program, creates, updates or replaces what it declares, deletes the rest. */
    async up(program: Program): Promise<UpResult> {
        const result: UpResult = { outputs: {}, steps: [], errors: [] };
        const registered = new Set<string>();
        const inFlight: Promise<unknown>[] = [];
        await pulumi.runtime.setMocks(
            {
                newResource: (args) => {
                    const urn = this.urnOf(args.type, args.name);
                    registered.add(urn);
                    const step = this.register(urn, args.type, args.name, args.inputs, result);
                    inFlight.push(step.catch(() => undefined));
                    return step;
                },
                call: (args) => args.inputs,
            },
            this.options.project,
            this.options.stack,
            false,
        );
        pulumi.runtime.setAllConfig(this.options.config ?? {}, this.options.secretKeys);
        const exports = await program();
        for (const [key, value] of Object.entries(exports)) {
            result.outputs[key] = await settle(value);
        }
        // Resources without exports may still be registering; the SDK knows when its RPCs are done.
        await waitForRPCs();
        await waitForRegistrations(inFlight);
        for (const urn of [...this.state.keys()].reverse()) {
            if (!registered.has(urn)) {
                await this.deleteOne(urn, result);
            }
        }
        return result;
    }

    /** `pulumi refresh`: reads every resource; one whose read returns an empty id leaves the state. */
    async refresh(): Promise<{ dropped: string[] }> {
        const dropped: string[] = [];
        await Promise.all(
            [...this.state.values()].map(async (resource) => {
                const read = await this.host.read(resource.urn, resource.id, resource.outputs);
                if (!read.id) {
                    this.state.delete(resource.urn);
                    dropped.push(resource.urn);
                } else {
                    resource.outputs = read.props;
                }
            }),
        );
        return { dropped };
    }

    /** `pulumi destroy`: deletes every resource, newest first. */
    async destroy(): Promise<UpResult> {
        const result: UpResult = { outputs: {}, steps: [], errors: [] };
        for (const urn of [...this.state.keys()].reverse()) {
            await this.deleteOne(urn, result);
        }
        return result;
    }

    /**
     * `pulumi config set key value`: the next `up` hands the program the new value. The provider was
     * configured once at start (as the engine configures a provider once per run), so this is for
     * the program's own config, not `modelarts:*` credentials or endpoint.
     */
    setConfig(key: string, value: string): void {
        this.options.config = { ...this.options.config, [key]: value };
    }

    async stop(): Promise<void> {
        await this.host.stop();
    }

    private urnOf(type: string, name: string): string {
        return `urn:pulumi:${this.options.stack}::${this.options.project}::${type}::${name}`;
    }

    /** One resource's step, as the engine plans it from Check and Diff. Resolves to its new state. */
    private async register(urn: string, type: string, name: string, declared: Record<string, any>, result: UpResult) {
        const old = this.state.get(urn);
        try {
            const checked = await this.host.check(urn, old?.inputs ?? {}, declared);
            if (checked.failures.length > 0) {
                throw new Error(checked.failures.map((f) => `${f.property}: ${f.reason}`).join("; "));
            }
            const inputs = checked.inputs;
            if (!old) {
                return this.stateAfter(urn, "create", result, await this.createOne(urn, type, name, inputs));
            }
            const diff = await this.host.diff(urn, old.id, old.outputs, inputs);
            if (diff.replaces.length > 0) {
                if (diff.deleteBeforeReplace) {
                    await this.host.delete(urn, old.id, old.outputs);
                    this.state.delete(urn);
                    return this.stateAfter(urn, "replace", result, await this.createOne(urn, type, name, inputs));
                }
                const replacement = await this.createOne(urn, type, name, inputs);
                await this.host.delete(urn, old.id, old.outputs);
                return this.stateAfter(urn, "replace", result, replacement);
            }
            // The engine updates a resource with init errors even without a diff (Pulumi §6.7).
            if (diff.changes === "DIFF_NONE" && !old.initErrors) {
                return this.stateAfter(urn, "same", result, old);
            }
            const updated = await this.guard(urn, type, name, inputs, () => this.host.update(urn, old.id, old.outputs, inputs).then((u) => ({ id: old.id, outs: u.outs })));
            return this.stateAfter(urn, "update", result, updated);
        } catch (error) {
            result.errors.push({ urn, message: providerMessageOf(error) });
            throw error;
        }
    }

    private createOne(urn: string, type: string, name: string, inputs: Record<string, any>): Promise<ResourceState> {
        return this.guard(urn, type, name, inputs, () => this.host.create(urn, inputs));
    }

    /** Runs Create or Update; a partial failure is recorded in state, as the engine does, then rethrown. */
    private async guard(urn: string, type: string, name: string, inputs: Record<string, any>, step: () => Promise<{ id: string; outs: any }>) {
        try {
            const { id, outs } = await step();
            return { urn, type, name, id, inputs, outputs: outs };
        } catch (error) {
            const failure = initFailureOf(error);
            if (failure) {
                this.state.set(urn, { urn, type, name, id: failure.id, inputs, outputs: failure.properties, initErrors: failure.reasons });
            }
            throw error;
        }
    }

    private stateAfter(urn: string, step: Step, result: UpResult, resource: ResourceState) {
        this.state.set(urn, resource);
        result.steps.push({ urn, step });
        return { id: resource.id, state: resource.outputs };
    }

    private async deleteOne(urn: string, result: UpResult) {
        const resource = this.state.get(urn)!;
        try {
            await this.host.delete(urn, resource.id, resource.outputs);
            this.state.delete(urn);
            result.steps.push({ urn, step: "delete" });
        } catch (error) {
            result.errors.push({ urn, message: providerMessageOf(error) });
        }
    }
}

/** The value of an export: Outputs resolved, a failed resource's Output as undefined. */
function settle(value: unknown): Promise<unknown> {
    return new Promise((resolve) => {
        const output = pulumi.output(value) as pulumi.Output<unknown>;
        output.apply((v) => resolve(v));
        // A failed registration rejects the Output's promise; the error is in UpResult.errors.
        (output as any).promise?.().catch(() => resolve(undefined));
    });
}

/** Registrations run concurrently; new ones may start while others finish. */
async function waitForRegistrations(inFlight: Promise<unknown>[]): Promise<void> {
    for (let seen = -1; seen !== inFlight.length; ) {
        seen = inFlight.length;
        await Promise.all(inFlight);
    }
}
