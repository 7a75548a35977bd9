// Pages of the tracking feature: Trends (global), a video's statistics (library or current charts),
// the thumbnail report and "Gone from YouTube" (the signed-in person's library only), and forcing a
// schedule to run now.
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { errorMessage } from '../../views/error.ts';
import {
  gonePage, runNowRefusal, runQueuedNotice, schedulesPage, thumbnailReportPage, trendsIndexPage, trendsRegionPage, videoStatsPage, type ThumbnailSrc,
} from '../../views/tracking.ts';
import { requireUser, signedInUser } from '../auth/session.ts';
import type { AppDeps, AppEnv } from '../web/env.ts';
import { isHtmx, renderPage } from '../web/render.ts';
import { pageToReturnTo } from '../web/return-path.ts';
import { thumbnailUrl } from '../youtube/thumbnail-url.ts';
import {
  CHART_SORTS, GONE_SORTS, goneVideos, keptThumbnail, regionChart, regionSummaries, REPORT_SORTS, thumbnailReport, videoStats,
} from './queries.ts';
import { findSchedule, requestRunNow, scheduleOverview, TRACKING_SCHEDULES, type ScheduleName, type TrackingSchedule } from './schedules.ts';
import { validate } from '../web/validate.ts';

const videoParam = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{11}$/) });
const regionParam = z.object({ region: z.string().regex(/^[A-Za-z]{2}$/).transform((r) => r.toUpperCase()) });
const scheduleParam = z.object({ name: z.enum(TRACKING_SCHEDULES.map((s) => s.name) as [ScheduleName, ...ScheduleName[]]) });
// An unknown sort falls back to the default rather than failing the page.
const chartQuery = z.object({ sort: z.enum(CHART_SORTS).catch('rank') });
const reportQuery = z.object({ sort: z.enum(REPORT_SORTS).catch('status') });
const goneQuery = z.object({ sort: z.enum(GONE_SORTS).catch('gone') });

function schedule(name: ScheduleName): TrackingSchedule {
  const found = findSchedule(name);
  if (!found) throw new Error(`no tracking schedule named ${name}`);
  return found;
}


export function trackingRoutes(deps: AppDeps) {
  const { config } = deps;
  const { sql } = deps.database;
  const { demo } = config;
  const runNowRules = (c: Context<AppEnv>) => ({ minIntervalMinutes: config.runNowMinIntervalMinutes, admin: signedInUser(c).isAdmin === true });
  const notYet = (c: Context<AppEnv>, message: string) => renderPage(c, demo, 'Not yet', errorMessage({
    heading: 'Already run recently', message, action: { href: pageToReturnTo(c.req.header('Referer'), config.baseUrl), label: 'Back' },
  }), 429);
  const thumb: ThumbnailSrc = (videoId, storedUrl) => thumbnailUrl(config.youtubeThumbnailUrl, videoId, storedUrl);

  // requireUser per route: this app is mounted at the root, where a blanket use() would cover every page.
  return new Hono<AppEnv>()
    .get('/trends', requireUser, async (c) => {
      const regions = await regionSummaries(sql, config.trackingRegions);
      return renderPage(c, demo, 'Trends', trendsIndexPage({ regions, schedule: schedule('trending') }));
    })
    .get('/trends/:region', requireUser, validate('param', regionParam), validate('query', chartQuery), async (c) => {
      const { region } = c.req.valid('param');
      if (!config.trackingRegions.includes(region)) {
        return renderPage(c, demo, 'Not tracked', errorMessage({
          heading: `${region} is not tracked`,
          message: `Trending charts are fetched for ${config.trackingRegions.join(', ')}. Add ${region} to TRACKING_REGIONS to track it.`,
          action: { href: '/trends', label: 'All regions' },
        }), 404);
      }
      const chart = await regionChart(sql, region, c.req.valid('query').sort);
      return renderPage(c, demo, `Trending in ${region}`, trendsRegionPage({
        chart, regions: config.trackingRegions, sort: c.req.valid('query').sort, thumb, schedule: schedule('trending'),
      }));
    })
    .get('/videos/:id/stats', requireUser, validate('param', videoParam), async (c) => {
      const stats = await videoStats(sql, signedInUser(c).id, c.req.valid('param').id);
      if (!stats) {
        return renderPage(c, demo, 'Not found', errorMessage({ heading: 'Video not found', message: 'subtext has no statistics for this video in your library or on a current trending chart.', action: { href: '/trends', label: 'Trends' } }), 404);
      }
      return renderPage(c, demo, `Statistics: ${stats.title}`, videoStatsPage(stats));
    })
    .get('/videos/:id/kept-thumbnail', requireUser, validate('param', videoParam), async (c) => {
      const kept = await keptThumbnail(sql, signedInUser(c).id, c.req.valid('param').id);
      if (!kept) return c.body(null, 404);
      return c.body(new Uint8Array(kept.image), 200, { 'Content-Type': kept.type, 'Cache-Control': 'private, max-age=86400' });
    })
    .get('/reports/thumbnails', requireUser, validate('query', reportQuery), async (c) => {
      const { sort } = c.req.valid('query');
      return renderPage(c, demo, 'Thumbnail report', thumbnailReportPage({ report: await thumbnailReport(sql, signedInUser(c).id, sort), sort, schedule: schedule('thumbnails') }));
    })
    .get('/gone', requireUser, validate('query', goneQuery), async (c) => {
      const { sort } = c.req.valid('query');
      const videos = await goneVideos(sql, signedInUser(c).id, sort);
      return renderPage(c, demo, 'Gone from YouTube', gonePage({ videos, sort, schedule: schedule('availability') }));
    })
    .get('/schedules', requireUser, async (c) => {
      const { isAdmin } = signedInUser(c);
      const now = new Date();
      return renderPage(c, demo, 'Schedules', schedulesPage({
        runNowMinIntervalMinutes: isAdmin ? 0 : config.runNowMinIntervalMinutes,
        schedules: await scheduleOverview(sql, config.trackingSchedules, now),
        canRunAll: isAdmin === true,
        now,
      }));
    })
    .post('/schedules/:name/run', requireUser, validate('param', scheduleParam), async (c) => {
      const forced = schedule(c.req.valid('param').name);
      const answer = await requestRunNow(sql, deps.queue, forced, runNowRules(c));
      if (answer.queued) {
        if (isHtmx(c)) return c.html(runQueuedNotice(forced.label));
        return c.redirect(pageToReturnTo(c.req.header('Referer'), config.baseUrl), 303);
      }
      if (isHtmx(c)) return c.html(runQueuedNotice(null, [{ label: forced.label, againAt: answer.againAt }]));
      return notYet(c, runNowRefusal(forced.label, answer.requestedAt, answer.againAt));
    })
    // Forcing everything at once spends the most shared quota, so it is an admin's call alone
    // (for whom no interval applies); everyone else forces one schedule at a time.
    .post('/schedules/run-all', requireUser, async (c) => {
      if (!signedInUser(c).isAdmin) {
        return renderPage(c, demo, 'Not allowed', errorMessage({
          heading: 'Only admins can run every schedule at once', message: '“Run now” on a single schedule is open to everyone.',
          action: { href: '/schedules', label: 'Schedules' },
        }), 403);
      }
      for (const each of TRACKING_SCHEDULES) await requestRunNow(sql, deps.queue, each, runNowRules(c));
      if (isHtmx(c)) return c.html(runQueuedNotice('Every schedule'));
      return c.redirect(pageToReturnTo(c.req.header('Referer'), config.baseUrl), 303);
    });
}
