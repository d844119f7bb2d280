// Where the provider finds its credentials, region, project and endpoint: stack config (handed to
// `configure`), then the Huawei environment conventions (API §5.4), then per-resource inputs for
// region, project and endpoint. The only module that reads the environment. Credentials live in
// the provider process's memory only: never in inputs, outputs, state or messages.
import { ClientAuth } from "./client";
import { endpointForRegion } from "./endpoint";

/** The config keys this provider reads, all in the `modelarts:` namespace. */
export const CONFIG_KEYS = ["accessKey", "secretKey", "securityToken", "authToken", "region", "projectId", "endpoint"] as const;
export type ConfigKey = (typeof CONFIG_KEYS)[number];

/** Stack config as `configure` saw it (Pulumi §3: read in `configure`, never captured). */
export type StackSettings = Partial<Record<ConfigKey, string>>;

/** Reads the `modelarts:*` keys from the config `configure` receives. */
export function readStackSettings(config: { get(key: string): string | undefined }): StackSettings {
    const settings: StackSettings = {};
    for (const key of CONFIG_KEYS) {
        const value = config.get(`modelarts:${key}`);
        if (value !== undefined && value !== "") {
            settings[key] = value;
        }
    }
    return settings;
}

/** Per-resource overrides, taken from the resource's inputs. */
export interface ResourceLocation {
    region?: string;
    projectId?: string;
    endpoint?: string;
}

export interface ResolvedSettings {
    endpoint: string;
    projectId: string;
    auth: ClientAuth;
}

/** A setting is missing or contradictory; the message says every way to provide it. */
export class SettingsError extends Error {
    readonly name = "SettingsError";
}

/**
 * Resolves where and how to call ModelArts. Environment variables are read on every call, so a
 * rotated key takes effect without a `pulumi up`.
 */
export function resolveSettings(stack: StackSettings, location: ResourceLocation, env: NodeJS.ProcessEnv = process.env): ResolvedSettings {
    const region = first(location.region, stack.region, env.HW_REGION_NAME);
    const projectId = first(location.projectId, stack.projectId, env.HUAWEICLOUD_SDK_PROJECT_ID, env.HW_PROJECT_ID);
    // The SDKs' per-service endpoint override (API §5.4) points a region at another URL.
    const regionOverride = region ? env[`HUAWEICLOUD_SDK_REGION_MODELARTS_${region.toUpperCase().replace(/-/g, "_")}`] : undefined;
    const endpoint = first(location.endpoint, stack.endpoint, regionOverride) ?? (region ? endpointForRegion(region) : undefined);
    if (!endpoint) {
        throw new SettingsError(
            "no ModelArts region or endpoint: set the region with `pulumi config set modelarts:region cn-north-4`, " +
                "the HW_REGION_NAME environment variable or the resource's `region` input, or an endpoint URL with `modelarts:endpoint`",
        );
    }
    if (!projectId) {
        throw new SettingsError(
            "no ModelArts project id: set it with `pulumi config set modelarts:projectId <id>` or the HUAWEICLOUD_SDK_PROJECT_ID " +
                "(or HW_PROJECT_ID) environment variable; the console lists it under My Credentials → API Credentials",
        );
    }
    return { endpoint, projectId, auth: resolveAuth(stack, env) };
}

/** The first value that is set and not empty: the order of the arguments is the precedence. */
function first(...values: Array<string | undefined>): string | undefined {
    return values.find((v) => v !== undefined && v !== "");
}

function resolveAuth(stack: StackSettings, env: NodeJS.ProcessEnv): ClientAuth {
    const accessKey = first(stack.accessKey, env.HUAWEICLOUD_SDK_AK, env.HW_ACCESS_KEY);
    const secretKey = first(stack.secretKey, env.HUAWEICLOUD_SDK_SK, env.HW_SECRET_KEY);
    const securityToken = first(stack.securityToken, env.HUAWEICLOUD_SDK_SECURITY_TOKEN, env.HW_SECURITY_TOKEN);
    if (accessKey && secretKey) {
        return { kind: "aksk", accessKey, secretKey, securityToken };
    }
    if (accessKey || secretKey) {
        const missing = accessKey ? "secret key" : "access key";
        throw new SettingsError(
            `the ModelArts ${missing} is missing: set both keys, in stack config (\`pulumi config set modelarts:accessKey <AK>\` and ` +
                "`pulumi config set --secret modelarts:secretKey <SK>`) or in the environment (HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK, " +
                "or HW_ACCESS_KEY and HW_SECRET_KEY)",
        );
    }
    if (stack.authToken) {
        return { kind: "token", token: stack.authToken };
    }
    throw new SettingsError(
        "no ModelArts credentials: set an access key pair in stack config (`pulumi config set modelarts:accessKey <AK>` and " +
            "`pulumi config set --secret modelarts:secretKey <SK>`) or in the environment (HUAWEICLOUD_SDK_AK and " +
            "HUAWEICLOUD_SDK_SK, or HW_ACCESS_KEY and HW_SECRET_KEY), or an IAM token with `pulumi config set --secret modelarts:authToken <token>`",
    );
}
