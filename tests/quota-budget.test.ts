// The shared Data API quota is defended per person: actions that spend units (refresh, add a
// playlist, index) take them from an hourly budget and are refused with "try again at …" once it is
// spent, while everyone else goes on; "Run now" cannot force the same schedule again within the
// minimum interval, except for an admin.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../src/standin/demo-data.ts';
import { takeFromQuotaBudget } from '../src/web/quota-budget.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { signInAs } from './helpers/google-sign-in.ts';
import { addToLibrary, createSignedInUser } from './helpers/users.ts';

const [aliceAccount, bobAccount, carolAccount] = DEMO.accounts;
const P = DEMO.playlists;
const BUDGET = 4;

let t: TestApp;
let alice: string;
let bob: string;
let carol: string;

beforeAll(async () => {
  t = await startTestApp({ worker: false, env: { QUOTA_UNITS_PER_USER_PER_HOUR: String(BUDGET), RUN_NOW_MIN_INTERVAL_MINUTES: '30', ADMIN_EMAILS: 'ops@example.com, lead@example.com' } });
  alice = (await signInAs(t, aliceAccount!.sub)).header();
  bob = (await signInAs(t, bobAccount!.sub)).header();
  carol = (await signInAs(t, carolAccount!.sub)).header();
  // Signing in read each person's playlists once; budgets start from here.
  await t.db.database.sql`delete from user_quota_spend`;
});
afterAll(async () => {
  await t?.stop();
});

const post = (path: string, cookie: string, form: Record<string, string> = {}, headers: Record<string, string> = {}) =>
  t.app.request(path, { method: 'POST', body: new URLSearchParams(form), headers: { cookie, origin: t.baseUrl, 'content-type': 'application/x-www-form-urlencoded', ...headers } });
const dataApiCalls = () => t.standin.stats.requests.dataApi;
const tryAgainAt = /try again at (\d\d):00 UTC/;

describe('per-person budget for Data API units', () => {
  it('refuses "Refresh from YouTube" once the hour\'s budget is spent, says when to try again, and spends nothing', async () => {
    for (let i = 0; i < BUDGET; i++) expect((await post('/library/refresh', alice)).status).toBe(200);
    const before = dataApiCalls();
    const refused = await post('/library/refresh', alice);
    expect(refused.status).toBe(429);
    const page = await refused.text();
    const nextHour = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 + 3_600_000);
    expect(page.match(tryAgainAt)?.[1]).toBe(nextHour.toISOString().slice(11, 13));
    expect(Number(refused.headers.get('Retry-After'))).toBeGreaterThan(0);
    expect(Number(refused.headers.get('Retry-After'))).toBeLessThanOrEqual(3600);
    expect(dataApiCalls()).toBe(before);

    // htmx gets the library section with the refusal as its notice.
    const htmx = await post('/library/refresh', alice, {}, { 'HX-Request': 'true' });
    expect(htmx.status).toBe(200);
    expect(await htmx.text()).toMatch(tryAgainAt);
    expect(dataApiCalls()).toBe(before);
  });

  it('charges adding a playlist and refuses it inline when the budget is spent, adding nothing', async () => {
    const before = dataApiCalls();
    const res = await post('/playlists', alice, { playlist: P.travel });
    expect(res.status).toBe(429);
    expect(await res.text()).toMatch(tryAgainAt);
    expect(dataApiCalls()).toBe(before);
    expect(await t.db.database.sql`select 1 from library_playlists lp join users u on u.id = lp.user_id where u.google_subject = ${aliceAccount!.sub} and lp.playlist_id = ${P.travel}`).toHaveLength(0);
  });

  it('charges indexing by the playlist\'s size; one larger than the budget takes it all, so it can still run once an hour', async () => {
    const someone = await createSignedInUser(t.db.database.sql);
    await addToLibrary(t.db.database.sql, someone.userId, [P.everything, P.empty]);
    // 3,000 videos cost far more than 4 units.
    expect((await post(`/playlists/${P.everything}/index`, someone.cookie)).status).toBe(303);
    const refused = await post(`/playlists/${P.empty}/index`, someone.cookie);
    expect(refused.status).toBe(429);
    expect(await refused.text()).toMatch(tryAgainAt);
    expect(await t.db.database.sql`select 1 from index_runs where playlist_id = ${P.empty}`).toHaveLength(0);

    // Pressing Index again while that run is active starts nothing, so it costs nothing.
    expect((await post(`/playlists/${P.everything}/index`, someone.cookie)).status).toBe(303);
  });

  it('leaves everyone else\'s budget alone', async () => {
    const before = dataApiCalls();
    expect((await post('/library/refresh', bob)).status).toBe(200);
    expect(dataApiCalls()).toBeGreaterThan(before);
  });

  it('takes units atomically: concurrent requests never spend more than the budget', async () => {
    const { userId } = await createSignedInUser(t.db.database.sql);
    const answers = await Promise.all(Array.from({ length: 20 }, () => takeFromQuotaBudget(t.db.database.sql, userId, 1, BUDGET)));
    expect(answers.filter((a) => a === null)).toHaveLength(BUDGET);
    const [row] = await t.db.database.sql<{ units: number }[]>`select units from user_quota_spend where user_id = ${userId}`;
    expect(row!.units).toBe(BUDGET);
  });
});

describe('Run now', () => {
  const runNowJobs = async (task: string) =>
    (await t.db.database.sql`select 1 from graphile_worker.jobs where key = ${`run-now:${task}`}`).length;

  it('cannot force the same schedule again within the minimum interval; says when it can', async () => {
    const { cookie } = await createSignedInUser(t.db.database.sql);
    expect(await (await t.app.request('/schedules', { headers: { cookie } })).text()).toContain('at most once every 30 minutes for each schedule');
    expect((await post('/schedules/trending/run', cookie)).status).toBe(303);
    expect(await runNowJobs('fetch_trending_charts')).toBe(1);
    await t.queue.completeJobs((await t.db.database.sql<{ id: string }[]>`select id from graphile_worker.jobs where key = 'run-now:fetch_trending_charts'`).map((j) => j.id));

    const refused = await post('/schedules/trending/run', bob);
    expect(refused.status).toBe(429);
    expect(await refused.text()).toMatch(/Trending charts was queued by “Run now” at \d\d:\d\d UTC; it can be forced again at \d\d:\d\d UTC/);
    expect(await runNowJobs('fetch_trending_charts')).toBe(0);
    const htmx = await post('/schedules/trending/run', bob, {}, { 'HX-Request': 'true' });
    expect(htmx.status).toBe(200);
    expect(await htmx.text()).toContain('can be forced again at');
  });

  it('"Run all now" is an admin\'s alone: anyone else gets 403 and no button, and nothing is queued', async () => {
    await t.queue.completeJobs((await t.db.database.sql<{ id: string }[]>`select id from graphile_worker.jobs where key like 'run-now:%'`).map((j) => j.id));
    expect(await (await t.app.request('/schedules', { headers: { cookie: bob } })).text()).not.toContain('/schedules/run-all');
    for (const headers of [{}, { 'HX-Request': 'true' }] as Array<Record<string, string>>) {
      const refused = await post('/schedules/run-all', bob, {}, headers);
      expect(refused.status).toBe(403);
      expect(await refused.text()).toContain('Only admins can run every schedule at once');
    }
    expect((await t.db.database.sql`select 1 from graphile_worker.jobs where key like 'run-now:%'`)).toHaveLength(0);

    const admin = await createSignedInUser(t.db.database.sql, { email: 'lead@example.com', admin: true });
    expect(await (await t.app.request('/schedules', { headers: { cookie: admin.cookie } })).text()).toContain('Run all now');
    const queued = await post('/schedules/run-all', admin.cookie, {}, { 'HX-Request': 'true' });
    expect(queued.status).toBe(200);
    expect(await queued.text()).toContain('Every schedule queued');
    // Even the trending fetch forced by bob minutes ago: an admin is held to no interval.
    for (const task of ['fetch_trending_charts', 'snapshot_video_stats', 'schedule_thumbnail_checks', 'schedule_availability_checks']) {
      expect(await runNowJobs(task)).toBe(1);
    }
    await t.queue.completeJobs((await t.db.database.sql<{ id: string }[]>`select id from graphile_worker.jobs where key like 'run-now:%'`).map((j) => j.id));
  });

  it('an admin may force a schedule at any time', async () => {
    const admin = await createSignedInUser(t.db.database.sql, { email: 'ops@example.com', admin: true });
    expect((await post('/schedules/trending/run', admin.cookie)).status).toBe(303);
    expect(await runNowJobs('fetch_trending_charts')).toBe(1);
  });
});
