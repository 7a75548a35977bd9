import { Hono } from 'hono';
import { migrationStatus } from '../db/migrate.ts';
import type { AppDeps } from './env.ts';

/** /healthz: can we reach the database, are migrations current, when did a worker last check in. */
export function healthRoutes(deps: AppDeps) {
  return new Hono().get('/', async (c) => {
    try {
      const migrations = await migrationStatus(deps.database.sql);
      const [beat] = await deps.database.sql<{ last: Date | null }[]>`select max(last_seen_at) as last from worker_heartbeats`;
      const last = beat?.last ?? null;
      const current = migrations.applied >= migrations.expected;
      return c.json({
        ok: current,
        database: { reachable: true },
        migrations: { ...migrations, current },
        worker: { lastHeartbeatAt: last?.toISOString() ?? null, secondsAgo: last ? Math.round((Date.now() - last.getTime()) / 1000) : null },
      }, current ? 200 : 503);
    } catch {
      return c.json({ ok: false, database: { reachable: false, message: 'database unavailable, retrying' } }, 503);
    }
  });
}
