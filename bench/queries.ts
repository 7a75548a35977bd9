// What people type, taken from the library itself: its most common words, stop words, phrases of
// common words, two-word searches, typos, the word being typed, exclusions and `or`; and what a
// hostile user types. Each query comes with the same search in FTS5 syntax and as ILIKE conditions.

export interface BenchQuery {
  readonly kind: string;
  /** As typed into subtext. */
  readonly q: string;
  /** The same search in FTS5 syntax. */
  readonly fts: string;
  /** The same search as ILIKE conditions on the cue text. */
  readonly ilike: string;
}

const STOP_WORDS = new Set(`a about after all also am an and any are as at be because been before being but by can could did do does
doing don't down during each few for from further had has have having he her here hers him his how i if in into is it its itself just
me more most my no nor not now of off on once only or other our out over own same she should so some such than that the their them then
there these they this those through to too under until up very was we were what when where which while who whom why will with would
you your yours`.split(/\s+/));
/** Words subtext reads as operators, never picked as search words. */
const OPERATORS = new Set(['or', 'and', 'not']);

/** Word and word-pair counts of a library's cues, fed cue by cue. */
export class WordCounts {
  readonly words = new Map<string, number>();
  readonly pairs = new Map<string, number>();
  readonly triples = new Map<string, number>();

  add(text: string): void {
    const tokens = text.toLowerCase().match(/\p{L}+(?:'\p{L}+)*/gu) ?? [];
    for (let i = 0; i < tokens.length; i++) {
      const word = tokens[i]!;
      this.words.set(word, (this.words.get(word) ?? 0) + 1);
      if (i >= 1) bump(this.pairs, `${tokens[i - 1]} ${word}`);
      if (i >= 2) bump(this.triples, `${tokens[i - 2]} ${tokens[i - 1]} ${word}`);
    }
  }

  /** Words by falling frequency. */
  ranked(): Array<[string, number]> {
    return [...this.words].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  }
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

const plain = (word: string) => /^\p{L}+$/u.test(word) && !OPERATORS.has(word);
const isContent = (word: string) => plain(word) && !STOP_WORDS.has(word) && word.length >= 4;
const escapeLike = (text: string) => text.replace(/'/g, "''");

function topBy(entries: Iterable<[string, number]>, accept: (key: string) => boolean, n: number): string[] {
  return [...entries].filter(([key]) => accept(key)).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, n).map(([key]) => key);
}

const word = (kind: string, w: string): BenchQuery => ({ kind, q: w, fts: w, ilike: `text ilike '%${escapeLike(w)}%'` });
const phrase = (kind: string, p: string): BenchQuery => ({ kind, q: `"${p}"`, fts: `"${p}"`, ilike: `text ilike '%${escapeLike(p)}%'` });
const prefix = (p: string): BenchQuery => ({ kind: 'prefix', q: p, fts: `${p}*`, ilike: `text ilike '%${escapeLike(p)}%'` });
const both = (a: string, b: string): BenchQuery => ({ kind: 'two words', q: `${a} ${b}`, fts: `${a} ${b}`, ilike: `text ilike '%${a}%' and text ilike '%${b}%'` });
const either = (a: string, b: string): BenchQuery => ({ kind: 'or', q: `${a} or ${b}`, fts: `${a} OR ${b}`, ilike: `(text ilike '%${a}%' or text ilike '%${b}%')` });
const without = (a: string, b: string): BenchQuery => ({ kind: 'exclusion', q: `${a} -${b}`, fts: `${a} NOT ${b}`, ilike: `text ilike '%${a}%' and text not ilike '%${b}%'` });

/** A typo a person makes: two letters swapped, or one left out; never a word of the library. */
function typos(w: string, counts: WordCounts): string[] {
  const swapped = w.slice(0, 1) + w[2] + w[1] + w.slice(3);
  const dropped = w.slice(0, Math.floor(w.length / 2)) + w.slice(Math.floor(w.length / 2) + 1);
  return [swapped, dropped].filter((t) => t !== w && !counts.words.has(t));
}

/** The mixed set of what people type, all from this library's own words. */
export function typedQueries(counts: WordCounts): { queries: BenchQuery[]; rare: string[] } {
  const ranked = counts.ranked();
  const common = ranked.filter(([w]) => isContent(w)).slice(0, 8).map(([w]) => w);
  const stops = ranked.filter(([w]) => plain(w) && STOP_WORDS.has(w)).slice(0, 2).map(([w]) => w);
  const contentWords = ranked.filter(([w, n]) => isContent(w) && w.length >= 5 && /^[a-z]+$/.test(w) && n >= 1);
  const rare = contentWords.slice(-2).map(([w]) => w).reverse();
  const mid = contentWords[Math.floor(contentWords.length / 2)]![0];
  const long = contentWords.find(([w]) => w.length >= 8)?.[0] ?? common[0]!;
  const typed = ranked.filter(([w]) => isContent(w) && w.length >= 6).slice(0, 2).map(([w]) => w);
  const pairWords = (pair: string) => pair.split(' ').every(plain);
  const stopThenContent = topBy(counts.pairs, (p) => pairWords(p) && STOP_WORDS.has(p.split(' ')[0]!) && isContent(p.split(' ')[1]!), 2);
  const twoStops = topBy(counts.pairs, (p) => pairWords(p) && p.split(' ').every((w) => STOP_WORDS.has(w)), 1);
  const twoContent = topBy(counts.pairs, (p) => pairWords(p) && p.split(' ').every(isContent), 1);
  const triple = topBy(counts.triples, (t) => t.split(' ').every(plain), 1);
  const [c0, c1, c2, c3, c4, c5] = common as [string, string, string, string, string, string];
  return {
    rare,
    queries: [
      ...common.slice(0, 6).map((w) => word('common word', w)),
      ...stops.map((w) => word('stop word', w)),
      word('mid-frequency word', mid),
      ...rare.map((w) => word('rare word', w)),
      ...[...stopThenContent, ...twoStops, ...twoContent, ...triple].map((p) => phrase('phrase', p)),
      both(c0, c3),
      both(c1, mid),
      ...[...typos(c0, counts).slice(0, 1), ...typos(c2, counts).slice(1, 2)].map((t) => word('typo', t)),
      prefix(typed[0]!.slice(0, 3)),
      prefix(typed[1]!.slice(0, 4)),
      prefix(long.slice(0, 5)),
      without(c0, c1),
      without(c5, stops[0] ?? 'the'),
      either(c1, c4),
      either(rare[0]!, mid),
    ],
  };
}

/** What a hostile (or unlucky) user sends: repeated stop words, 63-word phrases, long `or` chains, one letter. */
export function hostileQueries(counts: WordCounts): BenchQuery[] {
  const ranked = counts.ranked().map(([w]) => w).filter(plain);
  const short = ranked.filter((w) => w.length <= 3).slice(0, 8);
  const sixtyThree = Array.from({ length: 63 }, (_, i) => short[i % short.length]!).join(' ');
  const common = ranked.filter(isContent).slice(0, 30);
  const the = ranked[0]!;
  const ors: string[] = [];
  for (const w of common) if ([...ors, w].join(' or ').length <= 250) ors.push(w);
  return [
    { kind: 'repeated word', q: Array(8).fill(the).join(' '), fts: Array(8).fill(the).join(' '), ilike: `text ilike '%${the}%'` },
    { kind: 'repeated phrase', q: `"${Array(8).fill(the).join(' ')}"`, fts: `"${Array(8).fill(the).join(' ')}"`, ilike: `text ilike '%${Array(8).fill(the).join(' ')}%'` },
    { kind: '63-word phrase', q: `"${sixtyThree}"`, fts: `"${sixtyThree}"`, ilike: `text ilike '%${sixtyThree}%'` },
    { kind: '63 words', q: sixtyThree, fts: sixtyThree, ilike: short.map((w) => `text ilike '%${w}%'`).join(' and ') },
    { kind: `${ors.length} ors`, q: ors.join(' or '), fts: ors.join(' OR '), ilike: `(${ors.map((w) => `text ilike '%${w}%'`).join(' or ')})` },
    prefix(the.slice(0, 1)),
    prefix(the.slice(0, 2)),
    { kind: 'everything excluded', q: `${common[0]} -${common[0]}`, fts: `${common[0]} NOT ${common[0]}`, ilike: 'false' },
  ];
}
