import { DEMO_LIBRARY, MILLION_LIBRARY, openLibrary } from './library.ts';
const lib = await openLibrary(process.env.LIB === 'million' ? MILLION_LIBRARY : DEMO_LIBRARY, { env: { SEARCHES_PER_MINUTE_PER_USER: '0', SEARCHES_PER_MINUTE_PER_IP: '0' } });
const web = await lib.stack.spawnWeb({ SEARCHES_PER_MINUTE_PER_USER: '0', SEARCHES_PER_MINUTE_PER_IP: '0' });
const cookie = await lib.stack.signIn(lib.meta.userIds[0]!);
for (const q of (process.argv[2] ?? 'think|"the onion"|"you know"|garlic butter|onion or garlic|garlic|the|garl').split('|')) {
  const times: number[] = [];
  for (let i = 0; i < 10; i++) {
    const t0 = performance.now();
    const res = await fetch(`${web.baseUrl}/search?q=${encodeURIComponent(q)}`, { headers: { cookie, 'HX-Request': 'true' }, signal: AbortSignal.timeout(20000) }).catch((e) => { console.log('ERR', e, web.stderr()); return null; });
    const body = await res?.text().catch((e) => { console.log('BODYERR', e, web.stderr()); return ''; });
    if (i === 0) console.log(res?.status, body?.slice(0, 300));
    times.push(Math.round(performance.now() - t0));
  }
  console.log(q.padEnd(20), times.join(' '));
}
await lib.close();
process.exit(0);
