// Each person's share of the YouTube Data API quota. The day's allowance (YOUTUBE_DAILY_QUOTA) is
// shared by everyone and indexing stops for all when it runs out, so any action a person can
// repeat that spends Data API units first takes them from their own hourly budget
// (QUOTA_UNITS_PER_USER_PER_HOUR), counted in Postgres so every web process sees the same budget.
//
// In a route: `const refused = await chargeQuotaBudget(c, deps, units); if (refused) …show refused…`.
import type { Context } from 'hono';
import type { Config } from '../config.ts';
import type { Queryable } from '../db/client.ts';
import type { AppEnv } from './env.ts';
import { signedInUser } from '../auth/session.ts';

export interface BudgetRefusal {
  /** When the next hour's budget starts. */
  readonly retryAt: Date;
  /** What to tell the person, with the time to try again. */
  readonly message: string;
}

/**
 * Takes `units` from the person's budget for this clock hour, or refuses without taking any.
 * An action that costs more than a whole hour's budget takes all of it, so it can still run once.
 */
export async function takeFromQuotaBudget(sql: Queryable, userId: number, units: number, unitsPerHour: number): Promise<BudgetRefusal | null> {
  if (unitsPerHour === 0) return null;
  const charge = Math.min(Math.max(1, Math.ceil(units)), unitsPerHour);
  const [row] = await sql<{ taken: boolean; nextHourMs: number }[]>`
    with earlier as (
      delete from user_quota_spend where user_id = ${userId} and hour < date_trunc('hour', now())
    ), taken as (
      insert into user_quota_spend (user_id, hour, units) values (${userId}, date_trunc('hour', now()), ${charge})
      on conflict (user_id, hour) do update set units = user_quota_spend.units + excluded.units
        where user_quota_spend.units + excluded.units <= ${unitsPerHour}
      returning 1
    )
    select exists (select 1 from taken) as taken,
      (extract(epoch from date_trunc('hour', now()) + interval '1 hour') * 1000)::float8 as "nextHourMs"`;
  if (row!.taken) return null;
  const retryAt = new Date(row!.nextHourMs);
  return {
    retryAt,
    message: `You have used this hour's share of YouTube lookups (${unitsPerHour.toLocaleString('en')} quota units per person, shared fairly so indexing keeps working for everyone). Please try again at ${retryAt.toISOString().slice(11, 16)} UTC.`,
  };
}

/** Charges the signed-in person; on refusal sets Retry-After and returns the sentence to show them. */
export async function chargeQuotaBudget(c: Context<AppEnv>, deps: { config: Config; sql: Queryable }, units: number): Promise<string | undefined> {
  const refused = await takeFromQuotaBudget(deps.sql, signedInUser(c).id, units, deps.config.quotaUnitsPerUserPerHour);
  if (!refused) return undefined;
  c.header('Retry-After', String(Math.max(1, Math.ceil((refused.retryAt.getTime() - Date.now()) / 1000))));
  return refused.message;
}
