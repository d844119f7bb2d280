// Starts Pulumi's real dynamic-provider host (the program behind the pulumi-resource-pulumi-nodejs
// plugin, shipped in @pulumi/pulumi) and speaks its gRPC protocol, as the Pulumi engine does
// (Pulumi §4, §5). No Pulumi CLI is involved.
import { ChildProcess, spawn } from "child_process";
import { createRequire } from "module";
import type * as grpcTypes from "@grpc/grpc-js";

// The stubs shipped in @pulumi/pulumi were generated against its own grpc-js and google-protobuf:
// load those very instances, or Struct and credentials fail instanceof checks.
const sdkRequire = createRequire(require.resolve("@pulumi/pulumi"));
const grpc: typeof grpcTypes = sdkRequire("@grpc/grpc-js");
const provrpc = sdkRequire("./proto/provider_grpc_pb");
const provproto = sdkRequire("./proto/provider_pb");
const statusproto = sdkRequire("./proto/status_pb");
const structproto = sdkRequire("google-protobuf/google/protobuf/struct_pb");

/** Marks a secret value in a property struct (Pulumi §3). */
export const SECRET_SIG = "4dabf18193072939515e22adb298388d";
export const SECRET_VALUE_SIG = "1b47061264138c4ac30d75fd1eb44270";
/** What preview sends in place of an unknown value (Pulumi §6.9). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export interface HostOptions {
    /** The Pulumi project directory: serialized code resolves `require` from here. */
    cwd: string;
    /** Added to this process's environment. */
    env?: NodeJS.ProcessEnv;
    /** Receives every line the provider prints on stdout or stderr. */
    onOutput?: (line: string, stream: "stdout" | "stderr") => void;
}

export interface DiffResponse {
    changes: "DIFF_UNKNOWN" | "DIFF_NONE" | "DIFF_SOME";
    replaces: string[];
    deleteBeforeReplace: boolean;
}

/** A partial failure: the resource exists with these properties but did not initialise. */
export interface InitFailure {
    id: string;
    properties: Record<string, any>;
    reasons: string[];
}

/** A running dynamic-provider host and a client for it. */
export class DynamicProviderHost {
    private constructor(
        readonly process: ChildProcess,
        private readonly client: any,
        private readonly output: { text: string },
    ) {}

    /** Spawns the host and waits for the port it prints first on stdout. */
    static async start(options: HostOptions): Promise<DynamicProviderHost> {
        const script = require.resolve("@pulumi/pulumi/cmd/dynamic-provider");
        // The engine address argument is required but never dialled (Pulumi §4).
        const child = spawn(process.execPath, [script, "127.0.0.1:1"], {
            cwd: options.cwd,
            env: { ...process.env, ...options.env },
            stdio: ["ignore", "pipe", "pipe"],
        });
        // The host outlives its parent unless told otherwise: end it when this process exits.
        const killOnExit = () => child.kill();
        process.once("exit", killOnExit);
        child.once("exit", () => process.off("exit", killOnExit));
        const printed = { text: "" };
        const partial = { stdout: "", stderr: "" };
        const forwardLines = (text: string, stream: "stdout" | "stderr") => {
            const lines = (partial[stream] + text).split("\n");
            partial[stream] = lines.pop() ?? "";
            for (const line of lines) {
                printed.text += line + "\n";
                options.onOutput?.(line, stream);
            }
        };
        let stderr = "";
        child.stderr!.on("data", (chunk: Buffer) => {
            stderr += chunk.toString();
            forwardLines(chunk.toString(), "stderr");
        });
        const port = await new Promise<number>((resolve, reject) => {
            let stdout = "";
            const timer = setTimeout(() => reject(new Error(`the dynamic-provider host printed no port; stderr: ${stderr}`)), 20_000);
            const onData = (chunk: Buffer) => {
                stdout += chunk.toString();
                const newline = stdout.indexOf("\n");
                if (newline >= 0) {
                    clearTimeout(timer);
                    child.stdout!.off("data", onData);
                    forwardLines(stdout.slice(newline + 1), "stdout");
                    child.stdout!.on("data", (more: Buffer) => forwardLines(more.toString(), "stdout"));
                    resolve(Number(stdout.slice(0, newline).trim()));
                }
            };
            child.stdout!.on("data", onData);
            child.once("exit", (code) => {
                clearTimeout(timer);
                reject(new Error(`the dynamic-provider host exited with ${code}; stderr: ${stderr}`));
            });
        });
        const client = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
        return new DynamicProviderHost(child, client, printed);
    }

    /** Everything the provider printed so far, stdout and stderr interleaved by line. */
    get printed(): string {
        return this.output.text;
    }

    /** Always first, as the engine does: config keys are `<namespace>:<key>` (Pulumi §3). */
    async configure(config: Record<string, unknown>): Promise<void> {
        const req = new provproto.ConfigureRequest();
        req.setArgs(toStruct(config));
        req.setAcceptsecrets(true);
        req.setAcceptresources(true);
        await this.call("configure", req);
    }

    async check(urn: string, olds: object, news: object): Promise<{ inputs: any; failures: { property: string; reason: string }[] }> {
        const req = new provproto.CheckRequest();
        req.setUrn(urn);
        req.setOlds(toStruct(olds));
        req.setNews(toStruct(news));
        const resp = await this.call("check", req);
        return {
            inputs: resp.getInputs()?.toJavaScript(),
            failures: resp.getFailuresList().map((f: any) => ({ property: f.getProperty(), reason: f.getReason() })),
        };
    }

    async diff(urn: string, id: string, olds: object, news: object): Promise<DiffResponse> {
        const req = new provproto.DiffRequest();
        req.setUrn(urn);
        req.setId(id);
        req.setOlds(toStruct(olds));
        req.setNews(toStruct(news));
        const resp = await this.call("diff", req);
        return {
            changes: (["DIFF_UNKNOWN", "DIFF_NONE", "DIFF_SOME"] as const)[resp.getChanges()],
            replaces: resp.getReplacesList(),
            deleteBeforeReplace: resp.getDeletebeforereplace(),
        };
    }

    async create(urn: string, properties: object): Promise<{ id: string; outs: any }> {
        const req = new provproto.CreateRequest();
        req.setUrn(urn);
        req.setProperties(toStruct(properties));
        const resp = await this.call("create", req);
        return { id: resp.getId(), outs: resp.getProperties()?.toJavaScript() };
    }

    async read(urn: string, id: string, properties: object): Promise<{ id: string; props: any }> {
        const req = new provproto.ReadRequest();
        req.setUrn(urn);
        req.setId(id);
        req.setProperties(toStruct(properties));
        const resp = await this.call("read", req);
        return { id: resp.getId(), props: resp.getProperties()?.toJavaScript() };
    }

    async update(urn: string, id: string, olds: object, news: object): Promise<{ outs: any }> {
        const req = new provproto.UpdateRequest();
        req.setUrn(urn);
        req.setId(id);
        req.setOlds(toStruct(olds));
        req.setNews(toStruct(news));
        const resp = await this.call("update", req);
        return { outs: resp.getProperties()?.toJavaScript() };
    }

    async delete(urn: string, id: string, properties: object): Promise<void> {
        const req = new provproto.DeleteRequest();
        req.setUrn(urn);
        req.setId(id);
        req.setProperties(toStruct(properties));
        await this.call("delete", req);
    }

    /** Closes the client and ends the host process. */
    async stop(): Promise<void> {
        this.client.close();
        if (this.process.exitCode === null && this.process.signalCode === null) {
            const exited = new Promise((resolve) => this.process.once("exit", resolve));
            this.process.kill("SIGTERM");
            await exited;
        }
    }

    private call(method: string, req: unknown): Promise<any> {
        return new Promise((resolve, reject) =>
            this.client[method](req, (error: grpcTypes.ServiceError | null, resp: any) => (error ? reject(error) : resolve(resp))),
        );
    }
}

/** The partial-failure detail of a failed Create or Update, if it has one (Pulumi §2). */
export function initFailureOf(error: unknown): InitFailure | undefined {
    const bin = (error as grpcTypes.ServiceError)?.metadata?.get("grpc-status-details-bin")?.[0] as Buffer | undefined;
    if (!bin) {
        return undefined;
    }
    const status = statusproto.Status.deserializeBinary(new Uint8Array(bin));
    for (const any of status.getDetailsList()) {
        const detail = any.unpack(provproto.ErrorResourceInitFailed.deserializeBinary, "pulumirpc.ErrorResourceInitFailed");
        if (detail) {
            return { id: detail.getId(), properties: detail.getProperties()?.toJavaScript() ?? {}, reasons: detail.getReasonsList() };
        }
    }
    return undefined;
}

/** The message of a gRPC error as the provider threw it (without grpc-js's status prefix). */
export function providerMessageOf(error: unknown): string {
    const details = (error as grpcTypes.ServiceError)?.details;
    return typeof details === "string" ? details : error instanceof Error ? error.message : String(error);
}

function toStruct(value: object): unknown {
    return structproto.Struct.fromJavaScript(JSON.parse(JSON.stringify(value)));
}
