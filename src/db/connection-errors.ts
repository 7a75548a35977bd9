// Why a DATABASE_URL could not be used, said in one line with the fix (and never its password).
import { StartupError } from '../startup-error.ts';

function codeOf(err: unknown): string {
  const code = (err as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : '';
}

/** The first error in a chain of causes whose code is one of these. */
function findCode(err: unknown, codes: ReadonlyArray<string>): string | undefined {
  for (let e = err, depth = 0; e !== undefined && e !== null && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = codeOf(e);
    if (codes.includes(code)) return code;
    // Node's "connect ECONNREFUSED" with several addresses tried comes as an AggregateError.
    if (e instanceof AggregateError) {
      const inner = e.errors.map(codeOf).find((c) => codes.includes(c));
      if (inner) return inner;
    }
  }
  return undefined;
}

const KNOWN = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'CONNECT_TIMEOUT', 'EHOSTUNREACH', 'ENETUNREACH', '28P01', '28000', '3D000', '42501'];

/** A StartupError for a DATABASE_URL that refuses us, or the error unchanged. */
export function explainDatabaseUrlError(err: unknown, databaseUrl: string): unknown {
  let where: string;
  let user: string;
  let database: string;
  try {
    const url = new URL(databaseUrl);
    where = `${url.hostname}:${url.port || '5432'}`;
    user = decodeURIComponent(url.username) || '(none)';
    database = decodeURIComponent(url.pathname.slice(1)) || user;
  } catch {
    return err;
  }
  switch (findCode(err, KNOWN)) {
    case 'ECONNREFUSED':
      return new StartupError(`Nothing accepts connections at ${where} (DATABASE_URL): start PostgreSQL there, or correct the host and port in DATABASE_URL.`, { cause: err });
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new StartupError(`The host in DATABASE_URL (${where}) cannot be found: correct the host name in DATABASE_URL.`, { cause: err });
    case 'ETIMEDOUT':
    case 'CONNECT_TIMEOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new StartupError(`PostgreSQL at ${where} (DATABASE_URL) does not answer: check that it runs and that this machine may reach it.`, { cause: err });
    case '28P01':
      return new StartupError(`PostgreSQL at ${where} refuses the password of user "${user}": correct the user or password in DATABASE_URL.`, { cause: err });
    case '28000':
      return new StartupError(`PostgreSQL at ${where} does not let user "${user}" connect to "${database}" (pg_hba.conf or the role): correct DATABASE_URL or allow that user.`, { cause: err });
    case '3D000':
      return new StartupError(`The database "${database}" does not exist at ${where}: create it (createdb ${database}) or correct DATABASE_URL.`, { cause: err });
    case '42501':
      return new StartupError(`User "${user}" may not change the schema of "${database}" at ${where}: make it the database's owner (ALTER DATABASE ${database} OWNER TO ${user}).`, { cause: err });
    default:
      return err;
  }
}
