// The Postgres functions and views the app calls live one per file beside the feature that owns
// them (src/<feature>/sql/**/*.sql), not in migrations: the live text of any function is one file
// away. Like Flyway's repeatable migrations, they are applied after the schema migrations on every
// start, each again whenever its text changes. Migrations hold only schema and data changes.
//
// A file must be safe to run again (CREATE OR REPLACE). Changing a function's signature or return
// type, or the columns of a view, needs a migration that drops the old one first. Changing what an
// IMMUTABLE function behind a generated column or index computes needs a migration that rebuilds
// that column too: replacing the function does not recompute stored values.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type postgres from 'postgres';

const sourceRoot = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface LiveSqlFile {
  /** Path under src/, e.g. `search/sql/search_queries.sql`. */
  readonly name: string;
  readonly text: string;
  readonly hash: string;
}

/** Every live SQL file under src/, in path order. */
export async function readLiveSqlFiles(): Promise<LiveSqlFile[]> {
  const entries = await readdir(sourceRoot, { recursive: true });
  const names = entries
    .map((entry) => entry.split(path.sep).join('/'))
    .filter((name) => name.endsWith('.sql') && name.split('/').includes('sql'))
    .sort();
  return Promise.all(names.map(async (name) => {
    const text = await readFile(path.join(sourceRoot, name), 'utf8');
    return { name, text, hash: createHash('sha256').update(text).digest('hex') };
  }));
}

/**
 * Applies the live SQL files whose text changed since they were last applied, in one transaction.
 * A file may call a function another file defines: files that fail are tried again after the rest,
 * until a pass makes no progress (then the first error is thrown, naming its file).
 */
export async function applyLiveSql(sql: postgres.Sql): Promise<string[]> {
  const files = await readLiveSqlFiles();
  await sql`create schema if not exists drizzle`;
  await sql`create table if not exists drizzle.subtext_live_sql (name text primary key, hash text not null, applied_at timestamptz not null default now())`;
  const applied = new Map((await sql<{ name: string; hash: string }[]>`select name, hash from drizzle.subtext_live_sql`).map((r) => [r.name, r.hash]));
  let pending = files.filter((file) => applied.get(file.name) !== file.hash);
  const done: string[] = [];
  await sql.begin(async (tx) => {
    while (pending.length > 0) {
      const failed: Array<{ file: LiveSqlFile; error: unknown }> = [];
      for (const file of pending) {
        try {
          await tx.savepoint((sp) => sp.unsafe(file.text).simple());
          await tx`insert into drizzle.subtext_live_sql (name, hash) values (${file.name}, ${file.hash})
                   on conflict (name) do update set hash = excluded.hash, applied_at = now()`;
          done.push(file.name);
        } catch (error) {
          failed.push({ file, error });
        }
      }
      if (failed.length === pending.length) {
        const [first] = failed;
        throw new Error(`src/${first!.file.name} could not be applied: ${(first!.error as Error).message}`, { cause: first!.error });
      }
      pending = failed.map((f) => f.file);
    }
  });
  return done;
}
