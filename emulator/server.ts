// The emulator's HTTP server and its embedding API, startEmulator(). Owns the request pipeline:
// read the body, route (control API, service page, or one of the seven operations), then for API
// requests: latency → route → auth → project → throttle → injected error → operation → dropped
// answer → envelope. Every answer carries X-Request-Id. Everything else lives in its own module.
import * as crypto from "crypto";
import * as http from "http";
import { AddressInfo } from "net";
import { Authenticator } from "./auth";
import { ControlContext, handleControl } from "./control";
import { HOUR_MS } from "./defaults";
import { EmulatorError, errorBody, injectedServerError, isEmulatorError, projectMismatch, routeNotFound, throttled } from "./errors";
import { FaultConfig, FaultInjector, validateFaultPatch } from "./faults";
import { HandlerContext, handleApi } from "./handlers";
import { remainingMs } from "./lifecycle";
import { EmulatorOptions, ResolvedOptions, resolveOptions } from "./options";
import { EmulatorStats, InjectedFault, RequestLog, RequestLogEntry } from "./request-log";
import { SERVICE_PAGE_PATTERN, classify, matchApiRoute } from "./router";
import { renderServicePage } from "./service-page";
import { StateFileWriter, loadStateFile } from "./state-file";
import { JobStore } from "./store";

// Re-exported so embedders import everything from server.ts.
export { EmulatorOptions, ResolvedOptions } from "./options";
export { FailRule, FaultConfig } from "./faults";
export { JobRecord } from "./store";

/** Largest body accepted: AK/SK signing supports at most 12 MB (API §5.2). */
export const MAX_BODY_BYTES = 12 * 1024 * 1024;

/** A started emulator. */
export interface RunningEmulator {
    /** Base URL, `http://127.0.0.1:PORT` (no trailing slash). */
    readonly url: string;
    readonly port: number;
    readonly host: string;
    /** The project id served (the only one accepted when auth is on). */
    readonly projectId: string;
    /** The resolved start options (in-process only; includes the configured credentials). */
    readonly options: Readonly<ResolvedOptions>;
    /** The jobs, for in-process inspection and steering. */
    readonly store: JobStore;
    /** The request log. */
    readonly requestLog: RequestLog;
    /** Current counters (same as GET /__emulator/stats without the AK locks). */
    stats(): EmulatorStats;
    /** Current faults. */
    faults(): FaultConfig;
    /** Changes the given fault fields (like PATCH /__emulator/faults); throws on an invalid value. */
    setFaults(patch: Partial<FaultConfig>): FaultConfig;
    /** Same as POST /__emulator/reset. */
    reset(): void;
    /** The service page URL of a job: `${url}/modelarts2/tensorboard/{project_id}/{job_id}/` (API §2.3). */
    serviceUrl(jobId: number | string, projectId?: string): string;
    /** Stops listening, destroys every open socket, cancels pending delays, writes the state file. */
    close(): Promise<void>;
}

/** Starts an emulator; resolves once it listens. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
    const opts = resolveOptions(options);
    const { clock } = opts;
    const timing = { startupMs: opts.startupMs, stopMs: opts.stopMs, hourMs: HOUR_MS / opts.timeScale };
    const faults = new FaultInjector(opts.faults, opts.seed);
    const requestLog = new RequestLog();
    const authenticator = opts.auth === false ? undefined : new Authenticator(opts.auth, clock, 60_000 / opts.timeScale);
    let writer: StateFileWriter | undefined;
    const store = new JobStore({
        clock,
        timing,
        deleteMs: opts.deleteMs,
        startOutcome: (trainUrl) => faults.startOutcome(trainUrl),
        onChange: () => writer?.changed(),
    });
    if (opts.stateFile !== undefined) {
        const snapshot = loadStateFile(opts.stateFile);
        if (snapshot) {
            store.load(snapshot);
            opts.log(`loaded ${snapshot.jobs.length} job(s) from ${opts.stateFile}`);
        }
        writer = new StateFileWriter(opts.stateFile, () => store.snapshot(), (e) => opts.log(`state file write failed: ${e.message}`));
    }

    let baseUrl = "";
    const serviceUrl = (projectId: string, jobId: number | string) => `${baseUrl}/modelarts2/tensorboard/${projectId}/${jobId}/`;
    const reset = () => {
        store.clear();
        requestLog.clear();
        faults.reset();
        authenticator?.reset();
    };
    const handlerCtx: HandlerContext = { store, serviceUrl };
    const controlCtx: ControlContext = { store, faults, requestLog, authenticator, reset, serviceUrl };

    // Latency delays are real timers (not the injected clock): latency is about wall time. They are
    // tracked so close() can cancel them.
    const delays = new Map<NodeJS.Timeout, () => void>();
    let closing = false;
    const delay = (ms: number) => new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
            delays.delete(timer);
            resolve();
        }, ms);
        delays.set(timer, resolve);
    });

    const handleApiRequest = async (req: http.IncomingMessage, res: http.ServerResponse, requestId: string, rawPath: string, rawQuery: string, body: Buffer) => {
        const method = req.method ?? "GET";
        const entry: Omit<RequestLogEntry, "seq"> = {
            timeMs: clock.now(), method, path: rawPath, query: rawQuery, route: "unknown", status: null, requestId,
        };
        const latencyMs = faults.latencyMs;
        if (latencyMs > 0) {
            entry.latencyMs = latencyMs;
            await delay(latencyMs);
            if (closing) {
                return;
            }
        }
        let status = 200;
        let payload: Record<string, unknown>;
        let headers: Record<string, string> = {};
        let fault: InjectedFault | undefined;
        try {
            const match = matchApiRoute(method, rawPath);
            if (!match) {
                throw routeNotFound(method, rawPath);
            }
            entry.route = match.name;
            entry.jobId = match.jobId;
            if (authenticator) {
                authenticator.verify({ method, rawPath, rawQuery, headers: req.headers, body });
                // Only with auth on is there an identity to compare the URL's project with.
                if (match.projectId !== opts.projectId) {
                    throw projectMismatch(match.projectId);
                }
            }
            const admission = faults.admit(clock.now());
            if (!admission.admitted) {
                fault = "throttled";
                throw throttled(admission.limit, admission.retryAfterS);
            }
            const injected = faults.drawServerError();
            if (injected !== undefined) {
                fault = "error";
                throw injectedServerError(injected);
            }
            const result = handleApi(handlerCtx, match, new URLSearchParams(rawQuery), body);
            entry.jobId = result.jobId ?? entry.jobId;
            payload = result.body;
            if (faults.drawDrop()) {
                // The operation took effect; the client never learns it (a lost answer).
                requestLog.record({ ...entry, status: null, fault: "dropped" });
                opts.log(`${method} ${rawPath} -> dropped (operation applied)`);
                res.socket?.destroy();
                return;
            }
        } catch (e) {
            const error = isEmulatorError(e) ? e : new EmulatorError(500, "ModelArts.0010", "Internal error.");
            if (!isEmulatorError(e)) {
                opts.log(`internal error: ${(e as Error).stack ?? String(e)}`);
            }
            status = error.httpStatus;
            payload = errorBody(error, requestId);
            headers = { ...error.headers };
            entry.errorCode = error.code;
        }
        requestLog.record({ ...entry, status, fault });
        opts.log(`${method} ${rawPath} -> ${status}${entry.errorCode ? " " + entry.errorCode : ""}${fault ? " [" + fault + "]" : ""}`);
        sendJson(res, status, payload, headers);
    };

    const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
        const requestId = crypto.randomUUID().replace(/-/g, "");
        res.setHeader("X-Request-Id", requestId);
        const rawUrl = req.url ?? "/";
        const q = rawUrl.indexOf("?");
        const rawPath = q < 0 ? rawUrl : rawUrl.slice(0, q);
        const rawQuery = q < 0 ? "" : rawUrl.slice(q + 1);
        const body = await readBody(req);
        if (body === undefined) {
            sendJson(res, 413, errorBody(new EmulatorError(413, "APIG.0201", "Request entity too large", "gateway"), requestId));
            return;
        }
        const kind = classify(rawPath);
        if (kind === "control") {
            const result = handleControl(controlCtx, req.method ?? "GET", rawPath, new URLSearchParams(rawQuery), body);
            sendJson(res, result.status, result.body);
            return;
        }
        if (kind === "service-page" && (req.method === "GET" || req.method === "HEAD")) {
            const [, projectId, jobId] = SERVICE_PAGE_PATTERN.exec(rawPath) as RegExpExecArray;
            const job = /^\d+$/.test(jobId) ? store.byId(Number(jobId)) : undefined;
            const model = job && job.projectId === projectId
                ? { job, gone: store.isGone(job), remainingMs: remainingMs(job, clock.now(), timing), requests: requestLog.query({ jobId }) }
                : undefined;
            const page = renderServicePage(model, jobId);
            res.writeHead(page.status, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" });
            res.end(req.method === "HEAD" ? undefined : page.html);
            return;
        }
        await handleApiRequest(req, res, requestId, rawPath, rawQuery, body);
    };

    const server = http.createServer((req, res) => {
        handle(req, res).catch((e: unknown) => {
            opts.log(`internal error: ${(e as Error).stack ?? String(e)}`);
            if (!res.headersSent && !res.destroyed) {
                sendJson(res, 500, { is_success: false, error_code: "ModelArts.0010", error_message: "Internal error." });
            }
        });
    });

    await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(opts.port, opts.host, () => {
            server.off("error", reject);
            resolve();
        });
    });
    const port = (server.address() as AddressInfo).port;
    baseUrl = `http://${urlHost(opts.host)}:${port}`;

    let closed: Promise<void> | undefined;
    const close = () => {
        closed ??= new Promise<void>((resolve) => {
            closing = true;
            for (const [timer, resume] of delays) {
                clearTimeout(timer);
                resume();
            }
            delays.clear();
            writer?.close();
            server.close(() => resolve());
            server.closeAllConnections();
        });
        return closed;
    };

    return {
        url: baseUrl,
        port,
        host: opts.host,
        projectId: opts.projectId,
        options: opts,
        store,
        requestLog,
        stats: () => requestLog.stats(),
        faults: () => faults.current,
        setFaults: (patch) => faults.update(validateFaultPatch(patch)),
        reset,
        serviceUrl: (jobId, projectId = opts.projectId) => serviceUrl(projectId, jobId),
        close,
    };
}

/** Reads the whole body; undefined if it exceeds MAX_BODY_BYTES. */
function readBody(req: http.IncomingMessage): Promise<Buffer | undefined> {
    return new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        let size = 0;
        let tooLarge = false;
        req.on("data", (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_BODY_BYTES) {
                tooLarge = true;
                chunks.length = 0;
            } else if (!tooLarge) {
                chunks.push(chunk);
            }
        });
        req.on("end", () => resolve(tooLarge ? undefined : Buffer.concat(chunks)));
        req.on("error", reject);
    });
}

function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    if (res.destroyed) {
        return;
    }
    const text = JSON.stringify(body);
    res.writeHead(status, {
        ...headers,
        "Content-Type": "application/json;charset=UTF-8",
        "Content-Length": Buffer.byteLength(text),
    });
    res.end(text);
}

/** The host part of the base URL: a wildcard bind is reached on loopback; IPv6 is bracketed. */
function urlHost(host: string): string {
    if (host === "0.0.0.0" || host === "::" || host === "") {
        return "127.0.0.1";
    }
    return host.includes(":") ? `[${host}]` : host;
}
