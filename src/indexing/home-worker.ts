// What to tell the operator when YouTube blocks every exit: the exact command that starts a
// transcript worker on a home connection against this deployment's database. Pages show it, so the
// database password is left out; everything else is this server's own DATABASE_URL.

/** Undefined when the database is the embedded one, which no other machine can reach. */
export function homeWorkerCommand(databaseUrl: string | undefined): string | undefined {
  if (databaseUrl === undefined) return undefined;
  const url = new URL(databaseUrl);
  for (const secret of ['password', 'sslpassword']) url.searchParams.delete(secret);
  const user = url.username ? `${decodeURIComponent(url.username)}${url.password ? ':<password>' : ''}@` : '';
  const shown = `${url.protocol}//${user}${url.host}${url.pathname}${url.search}`;
  return `DATABASE_URL='${shown}' TRANSCRIPT_EXIT_NAME=home npm run worker -- --pools=indexing`;
}
