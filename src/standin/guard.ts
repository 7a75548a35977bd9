import type { MiddlewareHandler } from 'hono';
import { setTimeout as sleep } from 'node:timers/promises';
import { exitOf, type StandinContext } from './context.ts';
import { googleErrorResponse } from './google-error.ts';
import type { RouteGroup } from './knobs.ts';
import { REASONS } from './localised.ts';
import { recaptchaPage } from './player.ts';
import { isTranscriptGroup, recordRequest } from './stats.ts';

/** Per route group: count the request, wait the configured latency, then maybe refuse it
 * (rate limit, injected failure) the way that part of YouTube/Google would. */
export function guard(ctx: StandinContext, group: RouteGroup): MiddlewareHandler {
  return async (c, next) => {
    const arrivedAt = Date.now();
    const exit = exitOf(c);
    recordRequest(ctx.stats, group, arrivedAt, exit);
    const latency = ctx.knobs.latencyMs[group];
    if (latency > 0) await sleep(latency);
    if (isTranscriptGroup(group) && ctx.knobs.blockedExits.includes(exit)) {
      if (group === 'watch') return c.html(recaptchaPage(c.req.url), 429);
      return blockedExit(group);
    }
    if (isTranscriptGroup(group) && overRateLimit(ctx, exit, arrivedAt)) {
      ctx.stats.rateLimited++;
      if (ctx.knobs.rateLimitBlockMs > 0) ctx.knobs.blockedUntil = ctx.now() + ctx.knobs.rateLimitBlockMs;
      if (group === 'watch') return c.html(recaptchaPage(c.req.url), 429);
      return tooManyRequests(group);
    }
    const errorRate = ctx.knobs.errorRate[group];
    // Roll only when failures are wanted, so other traffic does not shift a seeded sequence.
    if (errorRate > 0 && ctx.chance() < errorRate) {
      ctx.stats.injectedErrors++;
      return injectedFailure(group, ctx.chance() < 0.5 ? 500 : 503);
    }
    await next();
  };
}

/** YouTube limits per IP across its pages, so all transcript groups of one exit share one window. */
function overRateLimit(ctx: StandinContext, exit: string, arrivedAt: number): boolean {
  const limit = ctx.knobs.rateLimitPerSecond;
  if (limit <= 0) return false;
  const times = ctx.stats.requestTimesByExit[exit] ?? [];
  let inWindow = 0;
  for (let i = times.length - 1; i >= 0 && arrivedAt - (times[i] ?? 0) < 1000; i--) inWindow++;
  return inWindow > limit;
}

/** What a flagged IP gets: the bot check from the player, a recaptcha for the watch page, 429 for captions. */
function blockedExit(group: RouteGroup): Response {
  if (group === 'player') {
    return Response.json({
      responseContext: { serviceTrackingParams: [] },
      playabilityStatus: { status: 'LOGIN_REQUIRED', reason: REASONS.botCheck.en, messages: [REASONS.botCheckMessage.en] },
    });
  }
  return tooManyRequests(group);
}

function tooManyRequests(group: RouteGroup): Response {
  if (group === 'player') {
    return Response.json({ error: { code: 429, message: 'Resource has been exhausted (e.g. check quota).', status: 'RESOURCE_EXHAUSTED' } }, { status: 429 });
  }
  return new Response('<html><body><h1>429 Too Many Requests</h1></body></html>', { status: 429, headers: { 'Content-Type': 'text/html' } });
}

function injectedFailure(group: RouteGroup, status: 500 | 503): Response {
  const message = status === 500 ? 'Internal error encountered.' : 'The service is currently unavailable.';
  if (group === 'dataApi') return googleErrorResponse(status, message, { reason: status === 500 ? 'internalError' : 'backendError' });
  if (group === 'player' || group === 'oauth') return Response.json({ error: { code: status, message, status: status === 500 ? 'INTERNAL' : 'UNAVAILABLE' } }, { status });
  return new Response(`<html><body><h1>${status} ${message}</h1></body></html>`, { status, headers: { 'Content-Type': 'text/html' } });
}
