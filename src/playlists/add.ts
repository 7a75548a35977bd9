// Adding to a library by whatever was pasted: a playlist, a channel (resolved with channels.list to
// its uploads playlist, shown under the channel's name) or a single video (kept in the person's
// "Single videos" list). Each answers with what to tell the person; nothing is stored on failure.
// Also taking one video back out of Single videos.
import type { Config } from '../config.ts';
import type { Sql } from '../db/client.ts';
import { dataApiForPlaylist, dataApiForUser } from '../youtube/data-api-for-playlist.ts';
import { activeIndexRun, addVideoToActiveRun, startIndexRun } from '../indexing/runs.ts';
import type { ChannelSummary, DataApi, PlaylistSummary } from '../youtube/data-api.ts';
import { classifyGoogleError, type YoutubeError } from '../youtube/errors.ts';
import { upsertPlaylists } from './library.ts';
import type { ChannelLookup } from './library-input.ts';

export type AddOutcome =
  | { readonly ok: true; readonly message: string }
  | { readonly ok: false; readonly status: 404 | 429 | 503; readonly error: string; readonly accessLost?: boolean };
export type AddFailure = Extract<AddOutcome, { ok: false }>;

/**
 * Config and database, and the person's Data API budget: spendQuota takes the units a lookup is about
 * to cost (see web/quota-budget.ts) and answers the sentence to show when the budget is used up.
 */
export interface QuotaSpender {
  readonly config: Config;
  readonly sql: Sql;
  spendQuota(units: number): Promise<string | undefined>;
}

/** Takes the units from the budget, or says why not (429: try again at the next hour). */
export async function spend(deps: QuotaSpender, units: number): Promise<AddFailure | null> {
  const refused = await deps.spendQuota(units);
  return refused === undefined ? null : { ok: false, status: 429, error: refused };
}

/** The id of a person's "Single videos" list: one per person, made when they add their first video. */
export const singleVideosId = (userId: number) => `videos-${userId}`;
/** The id of a person's liked videos in subtext ("LL" on YouTube means a different list to everyone). */
export const likedVideosId = (userId: number) => `likes-${userId}`;

function lookupProblem(error: YoutubeError, what: string): AddFailure {
  const message = error.kind === 'access_lost' ? `YouTube access lost: reconnect your Google account, then add the ${what} again.`
    : error.kind === 'quota' ? error.message
    : error.kind === 'transient' ? `YouTube did not answer just now, so the ${what} was not added. Please try again in a moment.`
    : `YouTube refused to look up that ${what}: ${error.message}`;
  return { ok: false, status: 503, error: message, accessLost: error.kind === 'access_lost' };
}

/** Runs one lookup; a 404 from YouTube reads as "nothing there" (null), any other failure as the problem to show. */
export async function lookUp<T>(what: string, request: () => Promise<T | null>): Promise<{ found: T | null } | { problem: AddFailure }> {
  try {
    return { found: await request() };
  } catch (err) {
    const error = classifyGoogleError(err);
    return error.kind === 'not_found' ? { found: null } : { problem: lookupProblem(error, what) };
  }
}

async function alreadyAdded(sql: Sql, userId: number, playlistId: string): Promise<string | null> {
  const [row] = await sql<{ title: string }[]>`
    select p.title from library_playlists lp join playlists p on p.id = lp.playlist_id
    where lp.user_id = ${userId} and lp.playlist_id = ${playlistId}`;
  return row ? row.title : null;
}

export async function addPlaylist(deps: QuotaSpender, userId: number, playlistId: string): Promise<AddOutcome> {
  const { sql } = deps;
  const existing = await alreadyAdded(sql, userId, playlistId);
  if (existing !== null) return { ok: true, message: `"${existing}" is already in your library.` };

  // One of the person's own playlists they removed earlier (maybe private, so no public lookup): bring it back.
  const restored = await sql.begin(async (tx) => {
    const [removed] = await tx`delete from removed_owned_playlists where user_id = ${userId} and playlist_id = ${playlistId} returning 1`;
    const [playlist] = removed ? await tx<{ title: string }[]>`select title from playlists where id = ${playlistId}` : [];
    if (!playlist) return null;
    await tx`insert into library_playlists (user_id, playlist_id, source) values (${userId}, ${playlistId}, 'owned')`;
    return playlist;
  });
  if (restored) return { ok: true, message: `Added "${restored.title}" back to your library.` };

  // One playlists.list call.
  const refused = await spend(deps, 1);
  if (refused) return refused;
  const looked = await lookUp<PlaylistSummary>('playlist', async () => (await dataApiForPlaylist(deps, playlistId, userId)).getPlaylist(playlistId));
  if ('problem' in looked) return looked.problem;
  const summary = looked.found;
  if (summary === null) {
    return { ok: false, status: 404, error: `YouTube has no public playlist with the id ${playlistId}: it does not exist, was deleted, or is private to its owner.` };
  }
  await sql.begin(async (tx) => {
    await upsertPlaylists(tx, [summary]);
    await tx`insert into library_playlists (user_id, playlist_id, source) values (${userId}, ${summary.id}, 'added') on conflict do nothing`;
  });
  return { ok: true, message: `Added "${summary.title}" to your library.` };
}

/**
 * channels.list by id, handle or username, one unit each. A /c/ custom URL has no lookup of its own:
 * most became handles, so it is tried as a handle, then as a legacy username (never search.list, 100 units).
 */
async function findChannel(api: DataApi, lookup: ChannelLookup): Promise<ChannelSummary | null> {
  switch (lookup.by) {
    case 'id': return api.getChannel({ id: lookup.value });
    case 'handle': return api.getChannel({ forHandle: lookup.value });
    case 'username': return api.getChannel({ forUsername: lookup.value });
    case 'custom': return (await api.getChannel({ forHandle: `@${lookup.value}` })) ?? api.getChannel({ forUsername: lookup.value });
  }
}

function describeLookup(lookup: ChannelLookup): string {
  switch (lookup.by) {
    case 'id': return `with the id ${lookup.value}`;
    case 'handle': return `with the handle ${lookup.value}`;
    case 'username': return `with the username ${lookup.value}`;
    case 'custom': return `at youtube.com/c/${lookup.value}`;
  }
}

/** A channel joins the library as its uploads playlist, titled with the channel's name; indexing and daily re-syncs treat it like any playlist. */
export async function addChannel(deps: QuotaSpender, userId: number, lookup: ChannelLookup): Promise<AddOutcome> {
  // channels.list, twice for a /c/ link that is not a handle.
  const refused = await spend(deps, lookup.by === 'custom' ? 2 : 1);
  if (refused) return refused;
  const looked = await lookUp('channel', async () => findChannel(await dataApiForUser(deps, userId), lookup));
  if ('problem' in looked) return looked.problem;
  const channel = looked.found;
  if (channel === null) return { ok: false, status: 404, error: `YouTube has no channel ${describeLookup(lookup)}: check the spelling, or paste the link from the channel's page.` };
  const uploads = channel.uploadsPlaylistId;
  if (uploads === null) return { ok: false, status: 404, error: `YouTube lists no uploads for the channel "${channel.title}", so there is nothing to add.` };
  if ((await alreadyAdded(deps.sql, userId, uploads)) !== null) return { ok: true, message: `The channel "${channel.title}" is already in your library.` };
  await deps.sql.begin(async (tx) => {
    const row = {
      id: uploads, kind: 'channel', title: channel.title, description: channel.description, channel_id: channel.id,
      channel_title: channel.title, thumbnail_url: channel.thumbnailUrl, item_count: channel.videoCount, privacy_status: 'public',
    };
    await tx`
      insert into playlists ${tx(row)}
      on conflict (id) do update set kind = 'channel', title = excluded.title, description = excluded.description,
        channel_id = excluded.channel_id, channel_title = excluded.channel_title, thumbnail_url = excluded.thumbnail_url,
        item_count = excluded.item_count, privacy_status = excluded.privacy_status, fetched_at = now()`;
    await tx`insert into library_playlists (user_id, playlist_id, source) values (${userId}, ${uploads}, 'added') on conflict do nothing`;
  });
  return { ok: true, message: `Added the channel "${channel.title}" to your library.` };
}

/** A single video goes into the person's "Single videos" list, which is indexed at once (one videos.list unit per 50 videos). */
export async function addSingleVideo(deps: QuotaSpender, userId: number, videoId: string): Promise<AddOutcome> {
  const { sql } = deps;
  const listId = singleVideosId(userId);
  const [present] = await sql<{ title: string }[]>`
    select v.title from playlist_videos pv join videos v on v.id = pv.video_id
    join library_playlists lp on lp.playlist_id = pv.playlist_id and lp.user_id = ${userId}
    where pv.playlist_id = ${listId} and pv.video_id = ${videoId} and pv.removed_at is null`;
  if (present) return { ok: true, message: `"${present.title}" is already in your Single videos.` };

  // videos.list for this video, and for the list's run one videos.list call per 50 (none when a run is going).
  const [list] = await sql<{ videos: number }[]>`select count(*)::int as videos from playlist_videos where playlist_id = ${listId} and removed_at is null`;
  const refused = await spend(deps, 1 + ((await activeIndexRun(sql, listId)) === null ? Math.ceil(((list?.videos ?? 0) + 1) / 50) : 0));
  if (refused) return refused;
  const looked = await lookUp('video', async () => (await (await dataApiForUser(deps, userId)).getVideos([videoId]))[0] ?? null);
  if ('problem' in looked) return looked.problem;
  const video = looked.found;
  if (video === null) {
    return { ok: false, status: 404, error: `YouTube has no public video with the id ${videoId}: it does not exist, was deleted, or is private to its owner.` };
  }
  await sql.begin(async (tx) => {
    await tx`
      insert into playlists (id, kind, owner_user_id, title, description, privacy_status)
      values (${listId}, 'videos', ${userId}, 'Single videos', 'Videos you added one by one.', 'private')
      on conflict (id) do nothing`;
    await tx`insert into library_playlists (user_id, playlist_id, source) values (${userId}, ${listId}, 'added') on conflict do nothing`;
    await tx`
      insert into videos (id, title, description, channel_id, channel_title, published_at, duration_seconds, privacy_status, thumbnail_url)
      values (${video.id}, ${video.title}, ${video.description}, ${video.channelId}, ${video.channelTitle}, ${video.publishedAt?.toISOString() ?? null},
        ${video.durationSeconds}, ${video.privacyStatus}, ${video.thumbnailUrl})
      on conflict (id) do nothing`;
    await tx`
      insert into playlist_videos (playlist_id, video_id, position)
      values (${listId}, ${video.id}, (select coalesce(max(position) + 1, 0) from playlist_videos where playlist_id = ${listId}))
      on conflict (playlist_id, video_id) do update set removed_at = null`;
    await tx`update playlists set item_count = (select count(*) from playlist_videos where playlist_id = ${listId} and removed_at is null),
      thumbnail_url = coalesce(thumbnail_url, ${video.thumbnailUrl}) where id = ${listId}`;
  });
  const run = await startIndexRun(sql, listId, userId, 'new');
  if (!run.created) await addVideoToActiveRun(sql, run.runId, video.id);
  return { ok: true, message: `Added "${video.title}" to your Single videos; indexing it now.` };
}

/** Takes one video out of a person's own Single videos; false when it was not there (or the list is not theirs). */
export async function removeSingleVideo(sql: Sql, userId: number, listId: string, videoId: string): Promise<boolean> {
  // Only a person's own Single videos can lose a video: every other list is as YouTube has it.
  return sql.begin(async (tx) => {
    const deleted = await tx`
      delete from playlist_videos pv using playlists p
      where pv.playlist_id = ${listId} and pv.video_id = ${videoId} and p.id = pv.playlist_id and p.kind = 'videos' and p.owner_user_id = ${userId}
      returning 1`;
    if (deleted.length === 0) return false;
    await tx`update playlists set item_count = (select count(*) from playlist_videos where playlist_id = ${listId} and removed_at is null) where id = ${listId}`;
    return true;
  });
}
