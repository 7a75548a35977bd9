// node bench/indexing-throughput.ts <tree>: indexes 1,000 videos × 300 cues at zero latency with the
// subtext checked out at <tree> (its own harness, app, worker and migrations) and prints
// {"videosPerSecond": n}. bench/indexing.ts runs it for this tree and for an older commit, in turns.
import path from 'node:path';

const tree = path.resolve(process.argv[2] ?? '.');
const { startBenchStack } = await import(path.join(tree, 'bench/harness.ts'));
const { pressStartIndexing, waitForRun } = await import(path.join(tree, 'tests/helpers/indexing.ts'));
const { synthPlaylistId } = await import(path.join(tree, 'src/standin/synthetic.ts'));
const { setLogLevel } = await import(path.join(tree, 'src/log.ts'));
setLogLevel('warn');

const VIDEOS = 1000;
const stack = await startBenchStack({ env: { WORKER_CONCURRENCY: '50', TRANSCRIPT_RATE: '0' } });
try {
  const playlist = synthPlaylistId({ count: VIDEOS, cues: 300, seed: 12 });
  const cookie = await stack.userWithPlaylists([playlist]);
  stack.spawnWorker();
  await new Promise((r) => setTimeout(r, 1500));
  const started = performance.now();
  await waitForRun(stack.database.sql, await pressStartIndexing(stack.app, stack.baseUrl, cookie, playlist), 600_000);
  console.log(JSON.stringify({ videosPerSecond: VIDEOS / ((performance.now() - started) / 1000) }));
} finally {
  await stack.stop();
}
process.exit(0);
