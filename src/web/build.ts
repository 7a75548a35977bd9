import { createApp } from './app.ts';
import type { AppDeps } from './env.ts';

/** The app with every feature mounted: what `npm start` serves and what tests call. */
export function buildWebApp(deps: AppDeps) {
  return createApp(deps, { features: [] });
}
