import { ROUTE_GROUPS, type RouteGroup } from './knobs.ts';

/** The groups YouTube rate-limits per IP; their request times are kept so tests can
 * check that a client never exceeded N requests in any one-second window. */
export const TRANSCRIPT_GROUPS = ['player', 'watch', 'captions'] as const;
export type TranscriptGroup = (typeof TRANSCRIPT_GROUPS)[number];

const KEPT_REQUEST_TIMES = 10_000;

export interface StandinStats {
  requests: Record<RouteGroup, number>;
  /** Data API units used in the current quota day. */
  quotaUsed: number;
  /** The Pacific calendar day quotaUsed belongs to (the real quota resets at midnight Pacific). */
  quotaDay: string;
  injectedErrors: number;
  rateLimited: number;
  /** Epoch ms of the most recent requests per group (the last 10,000 each). */
  requestTimes: Record<TranscriptGroup, number[]>;
  /** Epoch ms of the most recent transcript requests (all groups) per exit: the source address YouTube would see. */
  requestTimesByExit: Record<string, number[]>;
}

export function emptyStats(): StandinStats {
  return {
    requests: Object.fromEntries(ROUTE_GROUPS.map((group) => [group, 0])) as Record<RouteGroup, number>,
    quotaUsed: 0,
    quotaDay: '',
    injectedErrors: 0,
    rateLimited: 0,
    requestTimes: { player: [], watch: [], captions: [] },
    requestTimesByExit: {},
  };
}

/** Mutates in place so every holder of the live object sees the reset. */
export function resetStats(stats: StandinStats): void {
  Object.assign(stats, emptyStats());
}

export function recordRequest(stats: StandinStats, group: RouteGroup, now: number, exit: string): void {
  stats.requests[group]++;
  if (!isTranscriptGroup(group)) return;
  keep(stats.requestTimes[group], now);
  keep(stats.requestTimesByExit[exit] ??= [], now);
}

function keep(times: number[], now: number): void {
  times.push(now);
  if (times.length > KEPT_REQUEST_TIMES) times.splice(0, times.length - KEPT_REQUEST_TIMES);
}

export function isTranscriptGroup(group: RouteGroup): group is TranscriptGroup {
  return (TRANSCRIPT_GROUPS as ReadonlyArray<RouteGroup>).includes(group);
}

/** The largest number of requests inside any sliding one-second window. */
export function busiestSecond(times: ReadonlyArray<number>): number {
  const sorted = [...times].sort((a, b) => a - b);
  let busiest = 0;
  let first = 0;
  for (let last = 0; last < sorted.length; last++) {
    while ((sorted[last] ?? 0) - (sorted[first] ?? 0) >= 1000) first++;
    busiest = Math.max(busiest, last - first + 1);
  }
  return busiest;
}
