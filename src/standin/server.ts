import { createAdaptorServer } from '@hono/node-server';
import { Hono } from 'hono';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { captionRoutes } from './captions.ts';
import type { StandinContext } from './context.ts';
import { dataApiRoutes } from './data-api-routes.ts';
import { DEMO, STANDIN_CANARY_VIDEO } from './demo-data.ts';
import { embedRoutes } from './embed.ts';
import { guard } from './guard.ts';
import { applyKnobsPatch, defaultKnobs, knobsPatchSchema, type Knobs, type KnobsPatch } from './knobs.ts';
import { OAuthStore } from './oauth-store.ts';
import { oauthRoutes } from './oauth.ts';
import { oembedRoutes } from './oembed.ts';
import { playerRoutes, watchRoutes } from './player.ts';
import { createRng } from './random.ts';
import { busiestSecond, emptyStats, resetStats, TRANSCRIPT_GROUPS, type StandinStats } from './stats.ts';
import { avatarRoutes, thumbnailRoutes } from './thumbnails.ts';

export type { Knobs, KnobsPatch } from './knobs.ts';
export type { StandinStats } from './stats.ts';

export interface StandinOptions {
  /** 0 = a random free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  knobs?: KnobsPatch;
}

export interface RunningStandin {
  /** e.g. http://127.0.0.1:41234, no trailing slash. */
  url: string;
  /** Live and mutable: changes apply to the next request. */
  knobs: Knobs;
  /** A video with captions, for TRANSCRIPT_CANARY_VIDEO. */
  canaryVideo: string;
  stats: StandinStats;
  close(): Promise<void>;
}

/** YouTube's Data API, innertube player, watch page, captions, oEmbed and thumbnails, plus
 * Google's OAuth endpoints, all on one origin:
 *   GET  /youtube/v3/{playlists,playlistItems,videos,channels,subscriptions} (playlistItems of "LL": the viewer's likes)
 *   POST /youtubei/v1/player        GET /watch?v=        GET /api/timedtext
 *   GET  /oembed                    GET /vi/:id/:size.jpg GET /a/:picture (profile pictures)
 *   GET  /embed/:id?start=N (what the demo's inline player shows)
 *   GET|POST /o/oauth2/v2/auth      POST /token  POST /revoke  GET /oauth2/v3/userinfo
 *   GET  /oauth2/v1/certs, /oauth2/v3/certs (id_token keys)
 *   GET|POST /__standin/knobs  POST /__standin/reset  GET /__standin/stats  GET /__standin/demo
 *   POST /__standin/accounts/:sub/revoke */
export async function startStandin(options: StandinOptions = {}): Promise<RunningStandin> {
  const knobs = defaultKnobs();
  if (options.knobs) applyKnobsPatch(knobs, options.knobs);
  const initialKnobs = structuredClone(knobs);
  const stats = emptyStats();
  let random = createRng(knobs.randomSeed);
  const ctx: StandinContext = {
    knobs,
    stats,
    oauth: new OAuthStore(),
    now: () => Date.now() + knobs.clockOffsetMs,
    chance: () => random(),
  };

  const app = new Hono();
  app.use('/youtube/v3/*', guard(ctx, 'dataApi'));
  app.use('/youtubei/*', guard(ctx, 'player'));
  app.use('/watch', guard(ctx, 'watch'));
  app.use('/api/timedtext', guard(ctx, 'captions'));
  app.use('/oembed', guard(ctx, 'oembed'));
  app.use('/vi/*', guard(ctx, 'thumbnails'));
  for (const path of ['/o/oauth2/*', '/token', '/revoke', '/oauth2/*']) app.use(path, guard(ctx, 'oauth'));

  app.route('/', dataApiRoutes(ctx));
  app.route('/', playerRoutes(ctx));
  app.route('/', watchRoutes(ctx));
  app.route('/', captionRoutes(ctx));
  app.route('/', oembedRoutes());
  app.route('/', embedRoutes());
  app.route('/', thumbnailRoutes());
  app.route('/', avatarRoutes());
  app.route('/', oauthRoutes(ctx));

  // Control surface for tests, benchmarks and the demo; never delayed or failed by knobs.
  app.get('/__standin/knobs', (c) => c.json(knobs));
  app.post('/__standin/knobs', async (c) => {
    const parsed = knobsPatchSchema.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) return c.json({ error: parsed.error.issues }, 400);
    applyKnobsPatch(knobs, parsed.data);
    if (parsed.data.randomSeed !== undefined) random = createRng(knobs.randomSeed);
    return c.json(knobs);
  });
  app.post('/__standin/reset', (c) => {
    applyKnobsPatch(knobs, structuredClone(initialKnobs));
    resetStats(stats);
    random = createRng(knobs.randomSeed);
    return c.json(knobs);
  });
  app.get('/__standin/stats', (c) =>
    c.json({
      ...stats,
      busiestSecond: {
        ...Object.fromEntries(TRANSCRIPT_GROUPS.map((group) => [group, busiestSecond(stats.requestTimes[group])])),
        transcripts: busiestSecond(TRANSCRIPT_GROUPS.flatMap((group) => stats.requestTimes[group])),
        byExit: Object.fromEntries(Object.entries(stats.requestTimesByExit).map(([exit, times]) => [exit, busiestSecond(times)])),
      },
    }),
  );
  app.get('/__standin/demo', (c) => c.json(DEMO));
  app.post('/__standin/accounts/:sub/revoke', (c) => c.json({ revokedGrants: ctx.oauth.revokeAccount(c.req.param('sub')) }));

  app.notFound((c) => c.text('Not Found', 404));

  const server = createAdaptorServer({ fetch: app.fetch }) as Server;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;

  return {
    url: `http://${host}:${port}`,
    knobs,
    canaryVideo: STANDIN_CANARY_VIDEO,
    stats,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive connections from clients would otherwise hold close() open.
        server.closeAllConnections();
      }),
  };
}
