// Times as <time> elements: the server writes UTC, readable without script, and app.js rewrites the
// text in the reader's own locale and time zone (the server knows neither).
import { html } from 'hono/html';
import type { Html } from './layout.ts';

/** date: "1 Mar 2024"; datetime: with the time of day; day-time: day, month and time, no year; time: the time of day. */
export type LocalTimeStyle = 'date' | 'datetime' | 'day-time' | 'time';

/** The UTC text a reader without script sees. */
export function utcText(d: Date, style: LocalTimeStyle): string {
  const iso = d.toISOString();
  if (style === 'date') return iso.slice(0, 10);
  return style === 'time' ? `${iso.slice(11, 16)} UTC` : `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

export function localTime(d: Date, style: LocalTimeStyle = 'datetime'): Html {
  return html`<time datetime="${d.toISOString()}" data-local="${style}">${utcText(d, style)}</time>`;
}
