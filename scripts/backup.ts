// npm run backup [FILE]: every row of the database (embedded or DATABASE_URL) to a gzipped file,
// readable by its owner only. Safe while the app runs: one consistent snapshot.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { writeBackup } from '../src/db/backup.ts';
import { withToolDatabase } from './database-for-tools.ts';

const file = path.resolve(process.argv[2] ?? `subtext-backup-${new Date().toISOString().replace(/[:.]/g, '-')}.gz`);
await withToolDatabase(async (url) => {
  const { tables } = await writeBackup(url, file);
  console.log(`Backed up ${tables} tables to ${file} (${((await stat(file)).size / 2 ** 20).toFixed(1)} MB). Restore with: npm run restore ${path.basename(file)}`);
});
