// The HTML page behind a job's service_url on the emulator: a stand-in for the hosted TensorBoard /
// MindInsight console page (API §2.3, §6.16). It shows the job and the API requests the emulator
// received for it, and refreshes itself every second so a starting job visibly reaches RUNNING.
// Needs no auth. Pure rendering: server.ts supplies the job and the log entries.
import { statusName } from "../provider/job-status";
import { RequestLogEntry } from "./request-log";
import { JobRecord } from "./store";

/** Requests shown on the page, newest first. */
export const RECENT_REQUESTS_SHOWN = 20;

/** What the page shows about a job. */
export interface ServicePageModel {
    job: JobRecord;
    /** True once deletion has completed; the page then answers 404. */
    gone: boolean;
    /** `remaining_duration` in ms, or null without auto-stop. */
    remainingMs: number | null;
    /** The job's API requests, oldest first. */
    requests: RequestLogEntry[];
}

/** Renders the page: 200 with the job, or 404 for an unknown or deleted job. */
export function renderServicePage(model: ServicePageModel | undefined, jobId: string): { status: number; html: string } {
    if (!model || model.gone) {
        return {
            status: 404,
            html: page(`Job ${jobId} not found`, "",
                `<h1>Visualization job ${esc(jobId)} not found</h1><p>No such job on this emulator, or it has been deleted.</p>`),
        };
    }
    const { job } = model;
    const rows = model.requests.slice(-RECENT_REQUESTS_SHOWN).reverse().map((r) =>
        `<tr><td>${esc(new Date(r.timeMs).toISOString())}</td><td>${esc(r.method)}</td><td>${esc(r.path)}</td>` +
        `<td>${r.status === null ? "dropped" : r.status}</td><td>${esc(r.errorCode ?? r.fault ?? "")}</td></tr>`).join("\n");
    const body = `<h1>${esc(job.jobName)}</h1>
<dl>
<dt>Job id</dt><dd id="job-id">${job.jobId}</dd>
<dt>Status</dt><dd id="status">${job.status} ${esc(statusName(job.status))}</dd>
<dt>Type</dt><dd id="job-type">${esc(job.jobType)}</dd>
<dt>train_url</dt><dd id="train-url">${esc(job.trainUrl)}</dd>
<dt>Description</dt><dd>${esc(job.jobDesc)}</dd>
<dt>Auto-stop in</dt><dd id="auto-stop">${formatRemaining(model.remainingMs)}</dd>
</dl>
<h2>Recent API requests for this job</h2>
<table><thead><tr><th>Time</th><th>Method</th><th>Path</th><th>Status</th><th>Error / fault</th></tr></thead>
<tbody>
${rows || `<tr><td colspan="5">none</td></tr>`}
</tbody></table>`;
    return { status: 200, html: page(`${job.jobName} (${statusName(job.status)})`, `<meta http-equiv="refresh" content="1">`, body) };
}

function formatRemaining(ms: number | null): string {
    if (ms === null) {
        return "no auto-stop";
    }
    const totalS = Math.round(ms / 1000);
    const h = Math.floor(totalS / 3600);
    const m = Math.floor((totalS % 3600) / 60);
    const s = totalS % 60;
    return `${h}h ${m}m ${s}s (${ms} ms)`;
}

function page(title: string, head: string, body: string): string {
    return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">${head}<title>${esc(title)}</title>
<style>body{font-family:sans-serif;margin:2em}dt{font-weight:bold}td,th{padding:2px 8px;text-align:left}</style>
</head><body>
<p><em>ModelArts emulator: visualization job page</em></p>
${body}
</body></html>
`;
}

function esc(s: string): string {
    return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
