// Pool selection: each pool's concurrency and tasks (the oEmbed rate across two worker processes is in
// oembed-rate.timing.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { POOL_TASKS } from '../src/worker/pool-tasks.ts';
import { buildWorkerPools, selectPools } from '../src/worker/pools.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';

describe('tracking pools', () => {
  let db: TestDatabase;
  beforeAll(async () => { db = await createTestDatabase(); });
  afterAll(async () => { await db?.drop(); });

  it('come with their own concurrency (4, 8, 2 by default) and can be selected alone', () => {
    const config = loadConfig({ SESSION_SECRET: 'x'.repeat(32), ENCRYPTION_KEY: '11'.repeat(32), DATA_DIR: '/tmp/subtext-test-data', THUMBNAIL_CONCURRENCY: '3' });
    const all = buildWorkerPools({ config, database: db.database });
    const byName = new Map(all.map((p) => [p.name, p]));
    expect(byName.get('scoring')?.concurrency).toBe(4);
    expect(byName.get('thumbnails')?.concurrency).toBe(3);
    expect(byName.get('deadvideos')?.concurrency).toBe(2);
    expect(Object.keys(byName.get('scoring')!.taskList)).toEqual(['score_virality']);
    expect(byName.get('thumbnails')!.cron?.map((c) => c.task)).toEqual(['schedule_thumbnail_checks']);

    const [only] = selectPools(all, ['thumbnails']);
    expect(selectPools(all, ['thumbnails'])).toHaveLength(1);
    expect(Object.keys(only!.taskList).sort()).toEqual(['check_thumbnail', 'schedule_thumbnail_checks']);
    expect(() => selectPools(all, ['thumbnail'])).toThrow(/Unknown worker pool "thumbnail"/);
  });

  it('run exactly the tasks the dashboard\'s pool table says they run', () => {
    const config = loadConfig({ SESSION_SECRET: 'x'.repeat(32), ENCRYPTION_KEY: '11'.repeat(32), DATA_DIR: '/tmp/subtext-test-data' });
    const built = Object.fromEntries(buildWorkerPools({ config, database: db.database }).map((p) => [p.name, Object.keys(p.taskList)]));
    expect(built).toEqual(POOL_TASKS);
  });
});
