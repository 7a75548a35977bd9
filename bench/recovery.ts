// recovery.*: how long the jobs of a worker killed mid-run (SIGKILL: no chance to release them) stay
// stuck before another worker runs them, with the default WORKER_DEAD_AFTER_SECONDS.
import { transcriptJobKey } from '../src/indexing/runs.ts';
import { synthPlaylistId } from '../src/standin/synthetic.ts';
import { pressStartIndexing, waitForRun } from '../tests/helpers/indexing.ts';
import { runCounts } from '../tests/helpers/runs.ts';
import { waitUntil } from '../tests/helpers/wait.ts';
import { startBenchStack } from './harness.ts';
import type { BenchRow } from './report.ts';

const GOAL_SECONDS = 90;

export async function benchRecovery(): Promise<BenchRow[]> {
  // One-second caption fetches, so the worker always holds jobs mid-fetch when it is killed.
  const stack = await startBenchStack({ knobs: { latencyMs: { captions: 1000 } }, env: { WORKER_CONCURRENCY: '10', TRANSCRIPT_RATE: '0' } });
  try {
    const { sql } = stack.database;
    const playlist = synthPlaylistId({ count: 100, cues: 5, seed: 14 });
    const cookie = await stack.userWithPlaylists([playlist]);
    const doomed = stack.spawnWorker();
    const runId = await pressStartIndexing(stack.app, stack.baseUrl, cookie, playlist);
    await waitUntil('20 videos indexed', async () => (await runCounts(sql, runId)).done! >= 20, 60_000);

    await doomed.stop('SIGKILL');
    const killedAt = performance.now();
    // Read after the kill: these locks can no longer change until someone unlocks them.
    const locked = new Set((await sql<{ key: string }[]>`select key from graphile_worker.jobs where locked_by is not null and key is not null`).map((j) => j.key));
    const pending = await sql<{ video_id: string }[]>`select video_id from index_run_videos where run_id = ${runId} and state = 'pending'`;
    const heldIds = pending.map((p) => p.video_id).filter((id) => locked.has(transcriptJobKey(id)));
    if (heldIds.length === 0) throw new Error('the killed worker held no fetch_transcript job');
    stack.spawnWorker();
    await waitUntil('a job of the killed worker to complete', async () => {
      const [settled] = await sql<{ n: number }[]>`
        select count(*)::int as n from index_run_videos where run_id = ${runId} and video_id = any(${heldIds}) and state <> 'pending'`;
      return settled!.n > 0;
    }, 300_000);
    const seconds = (performance.now() - killedAt) / 1000;
    await waitForRun(sql, runId, 120_000);
    return [{
      name: 'recovery.seconds_after_kill', value: seconds, unit: 's',
      reference: `budget ${GOAL_SECONDS} s: SIGKILL of the only worker (holding ${heldIds.length} jobs) to the first of them done by a new one; WORKER_DEAD_AFTER_SECONDS=60, heartbeat every 10 s, dead-worker check every 15 s`,
      ratio: seconds / GOAL_SECONDS, goal: `< ${GOAL_SECONDS}`, met: seconds < GOAL_SECONDS,
    }];
  } finally {
    await stack.stop();
  }
}
