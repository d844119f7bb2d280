// The bench's arithmetic and its committed results, checked without timing anything: timing is
// for `npm run bench`, never for `npm test`.
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { REQUIRED_KEYS } from "../bench/results-keys";
import { mean, percentile, summarize } from "../bench/stats";

describe("bench", () => {
    it("interpolates percentiles between ranks like numpy's default", () => {
        const values = [15, 20, 35, 40, 50];
        expect(percentile(values, 0)).to.equal(15);
        expect(percentile(values, 50)).to.equal(35);
        expect(percentile(values, 100)).to.equal(50);
        expect(percentile(values, 40)).to.be.closeTo(29, 1e-9);
        expect(percentile(values, 95)).to.be.closeTo(48, 1e-9);
        expect(percentile([3, 1, 2], 50)).to.equal(2); // unsorted input
        expect(percentile([], 50)).to.be.NaN;
        expect(() => percentile(values, 101)).to.throw();
    });

    it("summarizes without mutating its input", () => {
        const values = [4, 1, 3, 2];
        const summary = summarize(values);
        expect(values).to.deep.equal([4, 1, 3, 2]);
        expect(summary).to.include({ n: 4, min: 1, max: 4, p50: 2.5 });
        expect(mean(values)).to.equal(2.5);
    });

    it("has committed results with every required key", function () {
        const file = path.join(__dirname, "..", "bench", "results.json");
        if (!fs.existsSync(file)) {
            this.skip();
        }
        const results = JSON.parse(fs.readFileSync(file, "utf8"));
        for (const key of REQUIRED_KEYS) {
            expect(results, key).to.have.property(key).that.is.a("number");
        }
    });
});
