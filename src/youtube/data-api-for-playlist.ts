import type { Config } from '../config.ts';
import type { Sql } from '../db/client.ts';
import { authorizedClientForUser } from '../auth/google-credentials.ts';
import { createDataApi, type DataApi } from './data-api.ts';
import { postgresQuotaMeter } from './quota.ts';

/**
 * Playlists the requester owns are read with their own Google grant (they may be private);
 * public ones with the API key when there is one, so background work needs no user at all.
 */
export async function dataApiForPlaylist(deps: { config: Config; sql: Sql }, playlistId: string, userId: number | null): Promise<DataApi> {
  const quota = postgresQuotaMeter(deps.sql, deps.config.dailyQuotaUnits);
  const rootUrl = deps.config.youtubeApiUrl;
  const [owned] = userId === null ? [] : await deps.sql`
    select 1 from library_playlists lp join google_credentials gc on gc.user_id = lp.user_id
    where lp.user_id = ${userId} and lp.playlist_id = ${playlistId} and lp.source = 'owned'`;
  if ((owned || !deps.config.youtubeApiKey) && userId !== null) {
    return createDataApi({ rootUrl, quota, auth: { oauth: await authorizedClientForUser(deps, userId) } });
  }
  if (!deps.config.youtubeApiKey) throw new Error('YOUTUBE_API_KEY is not set and no signed-in user owns this playlist.');
  return createDataApi({ rootUrl, quota, auth: { apiKey: deps.config.youtubeApiKey } });
}
