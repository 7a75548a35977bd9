import postgres from 'postgres';
import { DEFAULT_SEARCH_TIMEOUT_MS } from '../config.ts';

export type Sql = postgres.Sql;
/** A connection pool or an open transaction: for queries that callers may run inside a transaction. */
export type Queryable = postgres.Sql | postgres.TransactionSql;

// Queries are plain SQL through postgres.js. drizzle defines the schema and generates migrations,
// but its runtime query layer is not loaded: importing drizzle-orm/postgres-js alone costs ~240 MB
// of memory per process (measured), which a worker with a 300 MB budget cannot spare.
export interface Database {
  readonly sql: Sql;
  /**
   * Searches only: a small pool of its own, so pages, sessions and progress never wait behind a
   * search; every statement has a time limit; plans are made for each search's own words. Opens
   * no connection until a search runs (workers never do).
   */
  readonly searchSql: Sql;
  close(): Promise<void>;
}

/** Connections of the search pool, per process. */
export const SEARCH_CONNECTIONS = 4;

export interface DatabaseOptions {
  readonly max?: number;
  readonly applicationName?: string;
  readonly preparedStatements?: boolean;
  /** statement_timeout of every search statement (Postgres cancels it past this). */
  readonly searchTimeoutMs?: number;
}

export function connectDatabase(url: string, options: DatabaseOptions = {}): Database {
  const applicationName = options.applicationName ?? 'subtext';
  const sql = postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    connection: { application_name: applicationName },
    prepare: options.preparedStatements ?? true,
  });
  const searchSql = postgres(url, {
    max: SEARCH_CONNECTIONS,
    onnotice: () => {},
    prepare: options.preparedStatements ?? true,
    // postgres.js would otherwise read the array types at connect, under the statement timeout below;
    // searches send and read no arrays.
    fetch_types: false,
    connection: {
      application_name: `${applicationName}-search`,
      statement_timeout: options.searchTimeoutMs ?? DEFAULT_SEARCH_TIMEOUT_MS,
      // One plan per statement, made once per connection and never switched: the search's shape (the
      // index read bucket by bucket up to a cap, the library as a hashed filter, each video found looked
      // up by id) bounds its work whatever the words, so no plan depends on their frequencies. Under
      // Postgres's default a prepared statement's sixth run could switch plans (an older shape went from
      // 160 ms to 35 s that way); planning every run instead cost 1.5-3 ms of a rare word's 5-9 ms.
      plan_cache_mode: 'force_generic_plan',
    },
  });
  return { sql, searchSql, close: async () => { await Promise.all([sql.end({ timeout: 5 }), searchSql.end({ timeout: 5 })]); } };
}
