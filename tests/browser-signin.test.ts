// The whole sign-in in a real browser: our pages, the stand-in's Google consent page, back to the
// library; then adding a public playlist by URL through htmx, and signing out.
import { expect, it } from 'vitest';
import { DEMO } from '../src/standin/demo-data.ts';
import { useAppWithBrowser } from './helpers/browser.ts';

const app = useAppWithBrowser({ worker: false });

it('signs in with Google, shows the account\'s playlists, adds a public playlist by URL, signs out', async () => {
  const alice = DEMO.accounts[0]!;
  const page = await app.browser.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    // Neither we nor the stand-in serve a favicon; everything else failing is a problem (CSP included).
    if (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico')) problems.push(`${message.text()} ${message.location().url}`);
  });
  page.on('pageerror', (error) => problems.push(error.message));

  await page.goto(app.t.baseUrl);
  await page.getByRole('link', { name: 'Sign in with Google' }).first().click();
  await page.getByRole('button', { name: 'Sign in with Google' }).click();

  // The stand-in's Google: one button per demo account.
  await page.waitForURL(`${app.t.standin.url}/o/oauth2/v2/auth?**`);
  await page.getByRole('button', { name: new RegExp(alice.name) }).click();

  await page.waitForURL(`${app.t.baseUrl}/library`);
  await expect.poll(() => page.getByRole('heading', { name: 'Your library' }).isVisible()).toBe(true);
  for (const title of ['Weeknight cooking', 'Physics for the curious', 'Everything I watched']) {
    expect(await page.getByRole('row', { name: new RegExp(title) }).isVisible()).toBe(true);
  }
  expect(await page.getByText(alice.name).first().isVisible()).toBe(true);

  await page.getByLabel('Add a public playlist, channel or video').fill(`https://www.youtube.com/playlist?list=${DEMO.playlists.travel}`);
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await page.getByText('Added "Travel notes" to your library.').waitFor();
  expect(await page.getByRole('row', { name: /Travel notes/ }).isVisible()).toBe(true);
  // htmx swapped the section in place: still the library URL, no full navigation.
  expect(page.url()).toBe(`${app.t.baseUrl}/library`);

  await page.getByLabel('Add a public playlist, channel or video').fill('https://vimeo.com/76979871');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await page.getByRole('alert').filter({ hasText: 'not YouTube' }).waitFor();

  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(`${app.t.baseUrl}/`);
  expect(await page.getByRole('link', { name: 'Sign in with Google' }).first().isVisible()).toBe(true);
  expect((await page.context().cookies()).some((c) => c.name === 'subtext_session')).toBe(false);

  expect(problems).toEqual([]);
});
