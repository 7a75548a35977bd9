// A token bucket in Postgres, shared by every web and worker process: rate limits hold for the
// whole deployment, however many worker processes or machines take from the same bucket.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Sql } from '../db/client.ts';

export interface RateLimitBucket {
  readonly name: string;
  readonly ratePerSecond: number;
  /** Most tokens the bucket holds after a quiet spell: how many calls may go out back to back. */
  readonly burst: number;
}

interface TakeResult {
  granted: boolean;
  tokens: number;
  elapsed_seconds: number;
}

// Jitter spreads out waiters that computed the same wait, so they do not all retry in one instant.
const MAX_JITTER_MS = 25;

/**
 * Takes one token from the bucket, waiting as long as needed; resolves to the milliseconds waited.
 * Rejects with the signal's reason if it is aborted while waiting.
 *
 * Refill and take happen in one UPDATE: its row lock serialises processes, and when it waits for
 * another process's take, Postgres re-evaluates the condition against that newer row, so two
 * processes can never spend the same token. The bucket's rate and burst follow the caller's settings.
 */
export async function takeToken(sql: Sql, bucket: RateLimitBucket, signal?: AbortSignal): Promise<number> {
  const started = performance.now();
  const { name, ratePerSecond: rate, burst } = bucket;
  for (;;) {
    signal?.throwIfAborted();
    // The outer select reads the row as it was before this statement: enough to estimate the wait.
    const [row] = await sql<TakeResult[]>`
      with taken as (
        update rate_limit_buckets
        set tokens = least(${burst}::float8, tokens + greatest(0, extract(epoch from clock_timestamp() - refilled_at)) * ${rate}::float8) - 1,
            refilled_at = greatest(refilled_at, clock_timestamp()),
            rate_per_second = ${rate}::float8,
            burst = ${burst}::float8
        where name = ${name}
          and least(${burst}::float8, tokens + greatest(0, extract(epoch from clock_timestamp() - refilled_at)) * ${rate}::float8) >= 1
        returning 1
      )
      select exists (select 1 from taken) as granted, tokens,
             greatest(0, extract(epoch from clock_timestamp() - refilled_at))::float8 as elapsed_seconds
      from rate_limit_buckets where name = ${name}`;
    if (!row) {
      await sql`
        insert into rate_limit_buckets (name, tokens, rate_per_second, burst, refilled_at)
        values (${name}, ${burst}, ${rate}, ${burst}, clock_timestamp())
        on conflict (name) do nothing`;
      continue;
    }
    if (row.granted) return Math.round(performance.now() - started);
    const level = Math.min(burst, row.tokens + row.elapsed_seconds * rate);
    const waitMs = Math.max(1, ((1 - level) / rate) * 1000) + Math.random() * MAX_JITTER_MS;
    await sleep(waitMs, undefined, { signal }).catch((err: unknown) => {
      signal?.throwIfAborted();
      throw err;
    });
  }
}
