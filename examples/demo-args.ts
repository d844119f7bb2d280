// The demo's command line: `npm run demo -- [flags]`. Parses and validates the flags and maps the
// fault mixes to emulator options. Pure: no I/O, so a bad flag is reported before anything starts.
import { EmulatorOptions } from "../emulator/server";

/** Named fault mixes, so a newcomer can watch the provider retry without learning the fault API. */
export const FAULT_MIXES = {
    /** One API request in ten answers 500/503; the gateway admits 20 requests per second. */
    mild: { errorRate: 0.1, throttleRps: 20 },
    /** One in five answers 500/503, one in twenty takes effect but its answer is lost; 10 requests per second. */
    rough: { errorRate: 0.2, dropRate: 0.05, throttleRps: 10 },
} as const satisfies Record<string, EmulatorOptions>;

export type FaultMix = keyof typeof FAULT_MIXES;

export interface DemoArgs {
    /** Leave the emulator running after the demo until Ctrl-C. @default false */
    keepEmulator: boolean;
    /** The emulator's create → RUNNING time; undefined keeps the emulator's default. */
    startupMs?: number;
    faults?: FaultMix;
    /** Emulator port; 0 picks a free one. @default 0 */
    port: number;
    help: boolean;
}

export const USAGE = `Usage: npm run demo -- [flags]

Runs the example stack (examples/index.ts) against a local ModelArts emulator:
up, refresh, an in-place update, destroy. No Pulumi CLI or cloud account needed.

Flags:
  --keep-emulator     leave the emulator running afterwards (Ctrl-C stops it)
  --startup-ms N      milliseconds a job takes to start (emulator default 3000)
  --faults MIX        inject API faults: mild (10% 500/503, 20 requests/s)
                      or rough (20% 500/503, 5% lost answers, 10 requests/s)
  --port N            emulator port (default: a free one)
  --help              this text`;

/** A flag the demo does not understand; the message says what was expected. */
export class UsageError extends Error {
    readonly name = "UsageError";
}

/** Parses `argv` (without node and the script). Accepts `--flag value` and `--flag=value`. */
export function parseDemoArgs(argv: readonly string[]): DemoArgs {
    const args: DemoArgs = { keepEmulator: false, port: 0, help: false };
    for (let i = 0; i < argv.length; i++) {
        const [flag, inline] = splitFlag(argv[i]);
        const value = (): string => {
            const v = inline ?? argv[++i];
            if (v === undefined || (inline === undefined && v.startsWith("--"))) {
                throw new UsageError(`${flag} needs a value`);
            }
            return v;
        };
        const noValue = () => {
            if (inline !== undefined) {
                throw new UsageError(`${flag} takes no value`);
            }
        };
        switch (flag) {
            case "--help":
            case "-h":
                noValue();
                args.help = true;
                break;
            case "--keep-emulator":
                noValue();
                args.keepEmulator = true;
                break;
            case "--startup-ms":
                args.startupMs = integer(flag, value(), 0, 600_000);
                break;
            case "--port":
                args.port = integer(flag, value(), 0, 65_535);
                break;
            case "--faults": {
                const mix = value();
                if (!Object.prototype.hasOwnProperty.call(FAULT_MIXES, mix)) {
                    throw new UsageError(`--faults must be one of ${Object.keys(FAULT_MIXES).join(", ")}, not "${mix}"`);
                }
                args.faults = mix as FaultMix;
                break;
            }
            default:
                throw new UsageError(`unknown argument "${argv[i]}"`);
        }
    }
    return args;
}

function splitFlag(arg: string): [string, string | undefined] {
    const eq = arg.indexOf("=");
    return arg.startsWith("--") && eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
}

function integer(flag: string, text: string, min: number, max: number): number {
    const n = Number(text);
    if (!/^\d+$/.test(text) || n < min || n > max) {
        throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, not "${text}"`);
    }
    return n;
}
