// Run as its own OS process by tests/rate-limiter.test.ts: several loops take tokens from one
// bucket until a deadline, then print the wall-clock time of every grant as JSON.
import { connectDatabase } from '../../src/db/client.ts';
import { takeToken } from '../../src/youtube/rate-limiter.ts';

const [url, bucketName, rate, burst, startAt, durationMs] = process.argv.slice(2);
if (!url || !bucketName || !rate || !burst || !startAt || !durationMs) throw new Error('usage: rate-limiter-hammer URL BUCKET RATE BURST START_AT_MS DURATION_MS');

const loops = 4;
const database = connectDatabase(url, { max: loops });
const bucket = { name: bucketName, ratePerSecond: Number(rate), burst: Number(burst) };
const deadline = Number(startAt) + Number(durationMs);
const grants: number[] = [];
const stop = new AbortController();
setTimeout(() => stop.abort(new Error('deadline')), deadline - Date.now()).unref();

await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(startAt) - Date.now())));
await Promise.all(Array.from({ length: loops }, async () => {
  while (Date.now() < deadline) {
    try {
      await takeToken(database.sql, bucket, stop.signal);
    } catch (err) {
      if (stop.signal.aborted) return;
      throw err;
    }
    if (Date.now() < deadline) grants.push(Date.now());
  }
}));
await database.close();
process.stdout.write(JSON.stringify(grants));
