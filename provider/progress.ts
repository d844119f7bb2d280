// Progress lines while a job starts, stops or goes away. They go to stdout, which the Pulumi CLI
// shows next to the resource (Pulumi §4: pulumi.log has no engine connection in the host).
import { JobObservation } from "./job-watch";
import { statusName } from "./job-status";

/** While the status stays the same, repeat the line this often so a long wait is visibly alive. */
const HEARTBEAT_MS = 15_000;

export class ProgressReporter {
    private lastStatus?: number;
    private lastLineMs = 0;

    constructor(
        private readonly jobName: string,
        private readonly jobId: string,
        private readonly startedMs: number,
        private readonly now: () => number = Date.now,
        private readonly write: (line: string) => void = (line) => console.log(line),
    ) {}

    /** Prints `[modelarts] vis-1 (job 42): JOBSTAT_WAITING, 3.2 s`. */
    line(what: string): void {
        this.lastLineMs = this.now();
        const seconds = ((this.lastLineMs - this.startedMs) / 1000).toFixed(1);
        this.write(`[modelarts] ${this.jobName} (job ${this.jobId}): ${what}, ${seconds} s`);
    }

    /**
     * Prints a line when the status changes, and a heartbeat while it does not. `event` names what
     * just happened to the job, e.g. "created".
     */
    observe(observation: JobObservation, event?: string): void {
        const status = observation.gone ? -1 : observation.job.status;
        if (event || status !== this.lastStatus || this.now() - this.lastLineMs >= HEARTBEAT_MS) {
            this.lastStatus = status;
            const what = observation.gone ? "gone" : statusName(status);
            this.line(event ? `${event}, ${what}` : what);
        }
    }
}
