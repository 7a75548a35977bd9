// A power cut, as near as a test can come: the app and its embedded PostgreSQL (postmaster, backends
// and watchdog) SIGKILLed together in the middle of a run. The next start recovers from the WAL, the
// run completes, no transcript that a finished job stored is lost, none is stored twice, and the
// progress counters match the rows.
//
// Transcripts are stored with synchronous_commit = off (their commit may reach the disk up to
// ~200 ms later). A job counts as finished only once Graphile Worker has deleted it, in a commit of
// its own with the default synchronous_commit = on, which flushes the WAL up to that commit record,
// and so every earlier record, the job's transcript among them. This test checks exactly that.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runProgress } from '../src/indexing/runs.ts';
import { synthPlaylistId } from '../src/standin/synthetic.ts';
import {
  connectToAppDatabase, standinEnv, startAppProcess, useAppSandbox, troubleIn, waitForNoProcessUsing,
} from './helpers/app-process.ts';
import { pressStartIndexing, waitForRun } from './helpers/indexing.ts';
import { runCounts, segmentTally } from './helpers/runs.ts';
import { createSignedInUser } from './helpers/users.ts';
import { waitUntil } from './helpers/wait.ts';

const VIDEOS = 400;
const CUES = 3;
const settings = { WORKER_CONCURRENCY: '10', TRANSCRIPT_RATE: '0', WORKER_DEAD_AFTER_SECONDS: '15' };

describe('app and PostgreSQL killed together mid-run', () => {
  const box = useAppSandbox('subtext-crash-', 50);

  it('recovers from the WAL: the run completes, every transcript a finished job stored is there once, counters match rows', async () => {
    const first = startAppProcess(box.dataDir, box.ports, standinEnv(box.standin.url, settings));
    box.started.push(first);
    await first.ready;
    let sql = await connectToAppDatabase(box.dataDir, box.ports.pg);
    const playlist = synthPlaylistId({ count: VIDEOS, cues: CUES, seed: 314 });
    const { cookie } = await createSignedInUser(sql, { playlists: [playlist] });
    const runId = await pressStartIndexing(first, first.baseUrl, cookie, playlist);
    await waitUntil('150 videos indexed', async () => (await runCounts(sql, runId)).done! >= 150, 120_000);

    // Finished jobs: Graphile Worker deleted them (durably). What they stored must survive the crash.
    const finished = await sql<{ video_id: string; segments: number }[]>`
      select rv.video_id, (select count(*)::int from transcript_segments s where s.video_id = rv.video_id) as segments
      from index_run_videos rv where rv.run_id = ${runId}
        and not exists (select 1 from graphile_worker.jobs j where j.key = 'transcript:' || rv.video_id)
        and exists (select 1 from transcript_segments s where s.video_id = rv.video_id)`;
    // Kill while writes are under way: the transcript commits of the last moments are not yet on disk.
    const postmasterPid = Number((await readFile(path.join(box.dataDir, 'postgres', 'postmaster.pid'), 'utf8')).split('\n')[0]);
    const stat = await readFile(`/proc/${postmasterPid}/stat`, 'utf8');
    const postgresGroup = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
    process.kill(first.child.pid!, 'SIGKILL');
    process.kill(-postgresGroup, 'SIGKILL');
    await sql.end({ timeout: 0 }).catch(() => {});
    expect(finished.length).toBeGreaterThanOrEqual(100);
    expect(await waitForNoProcessUsing(box.dataDir, 15_000)).toEqual([]);

    const second = startAppProcess(box.dataDir, box.ports, standinEnv(box.standin.url, { ...settings, LOG_LEVEL: 'debug' }));
    box.started.push(second);
    await second.ready;
    expect(second.output()).toMatch(/database system was interrupted|not properly shut down; automatic recovery in progress/);
    expect(second.output()).toContain('redo done');
    sql = await connectToAppDatabase(box.dataDir, box.ports.pg);
    try {
      const after = await sql<{ video_id: string; segments: number }[]>`
        select video_id, count(*)::int as segments from transcript_segments
        where video_id = any(string_to_array(${finished.map((f) => f.video_id).join(',')}, ',')) group by video_id`;
      expect(new Map(after.map((a) => [a.video_id, a.segments]))).toEqual(new Map(finished.map((f) => [f.video_id, f.segments])));

      // The killed app's jobs are unlocked once its heartbeat has been silent for WORKER_DEAD_AFTER_SECONDS.
      await waitForRun(sql, runId, 180_000);
      expect(await runCounts(sql, runId)).toEqual({ done: VIDEOS });
      expect(await segmentTally(sql, playlist)).toEqual({ videos: VIDEOS, rows: CUES * VIDEOS, duplicates: 0 });
      const progress = await runProgress(sql, runId);
      const [indexed] = await sql<{ n: number }[]>`
        select count(*)::int as n from videos v join playlist_videos pv on pv.video_id = v.id
        where pv.playlist_id = ${playlist} and v.transcript_status = 'indexed'`;
      expect(progress).toMatchObject({ status: 'completed', total: VIDEOS, done: indexed!.n, failed: 0, pending: 0 });
    } finally {
      await sql.end();
    }
    second.signal('SIGTERM', 'process');
    expect((await second.exited).code).toBe(0);
    expect(troubleIn(second.output())).toEqual([]);
  }, 400_000);
});
