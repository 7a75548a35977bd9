import type { Hono } from 'hono';
import type { Sql } from '../../src/db/client.ts';
import { waitUntil } from './wait.ts';

/** Presses "Start indexing" the way a browser without JavaScript does; resolves to the run id. */
export async function pressStartIndexing(app: Pick<Hono, 'request'>, baseUrl: string, cookie: string, playlistId: string, mode: 'new' | 'all' = 'new'): Promise<number> {
  const response = await app.request(`/playlists/${playlistId}/index`, {
    method: 'POST',
    headers: { Cookie: cookie, Origin: baseUrl, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: `mode=${mode}`,
  });
  const runId = Number(/\/runs\/(\d+)/.exec(response.headers.get('Location') ?? '')?.[1]);
  if (response.status !== 303 || !Number.isSafeInteger(runId)) throw new Error(`Start indexing answered ${response.status}: ${await response.text()}`);
  return runId;
}

export async function waitForRun(sql: Sql, runId: number, timeoutMs: number): Promise<void> {
  const run = await waitUntil(`run ${runId} to finish`, async () => {
    const [row] = await sql<{ status: string; error: string | null }[]>`select status, error from index_runs where id = ${runId}`;
    return row?.status === 'completed' || row?.status === 'failed' ? row : undefined;
  }, timeoutMs);
  if (run.status === 'failed') throw new Error(`run ${runId} failed: ${run.error}`);
}
