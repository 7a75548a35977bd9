// The search pool opens its connections lazily, and a connection's first search pays for more than the
// search: connecting, loading the text search dictionaries, planning each search statement (a generic
// plan, made once per connection and kept). On the demo library that was ~150 ms on top of a 30 ms
// search, paid by whoever searched first on each of the pool's connections. A web process pays it
// as it starts instead, on every connection of the pool, for nobody's library.
import { SEARCH_CONNECTIONS, type Sql } from '../db/client.ts';
import { log } from '../log.ts';
import { compileQuery, libraryHasMatch, searchLibrary, suggestSpelling } from './queries.ts';
import { searchParams, toSearchRequest } from './request.ts';

/** User ids start at 1: this one has no library, so the warm-up reads no one's videos. */
const NOBODY = 0;

/**
 * Runs the statements of a search (a word and a phrase: their search statements differ), of "did you
 * mean", and of compiling words, on each connection of the search pool. The words are said nowhere:
 * even for nobody's library, a word said everywhere would have every bucket of the index read.
 */
export async function warmSearchPool(searchSql: Sql): Promise<void> {
  const started = performance.now();
  const word = toSearchRequest(searchParams.parse({ q: 'subtextwarm' }));
  const phrase = toSearchRequest(searchParams.parse({ q: '"subtextwarm subtextup"' }));
  // Each in a transaction of its own, so that each holds a connection of its own (opened for it) until
  // its statements are done. Not sql.reserve(): postgres.js 3.4 never answers it with fetch_types off.
  await Promise.all(Array.from({ length: SEARCH_CONNECTIONS }, () => searchSql.begin(async (connection) => {
    const compiledWord = await compileQuery(connection, word.searchText);
    const compiledPhrase = await compileQuery(connection, phrase.searchText);
    await suggestSpelling(connection, word.searchText);
    await libraryHasMatch(connection, NOBODY, word, compiledWord);
    await searchLibrary(connection, NOBODY, phrase, compiledPhrase);
    await searchLibrary(connection, NOBODY, word, compiledWord);
  })));
  log.debug('search connections warmed', { connections: SEARCH_CONNECTIONS, ms: Math.round(performance.now() - started) });
}
