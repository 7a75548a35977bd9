// Hostile and random input against the real HTTP server: thousands of query strings (and filter
// values) through /search, /api/search, /search.csv and /videos/:id, with zero 5xx answers allowed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { createSignedInUser } from './helpers/users.ts';
import { insertSearchLibrary, V } from './helpers/search-library.ts';

let t: TestApp;
let cookie: string;

beforeAll(async () => {
  t = await startTestApp({ worker: false });
  const { sql } = t.db.database;
  const alice = await createSignedInUser(sql);
  const bob = await createSignedInUser(sql);
  cookie = alice.cookie;
  await insertSearchLibrary(sql, { alice: alice.userId, bob: bob.userId });
});
afterAll(async () => {
  await t?.stop();
});

/** Percent-encodes any JS string, lone surrogates included (as U+FFFD, which is what a browser sends). */
const encode = (value: string) => Array.from(new TextEncoder().encode(value), (b) => `%${b.toString(16).padStart(2, '0')}`).join('');

/** Already percent-encoded (or deliberately broken) query-string values. */
const HOSTILE_RAW: ReadonlyArray<string> = [
  '%00', 'coffee%00', '%00%00%00', '%ED%A0%80', '%E0%A4%A', '%', '%%', '%zz', '%C0%AF', '%FF%FE', '%F4%90%80%80',
  encode('x'.repeat(10_240)), encode('coffee '.repeat(1500)), encode('a'.repeat(3000)),
];

const HOSTILE: ReadonlyArray<string> = [
  '', ' ', '"', '""', '"""', '"unbalanced', 'unbalanced"', '" "', '-', '--', '- -', '-"', 'or', 'or or', 'OR', 'a or', 'or a', '-or',
  '|', '&', '!', '!!', '<->', '<2>', ':*', "'", "''", "'a':*A & !b", '(', ')', '()', '(a | b) & c', 'a & | b', '\\', '\\\\', '\\x00',
  "'; drop table videos; --", "1' or '1'='1", '$$', '$1', '%', '_', '%_%', '*', '?', '~', '^', '@@', '::tsquery', 'select * from users',
  '😀', '😀 coffee 🔥', '👩‍👩‍👧‍👦', 'مرحبا بالعالم', 'שלום', '\u202Ecoffee\u202C', 'café', 'CAFÉ', 'e\u0301', 'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇',
  '日本語のテキスト', '한국어', '\u200B', '\uFEFF', '\u00A0coffee', '\t\n\r', 'line\nbreak', '<script>alert(1)</script>', '"><img src=x>',
  '{{7*7}}', '${7*7}', '../../etc/passwd', 'coffee -coffee', '-coffee -tea', '"a" "b" "c"', '"proper', 'proper"espresso',
  'x'.repeat(256), 'x'.repeat(257), 'word '.repeat(51).trim(), 'a-b-c-d-e-f', 'e-mail', "don't", 'http://example.com/a?b=c', 'a@b.c',
  '/usr/bin/env', '1.5', '-1', '1e308', 'NaN', 'null', 'undefined', 'true', '[]', '{}', '\u0000', 'co\u0000ffee', '\uD800', '\uDFFF',
];

/** A deterministic random source, so a failure can be replayed. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let x = Math.imul(s ^ (s >>> 15), 1 | s);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ['coffee', 'café', 'espresso', 'bridge', 'run', 'the', 'to', 'be', 'or', 'not', 'croiss', 'häuser', 'filler', 'zebra', 'a', 'x'];
const PIECES = ['"', '-', ' or ', ' ', '  ', '!', '&', '|', '(', ')', ':*', "'", '\\', '<->', '😀', 'é', '\u0301', '\u202E', '%', '_', ',', '.', '?'];

function randomQuery(random: () => number): string {
  const pick = <T>(items: ReadonlyArray<T>) => items[Math.floor(random() * items.length)]!;
  const kind = random();
  if (kind < 0.4) {
    return Array.from({ length: 1 + Math.floor(random() * 8) }, () => (random() < 0.6 ? pick(WORDS) : pick(PIECES))).join(random() < 0.7 ? ' ' : '');
  }
  if (kind < 0.8) {
    // Arbitrary code points, surrogates and controls included.
    return String.fromCharCode(...Array.from({ length: 1 + Math.floor(random() * 24) }, () => Math.floor(random() * (random() < 0.7 ? 0x80 : 0x10000))));
  }
  return Array.from({ length: 1 + Math.floor(random() * 300) }, () => pick(PIECES)).join('');
}

const FILTERS: ReadonlyArray<Record<string, string>> = [
  {}, { sort: 'newest' }, { sort: 'views' }, { sort: '😀' }, { page: '20' }, { page: '999999999999' }, { page: '-1' }, { page: '1.5' },
  { from: '2024-02-31' }, { from: '0000-00-00' }, { to: '9999-12-31' }, { from: '2024-01-01', to: '2020-01-01' }, { minMinutes: '1e9' },
  { maxMinutes: '-5' }, { lang: 'xx-😀' }, { lang: 'de' }, { channel: "'; --" }, { playlist: 'PL\u0000' }, { captions: 'both' }, { captions: 'auto' },
];

describe('hostile input never breaks search', () => {
  it('answers thousands of random and hostile queries without a single 5xx', { timeout: 120_000 }, async () => {
    const seed = Date.now() % 100_000;
    const random = prng(seed);
    const encoded = [...HOSTILE.map(encode), ...HOSTILE_RAW];
    for (let i = 0; i < 1800; i++) encoded.push(encode(randomQuery(random)));

    const requests: Array<{ path: string; headers: Record<string, string> }> = [];
    encoded.forEach((q, i) => {
      const filters = new URLSearchParams(FILTERS[i % FILTERS.length]).toString();
      const query = `q=${q}${filters ? `&${filters}` : ''}`;
      const headers = { cookie };
      switch (i % 5) {
        case 0: requests.push({ path: `/search?${query}`, headers }); break;
        case 1: requests.push({ path: `/search?${query}`, headers: { ...headers, 'HX-Request': 'true' } }); break;
        case 2: requests.push({ path: `/api/search?${query}`, headers }); break;
        case 3: requests.push({ path: `/search.csv?${query}`, headers }); break;
        default: requests.push({ path: `/videos/${V.travel}?${query}`, headers });
      }
    });
    // Repeated and array-valued parameters, and a query string that is nothing but separators.
    requests.push({ path: '/search?q=a&q=b&page=1&page=2', headers: { cookie } }, { path: '/api/search?&&&=&q', headers: { cookie } });

    const failures: string[] = [];
    let next = 0;
    await Promise.all(Array.from({ length: 4 }, async () => {
      while (next < requests.length) {
        const { path, headers } = requests[next++]!;
        const res = await fetch(`${t.baseUrl}${path}`, { headers, redirect: 'manual' });
        await res.arrayBuffer();
        if (res.status >= 500) failures.push(`${res.status} ${path.slice(0, 200)}`);
      }
    }));
    expect(failures, `seed ${seed}`).toEqual([]);
    expect(requests.length).toBeGreaterThan(1900);

    // Still answering, and still right.
    const res = await fetch(`${t.baseUrl}/api/search?q=bridge`, { headers: { cookie } });
    expect((await res.json()).videos[0].id).toBe(V.travel);
  });

  it('answers a hostile query with a normal page or a clear "query too long"', async () => {
    const html = await (await fetch(`${t.baseUrl}/search?q=${encode('"unbalanced -')}`, { headers: { cookie } })).text();
    expect(html).toContain('<!doctype html>');
    const long = await fetch(`${t.baseUrl}/search?q=${'x'.repeat(10_240)}`, { headers: { cookie } });
    expect(long.status).toBe(200);
    expect(await long.text()).toContain('Query too long');
  });
});
