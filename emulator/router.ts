// Maps a method and a path to one of the seven documented operations (API §2), and tells API
// requests apart from the control API and the service pages. Pure: no I/O.

/** The documented operations (API §2). */
export type RouteName = "create" | "list" | "details" | "update" | "delete" | "stop" | "restart";

/** A matched API route with its path parameters (still percent-decoded). */
export interface RouteMatch {
    name: RouteName;
    projectId: string;
    jobId?: string;
}

interface RouteDef {
    method: string;
    pattern: RegExp;
    name: RouteName;
}

const SEGMENT = "([^/]+)";

/** The route table. A trailing slash is tolerated: the signature treats `/x` and `/x/` alike (API §6.18). */
export const API_ROUTES: readonly RouteDef[] = [
    { method: "POST", pattern: route(`/v1/${SEGMENT}/visualization-jobs`), name: "create" },
    { method: "GET", pattern: route(`/v1/${SEGMENT}/visualization-jobs`), name: "list" },
    { method: "GET", pattern: route(`/v1/${SEGMENT}/visualization-jobs/${SEGMENT}`), name: "details" },
    { method: "PUT", pattern: route(`/v1/${SEGMENT}/visualization-jobs/${SEGMENT}`), name: "update" },
    { method: "DELETE", pattern: route(`/v1/${SEGMENT}/visualization-jobs/${SEGMENT}`), name: "delete" },
    { method: "POST", pattern: route(`/v1/${SEGMENT}/visualization-jobs/${SEGMENT}/stop`), name: "stop" },
    { method: "POST", pattern: route(`/v1/${SEGMENT}/visualization-jobs/${SEGMENT}/restart`), name: "restart" },
];

/** Prefix of the control API, which the real API never uses. */
export const CONTROL_PREFIX = "/__emulator/";

/** Pattern of the service pages, mirroring the console URL (API §2.3). */
export const SERVICE_PAGE_PATTERN = /^\/modelarts2\/tensorboard\/([^/]+)\/([^/]+)\/?$/;

/** Which part of the emulator answers a path. */
export function classify(path: string): "control" | "service-page" | "api" {
    if (path === "/__emulator" || path.startsWith(CONTROL_PREFIX)) {
        return "control";
    }
    if (SERVICE_PAGE_PATTERN.test(path)) {
        return "service-page";
    }
    return "api";
}

/** The API route for a method and a raw path, or undefined (→ APIG.0101). */
export function matchApiRoute(method: string, rawPath: string): RouteMatch | undefined {
    for (const def of API_ROUTES) {
        if (def.method !== method) {
            continue;
        }
        const m = def.pattern.exec(rawPath);
        if (m) {
            const projectId = safeDecode(m[1]);
            return m[2] === undefined ? { name: def.name, projectId } : { name: def.name, projectId, jobId: safeDecode(m[2]) };
        }
    }
    return undefined;
}

function route(source: string): RegExp {
    return new RegExp(`^${source}/?$`);
}

function safeDecode(s: string): string {
    try {
        return decodeURIComponent(s);
    } catch {
        return s;
    }
}
