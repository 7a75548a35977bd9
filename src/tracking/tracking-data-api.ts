import type { Config } from '../config.ts';
import type { Sql } from '../db/client.ts';
import { createDataApi, type DataApi } from '../youtube/data-api.ts';
import { postgresQuotaMeter } from '../youtube/quota.ts';

/** Tracking reads public data only, so it uses the API key; every call goes through the quota meter. */
export function trackingDataApi(config: Config, sql: Sql): DataApi {
  if (!config.youtubeApiKey) {
    throw new Error('YOUTUBE_API_KEY is not set: statistics snapshots and trending charts need a YouTube Data API key.');
  }
  return createDataApi({
    rootUrl: config.youtubeApiUrl,
    auth: { apiKey: config.youtubeApiKey },
    quota: postgresQuotaMeter(sql, config.dailyQuotaUnits),
  });
}
