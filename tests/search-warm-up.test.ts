// A web process opens and warms its search connections as it starts, so the first person to search
// does not pay for a connection, the dictionaries and the search's plans (about 150 ms on the demo).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase, SEARCH_CONNECTIONS, type Sql } from '../src/db/client.ts';
import { warmSearchPool } from '../src/search/warm-up.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { freePort } from './helpers/ports.ts';
import { spawnWebProcess, type WebProcess } from './helpers/web-process.ts';
import { processEnv } from './helpers/worker-process.ts';

interface Prepared { readonly statement: string; readonly generic_plans: string }

/** The prepared statements of every connection of a search pool: each read in a transaction holding its own connection. */
async function preparedPerConnection(searchSql: Sql): Promise<Prepared[][]> {
  let arrived = 0;
  let allThere!: () => void;
  const barrier = new Promise<void>((resolve) => { allThere = resolve; });
  return Promise.all(Array.from({ length: SEARCH_CONNECTIONS }, () => searchSql.begin(async (tx) => {
    const rows = await tx<Prepared[]>`select statement, generic_plans from pg_prepared_statements`;
    if (++arrived === SEARCH_CONNECTIONS) allThere();
    await barrier;
    return [...rows];
  })));
}

const planned = (statements: Prepared[], marker: string) => statements.some((s) => s.statement.includes(marker) && Number(s.generic_plans) >= 1);

describe('warming the search pool', () => {
  let t: TestApp;
  let web: WebProcess | undefined;

  beforeAll(async () => {
    t = await startTestApp({ worker: false });
  });
  afterAll(async () => {
    await web?.stop();
    await t?.stop();
  });

  it(`plans a search, a phrase's search and "did you mean" on each of the ${SEARCH_CONNECTIONS} connections, for nobody's library`, async () => {
    const cold = connectDatabase(t.db.url);
    const warm = connectDatabase(t.db.url);
    try {
      // Fresh connections have planned nothing.
      for (const statements of await preparedPerConnection(cold.searchSql)) expect(planned(statements, 'sortable as')).toBe(false);

      await warmSearchPool(warm.searchSql);
      const perConnection = await preparedPerConnection(warm.searchSql);
      expect(perConnection).toHaveLength(SEARCH_CONNECTIONS);
      for (const statements of perConnection) {
        // A page of results, for a word and for a phrase (their statements differ: a phrase's cues are rechecked).
        const searches = statements.filter((s) => s.statement.includes('sortable as') && Number(s.generic_plans) >= 1);
        expect(searches.map((s) => s.statement.includes('true as matched'))).toEqual(expect.arrayContaining([true, false]));
        expect(planned(statements, 'subtext_search_queries')).toBe(true);
        expect(planned(statements, 'search_vocabulary')).toBe(true);
        expect(planned(statements, 'select exists')).toBe(true);
      }
    } finally {
      await cold.close();
      await warm.close();
    }
  });

  it('is done by a web process before it answers anything', async () => {
    web = await spawnWebProcess(processEnv(t.db.url, t.standin.url), await freePort());
    // It answered /healthz: searches run no transactions, so a committed one on each search connection is the warm-up's.
    const connections = await t.db.database.sql<{ query: string; state: string }[]>`
      select query, state from pg_stat_activity where application_name = 'subtext-web-search'`;
    expect(connections).toHaveLength(SEARCH_CONNECTIONS);
    for (const c of connections) expect([c.state, c.query.toLowerCase()]).toEqual(['idle', 'commit']);
  });
});
