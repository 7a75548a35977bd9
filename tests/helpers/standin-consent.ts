// Plays the browser on the stand-in's Google account chooser: loads the page an authorization
// URL leads to, and submits its form for one account (or Cancel), returning the redirect target.

const HIDDEN_INPUT = /<input type="hidden" name="([^"]*)" value="([^"]*)">/g;

function unescapeHtml(text: string): string {
  return text.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

export async function submitConsent(authUrl: string, choice: { account: string } | 'cancel'): Promise<URL> {
  const page = await fetch(authUrl);
  const body = await page.text();
  if (page.status !== 200) throw new Error(`consent page answered ${page.status}: ${body}`);
  const form = new URLSearchParams([...body.matchAll(HIDDEN_INPUT)].map(([, name = '', value = '']) => [name, unescapeHtml(value)]));
  if (choice === 'cancel') {
    form.set('cancel', '1');
  } else {
    if (!body.includes(`name="account" value="${choice.account}"`)) throw new Error(`no button for account ${choice.account}`);
    form.set('account', choice.account);
  }
  const action = /<form method="post" action="([^"]+)">/.exec(body)?.[1] ?? '';
  const res = await fetch(new URL(action, authUrl), { method: 'POST', body: form, redirect: 'manual' });
  if (res.status !== 302) throw new Error(`consent answered ${res.status}: ${await res.text()}`);
  return new URL(res.headers.get('location') ?? '');
}
