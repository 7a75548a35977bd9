// `npm run doctor` and its card on /admin/jobs, against the stand-in in each of the modes YouTube
// puts servers in: the right one-line verdict for each, and a non-zero exit when no transcript comes.
import { spawn } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runDoctor, runDoctorAt, type DoctorReport } from '../src/admin/doctor.ts';
import { loadConfig, withStandin, type Config } from '../src/config.ts';
import { STANDIN_CANARY_VIDEO } from '../src/standin/demo-data.ts';
import { defaultKnobs } from '../src/standin/knobs.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { startExitProxies, type ExitProxy } from './helpers/exit-proxies.ts';
import { createSignedInUser } from './helpers/users.ts';
import { processEnv } from './helpers/worker-process.ts';

const VIDEO = STANDIN_CANARY_VIDEO;
const CLIENT = `Transcript of ${VIDEO} via ANDROID:20.10.38 through direct`;

describe('the doctor', () => {
  let t: TestApp;
  let config: Config;
  let proxies: ExitProxy[];
  let homeWorker: string;

  beforeAll(async () => {
    t = await startTestApp({ worker: false, env: { TRANSCRIPT_CANARY_VIDEO: VIDEO, ADMIN_EMAILS: 'ops@example.com' } });
    config = t.config;
    proxies = await startExitProxies(2);
    const db = new URL(t.db.url);
    homeWorker = `run a transcript worker on a home connection: DATABASE_URL='postgres://${db.username}:<password>@${db.host}${db.pathname}' TRANSCRIPT_EXIT_NAME=home npm run worker -- --pools=indexing`;
  });
  afterAll(async () => {
    await Promise.all((proxies ?? []).map((p) => p.close()));
    await t?.stop();
  });
  afterEach(() => Object.assign(t.standin.knobs, defaultKnobs()));

  const doctor = (with_: Config = config): Promise<DoctorReport> => runDoctor(with_, t.db.database.sql, 'the test database');
  const lines = (report: DoctorReport) => report.checks.map((c) => c.line);

  it('passes every check when YouTube answers', async () => {
    const report = await doctor();
    expect(lines(report)).toEqual([
      expect.stringMatching(/^✓ Database at the test database: reachable and migrated \((\d+) of \1 migrations\)\.$/),
      expect.stringMatching(/^✓ YouTube Data API: the key works\. \d+ of 10,000 units used today \(Pacific time\)\.$/),
      `✓ ${CLIENT}: 120 lines in en.`,
    ]);
    expect(report.exitCode).toBe(0);
  });

  it('says YouTube treats the server as a bot in cloud-IP mode, with both remedies, and fails', async () => {
    t.standin.knobs.cloudIpClients = ['*'];
    const report = await doctor();
    expect(lines(report)[2]).toBe(`✗ ${CLIENT}: YouTube treats this server as a bot (player ANDROID 20.10.38: LOGIN_REQUIRED, 'Sign in to confirm you’re not a bot'; `
      + `watch page: OK, no captions): set TRANSCRIPT_PROXY_URL, or ${homeWorker}`);
    expect(report.transcriptsWork).toBe(false);
    expect(report.exitCode).toBe(1);
  });

  it('names a rate limit, hidden captions, a proof-of-origin token, a consent page and a refused client', async () => {
    t.standin.knobs.blockedUntil = Date.now() + 60_000;
    expect(lines(await doctor())[2]).toMatch(new RegExp(`^✗ ${CLIENT}: YouTube is rate-limiting this server \\(.*recaptcha.*\\): lower TRANSCRIPT_RATE and wait, or set TRANSCRIPT_PROXY_URL, or run a transcript worker`));
    t.standin.knobs.blockedUntil = 0;

    t.standin.knobs.captionlessClients = ['*'];
    expect(lines(await doctor())[2]).toMatch(new RegExp(`^✗ ${CLIENT}: YouTube hides captions from this server, the test video has them \\(.*no captions.*\\): set TRANSCRIPT_PROXY_URL, .*; or the client may no longer get captions`));
    t.standin.knobs.captionlessClients = [];

    t.standin.knobs.poTokenClients = ['*'];
    const po = await doctor();
    expect(lines(po)[2]).toMatch(new RegExp(`^✗ ${CLIENT}: YouTube wants a proof-of-origin token for these captions \\(.*\\): put a client that needs none first in TRANSCRIPT_CLIENTS\\.$`));
    expect(po.exitCode).toBe(1);
    t.standin.knobs.poTokenClients = [];

    t.standin.knobs.innertubeFailure = true;
    t.standin.knobs.consentWall = 'always';
    expect(lines(await doctor())[2]).toMatch(new RegExp(`^✗ ${CLIENT}: YouTube shows its cookie consent page although the consent cookies were sent \\(.*consent page.*\\): set TRANSCRIPT_PROXY_URL`));
    t.standin.knobs.innertubeFailure = false;
    t.standin.knobs.consentWall = false;

    // An old client is refused, but the watch page still gives captions: the client fails, transcripts work.
    t.standin.knobs.minClientVersions = { ANDROID: '21.0.0' };
    const old = await doctor();
    expect(lines(old)[2]).toMatch(new RegExp(`^✗ ${CLIENT}: ANDROID:20.10.38 gave no captions, the watch page did \\(.*\\): YouTube refused client ANDROID 20.10.38 \\(HTTP 400 FAILED_PRECONDITION\\): set a current version in TRANSCRIPT_CLIENTS`));
    expect(old.exitCode).toBe(0);
  });

  it('checks each exit: a blocked proxy is named alone, the others pass', async () => {
    const proxied = withStandin(loadConfig({ ...processEnv(t.db.url, t.standin.url, {
      TRANSCRIPT_CANARY_VIDEO: VIDEO, TRANSCRIPT_RATE: '0', TRANSCRIPT_PROXY_URL: proxies.map((p) => p.url).join(','),
    }) }), t.standin.url);
    t.standin.knobs.blockedExits = [proxies[0]!.exit];
    const report = await doctor(proxied);
    const [blocked, open] = proxies.map((p) => `Transcript of ${VIDEO} via ANDROID:20.10.38 through proxy 127.0.0.1:${new URL(p.url).port}`);
    expect(lines(report).slice(2)).toEqual([
      expect.stringMatching(new RegExp(`^✗ ${blocked}: YouTube is rate-limiting this proxy \\(player ANDROID 20.10.38: LOGIN_REQUIRED.*\\): lower TRANSCRIPT_RATE and wait, or replace this proxy in TRANSCRIPT_PROXY_URL`)),
      `✓ ${open}: 120 lines in en.`,
    ]);
    expect(report.exitCode).toBe(0);
  });

  it('says when the Data API key is refused or the quota is gone, and when the database cannot be reached', async () => {
    t.standin.knobs.validApiKeys = ['another-key'];
    expect(lines(await doctor())[1]).toMatch(/^✗ YouTube Data API: the key was refused \(.*API key not valid.*\): set YOUTUBE_API_KEY to a key of a Google Cloud project with the YouTube Data API v3 enabled\.$/);
    t.standin.knobs.validApiKeys = [];
    t.standin.knobs.quotaLimit = 0;
    expect(lines(await doctor())[1]).toMatch(/^✗ YouTube Data API: .*quota.*Wait for the reset/);
    t.standin.knobs.quotaLimit = 10_000;

    const away = await runDoctorAt({ ...config, databaseUrl: 'postgres://subtext:secret@127.0.0.1:1/subtext' }, 'postgres://subtext:secret@127.0.0.1:1/subtext');
    expect(lines(away)[0]).toMatch(/^✗ Database at 127\.0\.0\.1:1: cannot connect \(.*ECONNREFUSED.*\): check DATABASE_URL/);
    expect(lines(away).join('\n')).not.toContain('secret');
    expect(away.exitCode).toBe(1);
  });

  it('`npm run doctor` prints one line per check and exits non-zero when blocked', async () => {
    const run = (extra: Record<string, string> = {}) => new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = spawn(process.execPath, ['src/main.ts', 'doctor'], {
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...processEnv(t.db.url, t.standin.url, { TRANSCRIPT_CANARY_VIDEO: VIDEO, ...extra }) },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
      child.once('exit', (code) => resolve({ code, out }));
    });
    const fine = await run();
    expect(fine.out.trim().split('\n')).toHaveLength(3);
    expect(fine.out).toContain(`✓ ${CLIENT}: 120 lines in en.`);
    expect(fine.code).toBe(0);

    t.standin.knobs.cloudIpClients = ['*'];
    const blocked = await run();
    expect(blocked.out).toContain(`✗ ${CLIENT}: YouTube treats this server as a bot (player ANDROID 20.10.38: LOGIN_REQUIRED, 'Sign in to confirm you’re not a bot'`);
    expect(blocked.code).toBe(1);
  }, 60_000);

  it('is a card on the jobs dashboard that runs the same checks on a button press', async () => {
    const { cookie } = await createSignedInUser(t.db.database.sql, { email: 'ops@example.com', admin: true });
    const page = await (await t.app.request('/admin/jobs', { headers: { Cookie: cookie } })).text();
    expect(page).toContain('<section id="doctor"');
    expect(page).not.toContain('class="doctor-checks"');
    t.standin.knobs.cloudIpClients = ['*'];
    const card = await t.app.request('/admin/jobs/doctor', { method: 'POST', headers: { Cookie: cookie, Origin: t.baseUrl, 'HX-Request': 'true' } });
    const body = await card.text();
    expect(body).toMatch(/^<section id="doctor"/);
    expect(body).toContain('<ul class="doctor-checks" data-exit-code="1">');
    expect(body).toContain(`<li data-ok="false">✗ ${CLIENT}: YouTube treats this server as a bot`);
    const refused = await t.app.request('/admin/jobs/doctor', { method: 'POST', headers: { Cookie: cookie, Origin: 'https://elsewhere.example', 'HX-Request': 'true' } });
    expect(refused.status).toBe(403);
  });
});
