// Signs in to a running subtext (demo mode) as a stand-in account over HTTP, as a browser would, and
// prints the session cookie. With --index it also starts indexing every playlist of the library and
// waits until the runs finish. Usage: node bench/probes/demo-session.ts http://localhost:3110 [sub] [--index]
const base = process.argv[2] ?? 'http://localhost:3000';
const sub = process.argv.slice(3).find((a) => !a.startsWith('--')) ?? '104736150284476185221';
const index = process.argv.includes('--index');

const jar = new Map<string, string>();
const take = (res: Response) => {
  for (const line of res.headers.getSetCookie()) {
    const [pair = ''] = line.split(';');
    const name = pair.slice(0, pair.indexOf('='));
    const value = pair.slice(pair.indexOf('=') + 1);
    if (value === '' || /max-age=0/i.test(line)) jar.delete(name); else jar.set(name, value);
  }
};
const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');

const start = await fetch(`${base}/auth/sign-in`, { method: 'POST', headers: { origin: base, cookie: cookie() }, redirect: 'manual' });
take(start);
const authUrl = new URL(start.headers.get('location')!);
const form = new URLSearchParams(authUrl.searchParams);
form.set('account', sub);
const consent = await fetch(new URL('/o/oauth2/v2/auth', authUrl), { method: 'POST', body: form, redirect: 'manual' });
const callback = new URL(consent.headers.get('location')!);
const done = await fetch(`${base}${callback.pathname}${callback.search}`, { headers: { cookie: cookie() }, redirect: 'manual' });
take(done);
const library = await (await fetch(`${base}/library`, { headers: { cookie: cookie() } })).text();
console.log(cookie());

if (index) {
  const ids = [...new Set([...library.matchAll(/action="\/playlists\/([A-Za-z0-9_-]+)\/index"/g)].map((m) => m[1]!))];
  for (const id of ids) {
    const res = await fetch(`${base}/playlists/${id}/index`, { method: 'POST', headers: { origin: base, cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded' }, body: 'mode=all', redirect: 'manual' });
    console.error(`indexing ${id}: ${res.status} ${res.headers.get('location')}`);
  }
  for (;;) {
    const page = await (await fetch(`${base}/library`, { headers: { cookie: cookie() } })).text();
    const states = [...page.matchAll(/class="state state-(\w+)">([^<]*)/g)].map((m) => `${m[1]}: ${m[2]}`);
    console.error(new Date().toISOString(), states.join(' | '));
    if (states.length > 0 && states.every((s) => s.startsWith('indexed'))) break;
    await new Promise((r) => setTimeout(r, 10_000));
  }
}
