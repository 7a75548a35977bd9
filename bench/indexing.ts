// indexing.*: throughput against commit 86e3eb5 (both measured in this run, in turns), efficiency
// against an ideal, enqueue latency and worker memory.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { symlink } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { synthPlaylistId } from '../src/standin/synthetic.ts';
import { pressStartIndexing, waitForRun } from '../tests/helpers/indexing.ts';
import { startBenchStack, type BenchStack } from './harness.ts';
import { percentile, type BenchRow } from './report.ts';

const CONCURRENCY = 50;

const startIndexing = (stack: BenchStack, cookie: string, playlistId: string) => pressStartIndexing(stack.app, stack.baseUrl, cookie, playlistId);
const runDone = (stack: BenchStack, runId: number) => waitForRun(stack.database.sql, runId, 600_000);
const LATENCY_MS = 1500;

async function efficiency(): Promise<BenchRow> {
  const videos = 1000;
  const stack = await startBenchStack({
    knobs: { latencyMs: { captions: LATENCY_MS } },
    env: { WORKER_CONCURRENCY: String(CONCURRENCY), TRANSCRIPT_RATE: '0' },
  });
  try {
    const playlist = synthPlaylistId({ count: videos, cues: 20, seed: 11 });
    const cookie = await stack.userWithPlaylists([playlist]);
    stack.spawnWorker();
    await new Promise((r) => setTimeout(r, 1500));
    const started = performance.now();
    await runDone(stack, await startIndexing(stack, cookie, playlist));
    const seconds = (performance.now() - started) / 1000;
    const ideal = (videos / CONCURRENCY) * (LATENCY_MS / 1000);
    return {
      name: 'indexing.efficiency', value: ideal / seconds, unit: 'ratio', reference: `ideal ${ideal} s (${videos} videos / ${CONCURRENCY} in flight × 1.5 s); measured ${seconds.toFixed(1)} s`,
      ratio: ideal / seconds, goal: '≥ 0.95', met: ideal / seconds >= 0.95,
    };
  } finally {
    await stack.stop();
  }
}

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The main of before issue 12: indexing must become at least BASE_GOAL times as fast as this. */
const BASE_COMMIT = '86e3eb5';
const BASE_GOAL = 1.75;
const TURNS = 2;

/** The commit checked out in a temporary git worktree, sharing this checkout's node_modules. */
async function baseTree(): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = `/tmp/subtext-bench-base-${BASE_COMMIT}-${process.pid}`;
  const git = (...args: string[]) => promisify(execFile)('git', ['-C', root, ...args]);
  await git('worktree', 'add', '--detach', '--force', dir, BASE_COMMIT);
  if (!existsSync(path.join(dir, 'node_modules'))) await symlink(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  return { dir, remove: async () => void await git('worktree', 'remove', '--force', dir) };
}

/** 1,000 videos × 300 cues at zero latency, indexed by the subtext checked out at tree, in its own process. */
async function videosPerSecond(tree: string): Promise<number> {
  const { stdout } = await promisify(execFile)(process.execPath, [path.join(root, 'bench/indexing-throughput.ts'), tree], { cwd: root, maxBuffer: 2 ** 24 });
  const last = stdout.trim().split('\n').at(-1) ?? '';
  return (JSON.parse(last) as { videosPerSecond: number }).videosPerSecond;
}

async function throughputAgainstBase(): Promise<BenchRow[]> {
  const base = await baseTree();
  try {
    const ours: number[] = [];
    const theirs: number[] = [];
    // In turns, so a machine that speeds up or slows down during the run moves both alike.
    for (let turn = 0; turn < TURNS; turn++) {
      theirs.push(await videosPerSecond(base.dir));
      ours.push(await videosPerSecond(root));
      console.log(`  turn ${turn + 1}: ${BASE_COMMIT} ${theirs.at(-1)!.toFixed(1)} videos/s, this tree ${ours.at(-1)!.toFixed(1)} videos/s`);
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const [now, before] = [mean(ours), mean(theirs)];
    const list = (xs: number[]) => xs.map((x) => x.toFixed(1)).join(', ');
    return [
      {
        name: 'indexing.vs_86e3eb5', value: now / before, unit: 'ratio',
        reference: `1,000 videos × 300 cues, zero latency, 50 in flight: ${now.toFixed(1)} videos/s (${list(ours)}) against ${before.toFixed(1)} (${list(theirs)}) for commit ${BASE_COMMIT}, in turns`,
        ratio: now / before, goal: `≥ ${BASE_GOAL}`, met: now / before >= BASE_GOAL,
      },
      { name: 'indexing.videos_per_s', value: now, unit: 'videos/s', reference: 'goal 250 videos/s (1,000 videos × 300 cues, zero latency)', ratio: now / 250, goal: '≥ 250', met: now >= 250 },
    ];
  } finally {
    await base.remove();
  }
}

async function workerMemory(): Promise<BenchRow> {
  const stack = await startBenchStack({ env: { WORKER_CONCURRENCY: String(CONCURRENCY), TRANSCRIPT_RATE: '0' } });
  try {
    const big = synthPlaylistId({ count: 3000, cues: 40, seed: 13 });
    const cookie = await stack.userWithPlaylists([big]);
    const worker = stack.spawnWorker();
    await new Promise((r) => setTimeout(r, 1500));
    await runDone(stack, await startIndexing(stack, cookie, big));
    const rss = await worker.peakRssMb();
    return { name: 'indexing.worker_rss_mb', value: rss, unit: 'MB', reference: 'budget 300 MB (peak while indexing 3,000 videos)', ratio: rss / 300, goal: '< 300', met: rss < 300 };
  } finally {
    await stack.stop();
  }
}

async function enqueueLatency(): Promise<BenchRow> {
  // No worker runs: this measures only what the Start button costs, for fresh 3,000-video runs.
  const stack = await startBenchStack();
  try {
    const playlists = Array.from({ length: 200 }, (_, i) => synthPlaylistId({ count: 3000, cues: 10, seed: 100 + i }));
    const cookie = await stack.userWithPlaylists(playlists);
    const times: number[] = [];
    for (const playlist of playlists) {
      const started = performance.now();
      await startIndexing(stack, cookie, playlist);
      times.push(performance.now() - started);
    }
    const p99 = percentile(times, 99);
    return { name: 'indexing.enqueue_p99_ms', value: p99, unit: 'ms', reference: `budget 50 ms; p50 ${percentile(times, 50).toFixed(1)} ms over ${times.length} starts`, ratio: p99 / 50, goal: '< 50', met: p99 < 50 };
  } finally {
    await stack.stop();
  }
}

export async function benchIndexing(): Promise<BenchRow[]> {
  return [await enqueueLatency(), ...await throughputAgainstBase(), await workerMemory(), await efficiency()];
}
