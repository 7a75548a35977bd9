// Exits live in different worker processes (a cloud worker's proxies, a home worker's own
// connection): when every exit of one worker is benched and another worker's exit works, the
// transcript jobs must go to the one that works, not wait for the benched exits to reopen.
import type { Sql } from '../db/client.ts';

/** Whether a live worker announces an exit, other than `mine`, whose breaker is closed. */
export async function workingExitElsewhere(sql: Sql, mine: ReadonlyArray<string>, deadAfterSeconds: number): Promise<boolean> {
  const [row] = await sql<{ working: boolean }[]>`
    select exists (
      select 1 from worker_heartbeats h, jsonb_array_elements_text(h.exits) as e(exit)
      where h.last_seen_at > now() - make_interval(secs => ${deadAfterSeconds})
        and e.exit <> all(${sql.array([...mine])}::text[])
        and not exists (select 1 from circuit_breakers b where b.name = 'transcripts:' || e.exit and b.trips > 0)
    ) as working`;
  return row?.working ?? false;
}

/**
 * When this worker brings an exit that works, the transcript jobs parked until benched exits reopen
 * (possibly half an hour away) are made due now, so that it takes them. Jobs whose own retry is
 * pulled forward with them are merely tried sooner.
 */
export async function wakeParkedTranscriptJobs(sql: Sql, mine: ReadonlyArray<string>): Promise<number> {
  const [working] = await sql<{ n: number }[]>`
    select count(*)::int as n from unnest(${sql.array([...mine])}::text[]) as m(exit)
    where not exists (select 1 from circuit_breakers b where b.name = 'transcripts:' || m.exit and b.trips > 0)`;
  if ((working?.n ?? 0) === 0) return 0;
  const woken = await sql`
    select id from graphile_worker.reschedule_jobs(array(
      select id from graphile_worker.jobs
      where task_identifier = 'fetch_transcript' and locked_at is null and run_at > now() + interval '5 seconds'
    ), run_at := now())`;
  return woken.length;
}
