// The resource's inputs: their plain (resolved) shape, their defaults, and their validation with
// the API's own rules (API §2.1). Validation makes no API call and lets Pulumi's preview
// placeholder for unknown values through (Pulumi §6.9).

export type DesiredState = "running" | "stopped";
export type DeletionPolicy = "stop" | "delete" | "retain";

/** How long create, update and delete may wait, as durations such as "90s", "15m" or "1h30m". */
export interface JobTimeouts {
    create?: string;
    update?: string;
    delete?: string;
}

/** Inputs as the provider receives them: every `Input<T>` resolved. */
export interface VisualizationJobInputs {
    jobName: string;
    trainUrl: string;
    jobType?: "tensorboard" | "mindinsight";
    jobDesc?: string;
    flavorCode?: string;
    autoStopHours?: number;
    desiredState?: DesiredState;
    deletionPolicy?: DeletionPolicy;
    timeouts?: JobTimeouts;
    adoptJobId?: string;
    region?: string;
    projectId?: string;
    endpoint?: string;
}

/** The value Pulumi puts in place of an input that is unknown during preview (Pulumi §6.9). */
export const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export const DEFAULT_TIMEOUTS_MS = { create: 15 * 60_000, update: 15 * 60_000, delete: 10 * 60_000 } as const;

export interface CheckFailure {
    property: string;
    reason: string;
}

const JOB_NAME = /^[A-Za-z0-9_-]{1,20}$/; // API §2.1, §6.11
/** `/bucket/dir/`: no `obs://` scheme in any example (API §6.17); bucket names per OBS rules. */
const TRAIN_URL = /^\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/[^\s?#\\]*)?$/;
const FLAVOR_CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const JOB_ID = /^[0-9]{1,19}$/;
const REGION = /^[a-z]{2,}(-[a-z0-9]+)+$/;
const PROJECT_ID = /^[A-Za-z0-9_-]{1,64}$/;
const DURATION = /^(?:(\d+)h)?(?:(\d+)m(?!s))?(?:(\d+)s)?(?:(\d+)ms)?$/;

const KNOWN_FIELDS = new Set<string>([
    "jobName", "trainUrl", "jobType", "jobDesc", "flavorCode", "autoStopHours", "desiredState",
    "deletionPolicy", "timeouts", "adoptJobId", "region", "projectId", "endpoint",
]);
/** Outputs are not inputs, but Pulumi passes the seeded `undefined`s; they are dropped silently. */
const OUTPUT_FIELDS = new Set<string>([
    "jobId", "serviceUrl", "status", "statusName", "createTime", "resourceId", "duration", "remainingDuration",
]);

function isUnknown(value: unknown): boolean {
    return value === UNKNOWN_VALUE;
}

/** Parses "1h30m", "90s", "500ms"; `undefined` if the text is not such a duration. */
export function parseDurationMs(text: string): number | undefined {
    const m = DURATION.exec(text);
    if (!m || text === "") {
        return undefined;
    }
    const [h, min, s, ms] = m.slice(1).map((part) => Number(part ?? 0));
    return ((h * 60 + min) * 60 + s) * 1000 + ms;
}

/** The wait budget of one operation, from `timeouts` or the default. */
export function timeoutMsOf(inputs: VisualizationJobInputs, operation: keyof JobTimeouts): number {
    const text = inputs.timeouts?.[operation];
    return (text !== undefined ? parseDurationMs(text) : undefined) ?? DEFAULT_TIMEOUTS_MS[operation];
}

/**
 * Checks every input and returns one failure per bad field, each naming the field and how to fix
 * it. `inputs` are returned with defaults applied and seeded output placeholders removed.
 */
export function checkInputs(news: Record<string, unknown>): { inputs: Record<string, unknown>; failures: CheckFailure[] } {
    const failures: CheckFailure[] = [];
    const fail = (property: string, reason: string) => failures.push({ property, reason });
    const inputs: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(news)) {
        if (key === "__provider") {
            inputs[key] = value;
        } else if (OUTPUT_FIELDS.has(key)) {
            continue;
        } else if (!KNOWN_FIELDS.has(key)) {
            if (value !== undefined) {
                fail(key, `unknown input "${key}"; the inputs are: ${[...KNOWN_FIELDS].join(", ")}`);
            }
        } else if (value !== undefined && value !== null) {
            inputs[key] = value;
        }
    }

    const str = (key: string, rule: (v: string) => string | undefined, required = false) => {
        const value = inputs[key];
        if (value === undefined) {
            if (required) {
                fail(key, `${key} is required`);
            }
            return;
        }
        if (isUnknown(value)) {
            return;
        }
        if (typeof value !== "string") {
            fail(key, `${key} must be a string, not ${describeType(value)}`);
            return;
        }
        const problem = rule(value);
        if (problem) {
            fail(key, problem);
        }
    };

    str("jobName", (v) =>
        JOB_NAME.test(v) ? undefined : `jobName "${v}" must be 1–20 characters of letters, digits, "_" and "-" (API rule ^[A-Za-z0-9_-]{1,20}$)`, true);
    str("trainUrl", (v) => {
        if (v.startsWith("obs://")) {
            return `trainUrl "${v}" must be written without the obs:// scheme, as "${v.slice(5)}"`;
        }
        if (!TRAIN_URL.test(v) || v.includes("//") || v.includes("/../") || v.length > 1024) {
            return `trainUrl "${v}" must be an OBS path such as "/my-bucket/train-output/": "/", a bucket name of 3–63 lowercase letters, digits, "." or "-", then the folder holding the summary files`;
        }
        return undefined;
    }, true);
    str("jobType", (v) => (v === "tensorboard" || v === "mindinsight" ? undefined : `jobType "${v}" must be "tensorboard" or "mindinsight"`));
    str("jobDesc", (v) => (v.length <= 256 ? undefined : `jobDesc is ${v.length} characters; the API allows at most 256`));
    str("flavorCode", (v) => (FLAVOR_CODE.test(v) ? undefined : `flavorCode "${v}" must be a resource spec code such as "modelarts.vm.cpu.2u" (letters, digits, ".", "_", "-")`));
    str("desiredState", (v) => (v === "running" || v === "stopped" ? undefined : `desiredState "${v}" must be "running" or "stopped"`));
    str("deletionPolicy", (v) =>
        v === "stop" || v === "delete" || v === "retain" ? undefined : `deletionPolicy "${v}" must be "stop", "delete" or "retain"`);
    str("adoptJobId", (v) => (JOB_ID.test(v) ? undefined : `adoptJobId "${v}" must be the numeric id of an existing visualization job`));
    str("region", (v) => (REGION.test(v) ? undefined : `region "${v}" must be a region id such as "cn-north-4"`));
    str("projectId", (v) => (PROJECT_ID.test(v) ? undefined : `projectId "${v}" must be the project id shown under My Credentials → API Credentials`));
    str("endpoint", (v) => {
        try {
            const url = new URL(v);
            return url.protocol === "https:" || url.protocol === "http:" ? undefined : `endpoint "${v}" must be an http(s) URL`;
        } catch {
            return `endpoint "${v}" must be a URL such as "https://modelarts.cn-north-4.myhuaweicloud.com"`;
        }
    });

    const hours = inputs.autoStopHours;
    if (hours !== undefined && !isUnknown(hours)) {
        if (typeof hours !== "number") {
            fail("autoStopHours", `autoStopHours must be a whole number of hours from 0 to 24, not ${describeType(hours)}`);
        } else if (!Number.isInteger(hours) || hours < 0 || hours > 24) {
            fail("autoStopHours", `autoStopHours is ${hours}; it must be a whole number of hours from 0 to 24 (API schedule.duration)`);
        }
    }

    const timeouts = inputs.timeouts;
    if (timeouts !== undefined && !isUnknown(timeouts)) {
        if (typeof timeouts !== "object" || Array.isArray(timeouts)) {
            fail("timeouts", `timeouts must be an object such as { create: "20m" }, not ${describeType(timeouts)}`);
        } else {
            for (const [key, value] of Object.entries(timeouts as Record<string, unknown>)) {
                if (key !== "create" && key !== "update" && key !== "delete") {
                    fail(`timeouts.${key}`, `unknown timeout "${key}"; the timeouts are create, update and delete`);
                } else if (value !== undefined && !isUnknown(value) && (typeof value !== "string" || !parseDurationMs(value))) {
                    fail(`timeouts.${key}`, `timeouts.${key} must be a positive duration such as "90s", "15m" or "1h30m", not ${JSON.stringify(value)}`);
                }
            }
        }
    }

    if (failures.length === 0) {
        inputs.jobType ??= "tensorboard";
        inputs.jobDesc ??= "";
        inputs.desiredState ??= "running";
        inputs.deletionPolicy ??= "stop";
    }
    return { inputs, failures };
}

function describeType(value: unknown): string {
    if (Array.isArray(value)) {
        return "an array";
    }
    return typeof value === "object" ? "an object" : `${typeof value} ${JSON.stringify(value)}`;
}
