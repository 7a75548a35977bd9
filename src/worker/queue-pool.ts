// node-postgres pools for Graphile Worker that we own instead of letting it make its own.
// Graphile Worker takes the error listeners off its pools before ending them, without waiting for
// the end: a connection that the database closes during shutdown then raised an unhandled 'error'
// event, which ended the process with a stack trace (the client printed with it, cancel key included).
import pg from 'pg';
import { log } from '../log.ts';

export interface QueuePool {
  readonly pool: pg.Pool;
  /** Ends the pool and waits until every connection is closed. */
  close(): Promise<void>;
}

export function createQueuePool(connectionString: string, max: number, name: string): QueuePool {
  const pool = new pg.Pool({ connectionString, max, application_name: name });
  // pg removes a failed client from the pool by itself; a query on a checked-out one fails on its own.
  const onError = (err: Error) => log.warn('queue database connection lost', { pool: name, reason: err.message });
  pool.on('error', onError);
  pool.on('connect', (client) => client.on('error', onError));
  let closing: Promise<void> | undefined;
  return {
    pool,
    close: () => closing ??= pool.end().catch((err: unknown) => log.warn('queue pool did not close cleanly', { pool: name, err })),
  };
}
