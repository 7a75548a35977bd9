import { html } from 'hono/html';
import type { OutcomeCounts } from '../src/indexing/outcomes.ts';
import { isFinished, type FailedVideo, type RunProgress } from '../src/indexing/runs.ts';
import { REAL_TRANSCRIPT_RATE } from '../src/config.ts';
import type { Html } from './layout.ts';
import { localTime } from './local-time.ts';
import { exitsStatus, type ExitsView } from './transcript-exits.ts';

const timeOfDay = (d: Date) => localTime(d, 'time');
const number = new Intl.NumberFormat('en');

/** "25 s", "3 min", "1 h 20 min": coarse enough that a countdown never claims more precision than it has. */
export function formatSpan(seconds: number): string {
  if (seconds < 60) return `${Math.max(1, Math.ceil(seconds))} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/**
 * Time left: pending videos over the last minute's throughput (which already includes any pause
 * inside that minute), plus what remains of a pause YouTube imposed now, and never less than the
 * wait for a retry the last videos are due for. Under a minute it says so instead of counting seconds.
 */
export function timeLeft(p: RunProgress, pausedUntil: Date | null, now = new Date()): string {
  if (isFinished(p.status) || p.status === 'paused' || p.pending === 0) return '';
  const pause = pausedUntil ? Math.max(0, (pausedUntil.getTime() - now.getTime()) / 1000) : 0;
  const paused = pause > 0 ? `paused by YouTube, resuming in ${formatSpan(pause)}` : '';
  if (p.perSecond <= 0) return paused || 'estimating…';
  let seconds = p.pending / p.perSecond + pause;
  if (p.lastRetryAt) seconds = Math.max(seconds, (p.lastRetryAt.getTime() - now.getTime()) / 1000);
  const left = seconds < 60 ? 'less than a minute left' : `about ${formatSpan(seconds)} left`;
  return paused ? `${paused} · ${left}` : left;
}

/** When every exit to YouTube is benched, the earliest moment one is tried again. */
function youtubePausedUntil(extras: ExitsView, now: Date): Date | null {
  if (extras.exits.length === 0 || extras.exits.some((e) => e.state !== 'benched')) return null;
  const next = extras.exits.map((e) => e.until).filter((d): d is Date => d !== null && d > now).sort((a, b) => a.getTime() - b.getTime())[0];
  return next ?? null;
}

function statusLine(p: RunProgress): Html | string {
  switch (p.status) {
    case 'queued': return 'Waiting for a worker…';
    case 'listing': return 'Reading the playlist from YouTube…';
    case 'fetching': return 'Fetching transcripts…';
    case 'paused': return 'Paused';
    case 'completed': return html`Indexed at ${p.finishedAt ? timeOfDay(p.finishedAt) : ''}`;
    case 'failed': return 'Indexing failed';
    case 'cancelled': return html`Cancelled at ${p.finishedAt ? timeOfDay(p.finishedAt) : ''}; what was indexed stays searchable`;
  }
}

/** Each outcome that happened, in words; "failed" only for what a retry might fix. */
export function outcomeParts(o: OutcomeCounts): Html[] {
  const part = (key: keyof OutcomeCounts, label: string, className = '') =>
    o[key] > 0 ? html`<span class="${className}" data-count="${key}">${number.format(o[key])}</span> ${label}` : null;
  return [
    part('already_indexed', 'already indexed'),
    part('gone', 'private or deleted'),
    part('no_captions', 'no captions'),
    part('restricted', 'age-restricted or members-only'),
    part('failed', 'failed', 'count-failed'),
    part('cancelled', 'not fetched (cancelled)'),
  ].filter((p): p is Html => p !== null);
}

/**
 * A progress bar that moves smoothly: the fill is an SVG rect whose width CSS transitions, and its id
 * stays the same across polls, so htmx's settle step animates from the old width to the new one.
 * (The CSP forbids inline styles; presentation attributes are allowed.)
 */
export function progressBar(id: string, settled: number, total: number, label: string, small = false): Html {
  const permille = total === 0 ? 0 : Math.min(1000, Math.round((settled / total) * 1000));
  return html`<div class="bar${small ? ' bar-small' : ''}" role="progressbar" aria-label="${label}" aria-valuemin="0"
      aria-valuemax="${total}" aria-valuenow="${settled}" aria-valuetext="${Math.floor(permille / 10)}%">
    <svg viewBox="0 0 1000 10" preserveAspectRatio="none" aria-hidden="true" focusable="false"><rect id="${id}" class="bar-fill" x="0" y="0" height="10" width="${permille}"></rect></svg>
  </div>`;
}

/** How the exits to YouTube fare (working, benched, what to do when all are benched), and the rate. */
export interface ProgressExtras extends ExitsView {
  /** TRANSCRIPT_RATE (0 = unlimited), and whether this is demo mode (the stand-in takes more than YouTube). */
  readonly transcriptRate?: number | undefined;
  readonly demo?: boolean | undefined;
}

/** Why the run goes at the pace it does: the shared request rate, and in the demo what a real server would do. */
function rateNote(extras: ProgressExtras): Html {
  if (extras.transcriptRate === undefined) return html``;
  const rate = extras.transcriptRate === 0 ? 'no limit on requests' : `at most ${number.format(extras.transcriptRate)} requests a second`;
  return html`<p class="muted small rate-note">Transcripts are fetched with ${rate} to YouTube, shared by every worker${extras.demo
    ? html`. Demo mode: the built-in stand-in takes that; a real server should stay at ${REAL_TRANSCRIPT_RATE} a second
      (about two requests a video), because YouTube blocks servers that fetch faster, so 3,000 videos take about 20 minutes there.`
    : html`: YouTube blocks servers that fetch faster.`}</p>`;
}

/**
 * The live progress block. While the run is active it polls itself every second; the finished
 * block has no hx-trigger, which is what stops the polling.
 */
export function runProgressBlock(p: RunProgress, extras: ProgressExtras): Html {
  const finished = isFinished(p.status);
  const settled = p.done + p.failed + p.skipped + p.outcomes.cancelled;
  const total = p.total ?? settled + p.pending;
  const percent = total === 0 ? (finished ? 100 : 0) : Math.floor((settled / total) * 100);
  const now = new Date();
  const youtubePause = finished || p.status === 'paused' ? null : youtubePausedUntil(extras, now);
  const parts = outcomeParts(p.outcomes);
  const body = html`
    <p class="run-status"><strong>${statusLine(p)}</strong> <span class="eta">${timeLeft(p, youtubePause, now)}</span></p>
    ${p.error ? html`<p class="alert" role="alert">${p.error}</p>` : ''}
    ${finished ? '' : exitsStatus(extras)}
    ${progressBar(`run-bar-${p.runId}`, settled, total, 'Indexing progress')}
    <p class="counts"><span data-count="percent">${percent}%</span> ·
      <span data-count="done">${number.format(p.done)}</span> indexed ·
      ${parts.map((part) => html`${part} · `)}
      <span data-count="total">${p.total === null ? '?' : number.format(p.total)}</span> total
      ${!finished && p.perSecond > 0 ? html` · ${p.perSecond.toFixed(1)} videos/s` : ''}</p>`;
  return finished || p.status === 'paused'
    ? html`<div id="run-progress" data-status="${p.status}">${body}</div>`
    : html`<div id="run-progress" data-status="${p.status}" hx-get="/runs/${p.runId}/progress" hx-trigger="every 1s" hx-swap="outerHTML">${body}</div>`;
}

function controlButton(runId: number, action: 'pause' | 'resume' | 'cancel', label: string, className = ''): Html {
  return html`<form method="post" action="/runs/${runId}/${action}" class="inline"><button type="submit" class="${className}">${label}</button></form>`;
}

/**
 * What a person can do with the run: pause, resume or cancel it while it goes, search it once it is
 * over. Outside the polled block (a focused button must not be swapped away); when the run ends, the
 * poller's answer swaps it out of band.
 */
export function runControls(p: RunProgress, outOfBand = false): Html {
  const oob = outOfBand ? html` hx-swap-oob="true"` : '';
  const searchLink = html`<a class="button" href="/search?playlist=${encodeURIComponent(p.playlistId)}">Search these videos</a>`;
  if (p.status === 'completed' || p.status === 'cancelled') return html`<div id="run-controls" class="run-controls"${oob}>${searchLink}</div>`;
  if (p.status === 'failed') return html`<div id="run-controls"${oob}></div>`;
  return html`<div id="run-controls" class="run-controls"${oob}>
    ${p.status === 'paused' ? controlButton(p.runId, 'resume', 'Resume') : controlButton(p.runId, 'pause', 'Pause', 'secondary')}
    <details class="confirm">
      <summary class="button secondary">Cancel…</summary>
      <p>Stop this run? Videos indexed so far stay indexed and searchable; the ${number.format(p.pending)} still waiting are not fetched.</p>
      ${controlButton(p.runId, 'cancel', 'Cancel the run', 'danger')}
    </details>
  </div>`;
}

export function runPage(p: RunProgress, extras: ProgressExtras, failed: ReadonlyArray<FailedVideo>): Html {
  return html`<h1>Indexing “${p.playlistTitle}”</h1>
    <p class="muted">Run ${p.runId} · ${p.mode === 'all' ? 're-index everything' : 'new and failed videos only'} · started ${timeOfDay(p.createdAt)} · <a href="/library">back to library</a></p>
    ${runProgressBlock(p, extras)}
    ${runControls(p)}
    ${rateNote(extras)}
    ${failed.length > 0 ? html`<section id="failed-videos">
      <h2>Videos that failed</h2>
      <p class="muted">Including those YouTube gives no transcript for (no captions, private, restricted); retrying asks again.</p>
      <form method="post" action="/runs/${p.runId}/retry"><button type="submit">Retry failed</button></form>
      <table><thead><tr><th>Video</th><th>Reason</th></tr></thead><tbody>
      ${failed.map((f) => html`<tr><td>${f.title || f.videoId}</td><td>${f.reason ?? ''}</td></tr>`)}
      </tbody></table></section>` : ''}`;
}
