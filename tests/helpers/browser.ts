import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startTestApp, type TestApp } from './app.ts';

/** Debian's chromium, headless; the flags keep it off the (closed) network. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A test app and a browser for the tests of one file (or describe block): started before them, stopped after. */
export function useAppWithBrowser(options: Parameters<typeof startTestApp>[0] = {}): { readonly t: TestApp; readonly browser: Browser } {
  const handle = {} as { t: TestApp; browser: Browser };
  beforeAll(async () => {
    handle.t = await startTestApp(options);
    handle.browser = await launchBrowser();
  });
  afterAll(async () => {
    await handle.browser?.close();
    await handle.t?.stop();
  });
  return handle;
}
