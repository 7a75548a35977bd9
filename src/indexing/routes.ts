import { Hono } from 'hono';
import { html } from 'hono/html';
import { z } from 'zod';
import { playlistRow, playlistStateCell, runIsGoing } from '../../views/library.ts';
import { runControls, runPage, runProgressBlock } from '../../views/run.ts';
import { errorMessage } from '../../views/error.ts';
import { requireUser, signedInUser } from '../auth/session.ts';
import type { Sql } from '../db/client.ts';
import { listLibrary, userCanSeePlaylist } from '../playlists/library.ts';
import type { AppDeps, AppEnv } from '../web/env.ts';
import { chargeQuotaBudget } from '../web/quota-budget.ts';
import { isHtmx, renderPage } from '../web/render.ts';
import { exitStates } from './circuit-breaker.ts';
import { homeWorkerCommand } from './home-worker.ts';
import {
  activeIndexRun, cancelRun, failedVideos, indexingUnits, isFinished, pauseRun, resumeRun, retryFailedVideos, runProgress, startIndexRun,
} from './runs.ts';
import { validate } from '../web/validate.ts';

const runParam = z.object({ id: z.string().regex(/^\d{1,15}$/).transform(Number) });
const playlistParam = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{2,64}$/) });
const runControlParam = z.object({ id: z.string().regex(/^\d{1,15}$/).transform(Number), action: z.enum(['pause', 'resume', 'cancel']) });
const startForm = z.object({ mode: z.enum(['new', 'all']).default('new') });

/** A run is visible to whoever has its playlist in their library. */
async function visibleRun(sql: Sql, userId: number, runId: number) {
  const progress = await runProgress(sql, runId);
  if (!progress || !(await userCanSeePlaylist(sql, userId, progress.playlistId))) return null;
  return progress;
}

export function indexingRoutes(deps: AppDeps) {
  const { sql } = deps.database;
  const { demo, databaseUrl, workerDeadAfterSeconds, transcriptRate } = deps.config;
  const extras = async (forOperator: boolean | undefined) => ({
    exits: await exitStates(sql, workerDeadAfterSeconds), homeWorkerCommand: homeWorkerCommand(databaseUrl), forOperator: forOperator === true,
    transcriptRate, demo,
  });
  const notFound = () => errorMessage({ heading: 'Not found', message: 'There is no such indexing run in your library.', action: { href: '/library', label: 'Back to library' } });

  // requireUser per route: this app is mounted at the root, where a blanket use() would cover every page.
  return new Hono<AppEnv>()
    .post('/playlists/:id/index', requireUser, validate('param', playlistParam), validate('form', startForm), async (c) => {
      const user = signedInUser(c);
      const { id } = c.req.valid('param');
      if (!(await userCanSeePlaylist(sql, user.id, id))) {
        return renderPage(c, demo, 'Not found', errorMessage({ heading: 'Not in your library', message: 'Add this playlist to your library before indexing it.', action: { href: '/library', label: 'Back to library' } }), 404);
      }
      // A run already going for this playlist is shown, not started again, so it costs nothing.
      if (!(await activeIndexRun(sql, id))) {
        const refused = await chargeQuotaBudget(c, { config: deps.config, sql }, await indexingUnits(sql, id));
        if (refused) {
          return renderPage(c, demo, 'Try again later', errorMessage({ heading: 'YouTube lookups used up for now', message: refused, action: { href: '/library', label: 'Back to library' } }), 429);
        }
      }
      const { runId } = await startIndexRun(sql, id, user.id, c.req.valid('form').mode);
      if (isHtmx(c)) {
        c.header('HX-Push-Url', `/runs/${runId}`);
        const progress = await runProgress(sql, runId);
        return c.html(runPage(progress!, await extras(user.isAdmin), []));
      }
      return c.redirect(`/runs/${runId}`, 303);
    })
    .get('/runs/:id', requireUser, validate('param', runParam), async (c) => {
      const progress = await visibleRun(sql, signedInUser(c).id, c.req.valid('param').id);
      if (!progress) return renderPage(c, demo, 'Not found', notFound(), 404);
      return renderPage(c, demo, `Indexing ${progress.playlistTitle}`, runPage(progress, await extras(signedInUser(c).isAdmin), await failedVideos(sql, progress.runId)));
    })
    .get('/runs/:id/progress', requireUser, validate('param', runParam), async (c) => {
      const progress = await visibleRun(sql, signedInUser(c).id, c.req.valid('param').id);
      if (!progress) return renderPage(c, demo, 'Not found', notFound(), 404);
      // The poller asks for a fragment; a direct visit gets the whole run page.
      if (!isHtmx(c)) return c.redirect(`/runs/${progress.runId}`, 303);
      const finished = isFinished(progress.status);
      // Once finished, reload the page so the failed list and its Retry button appear.
      if (finished && progress.failed > 0) c.header('HX-Refresh', 'true');
      return c.html(html`${runProgressBlock(progress, await extras(signedInUser(c).isAdmin))}${finished ? runControls(progress, true) : ''}`);
    })
    // The library's state cell for a playlist, polled while its run goes.
    .get('/playlists/:id/state', requireUser, validate('param', playlistParam), async (c) => {
      const [playlist] = await listLibrary(sql, signedInUser(c).id, c.req.valid('param').id);
      if (!playlist) return renderPage(c, demo, 'Not found', notFound(), 404);
      if (!isHtmx(c)) return c.redirect(playlist.latestRun ? `/runs/${playlist.latestRun.id}` : '/library', 303);
      if (runIsGoing(playlist.latestRun)) return c.html(playlistStateCell(playlist.id, playlist.latestRun));
      // The run is over: the whole row, so "View progress" turns back into "Start indexing".
      c.header('HX-Retarget', 'closest tr');
      c.header('HX-Reswap', 'outerHTML');
      return c.html(playlistRow(playlist));
    })
    .post('/runs/:id/:action{pause|resume|cancel}', requireUser, validate('param', runControlParam), async (c) => {
      const { id, action } = c.req.valid('param');
      const progress = await visibleRun(sql, signedInUser(c).id, id);
      if (!progress) return renderPage(c, demo, 'Not found', notFound(), 404);
      // Pressing a button twice (or in two tabs) changes nothing the second time.
      await { pause: pauseRun, resume: resumeRun, cancel: cancelRun }[action](sql, progress.runId);
      return c.redirect(`/runs/${progress.runId}`, 303);
    })
    .post('/runs/:id/retry', requireUser, validate('param', runParam), async (c) => {
      const progress = await visibleRun(sql, signedInUser(c).id, c.req.valid('param').id);
      if (!progress) return renderPage(c, demo, 'Not found', notFound(), 404);
      await retryFailedVideos(sql, progress.runId);
      return c.redirect(`/runs/${progress.runId}`, 303);
    });
}
