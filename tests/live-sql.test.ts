import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { applyLiveSql, readLiveSqlFiles } from '../src/db/live-sql.ts';
import { migrateDatabase } from '../src/db/migrate.ts';
import { createTestDatabase } from './helpers/database.ts';

const test = await createTestDatabase();
const sql = postgres(test.url, { max: 1, onnotice: () => {} });

afterAll(async () => {
  await sql.end();
  await test.drop();
});

/** Every function of ours (not an extension's) in public and analytics, and every analytics view, with its definition. */
async function liveDefinitions(db: postgres.Sql | postgres.TransactionSql): Promise<Map<string, string>> {
  const rows = await db<{ name: string; definition: string }[]>`
    select (case when n.nspname = 'public' then '' else n.nspname || '.' end) || p.proname as name, pg_get_functiondef(p.oid) as definition
    from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where n.nspname in ('public', 'analytics')
      and not exists (select 1 from pg_depend d where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
    union all
    select 'analytics.' || c.relname, pg_get_viewdef(c.oid)
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'analytics' and c.relkind = 'v'`;
  return new Map(rows.map((r) => [r.name, r.definition]));
}

function namesDefinedIn(text: string): string[] {
  return [...text.matchAll(/CREATE OR REPLACE (?:FUNCTION|VIEW) (?:public\.)?([a-z_.]+)/g)].map((m) => m[1]!);
}

describe('live SQL: functions and views in one file each', () => {
  it('the database holds exactly the functions and views the files define, as they define them', async () => {
    const files = await readLiveSqlFiles();
    const defined = files.flatMap((file) => namesDefinedIn(file.text));
    expect(new Set(defined).size).toBe(defined.length);

    const before = await liveDefinitions(sql);
    expect([...before.keys()].sort()).toEqual([...defined].sort());

    // Running every file again must change nothing: what runs is what the files say.
    const rolledBack: Error & { definitions?: Map<string, string> } = new Error('roll back');
    const after = await sql.begin(async (tx) => {
      for (const file of files) await tx.unsafe(file.text).simple();
      const definitions = await liveDefinitions(tx);
      throw Object.assign(rolledBack, { definitions });
    }).catch((error: unknown) => (error === rolledBack ? rolledBack.definitions : Promise.reject(error)));
    expect(after).toEqual(before);
  });

  it('each file lives in a sql folder beside its feature and defines one function or view', async () => {
    for (const file of await readLiveSqlFiles()) {
      expect(file.name).toMatch(/^[a-z-]+\/sql\/([a-z_]+\/)?[a-z_]+\.sql$/);
      expect(namesDefinedIn(file.text)).toHaveLength(1);
    }
  });

  it('applies a file again only when its text changed', async () => {
    await migrateDatabase(test.url);
    expect(await applyLiveSql(sql)).toEqual([]);

    const [file] = await readLiveSqlFiles();
    await sql`update drizzle.subtext_live_sql set hash = 'stale' where name = ${file!.name}`;
    expect(await applyLiveSql(sql)).toEqual([file!.name]);
    expect(await applyLiveSql(sql)).toEqual([]);
  });
});
