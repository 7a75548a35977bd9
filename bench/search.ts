// search.*: what people see when they search libraries made the way people make them (bench/library.ts):
// the demo account's 3,000-video library, 40 people sharing videos, and a million cues; search-large.*:
// ten million. Every search goes over HTTP to a web process started like `npm run web`, signed in, and
// the results fragment comes back with snippets, as the search box gets it. The queries come from each
// library's own words (bench/queries.ts). Each query runs several times in a row, and the whole set
// twice, so a plan the database switches to after five runs, or a cold cache, shows in the figures.
// SQLite FTS5 (in-process) and a naive ILIKE scan answer the same queries on the same cues, in the same
// run: FTS5 right after each of our searches, so a machine that drifts moves both alike.
import type { WebProcess } from '../tests/helpers/web-process.ts';
import { ilikeScan, searchIndexBytes, storedCues, type StoredCue } from './cues.ts';
import { buildFts5, type Fts5Peer } from './fts5.ts';
import { DEMO_LIBRARY, LARGE_LIBRARY, MILLION_LIBRARY, openLibrary, SHARED_LIBRARY, type LibrarySpec, type OpenLibrary } from './library.ts';
import { hostileQueries, typedQueries, WordCounts, type BenchQuery } from './queries.ts';
import { percentile, type BenchRow, type BenchResult } from './report.ts';

/** Each query this many times in a row (Postgres may switch a prepared statement to a generic plan after five). */
const IN_A_ROW = 6;
const PASSES = 2;
/** A search still running after this is recorded as taking this long (the browser gives up too). */
const GIVE_UP_MS = 10_000;
/** People searching the shared library at the same moment. */
const AT_ONCE = 4;

// The bench fires thousands of searches a minute from one person: the rate limits would refuse them.
const NO_LIMITS = { SEARCHES_PER_MINUTE_PER_USER: '0', SEARCHES_PER_MINUTE_PER_IP: '0' };

interface Timing {
  readonly ms: number;
  readonly gaveUp: boolean;
}

/** One search as the search box sends it (htmx request for the results fragment). */
async function httpSearch(web: WebProcess, cookie: string, q: string, retried = false): Promise<Timing> {
  const started = performance.now();
  try {
    const res = await fetch(`${web.baseUrl}/search?${new URLSearchParams({ q })}`, {
      headers: { cookie, 'HX-Request': 'true' }, signal: AbortSignal.timeout(GIVE_UP_MS),
    });
    const body = await res.text();
    if (res.status !== 200 || !body.includes('id="results"')) throw new Error(`search for ${q} answered ${res.status}: ${body.slice(0, 300)}`);
    return { ms: performance.now() - started, gaveUp: false };
  } catch (err) {
    if (err instanceof DOMException && err.name === 'TimeoutError') return { ms: GIVE_UP_MS, gaveUp: true };
    // A kept-alive connection the server closed as it was reused (after the event loop was busy
    // loading FTS5): a browser sends the GET again on a new one, and so does this.
    const socketClosed = (err as { cause?: { code?: string } }).cause?.code === 'UND_ERR_SOCKET';
    if (socketClosed && !retried && web.child.exitCode === null) return await httpSearch(web, cookie, q, true);
    throw new Error(`search for ${q} failed (web process ${web.child.exitCode === null && web.child.signalCode === null ? 'running' : `exited ${web.child.exitCode ?? web.child.signalCode}`}): ${web.stderr()}`, { cause: err });
  }
}

interface OpenedLibrary {
  readonly lib: OpenLibrary;
  readonly web: WebProcess;
  readonly cookies: ReadonlyArray<string>;
  readonly counts: WordCounts;
  readonly fts: Fts5Peer | undefined;
}

/** Opens (or builds) the library, counts its words, loads FTS5 if asked, and starts a web process on it. */
async function open(spec: LibrarySpec, withFts5: boolean): Promise<OpenedLibrary> {
  const lib = await openLibrary(spec, { env: NO_LIMITS });
  const counts = new WordCounts();
  async function* counted(): AsyncGenerator<ReadonlyArray<StoredCue>> {
    for await (const batch of storedCues(lib.stack.database.sql)) {
      for (const cue of batch) counts.add(cue.text);
      yield batch;
    }
  }
  let fts: Fts5Peer | undefined;
  if (withFts5) fts = await buildFts5(counted());
  else for await (const _ of counted());
  const cookies = await Promise.all(lib.meta.userIds.map((id) => lib.stack.signIn(id)));
  const web = await lib.stack.spawnWeb(NO_LIMITS);
  return { lib, web, cookies, counts, fts };
}

interface QueryTimes {
  readonly query: BenchQuery;
  readonly ours: number[];
  readonly theirs: number[];
  gaveUp: number;
}

/**
 * The typed set, one person, each query IN_A_ROW times in a row, the set `passes` times; FTS5 after
 * every other of ours (it has no plans to switch, and on a million cues a stop word costs it seconds).
 */
async function typedRuns(o: OpenedLibrary, queries: ReadonlyArray<BenchQuery>, passes = PASSES): Promise<QueryTimes[]> {
  const times: QueryTimes[] = queries.map((query) => ({ query, ours: [], theirs: [], gaveUp: 0 }));
  for (let pass = 0; pass < passes; pass++) {
    for (const t of times) {
      for (let i = 0; i < IN_A_ROW; i++) {
        const mine = await httpSearch(o.web, o.cookies[0]!, t.query.q);
        t.ours.push(mine.ms);
        if (mine.gaveUp) t.gaveUp++;
        if (o.fts && i % 2 === 0) t.theirs.push(o.fts.search(t.query.fts));
      }
    }
  }
  return times;
}

/** Hostile queries, each three times in a row. */
async function hostileRuns(o: OpenedLibrary): Promise<QueryTimes[]> {
  const times: QueryTimes[] = hostileQueries(o.counts).map((query) => ({ query, ours: [], theirs: [], gaveUp: 0 }));
  for (const t of times) {
    for (let i = 0; i < 3; i++) {
      const mine = await httpSearch(o.web, o.cookies[0]!, t.query.q);
      t.ours.push(mine.ms);
      // Once is enough to know it failed; the repeats would only make the run long.
      if (mine.gaveUp && ++t.gaveUp) break;
    }
  }
  return times;
}

const all = (times: ReadonlyArray<QueryTimes>, side: 'ours' | 'theirs') => times.flatMap((t) => t[side]);
const ms = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));

function queryTable(title: string, times: ReadonlyArray<QueryTimes>, withPeer: boolean): string {
  const lines = [
    `#### ${title}`, '',
    `| query | kind | subtext p50 | subtext max | first of the set |${withPeer ? ' FTS5 p50 |' : ''}`,
    `|---|---|---|---|---|${withPeer ? '---|' : ''}`,
    ...times.map((t) => `| \`${t.query.q.length > 60 ? t.query.q.slice(0, 57) + '…' : t.query.q}\` | ${t.query.kind} | ${ms(percentile(t.ours, 50))} | ${ms(Math.max(...t.ours))}${t.gaveUp ? ` (${t.gaveUp} gave up at ${GIVE_UP_MS / 1000} s)` : ''} | ${ms(t.ours[0]!)} |${withPeer ? ` ${ms(percentile(t.theirs, 50))} |` : ''}`),
  ];
  return lines.join('\n');
}

function hostileRow(name: string, o: OpenedLibrary, hostile: ReadonlyArray<QueryTimes>): BenchRow {
  const worst = Math.max(...all(hostile, 'ours'));
  const which = hostile.find((t) => t.ours.includes(worst))!.query.kind;
  return {
    name, value: worst, unit: 'ms', reference: `budget 1 s; slowest of ${hostile.length} hostile queries × 3 (worst: ${which}) on ${o.lib.meta.cues.toLocaleString('en')} cues`,
    ratio: worst / 1000, goal: '< 1000', met: worst < 1000,
  };
}

function libraryLine(o: OpenedLibrary): string {
  const m = o.lib.meta;
  return `${m.cues.toLocaleString('en')} cues in ${m.videos.toLocaleString('en')} videos; ${o.lib.spec.what}; built through the app in ${m.buildSeconds.toFixed(0)} s${o.lib.built ? '' : ' (reused from bench/.cache)'}`;
}

function printTimes(name: string, times: ReadonlyArray<QueryTimes>): void {
  console.log(`${name}: query, kind, subtext p50 / max ms, FTS5 p50 ms`);
  for (const t of times) {
    console.log(`  ${t.query.q.slice(0, 40).padEnd(42)}${t.query.kind.padEnd(20)}${ms(percentile(t.ours, 50)).padStart(8)} /${ms(Math.max(...t.ours)).padStart(7)}${t.theirs.length ? ms(percentile(t.theirs, 50)).padStart(9) : ''}`);
  }
}

async function demo(): Promise<BenchResult> {
  const o = await open(DEMO_LIBRARY, true);
  try {
    const { queries } = typedQueries(o.counts);
    const typed = await typedRuns(o, queries);
    const hostile = await hostileRuns(o);
    printTimes('demo', [...typed, ...hostile]);
    const ours = all(typed, 'ours');
    const [p50, p95, max] = [percentile(ours, 50), percentile(ours, 95), Math.max(...ours)];
    const ftsP50 = percentile(all(typed, 'theirs'), 50);
    const set = `${queries.length} queries × ${IN_A_ROW} in a row × ${PASSES}, over HTTP with snippets`;
    return {
      rows: [
        { name: 'search.demo.p50_ms', value: p50, unit: 'ms', reference: `FTS5 p50 ${ms(ftsP50)} ms in-process; ${set}`, ratio: p50 / ftsP50, goal: '–', met: null },
        { name: 'search.demo.p95_ms', value: p95, unit: 'ms', reference: `budget 50 ms; FTS5 p95 ${ms(percentile(all(typed, 'theirs'), 95))} ms; ${set}`, ratio: p95 / 50, goal: '< 50', met: p95 < 50 },
        { name: 'search.demo.max_ms', value: max, unit: 'ms', reference: `budget 250 ms; FTS5 max ${ms(Math.max(...all(typed, 'theirs')))} ms; ${set}`, ratio: max / 250, goal: '< 250', met: max < 250 },
        hostileRow('search.demo.hostile_max_ms', o, hostile),
      ],
      details: [
        `### Demo library: ${libraryLine(o)}`, '',
        queryTable(`Typed queries (each ${IN_A_ROW} times in a row, the set twice; FTS5 in-process on the same cues)`, typed, true), '',
        queryTable('Hostile queries (each 3 times in a row)', hostile, false),
      ].join('\n'),
    };
  } finally {
    o.fts?.close();
    await o.lib.close();
  }
}

async function shared(): Promise<BenchResult> {
  const o = await open(SHARED_LIBRARY, false);
  try {
    const { queries } = typedQueries(o.counts);
    // AT_ONCE people search at the same moment, each going through the set from a different start.
    const perPerson = await Promise.all(Array.from({ length: AT_ONCE }, async (_, person) => {
      const times: number[] = [];
      const cookie = o.cookies[person * 7 % o.cookies.length]!;
      for (let k = 0; k < queries.length; k++) {
        const query = queries[(k + person * 5) % queries.length]!;
        for (let i = 0; i < 3; i++) times.push((await httpSearch(o.web, cookie, query.q)).ms);
      }
      return times;
    }));
    const hostile = await hostileRuns(o);
    printTimes('shared (hostile)', hostile);
    const ours = perPerson.flat();
    const p95 = percentile(ours, 95);
    return {
      rows: [
        {
          name: 'search.shared.p95_ms', value: p95, unit: 'ms',
          reference: `p50 ${ms(percentile(ours, 50))} ms, max ${ms(Math.max(...ours))} ms; ${AT_ONCE} people searching at once, ${queries.length} queries × 3 in a row each; ${o.lib.meta.cues.toLocaleString('en')} cues`,
          ratio: p95 / 50, goal: '–', met: null,
        },
        hostileRow('search.shared.hostile_max_ms', o, hostile),
      ],
      details: [`### Shared library: ${libraryLine(o)}`, '', queryTable('Hostile queries (each 3 times in a row)', hostile, false)].join('\n'),
    };
  } finally {
    await o.lib.close();
  }
}

interface MillionResult extends BenchResult {
  readonly p95: number;
}

async function million(): Promise<MillionResult> {
  const o = await open(MILLION_LIBRARY, true);
  try {
    const { queries, rare } = typedQueries(o.counts);
    const typed = await typedRuns(o, queries, 1);
    const hostile = await hostileRuns(o);
    printTimes('million', [...typed, ...hostile]);
    const ilike: number[] = [];
    for (const q of queries) ilike.push(await ilikeScan(o.lib.stack.database.sql, q.ilike));
    const ours = all(typed, 'ours');
    const theirs = all(typed, 'theirs');
    const [p50, p95] = [percentile(ours, 50), percentile(ours, 95)];
    const [ftsP50, ftsP95] = [percentile(theirs, 50), percentile(theirs, 95)];
    const rareTimes = typed.filter((t) => t.query.kind === 'rare word');
    const rareP50 = percentile(rareTimes.flatMap((t) => t.ours), 50);
    const ilikeP50 = percentile(ilike, 50);
    const perMillion = 1_000_000 / o.lib.meta.cues;
    const indexMb = (await searchIndexBytes(o.lib.stack.database.sql)) / 2 ** 20;
    const set = `${o.lib.meta.cues.toLocaleString('en')} cues, ${queries.length} queries × ${IN_A_ROW} in a row`;
    return {
      p95,
      rows: [
        { name: 'search.million.p50_ms', value: p50, unit: 'ms', reference: `${set}, HTTP with snippets`, ratio: null, goal: '–', met: null },
        { name: 'search.million.p95_ms', value: p95, unit: 'ms', reference: `${set}, HTTP with snippets`, ratio: null, goal: '–', met: null },
        {
          name: 'search.million.p50_vs_fts5', value: p50 / ftsP50, unit: 'ratio',
          reference: `SQLite FTS5 p50 ${ms(ftsP50)} ms (in-process, same cues and queries, same result page); ours ${ms(p50)} ms over HTTP`,
          ratio: p50 / ftsP50, goal: '≤ 1.0', met: p50 <= ftsP50,
        },
        {
          name: 'search.million.p95_vs_fts5', value: p95 / ftsP95, unit: 'ratio',
          reference: `SQLite FTS5 p95 ${ms(ftsP95)} ms; ours ${ms(p95)} ms over HTTP`,
          ratio: p95 / ftsP95, goal: '≤ 0.5', met: p95 <= 0.5 * ftsP95,
        },
        {
          name: 'search.million.rare_p50_ms', value: rareP50, unit: 'ms',
          reference: `budget 5 ms; ${rare.map((w) => `\`${w}\` (${o.counts.words.get(w)} times)`).join(', ')}; FTS5 p50 ${ms(percentile(rareTimes.flatMap((t) => t.theirs), 50))} ms`,
          ratio: rareP50 / 5, goal: '≤ 5', met: rareP50 <= 5,
        },
        { name: 'search.million.p50_vs_ilike', value: p50 / ilikeP50, unit: 'ratio', reference: `naive ILIKE scan p50 ${ms(ilikeP50)} ms`, ratio: p50 / ilikeP50, goal: '< 1.0', met: p50 < ilikeP50 },
        hostileRow('search.million.hostile_max_ms', o, hostile),
        {
          name: 'search.million.index_mb_per_million', value: indexMb * perMillion, unit: 'MB',
          reference: `FTS5 index ${(o.fts!.indexBytes / 2 ** 20 * perMillion).toFixed(0)} MB per million cues`, ratio: indexMb / (o.fts!.indexBytes / 2 ** 20), goal: '–', met: null,
        },
        {
          name: 'search.million.build_cues_per_s', value: o.lib.meta.cues / o.lib.meta.buildSeconds, unit: 'cues/s',
          reference: `through the app (stand-in fetch, worker, store), ${o.lib.meta.buildSeconds.toFixed(0)} s; FTS5 builds its index from stored rows in ${o.fts!.buildSeconds.toFixed(1)} s`,
          ratio: null, goal: '–', met: null,
        },
      ],
      details: [
        `### Million cues: ${libraryLine(o)}`, '',
        queryTable(`Typed queries (each ${IN_A_ROW} times in a row, the set once; FTS5 in-process on the same cues)`, typed, true), '',
        queryTable('Hostile queries (each 3 times in a row)', hostile, false),
      ].join('\n'),
    };
  } finally {
    o.fts?.close();
    await o.lib.close();
  }
}

const METHOD = `Libraries are built through the app (bench/library.ts): people sign in or add playlists, press
"Start indexing", and a worker fetches every transcript from the stand-in, whose speech generator
decides the words. Queries come from each library's own word counts (bench/queries.ts). Every search is
an htmx request for the results fragment (snippets included) to a web process started like \`npm run
web\`, with a signed-in session; each query is sent ${IN_A_ROW} times in a row (the set twice, once on
the million), so a plan Postgres switches to after five runs shows. FTS5 (SQLite, in-process, one row
per cue as yt-fts stores them) answers the same query on the same cues right after every other of ours. A search still running
after ${GIVE_UP_MS / 1000} s is counted as ${GIVE_UP_MS / 1000} s ("gave up").`;

/** `npm run bench search -- --libraries=demo,million` measures only those (while working on one). */
function wantedLibraries(): ReadonlyArray<string> {
  const flag = process.argv.find((a) => a.startsWith('--libraries='));
  return flag ? flag.slice('--libraries='.length).split(',') : ['demo', 'shared', 'million'];
}

export async function benchSearch(): Promise<BenchResult> {
  const suites = { demo, shared, million } as const;
  const parts: BenchResult[] = [];
  for (const name of wantedLibraries()) {
    if (!(name in suites)) throw new Error(`No library "${name}": use ${Object.keys(suites).join(', ')}.`);
    parts.push(await suites[name as keyof typeof suites]());
  }
  return { rows: parts.flatMap((p) => p.rows), details: [METHOD, ...parts.map((p) => p.details)].join('\n\n') };
}

/** npm run bench search-large: ten million cues against the million, in the same run. */
export async function benchSearchLarge(): Promise<BenchResult> {
  const base = await million();
  const o = await open(LARGE_LIBRARY, false);
  try {
    const { queries } = typedQueries(o.counts);
    const typed = await typedRuns(o, queries);
    const hostile = await hostileRuns(o);
    printTimes('large', [...typed, ...hostile]);
    const p95 = percentile(all(typed, 'ours'), 95);
    return {
      rows: [
        {
          name: 'search-large.p95_vs_million', value: p95 / base.p95, unit: 'ratio',
          reference: `p95 ${ms(p95)} ms on ${o.lib.meta.cues.toLocaleString('en')} cues against ${ms(base.p95)} ms on the million, same run`,
          ratio: p95 / base.p95, goal: '≤ 2.0', met: p95 <= 2 * base.p95,
        },
        hostileRow('search-large.hostile_max_ms', o, hostile),
      ],
      details: [METHOD, '', `### Ten million cues: ${libraryLine(o)}`, '', queryTable(`Typed queries (each ${IN_A_ROW} times in a row, the set twice)`, typed, false), '',
        queryTable('Hostile queries (each 3 times in a row)', hostile, false)].join('\n'),
    };
  } finally {
    await o.lib.close();
  }
}
