import { accountRoutes } from '../account/routes.ts';
import { adminRoutes } from '../admin/routes.ts';
import { authRoutes } from '../auth/routes.ts';
import { sessionMiddleware } from '../auth/session.ts';
import { exportRoutes } from '../exports/routes.ts';
import { indexingRoutes } from '../indexing/routes.ts';
import { metricsRoutes } from '../metrics/routes.ts';
import { libraryRoutes } from '../playlists/routes.ts';
import { searchRoutes } from '../search/routes.ts';
import { settingsRoutes } from '../settings/routes.ts';
import { trackingRoutes } from '../tracking/routes.ts';
import { createApp } from './app.ts';
import type { AppDeps } from './env.ts';

/** The app with every feature mounted: what `npm start` serves and what tests call. */
export function buildWebApp(deps: AppDeps) {
  return createApp(deps, { sessionMiddleware: sessionMiddleware(deps), features: [
    { path: '/auth', routes: authRoutes(deps) },
    { path: '/account', routes: accountRoutes(deps) },
    { path: '/admin', routes: adminRoutes(deps) },
    { path: '/metrics', routes: metricsRoutes(deps) },
    { path: '/settings', routes: settingsRoutes(deps) },
    { path: '/', routes: libraryRoutes(deps) },
    { path: '/', routes: indexingRoutes(deps) },
    { path: '/', routes: trackingRoutes(deps) },
    { path: '/', routes: searchRoutes(deps) },
    { path: '/', routes: exportRoutes(deps) },
  ] });
}
