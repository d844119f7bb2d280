// Rejected credentials: one request, no retry (five bad signatures lock the AK, API §6.20), and an
// error that says how to fix the credentials.
import { expect } from "chai";
import { DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY } from "../../emulator/defaults";
import { VisualizationJob } from "../../provider";
import { figuresOf, report, SHORT_TIMINGS, useResources } from "./harness";

const GOOD_TOKEN = "MIIgood-iam-token-0123456789";
const EXPIRED_TOKEN = "MIIexpired-iam-token-0123456789";

const CASES = [
    {
        title: "a wrong secret key",
        config: { "modelarts:secretKey": "wrong-secret-key-000000" },
        code: "APIG.0301",
        fix: /modelarts:secretKey/,
    },
    {
        title: "an expired IAM token",
        config: { "modelarts:accessKey": undefined, "modelarts:secretKey": undefined, "modelarts:authToken": EXPIRED_TOKEN },
        code: "ModelArts.0202",
        fix: /modelarts:authToken/,
    },
    {
        title: "an invalid IAM token",
        config: { "modelarts:accessKey": undefined, "modelarts:secretKey": undefined, "modelarts:authToken": "MIIbogus-token-0123456789" },
        code: "APIG.0301",
        fix: /modelarts:authToken/,
    },
];

describe("faults: rejected credentials", function () {
    this.timeout(20_000);
    const resources = useResources();

    for (const c of CASES) {
        it(`sends ${c.title} exactly once and says how to fix the credentials`, async () => {
            const emu = await resources.emulator({
                ...SHORT_TIMINGS,
                auth: { accessKey: DEFAULT_ACCESS_KEY, secretKey: DEFAULT_SECRET_KEY, token: GOOD_TOKEN, expiredToken: EXPIRED_TOKEN },
            });
            const { engine } = await resources.engine(emu, { config: c.config, secretKeys: ["modelarts:secretKey", "modelarts:authToken"] });
            const result = await engine.up(() => {
                new VisualizationJob("auth", { jobName: "auth", trainUrl: "/bucket/auth/" });
                return {};
            });
            const stats = emu.stats();
            report(`auth: ${c.title}`, figuresOf(emu, [engine]), { status401: stats.requests.byStatus["401"] ?? 0, error: result.errors[0]?.message });
            expect(result.errors).to.have.length(1);
            expect(stats.requests.total, "requests sent").to.equal(1);
            expect(stats.authFailures).to.equal(1);
            const [entry] = emu.requestLog.query();
            expect(entry).to.include({ status: 401, errorCode: c.code, route: "create" });
            const message = result.errors[0].message;
            expect(message).to.include(c.code);
            expect(message).to.match(c.fix);
            expect(engine.state.size, "nothing was created").to.equal(0);
            expect(emu.store.all()).to.have.length(0);
        });
    }
});
