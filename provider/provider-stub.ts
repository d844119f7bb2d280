// The provider object that Pulumi serializes into every resource's state (`__provider`, stored
// twice per resource). It holds no logic and no settings: each method loads this package's
// runtime where the Pulumi program lives and delegates to it. That keeps `__provider` a few KB,
// free of credentials, and lets fixes in a newer package version reach existing resources
// (Pulumi §6.1, §6.3).
import type * as pulumi from "@pulumi/pulumi";
import type * as Runtime from "./runtime";

/** The package whose runtime the stub loads; `exports` in package.json maps `/runtime`. */
export const RUNTIME_MODULE = "pulumi-modelarts-visualization/runtime";

/**
 * Loads the runtime from the Pulumi project that runs the provider. The host's working directory
 * is the project directory (Pulumi §4), and `createRequire` anchored there finds the package in
 * the project's node_modules, or the package itself when the project is this repository.
 * `require` is never captured by Pulumi's serializer, so it is the host's own.
 */
export function loadInstalledRuntime(): typeof Runtime {
    const path = require("path");
    const { createRequire } = require("module");
    try {
        return createRequire(path.join(process.cwd(), "pulumi-program.js"))(RUNTIME_MODULE);
    } catch (error) {
        throw new Error(
            `cannot load pulumi-modelarts-visualization/runtime from ${process.cwd()}: ` +
                "add pulumi-modelarts-visualization to the Pulumi project's dependencies and run npm install " +
                `(${error instanceof Error ? error.message.split("\n")[0] : String(error)})`,
        );
    }
}

interface ProviderState {
    settings?: ReturnType<typeof Runtime.configure>;
}

/**
 * The provider, delegating every method to the runtime `load` returns. `configure` keeps the stack
 * settings on `this`: a module-level variable would be copied into each serialized method
 * (Pulumi §6.1).
 */
export function providerOf(load: () => typeof Runtime): pulumi.dynamic.ResourceProvider {
    return {
        async configure(this: ProviderState, req: pulumi.dynamic.ConfigureRequest) {
            this.settings = load().configure(req.config);
        },
        async check(olds: any, news: any) {
            return load().check(olds, news);
        },
        async diff(id: string, olds: any, news: any) {
            return load().diff(id, olds, news);
        },
        async create(this: ProviderState, inputs: any) {
            return load().create(this.settings ?? {}, inputs);
        },
        async read(this: ProviderState, id: string, props: any) {
            return load().read(this.settings ?? {}, id, props);
        },
        async update(this: ProviderState, id: string, olds: any, news: any) {
            return load().update(this.settings ?? {}, id, olds, news);
        },
        async delete(this: ProviderState, id: string, props: any) {
            return load().del(this.settings ?? {}, id, props);
        },
    };
}

/** The provider every VisualizationJob uses. */
export const visualizationJobProvider = providerOf(loadInstalledRuntime);
