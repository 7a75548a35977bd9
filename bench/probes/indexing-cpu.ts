// Where indexing's time goes: indexes 1,000 videos × 300 cues at zero latency, as bench/indexing.ts
// does, and prints the CPU seconds of the Postgres backends, the worker and this process (web and
// stand-in), the time inside each subtext_* function (track_functions), and what the busy backends
// were doing, sampled every few ms from pg_stat_activity (a statement, or what it waited for).
// Usage: node bench/probes/indexing-cpu.ts
import { readFileSync, readdirSync } from 'node:fs';
import postgres from 'postgres';
import { pressStartIndexing, waitForRun } from '../../tests/helpers/indexing.ts';
import { synthPlaylistId } from '../../src/standin/synthetic.ts';
import { startBenchStack } from '../harness.ts';

const VIDEOS = 1000;
const CLOCK_TICKS_PER_S = 100;

function processes(): Map<number, number> {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      parents.set(Number(entry), Number(readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]));
    } catch { /* it ended meanwhile */ }
  }
  return parents;
}

/** CPU seconds a process used, with its ended children's when asked (a backend that ended is counted by the postmaster). */
function cpuSeconds(pid: number, withEndedChildren = false): number {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ').map(Number);
    return (f[11]! + f[12]! + (withEndedChildren ? f[13]! + f[14]! : 0)) / CLOCK_TICKS_PER_S;
  } catch {
    return 0;
  }
}

const stack = await startBenchStack({ env: { WORKER_CONCURRENCY: '50', TRANSCRIPT_RATE: '0' } });
const admin = postgres(stack.adminUrl.replace(/\/[^/]*$/, new URL(stack.databaseUrl).pathname), { max: 2, onnotice: () => {} });
try {
  await admin`alter system set track_functions = 'all'`;
  await admin`select pg_reload_conf()`;
  const playlist = synthPlaylistId({ count: VIDEOS, cues: 300, seed: 12 });
  const cookie = await stack.userWithPlaylists([playlist]);
  const worker = stack.spawnWorker();
  await new Promise((r) => setTimeout(r, 1500));
  await admin`select pg_stat_reset()`;

  // The postmaster is the checkpointer's parent.
  const [checkpointer] = await admin<{ pid: number }[]>`select pid from pg_stat_activity where backend_type = 'checkpointer'`;
  const postmaster = processes().get(checkpointer!.pid)!;
  const backends = () => [...processes()].filter(([, parent]) => parent === postmaster).map(([pid]) => pid);
  const before = new Map(backends().map((pid) => [pid, cpuSeconds(pid)]));
  const postmasterBefore = cpuSeconds(postmaster, true);
  const workerBefore = cpuSeconds(worker.child.pid!, true);
  const selfBefore = process.cpuUsage();

  const activity = new Map<string, number>();
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const rows = await admin<{ what: string }[]>`
        select coalesce(wait_event_type || ':' || wait_event, 'on CPU') || '  ' || left(regexp_replace(query, '\\s+', ' ', 'g'), 90) as what
        from pg_stat_activity where state = 'active' and backend_type = 'client backend' and pid <> pg_backend_pid()`;
      for (const { what } of rows) activity.set(what, (activity.get(what) ?? 0) + 1);
      await new Promise((r) => setTimeout(r, 5));
    }
  })();

  const started = performance.now();
  await waitForRun(stack.database.sql, await pressStartIndexing(stack.app, stack.baseUrl, cookie, playlist), 600_000);
  const seconds = (performance.now() - started) / 1000;
  sampling = false;
  await sampler;

  let postgresCpu = cpuSeconds(postmaster, true) - postmasterBefore;
  for (const pid of backends()) postgresCpu += cpuSeconds(pid) - (before.get(pid) ?? 0);
  const self = process.cpuUsage(selfBefore);
  console.log(`${(VIDEOS / seconds).toFixed(1)} videos/s (${seconds.toFixed(1)} s); CPU seconds: Postgres ${postgresCpu.toFixed(1)}, worker ${(cpuSeconds(worker.child.pid!, true) - workerBefore).toFixed(1)}, web + stand-in ${((self.user + self.system) / 1e6).toFixed(1)}`);

  console.log('\nms inside functions (total, self; wall time, waits included):');
  for (const f of await admin`select funcname, calls, round(total_time) as total, round(self_time) as self from pg_stat_user_functions order by total_time desc limit 10`) {
    console.log(`${String(f.total).padStart(8)} ${String(f.self).padStart(8)}  ${f.funcname} × ${f.calls}`);
  }
  console.log('\nbusy backends, sampled (share of samples):');
  const samples = [...activity.values()].reduce((a, b) => a + b, 0);
  for (const [what, n] of [...activity].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`${(100 * n / samples).toFixed(1).padStart(6)} %  ${what}`);
} finally {
  await admin.end();
  await stack.stop();
}
process.exit(0);
