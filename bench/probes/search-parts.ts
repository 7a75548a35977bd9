// Where one search's time goes, statement by statement, on a search-pool connection: compiling the
// words, the search itself, and "did you mean". Median of N runs each.
// Usage: node bench/probes/search-parts.ts DATABASE_URL USER_ID [runs]   (QUERIES='a|b' to choose)
import { connectDatabase } from '../../src/db/client.ts';
import { compileQuery, searchLibrary, suggestSpelling } from '../../src/search/queries.ts';
import { searchParams, toSearchRequest } from '../../src/search/request.ts';

const [url = '', userId = '1', runs = '5'] = process.argv.slice(2);
const queries = process.env.QUERIES?.split('|') ?? ['think', '"the onion"', '"you know"', 'garlic butter', 'onion or garlic', 'garlic', 'people', 'the', 'garl', 'xylophone'];
const { searchSql: sql, close } = connectDatabase(url, { max: 1, searchTimeoutMs: 60_000 });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const timed = async <T>(f: () => Promise<T>): Promise<[number, T]> => {
  const started = performance.now();
  const value = await f();
  return [performance.now() - started, value];
};
for (const q of queries) {
  const request = toSearchRequest(searchParams.parse({ q }));
  const parts: Record<'compile' | 'search' | 'suggest', number[]> = { compile: [], search: [], suggest: [] };
  for (let i = 0; i < Number(runs); i++) {
    const [compileMs, compiled] = await timed(() => compileQuery(sql, request.searchText));
    const [searchMs] = await timed(() => searchLibrary(sql, Number(userId), request, compiled));
    const [suggestMs] = await timed(() => suggestSpelling(sql, request.searchText));
    parts.compile.push(compileMs);
    parts.search.push(searchMs);
    parts.suggest.push(suggestMs);
  }
  console.log(`${q.padEnd(20)} compile ${median(parts.compile).toFixed(1).padStart(6)}  search ${median(parts.search).toFixed(1).padStart(7)}  suggest ${median(parts.suggest).toFixed(1).padStart(6)} ms`);
}
await close();
