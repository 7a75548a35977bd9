// Telling "PostgreSQL cannot be reached right now" (stopped, restarting, out of connections,
// network gone) from a bug: the web answers 503 and workers restart their runners instead of dying.
// postgres.js is our driver; node-postgres is Graphile Worker's.

const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
/** postgres.js's own codes for a connection that dropped or could not be made in time. */
const POSTGRES_JS_CODES = new Set(['CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT']);
/** A server shutting down (57P01, 57P02), starting up (57P03) or out of connections (53300); class 08 is connection exceptions. */
const UNAVAILABLE_SQLSTATE = /^(57P0[123]|53300|08[0-9A-Z]{3})$/;
/** node-postgres reports a lost connection without a code. */
const NODE_POSTGRES_LOST = /^(Connection terminated|Client has encountered a connection error)/;

function codeOf(e: Error): string {
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' ? code : '';
}

/**
 * Whether a query failed because the database cannot be reached (causes are followed, for errors
 * that wrap one). A socket error counts only when postgres.js marked it with the query that failed,
 * so that a failed call to YouTube is never taken for a database outage.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = codeOf(e);
    if (POSTGRES_JS_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code)) return true;
    if (SOCKET_CODES.has(code) && 'query' in e) return true;
  }
  return false;
}

/**
 * The same for a promise rejection nobody handled in a worker process: node-postgres (Graphile
 * Worker's driver) raises bare socket errors and code-less "Connection terminated" ones.
 */
export function isLostDatabaseConnection(err: unknown): boolean {
  if (isDatabaseUnavailable(err)) return true;
  return err instanceof Error && (SOCKET_CODES.has(codeOf(err)) || NODE_POSTGRES_LOST.test(err.message));
}
