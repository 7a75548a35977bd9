// Scheduled: each configured region's "most popular" chart, kept as rank history. The chart's
// videos.list answer carries statistics too, so each chart is also a statistics reading for free.
import type { Task } from 'graphile-worker';
import type { WorkerDeps } from '../../worker/pool.ts';
import type { VideoDetails } from '../../youtube/data-api.ts';
import { trackingDataApi } from '../tracking-data-api.ts';
import { enqueueScoring, recordReadings, rememberVideos } from '../readings.ts';

export interface FetchTrendingChartsPayload {
  /** Regions fetched since then are done (defaults to when the job was created). */
  readonly since?: string;
}

export function assertFetchTrendingChartsPayload(payload: unknown): asserts payload is FetchTrendingChartsPayload {
  const since = (payload as { since?: unknown } | null)?.since;
  if (since !== undefined && (typeof since !== 'string' || Number.isNaN(Date.parse(since)))) {
    throw new Error('fetch_trending_charts payload must be { since?: ISO date }');
  }
}

/** YouTube's charts hold up to 200 videos, 50 a page. */
const MAX_CHART_PAGES = 4;

export function fetchTrendingChartsTask(deps: WorkerDeps): Task {
  const { sql } = deps.database;
  return async (payload, helpers) => {
    assertFetchTrendingChartsPayload(payload);
    const api = trackingDataApi(deps.config, sql);
    const since = new Date(payload.since ?? helpers.job.created_at);
    for (const region of deps.config.trackingRegions) {
      if (helpers.abortSignal.aborted) {
        await helpers.addJob('fetch_trending_charts', { since: since.toISOString() }, { jobKey: 'fetch_trending_charts:continue', maxAttempts: 5 });
        helpers.logger.info(`stopped before ${region}; a follow-up job fetches the remaining regions`);
        return;
      }
      const [done] = await sql`select 1 from trending_charts where region_code = ${region} and fetched_at >= ${since}`;
      if (done) continue;

      const chart: VideoDetails[] = [];
      let pageToken: string | null = null;
      for (let page = 0; page < MAX_CHART_PAGES; page++) {
        const answer = await api.mostPopular(region, pageToken);
        chart.push(...answer.videos.filter((v) => !chart.some((seen) => seen.id === v.id)));
        pageToken = answer.nextPageToken;
        if (!pageToken) break;
      }
      await sql.begin(async (tx) => {
        await rememberVideos(tx, chart);
        const [row] = await tx<{ id: string }[]>`insert into trending_charts (region_code) values (${region}) returning id`;
        if (chart.length > 0) {
          await tx`insert into trending_entries ${tx(chart.map((v, i) => ({ chart_id: row!.id, rank: i + 1, video_id: v.id })))}`;
        }
        await recordReadings(tx, chart);
      });
      await enqueueScoring(helpers, chart.map((v) => v.id));
      helpers.logger.info(`trending chart for ${region}: ${chart.length} videos`);
    }
  };
}
