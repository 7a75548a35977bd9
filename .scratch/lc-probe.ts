import { startEmbeddedPostgres } from '../src/db/embedded.ts';
import postgres from 'postgres';
import { mkdtemp, chmod, rm } from 'node:fs/promises';
const dir = await mkdtemp('/tmp/lcprobe-'); await chmod(dir, 0o755);
const pg = await startEmbeddedPostgres({ dir: dir + '/data', port: 54415, durable: false });
const sql = postgres(pg.adminUrl);
console.log(await sql`select datname, pg_encoding_to_char(encoding) enc, datcollate, datctype, datlocprovider from pg_database`);
console.log(await sql`select version()`);
await sql.end(); await pg.stop(); await rm(dir, {recursive:true});
