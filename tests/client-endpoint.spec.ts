// Endpoints per region (API §1) and the rules an endpoint URL must follow.
import { expect } from "chai";
import { checkEndpoint, endpointForRegion } from "../provider/endpoint";

describe("endpoints", () => {
    const regions: Array<[string, string]> = [
        ["cn-north-4", "https://modelarts.cn-north-4.myhuaweicloud.com"],
        ["cn-southwest-2", "https://modelarts.cn-southwest-2.myhuaweicloud.com"],
        ["ap-southeast-3", "https://modelarts.ap-southeast-3.myhuaweicloud.com"],
        ["ap-southeast-1", "https://modelarts.ap-southeast-1.myhuaweicloud.cn"],
        ["sa-brazil-1", "https://modelarts.sa-brazil-1.myhuaweicloud.com"],
    ];
    for (const [region, endpoint] of regions) {
        it(`maps ${region} to ${endpoint}`, () => {
            expect(endpointForRegion(region)).to.equal(endpoint);
        });
    }

    for (const region of ["", "CN-NORTH-4", "cn-north-4.evil.com", "cn north 4", "../x"]) {
        it(`rejects the region id ${JSON.stringify(region)}`, () => {
            expect(() => endpointForRegion(region)).to.throw(Error, /not a Huawei Cloud region id/);
        });
    }

    const accepted = [
        "https://modelarts.cn-north-4.myhuaweicloud.com",
        "https://modelarts.cn-north-4.myhuaweicloud.com/",
        "https://example.com:8443",
        "http://127.0.0.1:4010",
        "http://127.3.2.1",
        "http://localhost:4010",
        "http://[::1]:4010",
    ];
    for (const url of accepted) {
        it(`accepts ${url}`, () => {
            expect(checkEndpoint(url).pathname).to.equal("/");
        });
    }

    const rejected: Array<[string, RegExp]> = [
        ["http://modelarts.cn-north-4.myhuaweicloud.com", /not a loopback host/],
        ["http://10.0.0.1:4010", /not a loopback host/],
        ["http://127.0.0.1.example.com", /not a loopback host/],
        ["ftp://127.0.0.1", /must use https/],
        ["https://user:hunter2@example.com", /must not contain credentials/],
        ["https://example.com/v1/pid", /no path, query or fragment/],
        ["https://example.com?x=1", /no path, query or fragment/],
        ["https://example.com/#frag", /no path, query or fragment/],
        ["modelarts.cn-north-4.myhuaweicloud.com", /not a URL/],
    ];
    for (const [url, message] of rejected) {
        it(`rejects ${url}`, () => {
            expect(() => checkEndpoint(url)).to.throw(Error, message);
        });
    }

    it("does not repeat a password from a rejected URL", () => {
        expect(() => checkEndpoint("https://user:hunter2@example.com")).to.throw(Error).that.satisfies((err: Error) => !err.message.includes("hunter2"));
    });
});
