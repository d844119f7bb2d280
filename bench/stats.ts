// Summary statistics for the bench. Percentiles interpolate linearly between the two nearest
// ranks (numpy's default), so p95 of 24 samples is not simply the second-largest value.

/** The p-th percentile (0–100) of `values`; NaN for an empty list. Does not mutate `values`. */
export function percentile(values: readonly number[], p: number): number {
    if (values.length === 0) {
        return NaN;
    }
    if (!(p >= 0 && p <= 100)) {
        throw new Error(`percentile must be in [0, 100], got ${p}`);
    }
    const sorted = [...values].sort((a, b) => a - b);
    const rank = (p / 100) * (sorted.length - 1);
    const low = Math.floor(rank);
    const high = Math.ceil(rank);
    return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
}

export function median(values: readonly number[]): number {
    return percentile(values, 50);
}

export function mean(values: readonly number[]): number {
    return values.length === 0 ? NaN : values.reduce((sum, v) => sum + v, 0) / values.length;
}

export interface Summary {
    n: number;
    p50: number;
    p95: number;
    min: number;
    max: number;
    mean: number;
}

export function summarize(values: readonly number[]): Summary {
    return {
        n: values.length,
        p50: percentile(values, 50),
        p95: percentile(values, 95),
        min: values.length ? Math.min(...values) : NaN,
        max: values.length ? Math.max(...values) : NaN,
        mean: mean(values),
    };
}

/** Rounds for the report: whole milliseconds hide nothing a benchmark on a shared machine can show. */
export function round(value: number, digits = 0): number {
    const f = 10 ** digits;
    return Math.round(value * f) / f;
}
