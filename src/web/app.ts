import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import { routePath } from 'hono/route';
import { secureHeaders } from 'hono/secure-headers';
import { errorMessage } from '../../views/error.ts';
import { homePage } from '../../views/home.ts';
import { isDatabaseUnavailable } from '../db/unavailable.ts';
import { log } from '../log.ts';
import { httpRequests } from '../metrics/instruments.ts';
import { assets } from './assets.ts';
import type { AppDeps, AppEnv } from './env.ts';
import { healthRoutes } from './health.ts';
import { renderPage } from './render.ts';
import { sameOriginOnly } from './same-origin.ts';
import { UnreadableRequest } from './validate.ts';

/** Every form subtext serves fits in a few kilobytes; nothing larger is read at all. */
export const MAX_BODY_BYTES = 64 * 1024;

export interface FeatureRoutes {
  readonly path: string;
  readonly routes: Hono<AppEnv>;
}

/** Builds the whole web app: shared middleware, then each feature's routes, then one error handler. */
export function createApp(deps: AppDeps, options: { features?: ReadonlyArray<FeatureRoutes>; sessionMiddleware?: MiddlewareHandler<AppEnv> } = {}) {
  const { config } = deps;
  const app = new Hono<AppEnv>();

  app.use(requestId());
  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    // The route pattern, never the raw path: a label per video id would grow without bound.
    httpRequests.inc({ method: c.req.method, route: routePath(c), status: c.res.status });
    log.info('request', {
      requestId: c.get('requestId'), method: c.req.method, path: c.req.path, status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
    });
  });
  app.use(secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      // Channel pictures (added channels, subscriptions) come from yt3.ggpht.com, video thumbnails from i.ytimg.com.
      imgSrc: ["'self'", 'data:', config.youtubeThumbnailUrl, 'https://yt3.ggpht.com'],
      frameSrc: ['https://www.youtube-nocookie.com', ...(config.demo ? [new URL(config.youtubeWebUrl).origin] : [])],
      formAction: ["'self'", ...(config.googleOauthUrl ? [config.googleOauthUrl] : ['https://accounts.google.com'])],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      frameAncestors: ["'none'"],
    },
    strictTransportSecurity: config.baseUrl.startsWith('https:') ? 'max-age=31536000; includeSubDomains' : false,
  }));
  // Checked against Content-Length before reading, and counted as it arrives when there is none.
  app.use(bodyLimit({ maxSize: MAX_BODY_BYTES, onError: (c) => tooLarge(c, config.demo) }));
  // Every state change is a POST from our own origin; anything else is refused here, whatever its type.
  app.use(sameOriginOnly(new URL(config.baseUrl).origin));
  app.use(async (c, next) => {
    c.set('user', undefined);
    c.set('demoYoutubeUrl', config.demo ? config.youtubeWebUrl : undefined);
    await next();
  });
  if (options.sessionMiddleware) app.use(options.sessionMiddleware);

  app.route('/assets', assets);
  app.route('/healthz', healthRoutes(deps));
  app.get('/', (c) => renderPage(c, config.demo, 'Home', homePage(c.get('user') !== undefined)));
  for (const feature of options.features ?? []) app.route(feature.path, feature.routes);

  app.notFound((c) => renderPage(c, config.demo, 'Not found', errorMessage({
    heading: 'Page not found', message: 'There is nothing at this address.', action: { href: '/', label: 'Go home' },
  }), 404));

  app.onError((err, c) => {
    if (err instanceof UnreadableRequest) {
      if (isApi(c)) return c.json({ error: err.message }, 400);
      return renderPage(c, config.demo, 'Cannot read this request', errorMessage({
        heading: 'Cannot read this request', message: err.sentence, action: { href: '/', label: 'Go home' },
      }), 400);
    }
    if (err instanceof HTTPException) {
      if (err.status === 403 && c.req.method !== 'GET') {
        return renderPage(c, config.demo, 'Refused', errorMessage({
          heading: 'Request refused', message: 'This request did not come from a subtext page, so nothing was changed.',
          action: { href: '/', label: 'Go home' },
        }), 403);
      }
      return err.getResponse();
    }
    const id = c.get('requestId');
    if (isDatabaseUnavailable(err)) {
      // Not a bug: postgres.js reconnects by itself, so the next request works once the database is back.
      log.warn('database unavailable', { requestId: id, method: c.req.method, path: c.req.path, err: String(err) });
      c.header('Retry-After', '5');
      return renderPage(c, config.demo, 'Database unavailable', errorMessage({
        heading: 'Database unavailable, retrying',
        message: 'subtext cannot reach its database right now. Nothing was lost: this page works again as soon as the database is back.',
        requestId: id,
      }), 503);
    }
    log.error('unhandled error', { requestId: id, method: c.req.method, path: c.req.path, err });
    return renderPage(c, config.demo, 'Error', errorMessage({
      heading: 'Something went wrong', message: 'The server hit an error. Nothing you had indexed was lost; please try again.', requestId: id,
    }), 500);
  });
  return app;
}

function tooLarge(c: Context<AppEnv>, demo: boolean) {
  const message = `This request is too large: subtext accepts at most ${MAX_BODY_BYTES / 1024} KB in one request. Nothing was changed.`;
  if (isApi(c)) return c.json({ error: message }, 413);
  return renderPage(c, demo, 'Request too large', errorMessage({ heading: 'Request too large', message, action: { href: '/', label: 'Go home' } }), 413);
}

function isApi(c: Context): boolean {
  return c.req.path === '/api' || c.req.path.startsWith('/api/');
}
