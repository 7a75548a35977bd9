// The jobs dashboard (/admin/jobs): pools, tasks, throughput, failed/running/waiting jobs, the
// exits to YouTube (each with its circuit breaker) and the Data API quota. The live part polls
// itself every 2 s; every button is a plain form POST that redirects back here with a notice.
import { html } from 'hono/html';
import type {
  ClientSuccess, JobRow, JobState, MinuteThroughput, PoolSummary, QuotaState, TaskCounts,
} from '../src/admin/queries.ts';
import type { Html } from './layout.ts';
import { localTime } from './local-time.ts';
import { doctorCard } from './admin-doctor.ts';
import { exitsStatus, type ExitsView } from './transcript-exits.ts';
import type { DoctorReport } from '../src/admin/doctor.ts';

export type JobsNotice =
  | { readonly kind: 'retried' | 'deleted' | 'ran' | 'unchanged'; readonly job: string }
  | { readonly kind: 'paused' | 'resumed'; readonly pool: string };

export interface JobsDashboard {
  readonly pools: ReadonlyArray<PoolSummary>;
  readonly tasks: ReadonlyArray<TaskCounts>;
  readonly throughput: ReadonlyArray<MinuteThroughput>;
  readonly failed: JobListing;
  readonly running: JobListing;
  readonly waiting: JobListing;
  readonly exits: ExitsView;
  readonly quota: QuotaState;
  readonly clients: ReadonlyArray<ClientSuccess>;
}

export interface JobListing {
  readonly jobs: ReadonlyArray<JobRow>;
  readonly total: number;
}

const utcTime = (d: Date) => `${d.toISOString().slice(11, 19)} UTC`;
const timeTag = (d: Date) => localTime(d, 'time');
const number = new Intl.NumberFormat('en');
/** Long stack traces stay out of the table; the first line says what went wrong. */
const firstLine = (error: string) => {
  const line = error.split('\n', 1)[0]!;
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
};

function noticeText(notice: JobsNotice): string {
  switch (notice.kind) {
    case 'retried': return `Job ${notice.job} will run again, with its attempts reset.`;
    case 'deleted': return `Job ${notice.job} was deleted.`;
    case 'ran': return `Job ${notice.job} is due now; a worker will take it shortly.`;
    case 'unchanged': return `Job ${notice.job} is running or no longer exists, so nothing was changed.`;
    case 'paused': return `Pool ${notice.pool} is paused: workers finish the jobs they hold and start no new ones.`;
    case 'resumed': return `Pool ${notice.pool} is running again.`;
  }
}

function jobButton(id: string, action: 'retry' | 'run' | 'delete', label: string): Html {
  return html`<form method="post" action="/admin/jobs/${id}/${action}" class="inline"><button type="submit" class="${action === 'delete' ? 'danger' : ''}">${label}<span class="visually-hidden"> job ${id}</span></button></form>`;
}

function poolButton(pool: PoolSummary): Html {
  const action = pool.pause ? 'resume' : 'pause';
  return html`<form method="post" action="/admin/pools/${pool.pool}/${action}" class="inline"><button type="submit" class="${pool.pause ? '' : 'secondary'}">${pool.pause ? 'Resume' : 'Pause'}<span class="visually-hidden"> pool ${pool.pool}</span></button></form>`;
}

function poolState(pool: PoolSummary): Html {
  if (pool.pause) {
    const stopping = pool.workers > 0 ? html` · <span data-stopping>${pool.workers} worker${pool.workers === 1 ? '' : 's'} finishing running jobs</span>` : '';
    return html`<strong>Paused</strong> <span class="muted">since ${timeTag(pool.pause.pausedAt)} by ${pool.pause.pausedBy}</span>${stopping}`;
  }
  if (pool.workers === 0) return html`<span class="alert">No worker runs this pool</span>`;
  return html`Running in ${pool.workers} worker process${pool.workers === 1 ? '' : 'es'}`;
}

const stateCells = (counts: Readonly<Record<JobState, number>>) =>
  html`<td data-state="queued" data-label="Queued">${number.format(counts.queued)}</td><td data-state="scheduled" data-label="Scheduled">${number.format(counts.scheduled)}</td><td data-state="running" data-label="Running">${number.format(counts.running)}</td><td data-state="failed" data-label="Failed">${number.format(counts.failed)}</td>`;

function poolsTable(pools: ReadonlyArray<PoolSummary>): Html {
  return html`<table id="pools">
    <caption>Pools</caption>
    <thead><tr><th>Pool</th><th>State</th><th>Queued</th><th>Scheduled</th><th>Running</th><th>Failed</th><th>Completed (15 min)</th><th></th></tr></thead>
    <tbody>${pools.map((p) => html`<tr data-pool="${p.pool}" data-paused="${p.pause ? 'true' : 'false'}">
      <th scope="row">${p.pool}</th><td>${poolState(p)}</td>${stateCells(p.counts)}<td data-label="Completed (15 min)">${number.format(p.completed15m)}</td>
      <td>${p.pool.startsWith('(') ? '' : poolButton(p)}</td>
    </tr>`)}</tbody>
  </table>`;
}

function tasksTable(tasks: ReadonlyArray<TaskCounts>): Html {
  return html`<table id="tasks">
    <caption>Tasks</caption>
    <thead><tr><th>Task</th><th>Pool</th><th>Queued</th><th>Scheduled</th><th>Running</th><th>Failed</th><th>Completed (15 min)</th><th>Errors (15 min)</th></tr></thead>
    <tbody>${tasks.map((t) => html`<tr data-task="${t.task}">
      <th scope="row">${t.task}</th><td data-label="Pool">${t.pool}</td>${stateCells(t.counts)}<td data-label="Completed (15 min)">${number.format(t.completed15m)}</td><td data-label="Errors (15 min)">${number.format(t.errored15m + t.failed15m)}</td>
    </tr>`)}</tbody>
  </table>`;
}

const BAR_W = 24;
const CHART_H = 80;

/** Fifteen bars, one a minute, drawn on the server with presentation attributes only (the CSP forbids inline styles). */
function throughputChart(minutes: ReadonlyArray<MinuteThroughput>): Html {
  const completed = minutes.reduce((n, m) => n + m.completed, 0);
  const failed = minutes.reduce((n, m) => n + m.failed, 0);
  const max = Math.max(1, ...minutes.map((m) => m.completed + m.failed));
  const height = (n: number) => Math.round((n / max) * (CHART_H - 4));
  const summary = `${number.format(completed)} jobs completed and ${number.format(failed)} failed in the last 15 minutes (${(completed / 15).toFixed(1)} a minute)`;
  const last = minutes.at(-1);
  return html`<figure id="throughput" class="stats-chart" data-completed="${completed}" data-failed="${failed}">
    <figcaption>Throughput: ${summary}</figcaption>
    <svg viewBox="0 0 ${minutes.length * BAR_W} ${CHART_H}" width="${minutes.length * BAR_W * 1.5}" height="${CHART_H * 1.5}" role="img" aria-label="${summary}">
      ${minutes.map((m, i) => {
        const ok = height(m.completed);
        const bad = height(m.failed);
        return html`<g><title>${utcTime(m.minute).slice(0, 5)}: ${m.completed} completed, ${m.failed} failed</title>
          <rect x="${i * BAR_W + 2}" y="${CHART_H - ok}" width="${BAR_W - 4}" height="${ok}" fill="#1e6b34"></rect>
          <rect x="${i * BAR_W + 2}" y="${CHART_H - ok - bad}" width="${BAR_W - 4}" height="${bad}" fill="#c4302b"></rect></g>`;
      })}
      <line x1="0" y1="${CHART_H - 0.5}" x2="${minutes.length * BAR_W}" y2="${CHART_H - 0.5}" stroke="#888"></line>
    </svg>
    ${last ? html`<p class="muted">Per minute, ${localTime(minutes[0]!.minute, 'time')} to ${localTime(last.minute, 'time')} (the last bar is the current minute); green completed, red failed.</p>` : ''}
  </figure>`;
}

function jobsTable(id: string, caption: string, listing: JobListing, columns: 'failed' | 'running' | 'waiting'): Html {
  if (listing.total === 0) return html`<section id="${id}"><h2>${caption}</h2><p class="muted empty">None.</p></section>`;
  const more = listing.total > listing.jobs.length ? html`<p class="muted">Showing ${number.format(listing.jobs.length)} of ${number.format(listing.total)}.</p>` : '';
  return html`<section id="${id}"><h2>${caption} <span class="count">(${number.format(listing.total)})</span></h2>
    <table>
      <thead><tr><th>Job</th><th>Task</th><th>Pool</th><th>Attempts</th>${columns === 'failed' ? html`<th>Last error</th>` : ''}<th>${columns === 'running' ? 'Started' : 'Runs at'}</th><th>Key</th><th></th></tr></thead>
      <tbody>${listing.jobs.map((j) => html`<tr data-job="${j.id}" data-state="${j.state}">
        <td data-label="Job">${j.id}</td><td data-label="Task">${j.task}</td><td data-label="Pool">${j.pool}</td><td data-label="Attempts">${j.attempts} of ${j.maxAttempts}</td>
        ${columns === 'failed' ? html`<td>${j.state === 'failed' ? html`<strong>Failed</strong>` : html`<strong>Retrying</strong>`}: ${j.lastError ? firstLine(j.lastError) : ''}</td>` : ''}
        <td data-label="${columns === 'running' ? 'Started' : 'Runs at'}">${columns === 'running' && j.lockedAt ? timeTag(j.lockedAt) : timeTag(j.runAt)}</td>
        <td ${j.key ? html`data-label="Key"` : ''}>${j.key ?? ''}</td>
        <td>${columns === 'failed' ? html`${jobButton(j.id, 'retry', 'Retry')} ${jobButton(j.id, 'delete', 'Delete')}` : ''}
          ${columns === 'waiting' ? html`${j.state === 'scheduled' ? jobButton(j.id, 'run', 'Run now') : ''} ${jobButton(j.id, 'delete', 'Delete')}` : ''}</td>
      </tr>`)}</tbody>
    </table>${more}</section>`;
}

function quotaLine(quota: QuotaState): Html {
  const percent = Math.min(100, Math.round((quota.used / quota.limit) * 100));
  return html`<p id="quota" data-used="${quota.used}" data-limit="${quota.limit}">Data API quota on ${quota.day} (Pacific): <strong>${number.format(quota.used)}</strong> of ${number.format(quota.limit)} units (${percent}%)
    <meter min="0" max="${quota.limit}" high="${quota.limit * 0.9}" value="${quota.used}">${percent}%</meter></p>`;
}

function clientsTable(clients: ReadonlyArray<ClientSuccess>): Html {
  const total = clients.reduce((n, c) => n + c.last24h, 0);
  return html`<table id="transcript-clients">
    <caption>Transcripts by client, last 24 hours</caption>
    <thead><tr><th>Client</th><th>Transcripts</th><th>Share</th></tr></thead>
    <tbody>${clients.map((c) => html`<tr data-client="${c.client}" data-count="${c.last24h}">
      <th scope="row">${c.client === 'WEB' ? 'WEB (watch page)' : c.client}${c.configured ? '' : html` <span class="muted">(no longer configured)</span>`}</th>
      <td>${number.format(c.last24h)}</td><td>${total === 0 ? '–' : `${Math.round((c.last24h / total) * 100)}%`}</td>
    </tr>`)}</tbody>
  </table>
  <p class="muted">Clients are asked in the order of TRANSCRIPT_CLIENTS, the watch page last. A client that brings nothing while others do
    has probably been retired by YouTube: put a newer version in TRANSCRIPT_CLIENTS.</p>`;
}

/** The part that refreshes itself every 2 s while the page is open. */
export function jobsDashboardLive(d: JobsDashboard): Html {
  return html`<div id="jobs-live" hx-get="/admin/jobs/live" hx-trigger="every 2s" hx-swap="outerHTML">
    ${exitsStatus(d.exits)}
    ${quotaLine(d.quota)}
    ${poolsTable(d.pools)}
    ${throughputChart(d.throughput)}
    ${tasksTable(d.tasks)}
    ${clientsTable(d.clients)}
    ${jobsTable('failed-jobs', 'Failed and retrying jobs', d.failed, 'failed')}
    ${jobsTable('running-jobs', 'Running jobs', d.running, 'running')}
    ${jobsTable('waiting-jobs', 'Next waiting jobs', d.waiting, 'waiting')}
  </div>`;
}

export function jobsDashboardPage(d: JobsDashboard, notice: JobsNotice | undefined, doctor?: DoctorReport): Html {
  return html`<section class="jobs-dashboard">
    <header class="page-head"><h1>Jobs</h1></header>
    ${notice ? html`<p class="notice" role="status">${noticeText(notice)}</p>` : ''}
    <p class="muted">Queued jobs are due and waiting for a worker; scheduled ones wait for their time (a retry's backoff, a benched exit);
      failed ones used up their attempts and stay until retried or deleted. Pausing a pool lets its running jobs finish and starts no new ones,
      in every worker process, until it is resumed. Deleting a transcript job leaves its video pending in its run.</p>
    ${jobsDashboardLive(d)}
    ${doctorCard(doctor)}
  </section>`;
}
