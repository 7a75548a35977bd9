// A video's statistics history as inline SVG, drawn on the server: readable without JavaScript,
// and with presentation attributes only (the Content-Security-Policy forbids inline styles).
import { html } from 'hono/html';
import type { StatsPoint } from '../src/tracking/queries.ts';
import type { Html } from './layout.ts';
import { localTime } from './local-time.ts';

const WIDTH = 720;
const HEIGHT = 260;
const PAD = { top: 16, right: 20, bottom: 36, left: 72 };

interface Series {
  readonly key: 'views' | 'likes' | 'comments';
  readonly label: string;
  readonly colour: string;
  readonly dash: string | undefined;
}

const SERIES: ReadonlyArray<Series> = [
  { key: 'views', label: 'Views', colour: '#c4302b', dash: undefined },
  { key: 'likes', label: 'Likes', colour: '#0b57d0', dash: '6 3' },
  { key: 'comments', label: 'Comments', colour: '#1e6b34', dash: '2 3' },
];

const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });
const full = new Intl.NumberFormat('en');
const when = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });

/** "1,234" or "hidden". */
export function formatCount(value: number | null): string {
  return value === null ? 'hidden' : full.format(value);
}

/**
 * One chart per counter (views dwarf likes and comments, so they do not share an axis), each line
 * broken where a count was hidden. Every chart carries a text summary for screen readers.
 */
export function statsChartSvg(points: ReadonlyArray<StatsPoint>): Html {
  const sorted = [...points].sort((a, b) => a.takenAt.getTime() - b.takenAt.getTime());
  if (sorted.length === 0) return html`<p class="muted">No statistics readings yet.</p>`;
  return html`<div class="stats-charts">${SERIES.map((series) => seriesChart(sorted, series))}</div>`;
}

function seriesChart(points: ReadonlyArray<StatsPoint>, series: Series): Html {
  const values = points.map((p) => p[series.key]);
  const known = values.filter((v): v is number => v !== null);
  const id = `chart-${series.key}`;
  if (known.length === 0) {
    return html`<figure class="stats-chart"><figcaption>${series.label}</figcaption><p class="muted">Hidden by the channel.</p></figure>`;
  }
  const t0 = points[0]!.takenAt.getTime();
  const t1 = points.at(-1)!.takenAt.getTime();
  let min = Math.min(...known);
  let max = Math.max(...known);
  // A flat line gets one axis label (its value) and a sentence, not three labels that all say the same.
  const flat = min === max;
  if (flat) {
    min = Math.max(0, min - 1);
    max = max + 1;
  }
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const x = (t: number) => PAD.left + (t1 === t0 ? plotW / 2 : ((t - t0) / (t1 - t0)) * plotW);
  const y = (v: number) => PAD.top + plotH - ((v - min) / (max - min)) * plotH;

  // A hidden reading ends one line segment; the next known reading starts another.
  const runs: Array<Array<[number, number]>> = [[]];
  points.forEach((p, i) => {
    const v = values[i];
    if (v === null || v === undefined) {
      if (runs.at(-1)!.length > 0) runs.push([]);
    } else {
      runs.at(-1)!.push([x(p.takenAt.getTime()), y(v)]);
    }
  });
  const lines = runs.filter((r) => r.length > 1).map((r) => r.map(([px, py]) => `${px.toFixed(1)},${py.toFixed(1)}`).join(' '));
  const dots = runs.filter((r) => r.length === 1).map((r) => r[0]!);
  const first = known[0]!;
  const last = known.at(-1)!;
  const summary = `${series.label}: ${full.format(first)} on ${when.format(points[0]!.takenAt)} UTC to ${full.format(last)} on ${when.format(points.at(-1)!.takenAt)} UTC, ${known.length} readings` +
    (known.length < values.length ? `, ${values.length - known.length} hidden` : '') + '.';
  const yTicks = flat ? [known[0]!] : [min, (min + max) / 2, max];
  // Compact labels ("1.2M") can round a narrow range to three equal labels: then whole numbers.
  const compactLabels = yTicks.map((v) => compact.format(v));
  const tickLabels = new Set(compactLabels).size === yTicks.length ? compactLabels : yTicks.map((v) => full.format(Math.round(v)));
  const firstKnownAt = points[values.findIndex((v) => v !== null)]!.takenAt;
  const flatNote = !flat ? ''
    : known.length === 1 ? html`<p class="muted flat-note">One reading so far, on ${localTime(firstKnownAt)}.</p>`
    : html`<p class="muted flat-note">No change since ${localTime(firstKnownAt)}: ${full.format(first)} at every reading.</p>`;
  const axisTime = (d: Date) => html`data-local="day-time" data-datetime="${d.toISOString()}"`;

  return html`<figure class="stats-chart">
    <figcaption>${series.label}</figcaption>
    ${flatNote}
    <svg viewBox="0 0 ${WIDTH} ${HEIGHT}" width="100%" role="img" aria-labelledby="${id}-title ${id}-desc" class="chart" data-series="${series.key}">
      <title id="${id}-title">${series.label} over time</title>
      <desc id="${id}-desc">${summary}</desc>
      <rect x="${PAD.left}" y="${PAD.top}" width="${plotW}" height="${plotH}" fill="#ffffff" stroke="#e2e2e6"></rect>
      ${yTicks.map((v, i) => html`
        <line x1="${PAD.left}" x2="${PAD.left + plotW}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#eeeeef"></line>
        <text x="${PAD.left - 8}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end" font-size="12" fill="#6b6b70" class="y-tick">${tickLabels[i]}</text>`)}
      <text x="${PAD.left}" y="${HEIGHT - 10}" font-size="12" fill="#6b6b70" ${axisTime(points[0]!.takenAt)}>${when.format(points[0]!.takenAt)}</text>
      <text x="${PAD.left + plotW}" y="${HEIGHT - 10}" text-anchor="end" font-size="12" fill="#6b6b70" ${axisTime(points.at(-1)!.takenAt)}>${when.format(points.at(-1)!.takenAt)} UTC</text>
      ${lines.map((pts) => html`<polyline points="${pts}" fill="none" stroke="${series.colour}" stroke-width="2.5" stroke-linejoin="round" ${series.dash ? html`stroke-dasharray="${series.dash}"` : ''}></polyline>`)}
      ${dots.map(([px, py]) => html`<circle cx="${px.toFixed(1)}" cy="${py.toFixed(1)}" r="4" fill="${series.colour}"></circle>`)}
    </svg>
  </figure>`;
}
