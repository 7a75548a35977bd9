// Small things a careful user notices, in a real browser: the pages follow the system's dark mode.
// (The API token's Copy button is tried at both widths in browser-demo-polish.test.ts.)
import { expect, it } from 'vitest';
import { SESSION_COOKIE } from '../src/auth/session.ts';
import { seriousViolations } from './helpers/axe.ts';
import { useAppWithBrowser } from './helpers/browser.ts';
import { createSignedInUser } from './helpers/users.ts';

const app = useAppWithBrowser({ worker: false });

it('follows the system’s dark mode, readably (axe finds no serious problem)', async () => {
  const { cookie } = await createSignedInUser(app.t.db.database.sql);
  const context = await app.browser.newContext({ colorScheme: 'dark', viewport: { width: 390, height: 844 } });
  await context.addCookies([{ name: SESSION_COOKIE, value: cookie.slice(SESSION_COOKIE.length + 1), url: app.t.baseUrl }]);
  const page = await context.newPage();
  for (const path of ['/library', '/search', '/settings/tokens', '/account']) {
    await page.goto(`${app.t.baseUrl}${path}`);
    const background = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    expect(background, path).toBe('rgb(18, 18, 20)');
    expect(await seriousViolations(page), path).toEqual([]);
    await page.screenshot({ path: `tests/screenshots/dark${path.replaceAll('/', '-')}-phone.png`, fullPage: true });
  }
  await context.close();
});
