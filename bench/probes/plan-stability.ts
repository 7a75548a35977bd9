// The same search 10 times on one connection, with prepared statements, under plan_cache_mode auto
// (Postgres may switch to a generic plan from the sixth run) and force_custom_plan (the search pool).
// Usage: node bench/probes/plan-stability.ts DATABASE_URL USER_ID 'query'...
import postgres from 'postgres';
import { compileQuery, searchLibrary } from '../../src/search/queries.ts';
import { searchParams, toSearchRequest } from '../../src/search/request.ts';

const [url = '', userId = '1', ...queries] = process.argv.slice(2);
for (const mode of ['auto', 'force_custom_plan']) {
  for (const q of queries) {
    const sql = postgres(url, { max: 1, onnotice: () => {}, fetch_types: false, connection: { plan_cache_mode: mode } });
    const request = toSearchRequest(searchParams.parse({ q }));
    const times: number[] = [];
    for (let i = 0; i < 10; i++) {
      const started = performance.now();
      await searchLibrary(sql, Number(userId), request, await compileQuery(sql, request.searchText));
      times.push(performance.now() - started);
    }
    console.log(`${mode.padEnd(18)} ${q.padEnd(14)} ${times.map((t) => t.toFixed(0)).join(' ')}  (10th / 1st: ${(times[9]! / times[0]!).toFixed(2)})`);
    await sql.end();
  }
}
