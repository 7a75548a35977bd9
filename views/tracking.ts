// Trends, a video's statistics, the thumbnail report, "Gone from YouTube" and the schedules.
import { html } from 'hono/html';
import type {
  ChartRow, ChartSort, GoneSort, GoneVideo, Movement, RegionChart, RegionSummary, ReportSort, ThumbnailReport, VideoStats,
} from '../src/tracking/queries.ts';
import type { ScheduleOverview, TrackingSchedule } from '../src/tracking/schedules.ts';
import type { ViralityLabel } from '../src/tracking/virality.ts';
import type { Html } from './layout.ts';
import { localTime } from './local-time.ts';
import { relativeTime } from './relative-time.ts';
import { formatCount, statsChartSvg } from './tracking-chart.ts';

/** Turns a stored YouTube thumbnail URL into one the browser may load (the configured thumbnail origin). */
export type ThumbnailSrc = (videoId: string, storedUrl: string | null) => string;

const hourMinute = (d: Date) => d.toISOString().slice(11, 16);
const timeTag = (d: Date) => localTime(d, 'datetime');
const oneDecimal = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });

/** Where a video's transcript can be searched. */
export function searchVideoHref(videoId: string): string {
  return `/search?video=${encodeURIComponent(videoId)}`;
}

/** What the score means, in one line. */
const VIRALITY_EXPLAINED = 'Virality (0–100) is how fast a video is spreading: its views per hour between the last two readings and its engagement ((likes + 2 × comments) ÷ views), each measured against what is exceptional in its region; 60 is trending, 85 viral.';

const notScoredDeleted = html`<span class="virality virality-none">not scored (deleted)</span>`;

export function viralityBadge(v: { label: ViralityLabel | null; score: number | null }): Html {
  if (v.label === null) return html`<span class="virality virality-none">not scored yet</span>`;
  if (v.label === 'insufficient_data' || v.score === null) return html`<span class="virality virality-insufficient_data">insufficient data</span>`;
  return html`<span class="virality virality-${v.label}">${v.label.toUpperCase()} <span class="score">${oneDecimal.format(v.score)}</span></span>`;
}

function movementBadge(m: Movement): Html {
  switch (m.kind) {
    case 'new': return html`<span class="move move-new">NEW</span>`;
    case 'up': return html`<span class="move move-up" title="up ${m.by}">▲ ${m.by}<span class="visually-hidden"> up</span></span>`;
    case 'down': return html`<span class="move move-down" title="down ${m.by}">▼ ${m.by}<span class="visually-hidden"> down</span></span>`;
    case 'same': return html`<span class="move move-same" title="unchanged">=<span class="visually-hidden"> unchanged</span></span>`;
    case 'first': return html`<span class="move muted" title="first chart fetched">–</span>`;
  }
}

/** A column heading that re-sorts the list through a plain link (works without JavaScript). */
function sortHeading<S extends string>(label: string, sort: S, current: S, base: string, order: 'ascending' | 'descending'): Html {
  return current === sort
    ? html`<th aria-sort="${order}"><a href="${base}?sort=${sort}" aria-current="true">${label}</a></th>`
    : html`<th><a href="${base}?sort=${sort}">${label}</a></th>`;
}

export function runNowButton(schedule: TrackingSchedule): Html {
  const action = `/schedules/${schedule.name}/run`;
  return html`<form method="post" action="${action}" class="inline run-now" hx-post="${action}" hx-swap="outerHTML">
    <button type="submit" class="secondary">Run now<span class="visually-hidden">: ${schedule.label}</span></button>
  </form>`;
}

/** What "Run now" did: what it queued, and which schedules were forced too recently to force again. */
export function runQueuedNotice(queued: string | null, notYet: ReadonlyArray<{ label: string; againAt: Date }> = []): Html {
  const waiting = notYet.map((n) => `${n.label} can be forced again at ${hourMinute(n.againAt)} UTC.`).join(' ');
  return html`<span class="run-now ${queued ? 'queued' : 'not-yet'}" role="status">${queued ? `${queued} queued; results appear as the workers get through it. ` : ''}${waiting}</span>`;
}

/** Why "Run now" did nothing, as a sentence. */
export function runNowRefusal(label: string, requestedAt: Date, againAt: Date): string {
  return `${label} was queued by “Run now” at ${hourMinute(requestedAt)} UTC; it can be forced again at ${hourMinute(againAt)} UTC, and runs by itself on its schedule meanwhile.`;
}

function regionNav(regions: ReadonlyArray<string>, current: string | null): Html {
  return html`<nav class="regions" aria-label="Regions">
    <a href="/trends" ${current === null ? html`aria-current="page"` : ''}>All regions</a>
    ${regions.map((r) => html`<a href="/trends/${r}" ${r === current ? html`aria-current="page"` : ''}>${r}</a>`)}
  </nav>`;
}

export function trendsIndexPage(props: { regions: ReadonlyArray<RegionSummary>; schedule: TrackingSchedule }): Html {
  return html`<section class="trends">
    <header class="page-head"><h1>Trends</h1>${runNowButton(props.schedule)}</header>
    ${regionNav(props.regions.map((r) => r.region), null)}
    <table>
      <thead><tr><th>Region</th><th>Number one</th><th>Videos</th><th>Fetched</th></tr></thead>
      <tbody>${props.regions.map((r) => html`<tr>
        <td><a href="/trends/${r.region}">${r.region}</a></td>
        <td data-label="Number one">${r.topTitle ?? html`<span class="muted">no chart yet</span>`}</td>
        <td data-label="Videos">${formatCount(r.videos)}</td>
        <td data-label="Fetched">${r.fetchedAt ? timeTag(r.fetchedAt) : html`<span class="muted">never</span>`}</td>
      </tr>`)}</tbody>
    </table>
  </section>`;
}

function chartRow(row: ChartRow, thumb: ThumbnailSrc): Html {
  return html`<tr data-video-id="${row.videoId}">
    <td class="rank">${row.rank}</td>
    <td>${movementBadge(row.movement)}</td>
    <td><img class="thumb" src="${thumb(row.videoId, row.thumbnailUrl)}" alt="" loading="lazy"></td>
    <td><a href="/videos/${row.videoId}/stats">${row.title}</a><br><span class="muted">${row.channelTitle ?? ''}</span></td>
    <td class="count" data-label="Views">${formatCount(row.viewCount)}</td>
    <td>${viralityBadge(row)}</td>
    <td>${row.transcriptIndexed ? html`<a href="${searchVideoHref(row.videoId)}">Search transcript</a>` : html`<span class="muted">not indexed</span>`}</td>
  </tr>`;
}

export function trendsRegionPage(props: { chart: RegionChart; regions: ReadonlyArray<string>; sort: ChartSort; thumb: ThumbnailSrc; schedule: TrackingSchedule }): Html {
  const { chart, sort } = props;
  const base = `/trends/${chart.region}`;
  return html`<section class="trends">
    <header class="page-head"><h1>Trending in ${chart.region}</h1>${runNowButton(props.schedule)}</header>
    ${regionNav(props.regions, chart.region)}
    ${chart.fetchedAt === null
      ? html`<p class="muted empty">No chart fetched for ${chart.region} yet. It is fetched on schedule, or now with “Run now”.</p>`
      : html`<p class="muted">Chart of ${timeTag(chart.fetchedAt)}; movement since ${chart.previousFetchedAt ? timeTag(chart.previousFetchedAt) : 'the first fetch (none yet)'}.</p>
        <p class="muted virality-explained">${VIRALITY_EXPLAINED}</p>
        <table class="chart-table">
          <thead><tr>
            ${sortHeading('Rank', 'rank', sort, base, 'ascending')}${sortHeading('Move', 'movement', sort, base, 'descending')}
            <th><span class="visually-hidden">Thumbnail</span></th><th>Video</th>
            ${sortHeading('Views', 'views', sort, base, 'descending')}${sortHeading('Virality', 'score', sort, base, 'descending')}<th>Transcript</th>
          </tr></thead>
          <tbody>${chart.rows.map((row) => chartRow(row, props.thumb))}</tbody>
        </table>`}
  </section>`;
}

export function videoStatsPage(stats: VideoStats): Html {
  const v = stats.virality;
  return html`<section class="video-stats">
    <h1>${stats.title}</h1>
    <p class="muted">${stats.channelTitle ?? ''}</p>
    <h2>Virality</h2>
    <p class="muted virality-explained">${VIRALITY_EXPLAINED}</p>
    ${stats.deleted ? html`<p class="virality-deleted">Not scored: this video was deleted from YouTube, so its counts no longer change.</p>`
      : v === null ? html`<p class="muted">Not scored yet.</p>` : html`<dl class="virality-facts">
      <dt>Score</dt><dd>${viralityBadge(v)}</dd>
      <dt>Views per hour</dt><dd>${v.viewsPerHour === null ? 'insufficient data' : oneDecimal.format(v.viewsPerHour)}</dd>
      <dt>Engagement</dt><dd>${v.engagementPercent === null ? 'unknown (counts hidden, or no data)' : `${oneDecimal.format(v.engagementPercent)} %`}</dd>
      <dt>Baseline</dt><dd>${v.regionCode}</dd>
      <dt>Scored</dt><dd>${timeTag(v.computedAt)}</dd>
    </dl>`}
    <h2>History</h2>
    ${statsChartSvg(stats.points)}
    ${stats.points.length > 0 ? html`<details><summary>Readings (${formatCount(stats.points.length)})</summary>
      <table><thead><tr><th>Taken</th><th>Views</th><th>Likes</th><th>Comments</th></tr></thead>
      <tbody>${[...stats.points].reverse().map((p) => html`<tr><td data-label="Taken">${timeTag(p.takenAt)}</td><td data-label="Views">${formatCount(p.views)}</td><td data-label="Likes">${formatCount(p.likes)}</td><td data-label="Comments">${formatCount(p.comments)}</td></tr>`)}</tbody></table>
    </details>` : ''}
  </section>`;
}

export function thumbnailReportPage(props: { report: ThumbnailReport; sort: ReportSort; schedule: TrackingSchedule }): Html {
  const { report, sort } = props;
  const base = '/reports/thumbnails';
  return html`<section class="thumbnail-report">
    <header class="page-head"><h1>Thumbnail report</h1>${runNowButton(props.schedule)}</header>
    <ul class="counts" aria-label="Thumbnails by state">
      <li class="count-valid"><strong>${formatCount(report.counts.valid)}</strong> valid</li>
      <li class="count-placeholder"><strong>${formatCount(report.counts.placeholder)}</strong> placeholder</li>
      <li class="count-broken"><strong>${formatCount(report.counts.broken)}</strong> broken</li>
    </ul>
    <p class="muted">The videos in your library. ${report.lastCheckedAt ? html`Last check ${timeTag(report.lastCheckedAt)}.` : 'No thumbnails checked yet.'}
      Placeholder: YouTube answered with a picture smaller than 200×150. Broken: not 200, no answer in time, or not an image.</p>
    ${report.problems.length === 0 ? html`<p class="empty">No placeholder or broken thumbnails.</p>` : html`<table>
      <thead><tr>${sortHeading('Video', 'title', sort, base, 'ascending')}${sortHeading('State', 'status', sort, base, 'ascending')}<th>Details</th>${sortHeading('Virality', 'score', sort, base, 'descending')}<th>Checked</th></tr></thead>
      <tbody>${report.problems.map((p) => html`<tr data-video-id="${p.videoId}" class="thumb-${p.status}">
        <td><a href="/videos/${p.videoId}/stats">${p.title || p.videoId}</a><br><span class="muted">${p.channelTitle ?? ''}</span></td>
        <td data-label="State">${p.status}</td>
        <td>${p.problem ?? ''}<br><span class="muted">${p.url}</span></td>
        <td>${viralityBadge(p)}</td>
        <td data-label="Checked">${timeTag(p.checkedAt)}</td>
      </tr>`)}</tbody></table>`}
  </section>`;
}

export function gonePage(props: { videos: ReadonlyArray<GoneVideo>; sort: GoneSort; schedule: TrackingSchedule }): Html {
  const { videos, sort } = props;
  const base = '/gone';
  return html`<section class="gone">
    <header class="page-head"><h1>Gone from YouTube</h1>${runNowButton(props.schedule)}</header>
    <p class="muted">Videos of your library that are now private or deleted on YouTube. Their title, channel, thumbnail and transcript stay here as they were when indexed, and stay searchable.</p>
    ${videos.length === 0 ? html`<p class="empty">Nothing in your library has gone from YouTube.</p>` : html`<table>
      <thead><tr><th><span class="visually-hidden">Thumbnail</span></th>${sortHeading('Video', 'title', sort, base, 'ascending')}${sortHeading('Channel', 'channel', sort, base, 'ascending')}
        <th>Now</th>${sortHeading('Gone since', 'gone', sort, base, 'descending')}${sortHeading('Virality', 'score', sort, base, 'descending')}<th>Transcript</th></tr></thead>
      <tbody>${videos.map((v) => html`<tr data-video-id="${v.videoId}">
        <td>${v.hasKeptThumbnail ? html`<img class="thumb" src="/videos/${v.videoId}/kept-thumbnail" alt="" loading="lazy">` : html`<span class="thumb"></span>`}</td>
        <td><strong>${v.title || v.videoId}</strong><br><span class="muted">in ${v.playlists.join(', ')}</span></td>
        <td>${v.channelTitle ?? html`<span class="muted">unknown</span>`}</td>
        <td><span class="gone-status gone-${v.status}">${v.status}</span></td>
        <td data-label="Gone since">${timeTag(v.goneSince)}</td>
        <td>${v.status === 'deleted' ? notScoredDeleted : viralityBadge(v)}</td>
        <td>${v.transcriptIndexed ? html`<a href="${searchVideoHref(v.videoId)}">Search transcript</a>` : html`<span class="muted">never indexed</span>`}</td>
      </tr>`)}</tbody></table>`}
  </section>`;
}

/** A mark for lists of library videos: nothing while public. */
export function availabilityMark(status: 'public' | 'private' | 'deleted' | 'unknown' | undefined): Html {
  if (status !== 'private' && status !== 'deleted') return html``;
  return html`<a href="/gone" class="gone-status gone-${status}" title="No longer on YouTube">${status === 'private' ? 'now private' : 'deleted from YouTube'}</a>`;
}

export function schedulesPage(props: {
  schedules: ReadonlyArray<ScheduleOverview>;
  /** Minutes before "Run now" may force the same schedule again for this person; 0 = any time. */
  runNowMinIntervalMinutes: number;
  /** "Run all now" is an admin's alone. */
  canRunAll: boolean;
  now: Date;
}): Html {
  return html`<section class="schedules">
    <header class="page-head"><h1>Schedules</h1>
      ${props.canRunAll ? html`<form method="post" action="/schedules/run-all" class="inline run-now" hx-post="/schedules/run-all" hx-swap="outerHTML"><button type="submit">Run all now</button></form>` : ''}
    </header>
    <p class="muted">Each runs by itself on its cron pattern (UTC); “Run now” queues it at once${props.runNowMinIntervalMinutes > 0
      ? `, at most once every ${props.runNowMinIntervalMinutes} minutes for each schedule, since every run spends the YouTube quota everyone shares`
      : ''}.</p>
    <table>
      <thead><tr><th>Schedule</th><th>Last run</th><th>Next run</th><th>Pattern</th><th>Pool</th><th>Jobs waiting</th><th><span class="visually-hidden">Actions</span></th></tr></thead>
      <tbody>${props.schedules.map((s) => html`<tr data-schedule="${s.name}">
        <td><strong>${s.label}</strong><br><span class="muted">${s.description}</span></td>
        <td data-label="Last run" class="last-run">${s.lastRunAt ? relativeTime(s.lastRunAt, props.now) : html`<span class="muted">not yet</span>`}</td>
        <td data-label="Next run" class="next-run">${s.nextRunAt ? relativeTime(s.nextRunAt, props.now) : html`<span class="muted">not within a month</span>`}</td>
        <td data-label="Pattern"><code>${s.pattern}</code></td>
        <td data-label="Pool">${s.pool}</td>
        <td data-label="Jobs waiting">${formatCount(s.waitingJobs)}</td>
        <td>${s.forcible ? runNowButton(s.forcible) : html`<span class="muted small">on schedule only</span>`}</td>
      </tr>`)}</tbody>
    </table>
  </section>`;
}
