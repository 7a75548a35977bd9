// The playlists a person owns on YouTube join their library by themselves: the library page
// re-reads them (all pages of playlists.list mine=true) when the last read is older than
// OWNED_PLAYLISTS_MAX_AGE_MS, after every sign-in, and on "Refresh from YouTube".
import type { Config } from '../config.ts';
import type { Sql } from '../db/client.ts';
import { authorizedClientForUser } from '../auth/google-credentials.ts';
import { log } from '../log.ts';
import { createDataApi } from '../youtube/data-api.ts';
import { classifyGoogleError, type YoutubeError } from '../youtube/errors.ts';
import { postgresQuotaMeter } from '../youtube/quota.ts';
import { upsertPlaylists } from './library.ts';

export const OWNED_PLAYLISTS_MAX_AGE_MS = 10 * 60 * 1000;

/** What re-reading a person's playlists costs: one Data API unit per page of 50. */
export async function ownedPlaylistPages(sql: Sql, userId: number): Promise<number> {
  const [row] = await sql<{ n: number }[]>`select count(*)::int as n from library_playlists where user_id = ${userId} and source = 'owned'`;
  return Math.max(1, Math.ceil(row!.n / 50));
}

/**
 * Brings the user's owned playlists in step with YouTube: new ones are added (unless the person
 * removed them), ones they no longer own leave the library. Returns the problem instead of
 * throwing, since the library stays usable from what is stored.
 */
export async function refreshOwnedPlaylists(deps: { config: Config; sql: Sql }, userId: number, options: { force: boolean }): Promise<YoutubeError | null> {
  const { config, sql } = deps;
  if (!options.force) {
    const [fresh] = await sql`
      select 1 from users where id = ${userId}
        and owned_playlists_synced_at > now() - make_interval(secs => ${OWNED_PLAYLISTS_MAX_AGE_MS / 1000})`;
    if (fresh) return null;
  }
  let owned;
  try {
    const api = createDataApi({
      rootUrl: config.youtubeApiUrl,
      auth: { oauth: await authorizedClientForUser(deps, userId) },
      quota: postgresQuotaMeter(sql, config.dailyQuotaUnits),
    });
    owned = await api.listMyPlaylists();
  } catch (err) {
    const error = classifyGoogleError(err);
    if (error.kind !== 'access_lost') log.warn('could not refresh owned playlists', { userId, kind: error.kind, err: error });
    return error;
  }
  const ids = owned.map((p) => p.id);
  await sql.begin(async (tx) => {
    await upsertPlaylists(tx, owned);
    await tx`
      insert into library_playlists (user_id, playlist_id, source)
      select ${userId}, id, 'owned' from unnest(${ids}::text[]) as id
      where not exists (select 1 from removed_owned_playlists r where r.user_id = ${userId} and r.playlist_id = id)
      on conflict (user_id, playlist_id) do update set source = 'owned'`;
    await tx`delete from library_playlists where user_id = ${userId} and source = 'owned' and playlist_id <> all(${ids}::text[])`;
    await tx`update users set owned_playlists_synced_at = now() where id = ${userId}`;
  });
  return null;
}
