// The ModelArts endpoint of a region (API §1) and the rules an endpoint URL must follow.
// Pure: no I/O, no environment.

/** Regions whose ModelArts endpoint is not under `.myhuaweicloud.com` (API §1, PYSDK region table). */
const ENDPOINT_EXCEPTIONS: Readonly<Record<string, string>> = {
    "ap-southeast-1": "https://modelarts.ap-southeast-1.myhuaweicloud.cn",
};

/**
 * `https://modelarts.{region}.myhuaweicloud.com`, except Hong Kong (`ap-southeast-1`), which is
 * `.myhuaweicloud.cn` (API §1). Throws for a string that is not shaped like a region id.
 */
export function endpointForRegion(region: string): string {
    if (!/^[a-z]{2,}(-[a-z0-9]+)*-\d+$/.test(region)) {
        throw new Error(`"${region}" is not a Huawei Cloud region id such as "cn-north-4"`);
    }
    return ENDPOINT_EXCEPTIONS[region] ?? `https://modelarts.${region}.myhuaweicloud.com`;
}

/**
 * Parses and vets an endpoint: `https://host[:port]`, or `http://` for a loopback host only
 * (127.0.0.0/8, ::1, localhost: the emulator), since signed requests and tokens must not cross a
 * network in clear text. No credentials, path, query or fragment: the client adds the path.
 */
export function checkEndpoint(url: string): URL {
    let parsed: URL;
    try {
        parsed = new URL(url);
    } catch {
        throw new Error(`endpoint "${url}" is not a URL; expected e.g. https://modelarts.cn-north-4.myhuaweicloud.com`);
    }
    // Report the URL without whatever credentials it carried.
    const shown = `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
    if (parsed.username || parsed.password) {
        throw new Error(`endpoint "${shown}" must not contain credentials`);
    }
    if (parsed.protocol === "http:") {
        if (!isLoopback(parsed.hostname)) {
            throw new Error(`endpoint "${shown}" uses http:// but is not a loopback host; use https://`);
        }
    } else if (parsed.protocol !== "https:") {
        throw new Error(`endpoint "${shown}" must use https:// (or http:// on a loopback host)`);
    }
    if (parsed.pathname !== "/" || parsed.search !== "" || parsed.hash !== "" || url.trim().endsWith("?") || url.trim().endsWith("#")) {
        throw new Error(`endpoint "${shown}" must have no path, query or fragment; the client adds /v1/{project_id}/…`);
    }
    return parsed;
}

function isLoopback(hostname: string): boolean {
    const host = hostname.toLowerCase();
    if (host === "localhost" || host === "[::1]") {
        return true;
    }
    const octets = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(host);
    return octets !== null && Number(octets[1]) === 127;
}
