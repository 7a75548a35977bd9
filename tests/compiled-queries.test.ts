// Compiled queries are kept for a few seconds: the same words again cost no database time, and a
// language indexed meanwhile counts once the kept answer is older than keepMs.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { compiledQueries } from '../src/search/compiled-queries.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

it('answers the same words from memory until keepMs has passed, then compiles again with what was indexed since', async () => {
  const { sql } = db.database;
  const queries = compiledQueries({ keepMs: 300 });
  const first = await queries.compile(sql, 'katzen ');
  expect(first.segments).not.toContain("'katz'");

  // A German transcript arrives: "katzen" now also stands for its German stem "katz".
  await sql`insert into videos (id, title, transcript_status, transcript_language) values ('germanvideo', 'Katzen', 'indexed', 'de')`;
  const kept = await queries.compile(sql, 'katzen ');
  expect(kept).toBe(first);

  await new Promise((r) => setTimeout(r, 350));
  const fresh = await queries.compile(sql, 'katzen ');
  expect(fresh).not.toBe(first);
  expect(fresh.segments).toContain("'katz'");
});

it('keeps at most maxKept queries, dropping the oldest, and never keeps a failure', async () => {
  const { sql } = db.database;
  const queries = compiledQueries({ keepMs: 60_000, maxKept: 2 });
  const alpha = await queries.compile(sql, 'alpha ');
  await queries.compile(sql, 'beta ');
  const gamma = await queries.compile(sql, 'gamma ');
  expect(await queries.compile(sql, 'gamma ')).toBe(gamma);
  expect(await queries.compile(sql, 'alpha ')).not.toBe(alpha);

  // A compile that fails (here: on a transaction already aborted) is not kept: the next one asks again.
  await sql.begin(async (tx) => {
    await tx`select 1 / 0`.catch(() => {});
    await expect(queries.compile(tx as never, 'delta ')).rejects.toThrow(/aborted/);
  }).catch(() => {});
  await expect(queries.compile(sql, 'delta ')).resolves.toMatchObject({ segments: expect.stringContaining('delta') });
});
