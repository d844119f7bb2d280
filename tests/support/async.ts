// Waiting in tests: for a condition with a deadline (never a fixed sleep), and for a rejection.

/**
 * Resolves with the first value `check` returns other than undefined, polling every 10 ms; a
 * `check` that throws is tried again. Fails after `deadlineMs`, naming `description` and the last
 * error.
 */
export async function eventually<T>(description: string, check: () => T | undefined | Promise<T | undefined>, deadlineMs = 10_000): Promise<T> {
    const end = Date.now() + deadlineMs;
    let lastError: unknown;
    for (;;) {
        try {
            const value = await check();
            if (value !== undefined) {
                return value;
            }
        } catch (error) {
            lastError = error;
        }
        if (Date.now() > end) {
            throw new Error(`timed out after ${deadlineMs} ms waiting for ${description}${lastError ? `: ${String(lastError)}` : ""}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
    }
}

/** The error a promise rejects with; fails the test if it resolves. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function rejectionOf(promise: Promise<unknown>): Promise<any> {
    try {
        await promise;
    } catch (error) {
        return error;
    }
    throw new Error("expected a rejection, got a result");
}
