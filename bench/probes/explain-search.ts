// EXPLAIN (ANALYZE, BUFFERS) of the statements one search runs, for a user of a running database.
// Usage: node bench/probes/explain-search.ts DATABASE_URL USER_ID 'query' [runs]
import postgres from 'postgres';
import { compileQuery, searchLibrary } from '../../src/search/queries.ts';
import { toSearchRequest, searchParams } from '../../src/search/request.ts';

const [url = '', userId = '1', query = 'onion', runs = '1'] = process.argv.slice(2);
const captured: { query: string; params: unknown[] }[] = [];
const sql = postgres(url, { max: 1, onnotice: () => {}, debug: (_c, q, p) => captured.push({ query: q, params: p as unknown[] }) });
const request = toSearchRequest(searchParams.parse({ q: query }));
const compiled = await compileQuery(sql, request.query);
for (let i = 0; i < Number(runs); i++) {
  const started = performance.now();
  await searchLibrary(sql, Number(userId), request, compiled);
  console.log(`run ${i + 1}: ${(performance.now() - started).toFixed(1)} ms`);
}
const last = captured.at(-1)!;
const plan = await sql.unsafe(`explain (analyze, buffers) ${last.query}`, last.params as never[]);
console.log(plan.map((r) => r['QUERY PLAN']).join('\n'));
await sql.end();
