// The dependency rules of the layout: everything provider/ reaches may run inside Pulumi's
// dynamic-provider host, and the runtime must load without the SDK; the emulator shares only the
// provider's pure modules.
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");

function importsOf(dir: string): Array<{ file: string; module: string }> {
    return fs
        .readdirSync(path.join(ROOT, dir))
        .filter((name) => name.endsWith(".ts"))
        .flatMap((name) => {
            const text = fs.readFileSync(path.join(ROOT, dir, name), "utf8");
            return [...text.matchAll(/^(?:import|export)\b[^;]*?from "([^"]+)";/gms)].map((m) => ({ file: `${dir}/${name}`, module: m[1] }));
        });
}

describe("layout", () => {
    it("provider/ imports only Node built-ins, node-fetch, @pulumi/pulumi and itself", () => {
        const outside = importsOf("provider").filter(({ module }) => !module.startsWith("./") && !["node-fetch", "@pulumi/pulumi", "crypto", "http", "https", "path", "module"].includes(module));
        expect(outside).to.deep.equal([]);
    });

    it("only the resource and the stub's types touch @pulumi/pulumi, so the runtime loads without it", () => {
        const users = importsOf("provider").filter(({ module }) => module === "@pulumi/pulumi").map(({ file }) => file);
        expect(users).to.have.members(["provider/resource.ts", "provider/provider-stub.ts"]);
        const stub = fs.readFileSync(path.join(ROOT, "provider/provider-stub.ts"), "utf8");
        expect(stub).to.match(/^import type \* as pulumi from "@pulumi\/pulumi";$/m);
    });

    it("the emulator imports from provider/ only its pure modules", () => {
        const fromProvider = importsOf("emulator").filter(({ module }) => module.startsWith("../provider/")).map(({ module }) => module);
        expect([...new Set(fromProvider)]).to.satisfy((modules: string[]) =>
            modules.every((m) => ["../provider/signer", "../provider/types", "../provider/job-status", "../provider/clock"].includes(m)),
        );
    });
});
