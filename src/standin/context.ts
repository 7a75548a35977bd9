import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import type { Knobs } from './knobs.ts';
import type { OAuthStore } from './oauth-store.ts';
import type { Rng } from './random.ts';
import type { StandinStats } from './stats.ts';

/** What every route module of one running stand-in shares. */
export interface StandinContext {
  /** Live: read on every request. */
  knobs: Knobs;
  stats: StandinStats;
  oauth: OAuthStore;
  /** The stand-in's clock: real time shifted by knobs.clockOffsetMs. */
  now(): number;
  /** Seeded from knobs.randomSeed; drives error injection. */
  chance: Rng;
}

export function isBlocked(ctx: StandinContext): boolean {
  return ctx.now() < ctx.knobs.blockedUntil;
}

/** The moment video statistics are read at (see knobs.statsAt). */
export function statsMoment(ctx: StandinContext): number {
  return ctx.knobs.statsAt || ctx.now();
}

/** Where the client reached us, so links we hand out (thumbnails, avatars) come back here. */
export function originOf(requestUrl: string): string {
  return new URL(requestUrl).origin;
}

/**
 * The exit a request came through: its source address, which is what YouTube tells servers and
 * proxies apart by. Test proxies bind their outgoing connections to their own loopback address.
 */
export function exitOf(c: Context): string {
  const address = getConnInfo(c).remote.address ?? 'unknown';
  return address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
}
