import type { Config } from '../config.ts';
import type { Sql } from '../db/client.ts';
import { authorizedClientForUser } from '../auth/google-credentials.ts';
import { createDataApi, type DataApi, type DataApiAuth } from './data-api.ts';
import { postgresQuotaMeter } from './quota.ts';

type Deps = { config: Config; sql: Sql };

function api(deps: Deps, auth: DataApiAuth): DataApi {
  return createDataApi({ rootUrl: deps.config.youtubeApiUrl, quota: postgresQuotaMeter(deps.sql, deps.config.dailyQuotaUnits), auth });
}

/** The Data API as this person: their own Google grant (what mine=true calls need). */
export async function dataApiWithGrantOf(deps: Deps, userId: number): Promise<DataApi> {
  return api(deps, { oauth: await authorizedClientForUser(deps, userId) });
}

/** Public lookups (a channel, a video): the API key when there is one, else the person's own grant. */
export async function dataApiForUser(deps: Deps, userId: number): Promise<DataApi> {
  return deps.config.youtubeApiKey ? api(deps, { apiKey: deps.config.youtubeApiKey }) : dataApiWithGrantOf(deps, userId);
}

/**
 * Playlists the requester owns are read with their own Google grant (they may be private), and a
 * person's liked videos always with theirs; public ones with the API key when there is one, so
 * background work needs no user at all.
 */
export async function dataApiForPlaylist(deps: Deps, playlistId: string, userId: number | null): Promise<DataApi> {
  const [playlist] = await deps.sql<{ kind: string; owner_user_id: string | null }[]>`select kind, owner_user_id from playlists where id = ${playlistId}`;
  if (playlist?.kind === 'likes' && playlist.owner_user_id !== null) return dataApiWithGrantOf(deps, Number(playlist.owner_user_id));
  const [owned] = userId === null ? [] : await deps.sql`
    select 1 from library_playlists lp join google_credentials gc on gc.user_id = lp.user_id
    where lp.user_id = ${userId} and lp.playlist_id = ${playlistId} and lp.source = 'owned'`;
  if ((owned || !deps.config.youtubeApiKey) && userId !== null) return dataApiWithGrantOf(deps, userId);
  if (!deps.config.youtubeApiKey) throw new Error('YOUTUBE_API_KEY is not set and no signed-in user owns this playlist.');
  return api(deps, { apiKey: deps.config.youtubeApiKey });
}
