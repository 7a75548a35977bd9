// "Never more than N requests to YouTube in any one-second window", for all worker processes
// together. A token bucket smooths a rate but lets a late grant and an on-time one land together;
// a sliding log of grant times (in Postgres) enforces the window itself. The window is taken a
// little longer than a second so jitter between grant and arrival cannot squeeze in one more, and
// grants are spaced evenly across it so a queue of waiters never leaves as one burst.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Sql } from '../db/client.ts';
import { rateLimiterWaitSeconds } from '../metrics/instruments.ts';

export interface RequestWindow {
  readonly name: string;
  /** Requests per second that YouTube must never see exceeded. */
  readonly perSecond: number;
  /** How much longer than a second the window is taken, for jitter between grant and arrival (default 80 ms). */
  readonly marginSeconds?: number;
}

export const SAFETY_MARGIN_S = 0.08;

// Within one process waiters queue here, so only one of them at a time asks Postgres: fifty jobs
// polling the same row at every slot boundary would load the database exactly when timing matters.
const localQueues = new Map<string, Promise<unknown>>();

/** Waits for a slot; resolves to the milliseconds waited. Rejects if the signal aborts the wait. */
export function takeRequestSlot(sql: Sql, window: RequestWindow, signal?: AbortSignal): Promise<number> {
  const started = performance.now();
  const mine = (localQueues.get(window.name) ?? Promise.resolve()).then(() => acquire(sql, window, signal)).then(() => Math.round(performance.now() - started));
  localQueues.set(window.name, mine.catch(() => undefined));
  return mine;
}

async function acquire(sql: Sql, window: RequestWindow, signal?: AbortSignal): Promise<void> {
  const limit = Math.max(1, Math.floor(window.perSecond));
  const windowSeconds = (limit / window.perSecond) + (window.marginSeconds ?? SAFETY_MARGIN_S);
  // Grants evenly spaced over the window, not packed into its first half: a burst of jobs waking
  // together is what delays some requests past the margin and bunches them at YouTube.
  const minGap = windowSeconds / limit;
  for (;;) {
    signal?.throwIfAborted();
    const [row] = await sql<{ wait: number }[]>`select subtext_take_request_slot(${window.name}, ${limit}, ${windowSeconds}, ${minGap}) as wait`;
    const wait = row?.wait ?? 0;
    if (wait <= 0) return;
    await sleep(wait * 1000, undefined, { signal });
  }
}

/** `base`, with every request taking a slot in `window` first; perSecond 0 means unlimited. */
export function windowedFetch(base: typeof fetch, sql: Sql, window: RequestWindow): typeof fetch {
  if (window.perSecond === 0) return base;
  return async (input, init) => {
    const waitedMs = await takeRequestSlot(sql, window, init?.signal ?? undefined);
    rateLimiterWaitSeconds.observe({ window: window.name }, waitedMs / 1000);
    return base(input, init);
  };
}
