import postgres from 'postgres';

export type Sql = postgres.Sql;
/** A connection pool or an open transaction: for queries that callers may run inside a transaction. */
export type Queryable = postgres.Sql | postgres.TransactionSql;

// Queries are plain SQL through postgres.js. drizzle defines the schema and generates migrations,
// but its runtime query layer is not loaded: importing drizzle-orm/postgres-js alone costs ~240 MB
// of memory per process (measured), which a worker with a 300 MB budget cannot spare.
export interface Database {
  readonly sql: Sql;
  close(): Promise<void>;
}

export function connectDatabase(url: string, options: { max?: number; applicationName?: string; preparedStatements?: boolean } = {}): Database {
  const sql = postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    connection: { application_name: options.applicationName ?? 'subtext' },
    prepare: options.preparedStatements ?? true,
  });
  return { sql, close: () => sql.end({ timeout: 5 }) };
}
