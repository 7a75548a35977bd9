// What storing transcripts costs the database per video, measured alone on one connection: the app's
// subtext_store_transcripts as the worker calls it (10 videos × 300 cues of the stand-in's own speech
// per statement), on a fresh migrated database, as wall time and as the backend's CPU time. Each SQL
// file given is a variant (drop an index, replace a function…): applied in a transaction, measured on
// new videos, rolled back; rounds alternate with the current schema so a machine's drift moves both.
// Usage: node bench/probes/store-cost.ts [variant.sql ...]
import { readFileSync } from 'node:fs';
import postgres from 'postgres';
import { manualCues } from '../../src/standin/transcript.ts';
import { synthVideoId, syntheticVideo } from '../../src/standin/synthetic.ts';
import { startBenchStack } from '../harness.ts';

const VIDEOS_PER_STATEMENT = 10;
const VIDEOS_PER_ROUND = 100;
const ROUNDS = 3;

const stack = await startBenchStack({});
// One connection, so the backend whose CPU is read is the one that stores.
const sql = postgres(stack.databaseUrl, { max: 1, onnotice: () => {} });
const pid = (await sql<{ pid: number }[]>`select pg_backend_pid() as pid`)[0]!.pid;
const backendCpuMs = () => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ').map(Number);
  return (f[11]! + f[12]!) * 10;
};

let nextVideo = 0;
async function measure(tx: postgres.Sql | postgres.TransactionSql, label: string): Promise<void> {
  const videos = Array.from({ length: VIDEOS_PER_ROUND }, () => {
    const id = synthVideoId(77, 300, nextVideo++);
    return { id, cues: manualCues(syntheticVideo(id)!, 'en') };
  });
  await tx`insert into videos (id, title) select unnest(${tx.array(videos.map((v) => v.id))}::text[]), 'v'`;
  const cpu = backendCpuMs();
  const started = performance.now();
  for (let i = 0; i < videos.length; i += VIDEOS_PER_STATEMENT) {
    const batch = videos.slice(i, i + VIDEOS_PER_STATEMENT);
    const cues = batch.flatMap((v, k) => v.cues.map((c) => ({ video: k + 1, startMs: c.startMs, endMs: c.startMs + c.durMs, text: c.text })));
    await tx`select subtext_store_transcripts(${tx.array(batch.map((b) => b.id))}::text[], ${tx.array(batch.map(() => 'en'))}::text[],
      ${tx.array(batch.map(() => 'manual'))}::text[], ${tx.array(batch.map(() => ''))}::text[],
      ${tx.array(cues.map((c) => c.video))}::int[], ${tx.array(cues.map((c) => c.startMs))}::int[],
      ${tx.array(cues.map((c) => c.endMs))}::int[], ${tx.array(cues.map((c) => c.text))}::text[])`;
  }
  const perVideo = (ms: number) => (ms / videos.length).toFixed(2);
  console.log(`${label.padEnd(40)} ${perVideo(performance.now() - started)} ms/video wall, ${perVideo(backendCpuMs() - cpu)} ms/video backend CPU`);
}

class RolledBack extends Error {}
try {
  await measure(sql, 'warm-up');
  for (let round = 0; round < ROUNDS; round++) {
    await measure(sql, 'current');
    for (const file of process.argv.slice(2)) {
      await sql.begin(async (tx) => {
        await tx.unsafe(readFileSync(file, 'utf8'));
        await measure(tx, file);
        throw new RolledBack();
      }).catch((err: unknown) => { if (!(err instanceof RolledBack)) throw err; });
    }
  }
} finally {
  await sql.end();
  await stack.stop();
}
process.exit(0);
