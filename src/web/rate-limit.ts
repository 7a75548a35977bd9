// Request limits in fixed windows, held in this process's memory: enough to stop one client or one
// account hammering the database (search) or Google (sign-in) through us. With several web
// processes each counts on its own, so the effective limit is the per-process limit times the
// number of processes behind the load balancer.
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from './env.ts';

export interface FixedWindowLimiter {
  /** Counts an attempt; returns how many seconds to wait when over the limit, else 0. */
  attempt(key: string, now?: number): number;
}

export function fixedWindowLimiter(options: { limit: number; windowMs: number }): FixedWindowLimiter {
  const windows = new Map<string, { startedAt: number; count: number }>();
  return {
    attempt(key, now = Date.now()) {
      // Forget finished windows now and then, so a flood of distinct keys cannot grow the map forever.
      if (windows.size > 10_000) {
        for (const [k, w] of windows) if (now - w.startedAt >= options.windowMs) windows.delete(k);
      }
      const current = windows.get(key);
      if (!current || now - current.startedAt >= options.windowMs) {
        windows.set(key, { startedAt: now, count: 1 });
        return 0;
      }
      current.count += 1;
      return current.count > options.limit ? Math.ceil((current.startedAt + options.windowMs - now) / 1000) : 0;
    },
  };
}

export interface RateRule {
  /** Requests allowed per window for one key; 0 switches the rule off. */
  readonly limit: number;
  readonly windowMs: number;
  /** Whom a request counts against (a user id, a client IP); undefined: this rule does not apply. */
  key(c: Context<AppEnv>): string | undefined;
}

/**
 * Counts every request against each rule (per user, per IP, …) and refuses it when any of them is
 * over its limit: `Retry-After` says when the longest wait ends, `refuse` renders the answer in
 * the form the caller can read (a page, an htmx fragment, JSON) with status 429.
 */
export function rateLimit(options: {
  rules: ReadonlyArray<RateRule>;
  refuse(c: Context<AppEnv>, retryAfterSeconds: number): Response | Promise<Response>;
}): MiddlewareHandler<AppEnv> {
  const counters = options.rules.filter((rule) => rule.limit > 0).map((rule) => ({ rule, limiter: fixedWindowLimiter(rule) }));
  return async (c, next) => {
    let waitSeconds = 0;
    for (const { rule, limiter } of counters) {
      const key = rule.key(c);
      if (key !== undefined) waitSeconds = Math.max(waitSeconds, limiter.attempt(key));
    }
    if (waitSeconds === 0) return next();
    c.header('Retry-After', String(waitSeconds));
    return options.refuse(c, waitSeconds);
  };
}

/** "2 minutes", "40 seconds": how long a refused client should wait, in words. */
export function waitInWords(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}
