// The SDK-HMAC-SHA256 signer against the three vectors of API §5.2, byte for byte.
import { expect } from "chai";
import {
    EMPTY_PAYLOAD_HASH,
    canonicalQueryString,
    canonicalRequest,
    canonicalUri,
    encodeRfc3986,
    formatSdkDate,
    parseAuthorization,
    parseSdkDate,
    sha256Hex,
    signRequest,
} from "../provider/signer";

const AK = "QTWAOYTTINDUT2QVKYUC";
const SK = "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc";

function sign(method: string, url: string, headers: Record<string, string>, date: string, credentials: { accessKey: string; secretKey: string; securityToken?: string }, body?: Buffer) {
    return signRequest({ method, url, headers, body }, credentials, parseSdkDate(date)!);
}

describe("signer", () => {
    it("reproduces the official vector (APISIGN)", () => {
        const url =
            "https://service.region.example.com/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs?limit=2&marker=13551d6b-755d-4757-b956-536f674975c0";
        const headers = sign("GET", url, { "Content-Type": "application/json" }, "20191115T033655Z", { accessKey: AK, secretKey: SK });
        const canonical = canonicalRequest({
            method: "GET",
            path: "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs",
            query: [...new URL(url).searchParams.entries()],
            headers,
            signedHeaders: ["content-type", "host", "x-sdk-date"],
            payloadHash: EMPTY_PAYLOAD_HASH,
        });
        expect(sha256Hex(canonical)).to.equal("b25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a");
        expect(headers["authorization"]).to.equal(
            `SDK-HMAC-SHA256 Access=${AK}, SignedHeaders=content-type;host;x-sdk-date, Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe`,
        );
        expect(headers["host"]).to.equal("service.region.example.com");
        expect(headers["x-sdk-date"]).to.equal("20191115T033655Z");
    });

    it("reproduces the ModelArts-shaped POST vector", () => {
        const body = Buffer.from('{"job_name":"vis-1","train_url":"/bucket/out/"}', "utf8");
        const headers = sign(
            "POST",
            "https://modelarts.cn-north-4.myhuaweicloud.com/v1/0123456789abcdef0123456789abcdef/visualization-jobs",
            { "content-type": "application/json" },
            "20240101T000000Z",
            { accessKey: AK, secretKey: SK },
            body,
        );
        const auth = parseAuthorization(headers["authorization"])!;
        expect(auth.signedHeaders.join(";")).to.equal("content-type;host;x-sdk-date");
        expect(auth.signature).to.equal("33d23add4bd29c043921f43969033c0429a282668828a628e4c34cfd067b9264");
    });

    it("reproduces the query canonicalisation vector", () => {
        const query: Array<[string, string]> = [
            ["per_page", "10"],
            ["sortBy", "status"],
            ["search_content", "a b/c"],
            ["status", ""],
        ];
        expect(canonicalQueryString(query)).to.equal("per_page=10&search_content=a%20b%2Fc&sortBy=status&status=");
        const search = query.map(([k, v]) => `${encodeRfc3986(k)}=${encodeRfc3986(v)}`).join("&");
        const headers = sign("GET", `https://h.example.com/v1/p/visualization-jobs?${search}`, {}, "20240101T000000Z", { accessKey: "AK", secretKey: "SK" });
        const auth = parseAuthorization(headers["authorization"])!;
        expect(auth.signedHeaders.join(";")).to.equal("host;x-sdk-date");
        expect(auth.signature).to.equal("09978a799300d79fa62e95b2f37f3bae50c584e3d9778b2d2b5e8a28daed816f");
    });

    it("sorts repeated query names by value and uppercase names first", () => {
        expect(canonicalQueryString([["b", "2"], ["a", "z"], ["B", "1"], ["a", "y"]])).to.equal("B=1&a=y&a=z&b=2");
    });

    it("signs X-Security-Token with temporary credentials", () => {
        const permanent = sign("GET", "https://h.example.com/v1/p/x", {}, "20240101T000000Z", { accessKey: "AK", secretKey: "SK" });
        const temporary = sign("GET", "https://h.example.com/v1/p/x", {}, "20240101T000000Z", { accessKey: "AK", secretKey: "SK", securityToken: "sts" });
        expect(temporary["x-security-token"]).to.equal("sts");
        expect(parseAuthorization(temporary["authorization"])!.signedHeaders).to.deep.equal(["host", "x-sdk-date", "x-security-token"]);
        expect(parseAuthorization(temporary["authorization"])!.signature).to.not.equal(parseAuthorization(permanent["authorization"])!.signature);
    });

    it("canonicalises a path with and without a trailing slash alike (API §6.18)", () => {
        expect(canonicalUri("/v1/p/visualization-jobs/10/stop")).to.equal("/v1/p/visualization-jobs/10/stop/");
        expect(canonicalUri("/v1/p/visualization-jobs/10/stop/")).to.equal("/v1/p/visualization-jobs/10/stop/");
        const a = sign("POST", "https://h.example.com/v1/p/visualization-jobs/10/stop", {}, "20240101T000000Z", { accessKey: "AK", secretKey: "SK" });
        const b = sign("POST", "https://h.example.com/v1/p/visualization-jobs/10/stop/", {}, "20240101T000000Z", { accessKey: "AK", secretKey: "SK" });
        expect(a["authorization"]).to.equal(b["authorization"]);
    });

    const encodings: Array<[string, string]> = [
        ["AZaz09-_.~", "AZaz09-_.~"],
        ["a b", "a%20b"],
        ["a+b", "a%2Bb"],
        ["!'()*", "%21%27%28%29%2A"],
        ["/", "%2F"],
        ["é", "%C3%A9"],
    ];
    for (const [raw, encoded] of encodings) {
        it(`encodes ${JSON.stringify(raw)} as ${encoded} (RFC 3986, uppercase hex)`, () => {
            expect(encodeRfc3986(raw)).to.equal(encoded);
        });
    }

    it("decodes then re-encodes path segments, so %2f and / in a segment agree", () => {
        expect(canonicalUri("/v1/a%2fb/c d")).to.equal("/v1/a%2Fb/c%20d/");
    });

    it("formats and parses X-Sdk-Date", () => {
        const date = new Date(Date.UTC(2019, 10, 15, 3, 36, 55, 789));
        expect(formatSdkDate(date)).to.equal("20191115T033655Z");
        expect(parseSdkDate("20191115T033655Z")!.getTime()).to.equal(Date.UTC(2019, 10, 15, 3, 36, 55));
        expect(parseSdkDate("2019-11-15T03:36:55Z")).to.equal(undefined);
    });

    it("omits the default port from Host and keeps another", () => {
        expect(sign("GET", "https://h.example.com:443/x", {}, "20240101T000000Z", { accessKey: "AK", secretKey: "SK" })["host"]).to.equal("h.example.com");
        expect(sign("GET", "http://127.0.0.1:4010/x", {}, "20240101T000000Z", { accessKey: "AK", secretKey: "SK" })["host"]).to.equal("127.0.0.1:4010");
    });
});
