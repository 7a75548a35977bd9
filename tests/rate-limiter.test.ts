import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { takeToken } from '../src/youtube/rate-limiter.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';

const hammer = fileURLToPath(new URL('./helpers/rate-limiter-hammer.ts', import.meta.url));

function runHammer(url: string, bucket: string, rate: number, burst: number, startAt: number, durationMs: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [hammer, url, bucket, String(rate), String(burst), String(startAt), String(durationMs)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => { out += chunk; });
    child.stderr.on('data', (chunk: Buffer) => { err += chunk; });
    child.on('error', reject);
    child.on('exit', (code) => code === 0 ? resolve(JSON.parse(out) as number[]) : reject(new Error(`hammer exited ${code}: ${err}`)));
  });
}

describe('takeToken (Postgres token bucket)', () => {
  let db: TestDatabase;
  beforeAll(async () => { db = await createTestDatabase(); });
  afterAll(async () => { await db.drop(); });

  it('holds two OS processes together to the rate plus the burst, and lets them use ≥ 90 % of it', async () => {
    const rate = 20;
    const burst = 5;
    const durationMs = 4000;
    const startAt = Date.now() + 1500;
    const [a, b] = await Promise.all([
      runHammer(db.url, 'hammer', rate, burst, startAt, durationMs),
      runHammer(db.url, 'hammer', rate, burst, startAt, durationMs),
    ]);
    expect(a.length).toBeGreaterThan(0);
    expect(b.length).toBeGreaterThan(0);
    const grants = [...a!, ...b!].sort((x, y) => x - y);

    // Times are taken when takeToken returns, a few ms after Postgres granted; one extra grant
    // covers that measuring skew, not the limiter.
    let busiest = 0;
    for (let i = 0; i < grants.length; i++) {
      let j = i;
      while (j < grants.length && grants[j]! < grants[i]! + 1000) j++;
      busiest = Math.max(busiest, j - i);
    }
    expect(busiest).toBeLessThanOrEqual(rate + burst + 1);
    // Sustained rate after the opening burst, from the first grant on (process start-up is not the limiter's).
    const sustained = (grants.length - burst) / ((grants.at(-1)! - grants[0]!) / 1000);
    expect(sustained).toBeGreaterThanOrEqual(0.9 * rate);
  });

  it('lends a quiet bucket its burst at once, then makes the next caller wait for a refill', async () => {
    // Two tokens a second: the fourth take waits about 500 ms, the first three not at all.
    const bucket = { name: 'burst', ratePerSecond: 2, burst: 3 };
    const waits = [];
    for (let i = 0; i < 4; i++) waits.push(await takeToken(db.database.sql, bucket));
    expect(Math.max(...waits.slice(0, 3))).toBeLessThan(250);
    expect(waits[3]).toBeGreaterThanOrEqual(250);
  });

  it('stops waiting when its signal is aborted', async () => {
    const bucket = { name: 'slow', ratePerSecond: 0.01, burst: 1 };
    await takeToken(db.database.sql, bucket);
    const reason = new Error('shutting down');
    const started = Date.now();
    await expect(takeToken(db.database.sql, bucket, AbortSignal.any([AbortSignal.timeout(10_000), abortAfter(100, reason)]))).rejects.toBe(reason);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

function abortAfter(ms: number, reason: Error): AbortSignal {
  const controller = new AbortController();
  setTimeout(() => controller.abort(reason), ms);
  return controller.signal;
}
