// Headers as they reach a real socket (node-fetch adds some after signing): Content-Length only on
// requests with a body (API §1), and the signed Host matching the one sent.
import { expect } from "chai";
import * as http from "http";
import { AddressInfo } from "net";
import { VisualizationJobClient } from "../provider/client";

interface Seen {
    method: string;
    url: string;
    headers: http.IncomingHttpHeaders;
}

describe("client on the wire", () => {
    let server: http.Server;
    let seen: Seen[];
    let endpoint: string;

    beforeEach(async () => {
        seen = [];
        server = http.createServer((req, res) => {
            req.resume();
            req.on("end", () => {
                seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers });
                res.writeHead(200, { "Content-Type": "application/json" });
                res.end(JSON.stringify({ is_success: true, job_total_count: 0, jobs: [], job_id: "1", job_name: "w", status: "1" }));
            });
        });
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });

    afterEach(async () => {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    it("sends Content-Length on POST and PUT but not on GET and DELETE", async () => {
        const client = new VisualizationJobClient({ endpoint, projectId: "p", auth: { kind: "aksk", accessKey: "AK", secretKey: "SK" } });
        await client.listJobs();
        await client.getJob("1");
        await client.deleteJob("1");
        await client.createJob({ job_name: "w", train_url: "/b/" });
        await client.updateJobDescription("1", "d");
        const lengths = seen.map((s) => [s.method, s.headers["content-length"]]);
        expect(lengths).to.deep.equal([
            ["GET", undefined],
            ["GET", undefined],
            ["DELETE", undefined],
            ["POST", String(Buffer.byteLength(JSON.stringify({ job_name: "w", train_url: "/b/" })))],
            ["PUT", String(Buffer.byteLength(JSON.stringify({ job_desc: "d" })))],
        ]);
    });

    it("sends the Host it signed", async () => {
        const client = new VisualizationJobClient({ endpoint, projectId: "p", auth: { kind: "aksk", accessKey: "AK", secretKey: "SK" } });
        await client.listJobs();
        expect(seen[0].headers.host).to.equal(new URL(endpoint).host);
        expect(seen[0].headers.authorization).to.match(/SignedHeaders=content-type;host;x-project-id;x-sdk-date,/);
    });
});
