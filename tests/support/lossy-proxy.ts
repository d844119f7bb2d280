// A loopback HTTP proxy that passes requests to a target and loses chosen answers: the request
// reaches the target and takes effect, then the client's connection is destroyed before any
// answer. It makes "the create succeeded but its answer never arrived" happen exactly once.
import * as http from "http";
import { AddressInfo } from "net";

export interface LossyProxy {
    url: string;
    /** How many answers were lost so far. */
    readonly lost: number;
    close(): Promise<void>;
}

/** Starts the proxy; `loseAnswer` decides per request (method, path) whether its answer is lost. */
export async function startLossyProxy(targetUrl: string, loseAnswer: (method: string, path: string) => boolean): Promise<LossyProxy> {
    const target = new URL(targetUrl);
    let lost = 0;
    const server = http.createServer((req, res) => {
        const upstream = http.request(
            { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
            (answer) => {
                if (loseAnswer(req.method ?? "", req.url ?? "")) {
                    lost++;
                    answer.resume();
                    answer.on("end", () => req.socket.destroy());
                    return;
                }
                res.writeHead(answer.statusCode ?? 502, answer.headers);
                answer.pipe(res);
            },
        );
        upstream.on("error", () => res.destroy());
        req.pipe(upstream);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return {
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        get lost() {
            return lost;
        },
        close: () =>
            new Promise<void>((resolve) => {
                server.closeAllConnections();
                server.close(() => resolve());
            }),
    };
}
