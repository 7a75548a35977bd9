// What a run did, in words that do not blur it: "skipped" splits into already indexed, private or
// deleted and no captions; the library says "N of M searchable · K failed", never a green "indexed"
// over a playlist with failures. Real indexing of the demo's "Needs attention" playlist.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { classifyOutcome } from '../src/indexing/outcomes.ts';
import { DEMO } from '../src/standin/demo-data.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { pressStartIndexing, waitForRun } from './helpers/indexing.ts';
import { createSignedInUser } from './helpers/users.ts';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ pools: ['indexing'], env: { YOUTUBE_BLOCK_PAUSE_SECONDS: '1' } });
});
afterAll(async () => {
  await t?.stop();
});

it('names each reason a video has no searchable transcript', () => {
  expect(classifyOutcome('done', null)).toBe('indexed');
  expect(classifyOutcome('skipped', 'already indexed')).toBe('already_indexed');
  expect(classifyOutcome('skipped', 'private or deleted')).toBe('gone');
  expect(classifyOutcome('failed', 'Transcripts are disabled for this video')).toBe('no_captions');
  expect(classifyOutcome('skipped', 'No transcript track could be fetched in any language')).toBe('no_captions');
  expect(classifyOutcome('failed', 'Video unavailable: This video has been removed')).toBe('gone');
  expect(classifyOutcome('failed', 'Age-restricted: YouTube requires sign-in to watch it')).toBe('restricted');
  expect(classifyOutcome('failed', 'Members-only video')).toBe('restricted');
  expect(classifyOutcome('failed', 'Timed out waiting for YouTube (gave up after 5 attempts)')).toBe('failed');
  expect(classifyOutcome('failed', 'Blocked by YouTube 3 times: bot check')).toBe('failed');
});

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

it('splits what was skipped, and the library counts what is searchable and what failed', async () => {
  const { sql } = t.db.database;
  const playlist = DEMO.playlists.needsAttention;
  const cookie = (await createSignedInUser(sql, { playlists: [playlist] })).cookie;
  const runId = await pressStartIndexing(t.app, t.baseUrl, cookie, playlist);
  await waitForRun(sql, runId, 120_000);

  const rows = await sql<{ state: string; reason: string | null; title: string }[]>`
    select rv.state, rv.reason, v.title from index_run_videos rv join videos v on v.id = rv.video_id where rv.run_id = ${runId}`;
  const outcome = (title: string) => {
    const row = rows.find((r) => r.title === title);
    return row ? classifyOutcome(row.state, row.reason) : `no row for ${title}`;
  };
  expect(outcome('Jazz chords for guitar players')).toBe('no_captions');
  expect(outcome('Lost documentary: the burning of the library')).toBe('gone');
  expect(outcome('Medieval siege warfare, without the gore')).toBe('restricted');
  expect(outcome('Members only: studio session')).toBe('restricted');
  expect(outcome('Weeknight risotto without stirring all evening')).toBe('indexed');
  const count = (o: string) => rows.filter((r) => classifyOutcome(r.state, r.reason) === o).length;
  const indexed = count('indexed');
  const failed = count('failed');
  expect(count('gone')).toBeGreaterThanOrEqual(3);
  expect(failed).toBeGreaterThan(0);

  const runPage = text(await (await t.app.request(`/runs/${runId}`, { headers: { Cookie: cookie } })).text());
  expect(runPage).toContain(`${count('gone')} private or deleted`);
  expect(runPage).toContain(`${count('no_captions')} no captions`);
  expect(runPage).toContain(`${count('restricted')} age-restricted or members-only`);
  expect(runPage).toContain(`${failed} failed`);
  expect(runPage).not.toContain('skipped');

  const library = await (await t.app.request('/library', { headers: { Cookie: cookie } })).text();
  expect(text(library)).toContain(`${indexed} of ${rows.length} searchable · ${failed} failed`);
  expect(library).toContain('state-partial');
  expect(library).not.toContain('state-indexed');

  // Again, "new and failed only": what is indexed is "already indexed"; no captions stays "no captions".
  const again = await pressStartIndexing(t.app, t.baseUrl, cookie, playlist);
  await waitForRun(sql, again, 120_000);
  const againPage = text(await (await t.app.request(`/runs/${again}`, { headers: { Cookie: cookie } })).text());
  expect(againPage).toContain(`${indexed} already indexed`);
  expect(againPage).toContain(`${count('no_captions')} no captions`);
  expect(text(await (await t.app.request('/library', { headers: { Cookie: cookie } })).text()))
    .toMatch(new RegExp(`${indexed} of ${rows.length} searchable`));
}, 300_000);
