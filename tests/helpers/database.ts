import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { inject } from 'vitest';
import { connectDatabase, type Database } from '../../src/db/client.ts';

export interface TestDatabase {
  readonly url: string;
  readonly database: Database;
  drop(): Promise<void>;
}

/** A fresh, migrated database of this test file's own, cloned from the run's template. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = inject('postgresAdminUrl');
  const name = `test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin`create database ${admin(name)} template ${admin(inject('templateDatabase'))}`;
  } finally {
    await admin.end();
  }
  const url = adminUrl.replace(/\/postgres$/, `/${name}`);
  const database = connectDatabase(url, { max: 10 });
  return {
    url,
    database,
    async drop() {
      await database.close();
      const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
      await sql`drop database if exists ${sql(name)} with (force)`;
      await sql.end();
    },
  };
}
