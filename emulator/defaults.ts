// Shared defaults of the local ModelArts emulator. The demo, the benchmarks and the tests import these
// so that a client configured "for the emulator" and the emulator itself agree without copying values.
// None of these credentials is real: they exist only so that signing can be exercised end to end.

/** Project id the emulator serves when none is configured (32 hex characters, like a real one). */
export const DEFAULT_PROJECT_ID = "0123456789abcdef0123456789abcdef";

/** Access key (AK) the emulator accepts by default. Not a real credential. */
export const DEFAULT_ACCESS_KEY = "EMULATORAKEXAMPLE0001";

/** Secret key (SK) paired with {@link DEFAULT_ACCESS_KEY}. Not a real credential. */
export const DEFAULT_SECRET_KEY = "emulator-secret-key-example";

/** Interface the emulator binds when none is configured: loopback only. */
export const DEFAULT_HOST = "127.0.0.1";

/** Time from create (or restart) to RUNNING; the job is WAITING from half of it (API §3). */
export const DEFAULT_STARTUP_MS = 3000;

/** Time a job spends KILLING (9) before it is KILLED (12). */
export const DEFAULT_STOP_MS = 1000;

/** Time a deleted job stays visible before list and details stop showing it (delete is async, API §2.5). */
export const DEFAULT_DELETE_MS = 1000;

/** Emulated hours and minutes last `real / timeScale`; 1 means real time. */
export const DEFAULT_TIME_SCALE = 1;

/** Seed of the fault PRNG, so that error and drop rates are reproducible by default. */
export const DEFAULT_SEED = 1;

/** Length of an emulated hour at time scale 1. */
export const HOUR_MS = 3_600_000;

/** Running-job cap reported as `quotas` in the list answer (API §2.2 example). */
export const QUOTA_RUNNING_JOBS = 100;

/** Total jobs a project may hold; `job_count_limit` is this minus the existing jobs (API §6.14). */
export const QUOTA_TOTAL_JOBS = 1000;

/**
 * The stack config (the provider's `modelarts:*` keys) that points VisualizationJob at an emulator
 * at `url` serving the default project with the default credentials.
 */
export function emulatorStackConfig(url: string): Record<string, string> {
    return {
        "modelarts:endpoint": url,
        "modelarts:projectId": DEFAULT_PROJECT_ID,
        "modelarts:accessKey": DEFAULT_ACCESS_KEY,
        "modelarts:secretKey": DEFAULT_SECRET_KEY,
    };
}
