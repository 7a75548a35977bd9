// Circuit breakers kept in Postgres, one per transcript exit (src/youtube/exits.ts), so one block
// benches that exit in every worker process while the other exits go on. Open: nobody fetches
// through it until open_until. Then half-open: one worker at a time may probe; a success closes it,
// another block re-opens it with twice the pause.
import type { Sql } from '../db/client.ts';

/** The breaker of one transcript exit. */
export const exitBreakerName = (exitName: string) => `transcripts:${exitName}`;
const MAX_PAUSE_S = 30 * 60;
const PROBE_LEASE_S = 30;

export type BreakerDecision =
  | { readonly allowed: true; readonly probe: boolean }
  | { readonly allowed: false; readonly retryAt: Date; readonly reason: string };

/**
 * A breaker seen closed is taken as closed for this long without asking again: 50 jobs in flight
 * would otherwise read the same row 50 times a second. A block seen by another process pauses this
 * one within that time; one seen here pauses it at once (tripBreaker forgets the reading).
 */
const CLOSED_READING_MS = 1000;
const closedUntil = new Map<string, number>();

export async function checkBreaker(sql: Sql, name: string): Promise<BreakerDecision> {
  if ((closedUntil.get(name) ?? 0) > Date.now()) return { allowed: true, probe: false };
  const [row] = await sql<{ open_until: Date | null; trips: number; reason: string | null; now: Date }[]>`
    select open_until, trips, reason, now() as now from circuit_breakers where name = ${name}`;
  if (!row || row.trips === 0 || row.open_until === null) {
    closedUntil.set(name, Date.now() + CLOSED_READING_MS);
    return { allowed: true, probe: false };
  }
  if (row.open_until > row.now) return { allowed: false, retryAt: row.open_until, reason: row.reason ?? 'paused' };
  // Half-open: take the probe lease, or wait a little for whoever holds it.
  const claimed = await sql`
    update circuit_breakers set probe_started_at = now()
    where name = ${name} and (probe_started_at is null or probe_started_at < now() - make_interval(secs => ${PROBE_LEASE_S}))
    returning name`;
  if (claimed.length > 0) return { allowed: true, probe: true };
  return { allowed: false, retryAt: new Date(row.now.getTime() + 5_000), reason: row.reason ?? 'probing' };
}

/**
 * Opens (or re-opens) the breaker; each consecutive trip doubles the pause. `opened` is false when
 * the breaker was already open: several workers hit the same block at once, and only the first of
 * them (the one that opened it) counts as a trip and gets to ask whether the block was its video's own.
 */
export async function tripBreaker(sql: Sql, name: string, reason: string, firstPauseSeconds: number): Promise<{ reopensAt: Date; opened: boolean }> {
  closedUntil.delete(name);
  return sql.begin(async (tx) => {
    await tx`insert into circuit_breakers (name) values (${name}) on conflict do nothing`;
    const [before] = await tx<{ open: boolean }[]>`
      select coalesce(open_until > now(), false) as open from circuit_breakers where name = ${name} for update`;
    const [row] = await tx<{ open_until: Date }[]>`
      update circuit_breakers as b set
        trips = case when b.open_until > now() then b.trips else b.trips + 1 end,
        open_until = case when b.open_until > now() then b.open_until
          else now() + make_interval(secs => least(${MAX_PAUSE_S}, ${firstPauseSeconds} * power(2, b.trips)::int)) end,
        reason = ${reason}, probe_started_at = null, updated_at = now()
      where name = ${name}
      returning open_until`;
    return { reopensAt: row!.open_until, opened: !before!.open };
  });
}

export async function closeBreaker(sql: Sql, name: string): Promise<void> {
  await sql`
    update circuit_breakers set trips = 0, open_until = null, probe_started_at = null, reason = null, updated_at = now()
    where name = ${name} and trips > 0`;
}

export interface ExitState {
  readonly exit: string;
  /** working: its breaker is closed; benched: open until `until`; probing: half-open, one worker is trying it. */
  readonly state: 'working' | 'benched' | 'probing';
  readonly until: Date | null;
  readonly reason: string | null;
}

/**
 * For pages: the exits of the worker processes alive now (those running transcript jobs) and how
 * each one fares. None means no worker is fetching transcripts at all.
 */
export async function exitStates(sql: Sql, workerDeadAfterSeconds: number): Promise<ExitState[]> {
  const rows = await sql<{ exit: string; open_until: Date | null; trips: number | null; reason: string | null; open: boolean }[]>`
    with exits as (
      select distinct jsonb_array_elements_text(exits) as exit from worker_heartbeats
      where last_seen_at > now() - make_interval(secs => ${workerDeadAfterSeconds})
    )
    select e.exit, b.open_until, b.trips, b.reason, coalesce(b.open_until > now(), false) as open
    from exits e left join circuit_breakers b on b.name = 'transcripts:' || e.exit
    order by e.exit`;
  return rows.map((r) => {
    if (!r.trips || !r.open_until) return { exit: r.exit, state: 'working', until: null, reason: null };
    return { exit: r.exit, state: r.open ? 'benched' : 'probing', until: r.open_until, reason: r.reason };
  });
}
