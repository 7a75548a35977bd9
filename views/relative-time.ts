// "2 hours ago", "in 22 minutes": how far a moment is from now, in words, with the exact time
// (UTC) in the <time> element's datetime and title for anyone who needs it.
import { html } from 'hono/html';
import type { Html } from './layout.ts';

const words = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
/** Each unit from the given number of seconds on (45 minutes reads "in 1 hour"), and its size. */
const UNITS: ReadonlyArray<readonly [Intl.RelativeTimeFormatUnit, number, number]> = [
  ['day', 22 * 3600, 86_400], ['hour', 45 * 60, 3600], ['minute', 45, 60],
];

export function relativeWords(moment: Date, now: Date): string {
  const seconds = (moment.getTime() - now.getTime()) / 1000;
  if (Math.abs(seconds) < 45) return seconds < 0 ? 'just now' : 'in a moment';
  const [unit, , size] = UNITS.find(([, from]) => Math.abs(seconds) >= from) ?? UNITS.at(-1)!;
  return words.format(Math.round(seconds / size), unit);
}

export function relativeTime(moment: Date, now: Date): Html {
  const exact = `${moment.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return html`<time datetime="${moment.toISOString()}" title="${exact}">${relativeWords(moment, now)}</time>`;
}
