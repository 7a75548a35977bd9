import { html } from 'hono/html';
import type { RunProgress } from '../src/indexing/runs.ts';
import type { Html } from './layout.ts';
import { exitsStatus, type ExitsView } from './transcript-exits.ts';

const timeOfDay = (d: Date) => d.toISOString().slice(11, 16) + ' UTC';

function eta(p: RunProgress): string {
  if (p.status === 'completed' || p.status === 'failed') return '';
  if (p.pending === 0 || p.perSecond <= 0) return 'estimating…';
  const seconds = Math.round(p.pending / p.perSecond);
  return seconds < 90 ? `about ${seconds} s left` : `about ${Math.round(seconds / 60)} min left`;
}

function statusLine(p: RunProgress): string {
  switch (p.status) {
    case 'queued': return 'Waiting for a worker…';
    case 'listing': return 'Reading the playlist from YouTube…';
    case 'fetching': return 'Fetching transcripts…';
    case 'completed': return `Indexed at ${p.finishedAt ? timeOfDay(p.finishedAt) : ''}`;
    case 'failed': return 'Indexing failed';
  }
}

/** How the exits to YouTube fare: working, benched, and what to do when all are benched. */
export type ProgressExtras = ExitsView;

/**
 * The live progress block. While the run is active it polls itself every second; the finished
 * block has no hx-trigger, which is what stops the polling.
 */
export function runProgressBlock(p: RunProgress, extras: ProgressExtras): Html {
  const finished = p.status === 'completed' || p.status === 'failed';
  const settled = p.done + p.failed + p.skipped;
  const total = p.total ?? settled + p.pending;
  const percent = total === 0 ? (finished ? 100 : 0) : Math.floor((settled / total) * 100);
  const body = html`
    <p class="run-status"><strong>${statusLine(p)}</strong> ${eta(p)}</p>
    ${p.error ? html`<p class="alert" role="alert">${p.error}</p>` : ''}
    ${finished ? '' : exitsStatus(extras)}
    <progress max="${total}" value="${settled}" aria-label="Indexing progress">${percent}%</progress>
    <p class="counts"><span data-count="percent">${percent}%</span> ·
      <span data-count="done">${p.done}</span> indexed ·
      <span data-count="failed">${p.failed}</span> failed ·
      <span data-count="skipped">${p.skipped}</span> skipped ·
      <span data-count="total">${p.total ?? '?'}</span> total
      ${!finished && p.perSecond > 0 ? html` · ${p.perSecond.toFixed(1)} videos/s` : ''}</p>
    ${p.failedByReason.length > 0 ? html`<ul class="reasons">${p.failedByReason.map((r) => html`<li>${r.count} × ${r.reason}</li>`)}</ul>` : ''}`;
  return finished
    ? html`<div id="run-progress" data-status="${p.status}">${body}</div>`
    : html`<div id="run-progress" data-status="${p.status}" hx-get="/runs/${p.runId}/progress" hx-trigger="every 1s" hx-swap="outerHTML">${body}</div>`;
}

export function runPage(p: RunProgress, extras: ProgressExtras, failed: ReadonlyArray<{ video_id: string; title: string; reason: string | null }>): Html {
  return html`<h1>Indexing “${p.playlistTitle}”</h1>
    <p class="muted">Run ${p.runId} · ${p.mode === 'all' ? 're-index everything' : 'new and failed videos only'} · started ${timeOfDay(p.createdAt)} · <a href="/library">back to library</a></p>
    ${runProgressBlock(p, extras)}
    ${failed.length > 0 ? html`<section id="failed-videos">
      <h2>Videos that failed</h2>
      <form method="post" action="/runs/${p.runId}/retry"><button type="submit">Retry failed</button></form>
      <table><thead><tr><th>Video</th><th>Reason</th></tr></thead><tbody>
      ${failed.map((f) => html`<tr><td>${f.title || f.video_id}</td><td>${f.reason ?? ''}</td></tr>`)}
      </tbody></table></section>` : ''}`;
}
