import type { Sql } from '../db/client.ts';
import { YoutubeError } from './errors.ts';

export interface QuotaMeter {
  /** Records units about to be spent; throws a 'quota' YoutubeError instead of exceeding the daily allowance. */
  spend(units: number): Promise<void>;
}

/** Google resets the Data API quota at midnight Pacific time, so days are counted there. */
export function quotaDay(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Los_Angeles' }).format(now);
}

/** A quota meter shared by every process: one row per Pacific day, checked and bumped in one statement. */
export function postgresQuotaMeter(sql: Sql, dailyUnits: number): QuotaMeter {
  return {
    async spend(units) {
      const rows = await sql`
        insert into quota_usage (day, units_used) values (${quotaDay()}, ${units})
        on conflict (day) do update set units_used = quota_usage.units_used + excluded.units_used
          where quota_usage.units_used + excluded.units_used <= ${dailyUnits}
        returning units_used`;
      if (rows.length === 0 || units > dailyUnits) {
        throw new YoutubeError('quota', `subtext stopped before exceeding today's YouTube Data API allowance of ${dailyUnits.toLocaleString('en')} units; it resets at midnight Pacific time.`);
      }
    },
  };
}
