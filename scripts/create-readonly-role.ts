// Creates (or updates) a login role for ad hoc SQL that can read the documented views in the
// `analytics` schema and nothing else: no base tables, no writes, a statement timeout.
//
// Postgres lets every role change its own settings (SET, even ALTER ROLE on itself), so the
// read-only default and the timeout are conveniences, not walls. The walls are what the role may
// touch: SELECT on the views, nowhere to create anything (CREATE on schema public is revoked from
// PUBLIC, which Postgres 14 and older grant), and a connection limit only an administrator can lift.
//
//   node scripts/create-readonly-role.ts <database-url> [role] [--password=...]
//
// <database-url> must connect as a role that may create roles (the database owner or a superuser).
// Without --password a random one is generated and printed once.
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import postgres from 'postgres';

const { positionals, values } = parseArgs({ allowPositionals: true, options: { password: { type: 'string' } } });
const [databaseUrl, role = 'subtext_readonly'] = positionals;
if (!databaseUrl || !/^postgres(ql)?:\/\//.test(databaseUrl)) {
  console.error('Usage: node scripts/create-readonly-role.ts <postgres://owner@host/db> [role] [--password=...]');
  process.exit(2);
}
if (!/^[a-z_][a-z0-9_]{0,62}$/.test(role)) {
  console.error(`Role "${role}" is not a plain lower-case name: use letters, digits and underscores, e.g. subtext_readonly.`);
  process.exit(2);
}
const password = values.password ?? randomBytes(18).toString('base64url');
/** Enough for a notebook and a console; a runaway script cannot take the server's connections. */
const CONNECTION_LIMIT = 3;

const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
try {
  await sql.begin(async (tx) => {
    const [existing] = await tx`select 1 from pg_roles where rolname = ${role}`;
    // CREATE/ALTER ROLE take no parameters; format() quotes the name and the password for them.
    const [statement] = await tx<{ text: string }[]>`
      select format(${existing ? 'alter role %I login password %L' : 'create role %I login password %L'}, ${role}::text, ${password}::text)
        || ' nosuperuser nocreatedb nocreaterole noinherit noreplication nobypassrls' as text`;
    await tx.unsafe(statement!.text);
    await tx.unsafe(`alter role ${role} connection limit ${CONNECTION_LIMIT}`);
    await tx.unsafe(`alter role ${role} set default_transaction_read_only = on`);
    await tx.unsafe(`alter role ${role} set statement_timeout = '60s'`);
    await tx.unsafe(`alter role ${role} set search_path = analytics, public`);
    const [current] = await tx<{ database: string }[]>`select current_database() as database`;
    await tx`grant connect on database ${tx(current!.database)} to ${tx(role)}`;
    await tx`grant usage on schema analytics to ${tx(role)}`;
    await tx`grant select on all tables in schema analytics to ${tx(role)}`;
    await tx`grant execute on all functions in schema analytics to ${tx(role)}`;
    // Postgres 14 and older let every role create tables in public: with that, lifting the read-only default would allow writes.
    await tx`revoke create on schema public from public`;
  });
  const url = new URL(databaseUrl);
  url.username = role;
  url.password = values.password ? '<your password>' : password;
  console.log(`Role ${role} can read the analytics views (search_segments, video_stats, playlist_videos) and nothing else.`);
  console.log(`Connect with: ${url.toString()}`);
} finally {
  await sql.end();
}
