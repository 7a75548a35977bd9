// Sign-in returns a person to the page that asked them to sign in, only ever to a path on this site;
// and opened under another loopback name than BASE_URL, the sign-in page says where to sign in.
import { describe, expect, it } from 'vitest';
import { safeReturnPath } from '../src/web/return-path.ts';
import { DEMO } from '../src/standin/demo-data.ts';
import { useAppWithBrowser } from './helpers/browser.ts';
import { consent, CookieJar, finishSignIn } from './helpers/google-sign-in.ts';

describe('safeReturnPath', () => {
  it('keeps paths on this site and refuses everything that could leave it', () => {
    expect(safeReturnPath('/search?q=onion')).toBe('/search?q=onion');
    expect(safeReturnPath('/videos/abc?q=a%20b#line-3')).toBe('/videos/abc?q=a%20b#line-3');
    for (const bad of ['//evil.example', '/\\evil.example', '\\\\evil.example', 'https://evil.example/', 'evil.example', '',
      '/%0d%0aSet-Cookie:x', '/\u0000', '/\tevil', 'javascript:alert(1)', '/auth/sign-in', '/auth/callback?code=x', '/auth', `/${'a'.repeat(2000)}`]) {
      const result = safeReturnPath(bad);
      // Encoded CR/LF stays encoded, which is harmless; anything else must be refused.
      if (bad.startsWith('/%0d')) expect(result).toBe(bad);
      else expect(result, bad).toBeUndefined();
    }
    expect(safeReturnPath(undefined)).toBeUndefined();
    expect(safeReturnPath(['/library'])).toBeUndefined();
  });
});

describe('over HTTP and in a browser', () => {
  const app = useAppWithBrowser({ worker: false });
  const alice = DEMO.accounts[0]!;

  async function signInFrom(next: string | undefined): Promise<Response> {
    const jar = new CookieJar();
    const start = await app.t.app.request(`${app.t.baseUrl}/auth/sign-in`, {
      method: 'POST',
      headers: { origin: app.t.baseUrl, 'content-type': 'application/x-www-form-urlencoded' },
      body: next === undefined ? '' : new URLSearchParams({ next }).toString(),
    });
    expect(start.status).toBe(303);
    jar.take(start);
    const authUrl = new URL(start.headers.get('location')!);
    return finishSignIn(app.t, jar, await consent({ jar, authUrl }, { account: alice.sub }));
  }

  it('a signed-out visit remembers the page, and sign-in lands back on it', async () => {
    const visit = await app.t.app.request(`${app.t.baseUrl}/search?q=onion&captions=manual`);
    expect(visit.status).toBe(302);
    const signInUrl = visit.headers.get('location')!;
    expect(signInUrl).toBe('/auth/sign-in?next=%2Fsearch%3Fq%3Donion%26captions%3Dmanual');
    const page = await (await app.t.app.request(`${app.t.baseUrl}${signInUrl}`)).text();
    expect(page).toContain('<input type="hidden" name="next" value="/search?q=onion&amp;captions=manual">');

    const back = await signInFrom('/search?q=onion&captions=manual');
    expect(back.status).toBe(302);
    expect(back.headers.get('location')).toBe('/search?q=onion&captions=manual');
  });

  it('never sends anyone off the site, whatever the form says', async () => {
    for (const next of ['//evil.example/x', '/\\evil.example', 'https://evil.example', '/auth/sign-in']) {
      const back = await signInFrom(next);
      expect(back.headers.get('location'), next).toBe('/library');
    }
    expect((await signInFrom(undefined)).headers.get('location')).toBe('/library');
  });

  it('opened at localhost when BASE_URL says 127.0.0.1, says so and links to the right address', async () => {
    const port = new URL(app.t.baseUrl).port;
    const page = await (await app.t.app.request(`http://localhost:${port}/auth/sign-in?next=%2Fsearch%3Fq%3Donion`)).text();
    expect(page).toContain(`You opened subtext at <strong>localhost:${port}</strong>`);
    expect(page).toContain(`href="${app.t.baseUrl}/auth/sign-in?next=%2Fsearch%3Fq%3Donion"`);
    expect(page).not.toContain('method="post" action="/auth/sign-in"');
    // At the configured address, the usual button.
    expect(await (await app.t.app.request(`${app.t.baseUrl}/auth/sign-in`)).text()).toContain('method="post" action="/auth/sign-in"');
  });

  it('in a browser: a shared search link, signed out, ends on that search after signing in', async () => {
    const page = await app.browser.newPage();
    await page.goto(`${app.t.baseUrl}/search?q=onion`);
    await page.waitForURL(/\/auth\/sign-in\?next=/);
    await page.getByRole('button', { name: 'Sign in with Google' }).click();
    await page.waitForURL(`${app.t.standin.url}/o/oauth2/v2/auth?**`);
    await page.getByRole('button', { name: new RegExp(alice.name) }).click();
    await page.waitForURL(`${app.t.baseUrl}/search?q=onion`);
    expect(await page.getByRole('searchbox', { name: 'Search your library' }).inputValue()).toBe('onion');
    await page.close();
  });
});
