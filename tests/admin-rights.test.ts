// Admin rights come from ADMIN_EMAILS, but only for an address Google says is verified, and only
// for the Google account that first signed in with it: an address that later reaches another
// account (Google rewrites emails at every sign-in) brings that account nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../src/standin/demo-data.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { signInAs } from './helpers/google-sign-in.ts';

const [alice, bob] = DEMO.accounts;

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ worker: false, env: { ADMIN_EMAILS: alice!.email } });
});
afterAll(async () => {
  await t?.stop();
});

const dashboard = async (cookie: string) => (await t.app.request('/admin/jobs', { headers: { cookie } })).status;
const pins = () => t.db.database.sql<{ email: string; google_subject: string }[]>`select email, google_subject from admin_subjects`;

describe('admin rights', () => {
  it('an address Google has not verified makes nobody an admin, and pins nothing', async () => {
    t.standin.knobs.emailClaims = { [alice!.sub]: { verified: false } };
    const jar = await signInAs(t, alice!.sub);
    expect(await dashboard(jar.header())).toBe(404);
    expect(await pins()).toEqual([]);
    const [user] = await t.db.database.sql<{ email_verified: boolean }[]>`select email_verified from users where google_subject = ${alice!.sub}`;
    expect(user!.email_verified).toBe(false);
  });

  it('the first verified sign-in with the address holds its rights', async () => {
    t.standin.knobs.emailClaims = {};
    const jar = await signInAs(t, alice!.sub);
    expect(await dashboard(jar.header())).toBe(200);
    expect(await pins()).toEqual([{ email: alice!.email, google_subject: alice!.sub }]);
  });

  it('another Google account reporting the same verified address gets nothing; the first keeps its rights', async () => {
    t.standin.knobs.emailClaims = { [bob!.sub]: { email: alice!.email.toUpperCase(), verified: true } };
    const bobs = await signInAs(t, bob!.sub);
    expect(await dashboard(bobs.header())).toBe(404);
    expect(await pins()).toEqual([{ email: alice!.email, google_subject: alice!.sub }]);
    t.standin.knobs.emailClaims = {};
    expect(await dashboard((await signInAs(t, alice!.sub)).header())).toBe(200);
  });

  it('rights end when Google reports the pinned account under another address, or unverified', async () => {
    t.standin.knobs.emailClaims = { [alice!.sub]: { email: 'alice.elsewhere@example.com' } };
    expect(await dashboard((await signInAs(t, alice!.sub)).header())).toBe(404);
    t.standin.knobs.emailClaims = { [alice!.sub]: { verified: false } };
    expect(await dashboard((await signInAs(t, alice!.sub)).header())).toBe(404);
    t.standin.knobs.emailClaims = {};
  });
});
