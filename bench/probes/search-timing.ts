// Times searches over HTTP against a running subtext, each query several times in a row on one
// keep-alive connection, as a person typing would send them. Prints min/median/max per query and
// p50/p95 over all. Usage: node bench/probes/search-timing.ts BASE_URL COOKIE [runs] [path]
const [base = 'http://localhost:3000', cookie = '', runsArg = '8', path = '/search'] = process.argv.slice(2);
const runs = Number(runsArg);
const queries = process.env.QUERIES?.split('|') ?? [
  'think', '"the onion"', '"you know"', 'garlic butter', 'onion or garlic', 'garlic', 'onion', 'people', 'the', 'garl',
  'the the the the the the the the', '"the the the the the the the the"', 'xylophone', 'onoin',
];
const all: number[] = [];
const q = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
for (const query of queries) {
  const times: number[] = [];
  let summary = '';
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const res = await fetch(`${base}${path}?${new URLSearchParams({ q: query })}`, {
      headers: { cookie, 'hx-request': 'true' }, signal: AbortSignal.timeout(120_000),
    }).catch((err: Error) => ({ status: err.name, text: async () => '' }) as unknown as Response);
    const body = await res.text();
    times.push(performance.now() - started);
    summary = `${res.status} ${(body.match(/class="summary"[^>]*>([^·<]*)/)?.[1] ?? body.match(/class="(notice|alert)"[^>]*>([^<]*)/)?.[2] ?? body.slice(0, 80)).replace(/\s+/g, ' ').trim()}`;
  }
  all.push(...times);
  console.log(`${query.padEnd(36)} min ${Math.min(...times).toFixed(1).padStart(8)}  p50 ${q(times, 0.5).toFixed(1).padStart(8)}  max ${Math.max(...times).toFixed(1).padStart(8)}  [${times.map((t) => t.toFixed(0)).join(' ')}]  ${summary}`);
}
console.log(`all: p50 ${q(all, 0.5).toFixed(1)} ms, p95 ${q(all, 0.95).toFixed(1)} ms, max ${Math.max(...all).toFixed(1)} ms`);
