// Command line of the emulator: `npm run emulator -- --port 8080`. Prints the base URL as the first
// line of stdout (scripts read it), then human log lines (never a secret), and runs until SIGINT or
// SIGTERM, then closes cleanly and exits 0. A bad flag exits 2 with a message naming the flag.
import { DEFAULT_ACCESS_KEY, DEFAULT_DELETE_MS, DEFAULT_HOST, DEFAULT_PROJECT_ID, DEFAULT_SECRET_KEY, DEFAULT_SEED, DEFAULT_STARTUP_MS, DEFAULT_STOP_MS } from "./defaults";
import { FAIL_STATUSES, FailRule, HOLD_STATUSES } from "./faults";
import { EmulatorOptions } from "./options";
import { startEmulator } from "./server";

/** The text of `--help`. */
export const USAGE = `Usage: npm run emulator -- [flags]

Runs the local ModelArts visualization-job emulator. Prints its base URL as the first line.

  --port N                 TCP port, 0 = any free port (default 0)
  --host HOST              interface to bind (default ${DEFAULT_HOST})
  --project-id ID          project id served (default ${DEFAULT_PROJECT_ID})
  --access-key AK          accepted access key (default ${DEFAULT_ACCESS_KEY})
  --secret-key SK          its secret key (default: the documented example key)
  --security-token TOKEN   X-Security-Token required to match when present
  --token TOKEN            IAM token accepted in X-Auth-Token
  --no-auth                accept every request unauthenticated
  --startup-ms MS          create/restart to RUNNING (default ${DEFAULT_STARTUP_MS})
  --stop-ms MS             KILLING to KILLED (default ${DEFAULT_STOP_MS})
  --delete-ms MS           delete accepted to gone (default ${DEFAULT_DELETE_MS})
  --time-scale X           emulated hours/minutes last real/X (default 1)
  --throttle-rps N         429 APIG.0308 above N API requests per second
  --error-rate P           probability [0,1] of a 500/503 without effect
  --drop-rate P            probability [0,1] of a lost answer (operation applied)
  --latency-ms MS          delay before each API answer
  --fail-train-url S=N     jobs whose train_url contains S end startup in N
                           (3, 5 or 11), or stay in N (1 or 7); repeatable
  --seed N                 seed of the fault PRNG (default ${DEFAULT_SEED})
  --state-file PATH        persist jobs to PATH and load them at start
  --help                   this text
`;

/** A flag error: the CLI prints it and exits 2. */
export class UsageError extends Error {
    readonly name = "UsageError";
}

/** Parses the flags into start options; throws UsageError naming the bad flag. Returns "help" for --help. */
export function parseArgs(argv: readonly string[]): EmulatorOptions | "help" {
    const options: EmulatorOptions = {};
    const auth = { accessKey: DEFAULT_ACCESS_KEY, secretKey: DEFAULT_SECRET_KEY } as { accessKey: string; secretKey: string; securityToken?: string; token?: string };
    let noAuth = false;
    const failRules: FailRule[] = [];
    for (let i = 0; i < argv.length; i++) {
        let flag = argv[i];
        let inline: string | undefined;
        const eq = flag.indexOf("=");
        if (flag.startsWith("--") && eq > 0) {
            inline = flag.slice(eq + 1);
            flag = flag.slice(0, eq);
        }
        const value = (): string => {
            if (inline !== undefined) {
                return inline;
            }
            const v = argv[++i];
            if (v === undefined || v.startsWith("--")) {
                throw new UsageError(`${flag} needs a value`);
            }
            return v;
        };
        switch (flag) {
            case "--help":
            case "-h":
                return "help";
            case "--no-auth":
                noAuth = true;
                break;
            case "--port":
                options.port = integer(flag, value(), 0, 65535);
                break;
            case "--host":
                options.host = nonEmpty(flag, value());
                break;
            case "--project-id":
                options.projectId = nonEmpty(flag, value());
                break;
            case "--access-key":
                auth.accessKey = nonEmpty(flag, value());
                break;
            case "--secret-key":
                auth.secretKey = nonEmpty(flag, value());
                break;
            case "--security-token":
                auth.securityToken = nonEmpty(flag, value());
                break;
            case "--token":
                auth.token = nonEmpty(flag, value());
                break;
            case "--startup-ms":
                options.startupMs = number(flag, value(), 0);
                break;
            case "--stop-ms":
                options.stopMs = number(flag, value(), 0);
                break;
            case "--delete-ms":
                options.deleteMs = number(flag, value(), 0);
                break;
            case "--time-scale": {
                const v = number(flag, value(), 0);
                if (v === 0) {
                    throw new UsageError(`${flag} must be > 0`);
                }
                options.timeScale = v;
                break;
            }
            case "--throttle-rps":
                options.throttleRps = integer(flag, value(), 1, Number.MAX_SAFE_INTEGER);
                break;
            case "--error-rate":
                options.errorRate = probability(flag, value());
                break;
            case "--drop-rate":
                options.dropRate = probability(flag, value());
                break;
            case "--latency-ms":
                options.latencyMs = number(flag, value(), 0);
                break;
            case "--fail-train-url":
                failRules.push(failRule(flag, value()));
                break;
            case "--seed":
                options.seed = integer(flag, value(), Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
                break;
            case "--state-file":
                options.stateFile = nonEmpty(flag, value());
                break;
            default:
                throw new UsageError(`unknown flag ${argv[i]} (see --help)`);
        }
    }
    options.auth = noAuth ? false : auth;
    if (failRules.length > 0) {
        options.failRules = failRules;
    }
    return options;
}

function integer(flag: string, raw: string, min: number, max: number): number {
    const n = Number(raw);
    if (!/^-?\d+$/.test(raw) || n < min || n > max) {
        throw new UsageError(`${flag} must be an integer in [${min}, ${max}], got "${raw}"`);
    }
    return n;
}

function number(flag: string, raw: string, min: number): number {
    const n = Number(raw);
    if (raw.trim() === "" || !Number.isFinite(n) || n < min) {
        throw new UsageError(`${flag} must be a number >= ${min}, got "${raw}"`);
    }
    return n;
}

function probability(flag: string, raw: string): number {
    const n = Number(raw);
    if (raw.trim() === "" || !Number.isFinite(n) || n < 0 || n > 1) {
        throw new UsageError(`${flag} must be a number in [0, 1], got "${raw}"`);
    }
    return n;
}

function nonEmpty(flag: string, raw: string): string {
    if (raw === "") {
        throw new UsageError(`${flag} must not be empty`);
    }
    return raw;
}

function failRule(flag: string, raw: string): FailRule {
    const eq = raw.lastIndexOf("=");
    const substring = eq < 0 ? "" : raw.slice(0, eq);
    const status = Number(raw.slice(eq + 1));
    if (eq <= 0 || !(FAIL_STATUSES.has(status) || HOLD_STATUSES.has(status))) {
        throw new UsageError(`${flag} must be SUBSTRING=STATUS with STATUS 3, 5 or 11 (fail) or 1 or 7 (hold), got "${raw}"`);
    }
    return { trainUrlContains: substring, status };
}

async function main(): Promise<void> {
    let parsed: EmulatorOptions | "help";
    try {
        parsed = parseArgs(process.argv.slice(2));
    } catch (e) {
        if (e instanceof UsageError) {
            process.stderr.write(`emulator: ${e.message}\n`);
            process.exit(2);
        }
        throw e;
    }
    if (parsed === "help") {
        process.stdout.write(USAGE);
        return;
    }
    // Lines logged while starting (e.g. the state file load) wait until the URL, the first line, is out.
    let early: string[] | undefined = [];
    const log = (line: string) => {
        const text = `${new Date().toISOString()} ${line}\n`;
        if (early) {
            early.push(text);
        } else {
            process.stdout.write(text);
        }
    };
    let emulator;
    try {
        emulator = await startEmulator({ ...parsed, log });
    } catch (e) {
        // Option errors from resolveOptions and listen errors (EADDRINUSE) alike.
        process.stderr.write(`emulator: ${(e as Error).message}\n`);
        process.exit(2);
    }
    // The URL is the first line: scripts and tests read it.
    process.stdout.write(`${emulator.url}\n`);
    early.forEach((text) => process.stdout.write(text));
    early = undefined;
    const auth = emulator.options.auth;
    log(`project ${emulator.projectId}; auth ${auth === false ? "off" : `on (access key ${auth.accessKey})`}; ` +
        `startup ${emulator.options.startupMs} ms, stop ${emulator.options.stopMs} ms, delete ${emulator.options.deleteMs} ms, time scale ${emulator.options.timeScale}`);
    log(`API: ${emulator.url}/v1/${emulator.projectId}/visualization-jobs   control: ${emulator.url}/__emulator/`);
    let stopping = false;
    const stop = (signal: string) => {
        if (stopping) {
            return;
        }
        stopping = true;
        log(`${signal}: closing`);
        emulator.close().then(() => process.exit(0), (e: unknown) => {
            process.stderr.write(`emulator: close failed: ${(e as Error).message}\n`);
            process.exit(1);
        });
    };
    process.on("SIGINT", () => stop("SIGINT"));
    process.on("SIGTERM", () => stop("SIGTERM"));
}

if (require.main === module) {
    main().catch((e: unknown) => {
        process.stderr.write(`emulator: ${(e as Error).stack ?? String(e)}\n`);
        process.exit(1);
    });
}
