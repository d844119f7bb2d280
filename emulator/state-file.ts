// Persists the store's jobs and next id to a JSON file so they survive a restart of the emulator.
// Writes are atomic (temporary file in the same directory, then rename) and coalesced: several
// changes in one tick give one write. Owns nothing but the file.
import * as fs from "fs";
import * as path from "path";
import { StoreSnapshot } from "./store";

const FORMAT_VERSION = 1;

interface StateFileContent extends StoreSnapshot {
    version: number;
}

/** Reads a state file; undefined if it does not exist. Throws a clear Error if it is not ours. */
export function loadStateFile(file: string): StoreSnapshot | undefined {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "ENOENT") {
            return undefined;
        }
        throw e;
    }
    let content: StateFileContent;
    try {
        content = JSON.parse(text) as StateFileContent;
    } catch {
        throw new Error(`state file ${file} is not valid JSON`);
    }
    if (content.version !== FORMAT_VERSION || !Array.isArray(content.jobs) || typeof content.nextJobId !== "number") {
        throw new Error(`state file ${file} is not an emulator state file (version ${FORMAT_VERSION})`);
    }
    return { nextJobId: content.nextJobId, jobs: content.jobs };
}

/** Writes `snapshot` atomically: readers see the old file or the new one, never half of one. */
export function writeStateFile(file: string, snapshot: StoreSnapshot): void {
    const content: StateFileContent = { version: FORMAT_VERSION, ...snapshot };
    const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
    fs.writeFileSync(tmp, JSON.stringify(content, null, 2) + "\n");
    fs.renameSync(tmp, file);
}

/** Coalesces change notifications into one write per tick; `flush` writes now if anything is pending. */
export class StateFileWriter {
    private pending = false;
    private closed = false;

    constructor(private readonly file: string, private readonly snapshot: () => StoreSnapshot, private readonly onError: (e: Error) => void) {}

    /** Called after every mutation. The write happens in a microtask, before the answer reaches the client's event loop. */
    changed(): void {
        if (this.pending || this.closed) {
            return;
        }
        this.pending = true;
        queueMicrotask(() => this.flush());
    }

    flush(): void {
        if (!this.pending) {
            return;
        }
        this.pending = false;
        try {
            writeStateFile(this.file, this.snapshot());
        } catch (e) {
            this.onError(e as Error);
        }
    }

    /** Writes what is pending and stops writing. */
    close(): void {
        this.flush();
        this.closed = true;
    }
}
