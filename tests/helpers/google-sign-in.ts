// Drives the real sign-in flow over HTTP: our POST /auth/sign-in, the stand-in's consent form
// (as its account button would submit it), and our /auth/callback, carrying cookies between them.
import type { TestApp } from './app.ts';

/** A minimal cookie jar: name → value, updated from Set-Cookie headers (Max-Age=0 deletes). */
export class CookieJar {
  readonly cookies = new Map<string, string>();

  take(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const name = pair.slice(0, pair.indexOf('='));
      const value = pair.slice(pair.indexOf('=') + 1);
      if (attributes.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

export interface ConsentStep {
  readonly jar: CookieJar;
  /** The stand-in's consent page URL, with our client's query (state, code_challenge, …). */
  readonly authUrl: URL;
}

/** POST /auth/sign-in: sets the state and PKCE cookies, answers with a redirect to Google. */
export async function startSignIn(t: Pick<TestApp, 'app' | 'baseUrl'>, jar = new CookieJar()): Promise<ConsentStep> {
  const res = await t.app.request('/auth/sign-in', { method: 'POST', headers: { origin: t.baseUrl, cookie: jar.header() } });
  if (res.status !== 303) throw new Error(`sign-in start answered ${res.status}: ${await res.text()}`);
  jar.take(res);
  return { jar, authUrl: new URL(res.headers.get('location')!) };
}

/** Submits the stand-in's consent form for one account (or Cancel); returns our callback URL. */
export async function consent(step: ConsentStep, choice: { account: string } | { cancel: true }): Promise<URL> {
  const form = new URLSearchParams(step.authUrl.searchParams);
  if ('account' in choice) form.set('account', choice.account);
  else form.set('cancel', '1');
  const res = await fetch(new URL('/o/oauth2/v2/auth', step.authUrl), { method: 'POST', body: form, redirect: 'manual' });
  if (res.status !== 302) throw new Error(`consent answered ${res.status}: ${await res.text()}`);
  return new URL(res.headers.get('location')!);
}

/** GET our callback as the browser would after Google's redirect. */
export async function finishSignIn(t: Pick<TestApp, 'app'>, jar: CookieJar, callback: URL): Promise<Response> {
  const res = await t.app.request(`${callback.pathname}${callback.search}`, { headers: { cookie: jar.header() } });
  jar.take(res);
  return res;
}

/** The whole flow for one demo account, ending on /library as the browser would; returns the jar holding the session cookie. */
export async function signInAs(t: TestApp, accountSub: string): Promise<CookieJar> {
  const step = await startSignIn(t);
  const res = await finishSignIn(t, step.jar, await consent(step, { account: accountSub }));
  if (res.status !== 302 || res.headers.get('location') !== '/library') throw new Error(`callback answered ${res.status}: ${await res.text()}`);
  const library = await t.app.request('/library', { headers: { cookie: step.jar.header() } });
  if (library.status !== 200) throw new Error(`/library answered ${library.status} after sign-in`);
  return step.jar;
}
