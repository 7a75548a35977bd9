// npm run restore FILE: loads a backup (npm run backup) into an empty database, embedded (a new
// DATA_DIR) or DATABASE_URL, made by the same release of subtext.
import path from 'node:path';
import { restoreBackup } from '../src/db/backup.ts';
import { withToolDatabase } from './database-for-tools.ts';

const file = process.argv[2];
if (!file) {
  console.error('Usage: npm run restore FILE (a file written by npm run backup)');
  process.exit(2);
}
await withToolDatabase(async (url) => {
  const { tables } = await restoreBackup(url, path.resolve(file));
  console.log(`Restored ${tables} tables from ${file}.`);
});
