// What the demo has started and how to stop it, so that success, failure and Ctrl-C all leave no
// process behind. A signal can arrive while something is still starting: whatever registers after
// the stop began is stopped at once, and the demo is told to give up.

/** The demo was interrupted while it was starting something. */
export class Interrupted extends Error {
    readonly name = "Interrupted";
}

export class Cleanup {
    private readonly stops: Array<() => Promise<void>> = [];
    private stopping = false;
    // Stop runs are chained so that one started by a signal and one started by `finally` never
    // stop two things at once or out of order.
    private chain: Promise<void> = Promise.resolve();

    /** True once {@link stopAll} has been called. */
    get ended(): boolean {
        return this.stopping;
    }

    /**
     * Records something just started. Returns it, or, if the demo is already stopping, stops it and
     * throws {@link Interrupted}.
     */
    async own<T>(thing: T, stop: (thing: T) => Promise<void>): Promise<T> {
        this.stops.push(() => stop(thing));
        if (this.stopping) {
            await this.stopAll();
            throw new Interrupted("interrupted");
        }
        return thing;
    }

    /** Stops everything owned, newest first. Stopping one thing does not depend on another succeeding. */
    stopAll(onError: (error: unknown) => void = () => undefined): Promise<void> {
        this.stopping = true;
        this.chain = this.chain.then(async () => {
            for (let stop = this.stops.pop(); stop; stop = this.stops.pop()) {
                await stop().catch(onError);
            }
        });
        return this.chain;
    }
}
