// Compiled queries kept for a few seconds per web process. Compiling stems every word in every indexed
// language and widens the word being typed (subtext_search_queries, a PL/pgSQL function): 1-4 ms of
// database time, as much as a rare word's whole search. People send the same words again and again
// (htmx on every keystroke pause, paging, a filter changed, the transcript page after a result), so the
// second time costs nothing. The answer depends on the languages indexed and the words learned so far,
// so it is kept only briefly: a language or word indexed a moment ago counts within KEEP_MS.
import type { Sql } from '../db/client.ts';
import { compileQuery, type CompiledQuery } from './queries.ts';

const KEEP_MS = 10_000;
const MAX_KEPT = 1000;

export function compiledQueries(options: { keepMs?: number; maxKept?: number } = {}) {
  const keepMs = options.keepMs ?? KEEP_MS;
  const maxKept = options.maxKept ?? MAX_KEPT;
  // Insertion order is age order: the oldest entry is the first one.
  const kept = new Map<string, { compiled: Promise<CompiledQuery>; at: number }>();

  return {
    /** The query compiled, from memory when it was compiled less than keepMs ago. */
    compile(sql: Sql, text: string): Promise<CompiledQuery> {
      const now = performance.now();
      const hit = kept.get(text);
      if (hit && now - hit.at < keepMs) return hit.compiled;
      kept.delete(text);
      while (kept.size >= maxKept) kept.delete(kept.keys().next().value!);
      const compiled = compileQuery(sql, text);
      kept.set(text, { compiled, at: now });
      // A failure (a cancelled or timed-out statement) is not kept: the next search compiles again.
      compiled.catch(() => { if (kept.get(text)?.compiled === compiled) kept.delete(text); });
      return compiled;
    },
  };
}
