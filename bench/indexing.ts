// indexing.*: throughput against an ideal, enqueue latency and worker memory.
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

async function throughputAndMemory(): Promise<BenchRow[]> {
  const stack = await startBenchStack({ env: { WORKER_CONCURRENCY: String(CONCURRENCY), TRANSCRIPT_RATE: '0' } });
  try {
    const fast = synthPlaylistId({ count: 1000, cues: 300, seed: 12 });
    const big = synthPlaylistId({ count: 3000, cues: 40, seed: 13 });
    const cookie = await stack.userWithPlaylists([fast, big]);
    const worker = stack.spawnWorker();
    await new Promise((r) => setTimeout(r, 1500));

    let started = performance.now();
    await runDone(stack, await startIndexing(stack, cookie, fast));
    const perSecond = 1000 / ((performance.now() - started) / 1000);

    started = performance.now();
    await runDone(stack, await startIndexing(stack, cookie, big));
    const rss = await worker.peakRssMb();
    return [
      { name: 'indexing.videos_per_s', value: perSecond, unit: 'videos/s', reference: 'goal 250 videos/s (1,000 videos × 300 cues, zero latency)', ratio: perSecond / 250, goal: '≥ 250', met: perSecond >= 250 },
      { name: 'indexing.worker_rss_mb', value: rss, unit: 'MB', reference: 'budget 300 MB (peak while indexing 3,000 videos)', ratio: rss / 300, goal: '< 300', met: rss < 300 },
    ];
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
  return [await enqueueLatency(), ...await throughputAndMemory(), await efficiency()];
}
