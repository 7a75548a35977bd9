// When a cron pattern fires next, by Graphile Worker's own matcher (UTC, minute by minute, as its
// scheduler does), so the Schedules page says exactly what the worker will do.
import { parseCronItem } from 'graphile-worker';

/** Far enough for any hourly, daily, weekly or monthly pattern; rarer ones say "not within a month". */
const HORIZON_MINUTES = 32 * 24 * 60;
const MINUTE = 60_000;

export function nextCronRun(pattern: string, after: Date): Date | null {
  const { match } = parseCronItem({ task: 'next-run', identifier: 'next-run', match: pattern });
  const start = Math.floor(after.getTime() / MINUTE) * MINUTE + MINUTE;
  for (let i = 0; i < HORIZON_MINUTES; i++) {
    const at = new Date(start + i * MINUTE);
    const digest = { min: at.getUTCMinutes(), hour: at.getUTCHours(), date: at.getUTCDate(), month: at.getUTCMonth() + 1, dow: at.getUTCDay() };
    if (match(digest)) return at;
  }
  return null;
}
