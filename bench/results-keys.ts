// Keys every bench/results.json holds. Kept apart from run.ts so the smoke test can check a
// results file without loading the bench (the provider's dist/, Pulumi's SDK).
export const REQUIRED_KEYS = [
    "overhead_p50_ms",
    "overhead_p95_ms",
    "baseline_overhead_p50_ms",
    "gets_per_create",
    "scale_100_wall_ms",
    "scale_100_slowest_start_ms",
    "scale_100_failures",
    "provider_bytes",
    "host_cold_start_ms",
] as const;
