// What a search asks for, read from a URL's query string. Any string at all must come out as a
// usable request: a filter that does not parse is dropped (never a 400), and the words are cleaned of
// what Postgres cannot take (NUL) and capped, so hostile input ends in a result page or "too long".
import { z } from 'zod';

/** Longer queries get a "query too long" message instead of a search. */
export const MAX_QUERY_CHARS = 256;
/**
 * Words a search may hold, each word of a phrase counted, after repeats are collapsed: every word is
 * one more index lookup and one more test of each cue read. More get "too many words" instead.
 */
export const MAX_QUERY_WORDS = 16;
export const RESULTS_PER_PAGE = 10;
export const MAX_PAGE = 1000;

export const SORTS = ['relevance', 'newest', 'views'] as const;
export type SearchSort = (typeof SORTS)[number];

export interface SearchFilters {
  readonly playlist?: string | undefined;
  readonly channel?: string | undefined;
  /** A transcript language's primary subtag, lower case: "en" also matches "en-GB". */
  readonly language?: string | undefined;
  /** YYYY-MM-DD, inclusive. */
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  /** Minutes, inclusive. */
  readonly minMinutes?: number | undefined;
  readonly maxMinutes?: number | undefined;
  readonly captions?: 'manual' | 'auto' | undefined;
}

export interface SearchRequest {
  /** The words as typed, cleaned; '' means "nothing to search yet". */
  readonly query: string;
  /** What is searched for: the query with repeated words said once (see collapseRepeats). */
  readonly searchText: string;
  readonly tooLong: boolean;
  /** More than MAX_QUERY_WORDS words: not searched. */
  readonly tooManyWords: boolean;
  readonly filters: SearchFilters;
  readonly sort: SearchSort;
  readonly page: number;
}

const blankToUndefined = (value: unknown) => (value === '' ? undefined : value);
const id = z.preprocess(blankToUndefined, z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).optional()).catch(undefined);
const minutes = z.preprocess(blankToUndefined, z.coerce.number().int().min(0).max(100_000).optional()).catch(undefined);
// A real calendar day (Postgres rejects 2024-02-31 with an error, which must never reach the user).
const day = z.preprocess(blankToUndefined, z.string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d))
  .refine((d) => d >= '1900-01-01' && d <= '2999-12-31')
  .optional()).catch(undefined);

/** Query-string schema shared by /search, /search.csv and /api/search: every field falls back rather than fails. */
export const searchParams = z.object({
  q: z.string().catch(''),
  playlist: id,
  channel: id,
  lang: z.preprocess(blankToUndefined, z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/)
    .transform((l) => l.split('-')[0]!.toLowerCase()).optional()).catch(undefined),
  from: day,
  to: day,
  minMinutes: minutes,
  maxMinutes: minutes,
  captions: z.preprocess(blankToUndefined, z.enum(['manual', 'auto']).optional()).catch(undefined),
  sort: z.enum(SORTS).catch('relevance'),
  page: z.coerce.number().int().min(1).max(MAX_PAGE).catch(1),
});

export type SearchParams = z.infer<typeof searchParams>;

/**
 * NUL cannot be sent as Postgres text, and no control character means anything in a query; a trailing
 * space is kept, because it says the last word is finished (no prefix matching).
 */
export function cleanQuery(raw: string): string {
  return raw.replace(/[\u0000-\u001f\u007f]/g, ' ').trimStart();
}

/**
 * The query with each word, phrase or exclusion repeated within one side of an "or" said once: "the
 * the the" finds exactly what "the" finds, and each repeat would only cost time. A trailing space is
 * kept (it says the last word is finished).
 */
export function collapseRepeats(query: string): string {
  const kept: string[] = [];
  let seen = new Set<string>();
  for (const piece of query.match(/-?"[^"]*"?|\S+/g) ?? []) {
    if (piece.toLowerCase() === 'or') {
      seen = new Set();
      kept.push(piece);
      continue;
    }
    // "The", "the," and "THE" are one word to the search.
    const key = piece.toLowerCase().replace(/[^\p{L}\p{N}"-]+/gu, ' ').trim();
    if (key !== '' && seen.has(key)) continue;
    seen.add(key);
    kept.push(piece);
  }
  const collapsed = kept.join(' ');
  return /\s$/.test(query) && collapsed !== '' ? `${collapsed} ` : collapsed;
}

/** Words as the search counts them: runs of letters and digits ("don't" is two), "or" left out. */
export function countWords(query: string): number {
  return (query.match(/-?"[^"]*"?|\S+/g) ?? [])
    .filter((piece) => piece.toLowerCase() !== 'or')
    .reduce((total, piece) => total + (piece.match(/[\p{L}\p{N}]+/gu)?.length ?? 0), 0);
}

export function toSearchRequest(params: SearchParams): SearchRequest {
  const query = cleanQuery(params.q);
  const tooLong = query.length > MAX_QUERY_CHARS;
  const searchText = tooLong ? query : collapseRepeats(query);
  return {
    query,
    searchText,
    tooLong,
    tooManyWords: !tooLong && countWords(searchText) > MAX_QUERY_WORDS,
    filters: {
      playlist: params.playlist, channel: params.channel, language: params.lang, from: params.from, to: params.to,
      minMinutes: params.minMinutes, maxMinutes: params.maxMinutes, captions: params.captions,
    },
    sort: params.sort,
    page: params.page,
  };
}

/** The query string of a search, for links (pages, sorts, "did you mean", CSV, the video page). */
export function searchQueryString(request: Pick<SearchRequest, 'query' | 'filters' | 'sort'> & { page?: number }, overrides: Record<string, string | undefined> = {}): string {
  const { filters } = request;
  const values: Record<string, string | undefined> = {
    q: request.query,
    playlist: filters.playlist, channel: filters.channel, lang: filters.language, from: filters.from, to: filters.to,
    minMinutes: filters.minMinutes?.toString(), maxMinutes: filters.maxMinutes?.toString(), captions: filters.captions,
    sort: request.sort === 'relevance' ? undefined : request.sort,
    page: request.page && request.page > 1 ? String(request.page) : undefined,
    ...overrides,
  };
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value !== undefined && value !== '') params.set(key, value);
  return params.toString();
}
