import postgres from 'postgres';
import { drizzle } from 'drizzle-orm/postgres-js';
import * as schema from './schema.ts';

export type Sql = postgres.Sql;
/** A connection pool or an open transaction: for queries that callers may run inside a transaction. */
export type Queryable = postgres.Sql | postgres.TransactionSql;
export type Db = ReturnType<typeof drizzle<typeof schema>>;

export interface Database {
  readonly sql: Sql;
  readonly db: Db;
  close(): Promise<void>;
}

export function connectDatabase(url: string, options: { max?: number; applicationName?: string } = {}): Database {
  const sql = postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    connection: { application_name: options.applicationName ?? 'subtext' },
  });
  // drizzle's postgres-js driver switches off date parsing on the client it is given, so it gets
  // a small client of its own and raw `sql` keeps returning Dates.
  const drizzleClient = postgres(url, { max: 2, onnotice: () => {}, connection: { application_name: options.applicationName ?? 'subtext' } });
  return {
    sql,
    db: drizzle(drizzleClient, { schema }),
    close: async () => {
      await Promise.all([sql.end({ timeout: 5 }), drizzleClient.end({ timeout: 5 })]);
    },
  };
}
