// The record of API requests the emulator answered (or dropped) and the counters derived from it,
// served by the control API and shown on the service page. Holds no header, body, credential or
// signature: only method, path, query, outcome and the job concerned.

/** The fault the emulator injected into a request, if any. */
export type InjectedFault = "throttled" | "error" | "dropped";

/** One API request. */
export interface RequestLogEntry {
    /** Increasing sequence number, from 1. */
    seq: number;
    /** When the request arrived (emulator clock, epoch ms). */
    timeMs: number;
    method: string;
    /** Path without the query. */
    path: string;
    /** Raw query string ("" when none). */
    query: string;
    /** Route name (`create`, `list`, `details`, `update`, `delete`, `stop`, `restart`) or `unknown`. */
    route: string;
    /** HTTP status answered; null when the answer was dropped. */
    status: number | null;
    errorCode?: string;
    fault?: InjectedFault;
    /** Latency added before answering, when any. */
    latencyMs?: number;
    /** The job concerned: from the path, or the new job's id for create. */
    jobId?: string;
    requestId: string;
}

/** Counters of `/__emulator/stats`. */
export interface EmulatorStats {
    requests: { total: number; byMethod: Record<string, number>; byRoute: Record<string, number>; byStatus: Record<string, number> };
    faults: { throttled: number; errors: number; dropped: number; delayed: number };
    authFailures: number;
    jobsCreated: number;
}

/** Entries kept; older ones are forgotten (the counters still count them). */
export const MAX_LOG_ENTRIES = 10_000;

/** The request log (bounded to MAX_LOG_ENTRIES) and its counters (never bounded). */
export class RequestLog {
    private entries: RequestLogEntry[] = [];
    private seq = 0;
    private counters: EmulatorStats = emptyStats();

    /** Appends an entry and counts it. */
    record(entry: Omit<RequestLogEntry, "seq">): RequestLogEntry {
        const full: RequestLogEntry = { seq: ++this.seq, ...entry };
        this.entries.push(full);
        if (this.entries.length > MAX_LOG_ENTRIES) {
            this.entries.splice(0, this.entries.length - MAX_LOG_ENTRIES);
        }
        const c = this.counters;
        c.requests.total += 1;
        bump(c.requests.byMethod, entry.method);
        bump(c.requests.byRoute, entry.route);
        bump(c.requests.byStatus, entry.status === null ? "dropped" : String(entry.status));
        if (entry.fault === "throttled") {
            c.faults.throttled += 1;
        } else if (entry.fault === "error") {
            c.faults.errors += 1;
        } else if (entry.fault === "dropped") {
            c.faults.dropped += 1;
        }
        if (entry.latencyMs) {
            c.faults.delayed += 1;
        }
        if (entry.status === 401) {
            c.authFailures += 1;
        }
        if (entry.route === "create" && entry.jobId !== undefined && (entry.status === 200 || entry.fault === "dropped")) {
            c.jobsCreated += 1;
        }
        return full;
    }

    /** Entries, optionally only those of one job and/or from `sinceMs` (inclusive). */
    query(filter: { jobId?: string; sinceMs?: number } = {}): RequestLogEntry[] {
        return this.entries.filter((e) =>
            (filter.jobId === undefined || e.jobId === filter.jobId) && (filter.sinceMs === undefined || e.timeMs >= filter.sinceMs));
    }

    stats(): EmulatorStats {
        return structuredClone(this.counters);
    }

    clear(): void {
        this.entries = [];
        this.seq = 0;
        this.counters = emptyStats();
    }
}

function emptyStats(): EmulatorStats {
    return {
        requests: { total: 0, byMethod: {}, byRoute: {}, byStatus: {} },
        faults: { throttled: 0, errors: 0, dropped: 0, delayed: 0 },
        authFailures: 0,
        jobsCreated: 0,
    };
}

function bump(table: Record<string, number>, key: string): void {
    table[key] = (table[key] ?? 0) + 1;
}
