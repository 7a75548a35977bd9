// Clients, language and consent through the whole app: a retired client version, a server in Germany
// and an EU consent wall change nothing a user sees, and the dashboard says which client did the work.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sql } from '../src/db/client.ts';
import { synthPlaylistId } from '../src/standin/synthetic.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { pressStartIndexing, waitForRun } from './helpers/indexing.ts';
import { runCounts } from './helpers/runs.ts';
import { createSignedInUser } from './helpers/users.ts';
import { waitUntil } from './helpers/wait.ts';

async function clientsOf(sql: Sql, playlistId: string) {
  return sql<{ transcript_client: string | null; n: number }[]>`
    select v.transcript_client, count(*)::int as n from videos v join playlist_videos pv on pv.video_id = v.id
    where pv.playlist_id = ${playlistId} group by 1 order by 1`;
}

describe('transcript clients, language and consent', () => {
  let t: TestApp;
  let cookie: string;
  const retired = synthPlaylistId({ count: 12, cues: 2, seed: 95 });
  const walled = synthPlaylistId({ count: 6, cues: 2, seed: 96 });

  beforeAll(async () => {
    t = await startTestApp({
      env: { TRANSCRIPT_CLIENTS: 'ANDROID:20.10.38,IOS:20.10.4', YOUTUBE_BLOCK_PAUSE_SECONDS: '1', ADMIN_EMAILS: 'ops@example.com' },
      knobs: { minClientVersions: { ANDROID: '21.0.0' }, localLanguage: 'de', consentWall: true },
    });
    cookie = (await createSignedInUser(t.db.database.sql, { email: 'ops@example.com', admin: true, playlists: [retired, walled] })).cookie;
  });
  afterAll(async () => t?.stop());

  it('passes over a retired client version to the next configured one, and the jobs dashboard shows who brought what', async () => {
    const { sql } = t.db.database;
    const runId = await pressStartIndexing(t.app, t.baseUrl, cookie, retired);
    await waitForRun(sql, runId, 60_000);
    expect(await runCounts(sql, runId)).toEqual({ done: 12 });
    expect(await clientsOf(sql, retired)).toEqual([{ transcript_client: 'IOS:20.10.4', n: 12 }]);
    // The refused client was asked once per video, and the watch page never.
    expect(t.standin.stats.requests.player).toBe(24);
    expect(t.standin.stats.requests.watch).toBe(0);

    const page = await (await t.app.request('/admin/jobs', { headers: { Cookie: cookie } })).text();
    expect(page).toContain('<tr data-client="ANDROID:20.10.38" data-count="0">');
    expect(page).toContain('<tr data-client="IOS:20.10.4" data-count="12">');
  });

  it('names a consent page that comes back despite the cookies, pauses, and resumes when it goes', async () => {
    const { sql } = t.db.database;
    // Every player client refused: only the watch page is left, and it shows the consent form whatever we send.
    t.standin.knobs.minClientVersions = { ANDROID: '99.0', IOS: '99.0' };
    t.standin.knobs.consentWall = 'always';
    const runId = await pressStartIndexing(t.app, t.baseUrl, cookie, walled);
    const reason = await waitUntil('a pause', async () => {
      const [breaker] = await sql<{ reason: string | null }[]>`select reason from circuit_breakers where name like 'transcripts%' and trips > 0`;
      return breaker?.reason;
    }, 30_000);
    expect(reason).toMatch(/^YouTube answered with its cookie consent page although the SOCS and CONSENT cookies were sent \(player ANDROID 20\.10\.38: FAILED_PRECONDITION, HTTP 400, 'Precondition check failed\.'; player IOS 20\.10\.4: FAILED_PRECONDITION, HTTP 400, 'Precondition check failed\.'; watch page: consent page\)$/);
    expect((await runCounts(sql, runId)).failed).toBeUndefined();

    // The wall as it usually is: it lets a request with SOCS=CAI through.
    t.standin.knobs.consentWall = true;
    await waitForRun(sql, runId, 90_000);
    expect(await runCounts(sql, runId)).toEqual({ done: 6 });
    expect(await clientsOf(sql, walled)).toEqual([{ transcript_client: 'WEB', n: 6 }]);
  }, 120_000);
});
