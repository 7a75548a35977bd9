// Benchmark libraries made the way people make them: people sign in (or are given playlists), press
// "Start indexing", and a worker process fetches every transcript from the stand-in, whose speech
// generator says what is in them. Nothing is written to the database by hand.
//
// A built library is a Postgres data folder kept in bench/.cache/<name>-<key>/ (git-ignored); the key
// hashes the library's spec and every source file that decides what ends up stored (the stand-in's
// generator, indexing, schema and migrations), so a change to any of them builds it again, and an
// unchanged tree reuses it. Searches do not change what is stored, so runs use the folder in place.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { DEMO_ACCOUNTS, DEMO_PLAYLISTS } from '../src/standin/demo-data.ts';
import { synthPlaylistId } from '../src/standin/synthetic.ts';
import { consent, finishSignIn, startSignIn } from '../tests/helpers/google-sign-in.ts';
import { pressStartIndexing, waitForRun } from '../tests/helpers/indexing.ts';
import { addToLibrary, createSignedInUser } from '../tests/helpers/users.ts';
import { countCues } from './cues.ts';
import { startBenchStack, type BenchStack } from './harness.ts';

/** Bump when the way libraries are built here changes. */
const BUILDER_VERSION = 1;

/** One person: a demo account that signs in through (stand-in) Google and indexes the playlists it owns, or playlists added by id. */
export type LibraryPerson = { readonly account: string } | { readonly playlists: ReadonlyArray<string> };

export interface LibrarySpec {
  readonly name: string;
  readonly what: string;
  readonly people: ReadonlyArray<LibraryPerson>;
}

export interface LibraryMeta {
  readonly key: string;
  /** Ids of the people, in the spec's order. */
  readonly userIds: ReadonlyArray<number>;
  readonly videos: number;
  readonly cues: number;
  /** From the first "Start indexing" to the last run completed. */
  readonly buildSeconds: number;
  readonly builtAt: string;
}

export interface OpenLibrary {
  readonly spec: LibrarySpec;
  readonly meta: LibraryMeta;
  readonly stack: BenchStack;
  /** Whether this run built it (false: reused from bench/.cache). */
  readonly built: boolean;
  close(): Promise<void>;
}

const alice = DEMO_ACCOUNTS[0]!;

/** What `npm start` gives the first demo account: its 3,000-video playlist and two small ones. */
export const DEMO_LIBRARY: LibrarySpec = {
  name: 'demo',
  what: `${alice.email} after signing in and indexing the ${alice.playlistIds.length} playlists it owns (as in \`npm start\`)`,
  people: [{ account: alice.sub }],
};

/**
 * 40 people whose libraries overlap: each has two of five shared playlists, cut at different lengths
 * (a shorter cut of a generated playlist holds the same first videos), and one playlist of their own.
 */
export const SHARED_LIBRARY: LibrarySpec = {
  name: 'shared',
  what: '40 people, each with 2 of 5 shared playlists (200–400 videos × 100 cues) and 30 videos of their own',
  people: Array.from({ length: 40 }, (_, i) => ({
    playlists: [
      synthPlaylistId({ count: 200 + ((i * 53) % 201), cues: 100, seed: 21 + (i % 5) }),
      synthPlaylistId({ count: 200 + ((i * 31) % 201), cues: 100, seed: 21 + ((i + 2) % 5) }),
      synthPlaylistId({ count: 30, cues: 100, seed: 300 + i }),
    ],
  })),
};

/**
 * The demo's "Language practice" playlist (German, French, Spanish, Polish): the generated English speech
 * has a closed vocabulary (its rarest word is said about 1,300 times in a million cues), and a real
 * library's rare words are a handful of mentions, like these.
 */
const LANGUAGE_PRACTICE = [...DEMO_PLAYLISTS.values()].find((p) => p.title === 'Language practice')!.id;

/** One person with a million cues: 3,334 videos of 300 cues in three playlists, and a few videos in other languages. */
export const MILLION_LIBRARY: LibrarySpec = {
  name: 'million',
  what: 'one person, 3 playlists of 3,334 videos × 300 cues, and 5 videos in other languages',
  people: [{
    playlists: [
      synthPlaylistId({ count: 2000, cues: 300, seed: 31 }),
      synthPlaylistId({ count: 1000, cues: 300, seed: 32 }),
      synthPlaylistId({ count: 334, cues: 300, seed: 33 }),
      LANGUAGE_PRACTICE,
    ],
  }],
};

/** Ten million cues: 33,340 videos of 300 cues in ten playlists, and a few in other languages (npm run bench search-large). */
export const LARGE_LIBRARY: LibrarySpec = {
  name: 'large',
  what: 'one person, 10 playlists of 33,340 videos × 300 cues, and 5 videos in other languages',
  people: [{ playlists: [...Array.from({ length: 10 }, (_, i) => synthPlaylistId({ count: 3334, cues: 300, seed: 41 + i })), LANGUAGE_PRACTICE] }],
};

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const cacheRoot = path.join(root, 'bench/.cache');
/**
 * What decides the stored rows: the stand-in's generator and answers, transcript fetching and parsing,
 * indexing, the schema and the SQL that fills stored columns. A change to any of them builds the
 * libraries again; other files (the search queries among them) do not.
 */
const STORAGE_FILES = [
  /^src\/standin\/(speech|transcript|synthetic|demo-data|random|captions|player|catalog|model|data-api(-routes)?)\.ts$/,
  /^src\/youtube\/(transcripts|caption-cues|data-api)\.ts$/,
  /^src\/indexing\//,
  /^src\/db\/schema\.ts$/,
  /^migrations\//,
  /^src\/search\/sql\/(segment_vector|mark_next_cue|learn_words|learn_video_words|text_search_config|unaccent)\.sql$/,
  /^bench\/library\.ts$/,
];

async function storageFiles(): Promise<string[]> {
  const files: string[] = [];
  for (const top of ['src', 'migrations', 'bench']) {
    for (const e of await readdir(path.join(root, top), { withFileTypes: true, recursive: true })) {
      const file = path.relative(root, path.join(e.parentPath, e.name));
      if (e.isFile() && STORAGE_FILES.some((re) => re.test(file))) files.push(file);
    }
  }
  return files;
}

/** The generator's version: a hash of the spec, the builder and the contents of every storage file (renames alone change nothing). */
export async function libraryKey(spec: LibrarySpec): Promise<string> {
  const contents = await Promise.all((await storageFiles()).map(async (file) => createHash('sha256').update(await readFile(path.join(root, file))).digest('hex')));
  const hash = createHash('sha256').update(JSON.stringify({ BUILDER_VERSION, spec }));
  for (const content of contents.sort()) hash.update(content);
  return hash.digest('hex').slice(0, 16);
}

const BUILD_ENV = { WORKER_CONCURRENCY: '50', TRANSCRIPT_RATE: '0' };

async function signInDemoAccount(stack: BenchStack, sub: string): Promise<number> {
  const step = await startSignIn(stack);
  const res = await finishSignIn(stack, step.jar, await consent(step, { account: sub }));
  if (res.status !== 302) throw new Error(`sign-in of ${sub} answered ${res.status}`);
  // The library page reads the playlists the account owns into its library.
  const library = await stack.app.request('/library', { headers: { cookie: step.jar.header() } });
  if (library.status !== 200) throw new Error(`/library answered ${library.status} after sign-in`);
  const [user] = await stack.database.sql<{ id: number }[]>`select id from users where google_subject = ${sub}`;
  return Number(user!.id);
}

async function build(spec: LibrarySpec, key: string, dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  // Durability is off while building (a crash just means building again); runs start it as usual.
  const stack = await startBenchStack({ pgDir: path.join(dir, 'pg'), durable: false, env: BUILD_ENV });
  const { sql } = stack.database;
  try {
    const people: Array<{ userId: number; cookie: string }> = [];
    for (const person of spec.people) {
      if ('account' in person) {
        const userId = await signInDemoAccount(stack, person.account);
        people.push({ userId, cookie: await stack.signIn(userId) });
      } else {
        const user = await createSignedInUser(sql);
        await addToLibrary(sql, user.userId, person.playlists);
        people.push(user);
      }
    }
    stack.spawnWorker();
    await new Promise((r) => setTimeout(r, 1500));
    // Everybody presses "Start indexing" on each playlist at about the same time, as after a launch.
    const started = performance.now();
    const runs: number[] = [];
    for (const person of people) {
      const playlists = await sql<{ playlist_id: string }[]>`
        select playlist_id from library_playlists where user_id = ${person.userId} order by playlist_id`;
      for (const { playlist_id } of playlists) runs.push(await pressStartIndexing(stack.app, stack.baseUrl, person.cookie, playlist_id));
    }
    const progress = setInterval(() => {
      void sql<{ n: number }[]>`select count(*)::int as n from index_runs where id = any(${runs}) and status = 'completed'`.then(([done]) =>
        console.log(`  ${spec.name}: ${done!.n}/${runs.length} runs done, ${((performance.now() - started) / 1000).toFixed(0)} s`), () => {});
    }, 30_000);
    try {
      for (const run of runs) await waitForRun(sql, run, 3_600_000);
    } finally {
      clearInterval(progress);
    }
    const buildSeconds = (performance.now() - started) / 1000;
    await sql`vacuum analyze`;
    const admin = postgres(stack.adminUrl, { max: 1, onnotice: () => {} });
    await admin`checkpoint`.finally(() => admin.end());
    const [videos] = await sql<{ n: number }[]>`select count(*)::int as n from videos where transcript_status = 'indexed'`;
    const meta: LibraryMeta = {
      key, userIds: people.map((p) => p.userId), videos: videos!.n, cues: await countCues(sql), buildSeconds, builtAt: new Date().toISOString(),
    };
    await writeFile(path.join(dir, 'meta.json'), JSON.stringify(meta, null, 2) + '\n');
  } finally {
    await stack.stop();
  }
}

/** The library built as its spec says, from bench/.cache when the key matches, else built now (and cached). */
export async function openLibrary(spec: LibrarySpec, options: { env?: Record<string, string> } = {}): Promise<OpenLibrary> {
  const key = await libraryKey(spec);
  const dir = path.join(cacheRoot, `${spec.name}-${key}`);
  let built = false;
  if (!existsSync(path.join(dir, 'meta.json'))) {
    // Older builds of this library are of no further use: the sources changed.
    await mkdir(cacheRoot, { recursive: true });
    for (const entry of await readdir(cacheRoot)) {
      if (entry.startsWith(`${spec.name}-`)) await rm(path.join(cacheRoot, entry), { recursive: true, force: true });
    }
    console.log(`building the ${spec.name} library through the app (${spec.what})…`);
    const building = `${dir}.building`;
    await build(spec, key, building);
    await rename(building, dir);
    built = true;
  }
  const meta = JSON.parse(await readFile(path.join(dir, 'meta.json'), 'utf8')) as LibraryMeta;
  const stack = await startBenchStack({ pgDir: path.join(dir, 'pg'), env: options.env });
  return { spec, meta, stack, built, close: () => stack.stop() };
}
