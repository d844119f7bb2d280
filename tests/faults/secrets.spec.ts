// Secrets: with distinctive credentials, no output, state, `__provider`, error message or log line
// holds the secret key, the security token or the IAM token, and the access key stays out of the
// stack's data.
import { expect } from "chai";
import { VisualizationJob } from "../../provider";
import { serializedProvider } from "../support/provider";
import { figuresOf, report, SHORT_TIMINGS, useResources } from "./harness";

const ACCESS_KEY = "AKFAULTSUITE7Q3ZK9X2";
const SECRET_KEY = "sk-FAULTSUITE-7f3a9c1e-secret";
const SECURITY_TOKEN = "sts-FAULTSUITE-5b2d8e4f-token";
const AUTH_TOKEN = "iam-FAULTSUITE-9c6e1a3b-token";

describe("faults: secrets", function () {
    this.timeout(30_000);
    const resources = useResources();

    it("keeps the secret key, security token and IAM token out of outputs, state, errors and logs", async () => {
        const emulatorLog: string[] = [];
        const emu = await resources.emulator({
            ...SHORT_TIMINGS,
            errorRate: 0.1,
            seed: 99,
            auth: { accessKey: ACCESS_KEY, secretKey: SECRET_KEY, securityToken: SECURITY_TOKEN, token: AUTH_TOKEN },
            failRules: [{ trainUrlContains: "/stuck/", status: 7 }],
            log: (line) => emulatorLog.push(line),
        });
        const { engine, lines } = await resources.engine(emu, {
            config: {
                "modelarts:accessKey": ACCESS_KEY,
                "modelarts:secretKey": SECRET_KEY,
                "modelarts:securityToken": SECURITY_TOKEN,
                "modelarts:authToken": AUTH_TOKEN,
            },
            secretKeys: ["modelarts:secretKey", "modelarts:securityToken", "modelarts:authToken"],
        });
        const program = () => {
            const good = new VisualizationJob("good", { jobName: "good", trainUrl: "/bucket/good/", deletionPolicy: "delete" });
            // A partial failure, and an API refusal (another project: 403), so errors are covered too.
            new VisualizationJob("stuck", { jobName: "stuck", trainUrl: "/bucket/stuck/", timeouts: { create: "1s" }, deletionPolicy: "delete" });
            new VisualizationJob("elsewhere", { jobName: "elsewhere", trainUrl: "/bucket/other/", projectId: "another-project" });
            return { id: good.jobId, url: good.serviceUrl, status: good.status };
        };
        const up = await engine.up(program);
        expect(up.outputs.status, "the signed requests, security token included, were accepted").to.equal(8);
        expect(up.errors.map((e) => e.urn.split("::").pop()).sort()).to.deep.equal(["elsewhere", "stuck"]);
        const stateAfterUp = JSON.stringify([...engine.state.values()]);
        const refreshed = await engine.refresh();
        const stateAfterRefresh = JSON.stringify([...engine.state.values()]);
        const destroyed = await engine.destroy();
        expect(destroyed.errors).to.deep.equal([]);
        const provider = (await serializedProvider()).text;
        const good = JSON.parse(stateAfterUp).find((r: { name: string }) => r.name === "good");
        expect(good.outputs.__provider, "the harness serializes __provider as the SDK does").to.equal(provider);

        const stackData = { outputs: up.outputs, stateAfterUp, stateAfterRefresh, provider, refreshed };
        const everything = {
            ...stackData,
            errors: [...up.errors, ...destroyed.errors].map((e) => e.message),
            hostOutput: lines.join("\n") + engine.host.printed,
            emulatorLog: emulatorLog.join("\n"),
            requestLog: JSON.stringify(emu.requestLog.query()),
        };
        report("secrets", figuresOf(emu, [engine]), {
            searched: Object.values(everything).map((v) => (typeof v === "string" ? v : JSON.stringify(v))).join("").length + " chars",
            errors: up.errors.length,
        });
        for (const [where, value] of Object.entries(everything)) {
            const text = typeof value === "string" ? value : JSON.stringify(value);
            for (const [name, secret] of [["secret key", SECRET_KEY], ["security token", SECURITY_TOKEN], ["IAM token", AUTH_TOKEN]]) {
                expect(text.includes(secret), `${name} in ${where}`).to.equal(false);
            }
        }
        for (const [where, value] of Object.entries(stackData)) {
            expect(JSON.stringify(value).includes(ACCESS_KEY), `access key in ${where}`).to.equal(false);
        }
    });
});
