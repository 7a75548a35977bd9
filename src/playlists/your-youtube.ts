// "Your YouTube": what only the signed-in person's own Google grant can read. Their liked videos (the
// likes list channels.list mine=true names) join the library like a playlist; their subscriptions
// (subscriptions.list mine=true, every page) are offered as channels to add with one click.
// Watch Later is not readable by any app: YouTube stopped handing it out through the API in 2016.
import { dataApiWithGrantOf } from '../youtube/data-api-for-playlist.ts';
import type { Subscription } from '../youtube/data-api.ts';
import { naturallySorted } from '../natural-order.ts';

type SubscriptionPage = { subscriptions: Subscription[]; nextPageToken: string | null };
import { likedVideosId, lookUp, spend, type AddFailure, type AddOutcome, type QuotaSpender } from './add.ts';

/** At most this many pages of 50 subscriptions are read per visit (each costs a quota unit). */
export const SUBSCRIPTION_PAGES = 40;

export async function addLikedVideos(deps: QuotaSpender, userId: number): Promise<AddOutcome> {
  const listId = likedVideosId(userId);
  const [present] = await deps.sql`select 1 from library_playlists where user_id = ${userId} and playlist_id = ${listId}`;
  if (present) return { ok: true, message: 'Your liked videos are already in your library.' };
  // One channels.list call.
  const refused = await spend(deps, 1);
  if (refused) return refused;
  const looked = await lookUp('liked videos', async () => (await dataApiWithGrantOf(deps, userId)).getMyChannel());
  if ('problem' in looked) return looked.problem;
  const channel = looked.found;
  if (channel === null) {
    return { ok: false, status: 404, error: 'Your Google account has no YouTube channel, so YouTube keeps no liked videos list that apps can read. Create a channel on YouTube, then try again.' };
  }
  if (channel.likesPlaylistId === null) {
    return { ok: false, status: 404, error: 'YouTube keeps the liked videos of this account private: it does not tell apps where they are.' };
  }
  const likes = channel.likesPlaylistId;
  await deps.sql.begin(async (tx) => {
    await tx`
      insert into playlists (id, kind, youtube_list_id, owner_user_id, title, description, channel_id, channel_title, thumbnail_url, privacy_status)
      values (${listId}, 'likes', ${likes}, ${userId}, 'Liked videos', 'Videos you liked on YouTube.', ${channel.id}, ${channel.title}, ${channel.thumbnailUrl}, 'private')
      on conflict (id) do update set youtube_list_id = excluded.youtube_list_id, channel_id = excluded.channel_id, channel_title = excluded.channel_title`;
    await tx`insert into library_playlists (user_id, playlist_id, source) values (${userId}, ${listId}, 'added') on conflict do nothing`;
  });
  return { ok: true, message: 'Added your liked videos to your library. Press Start indexing to read them.' };
}

export interface SubscriptionChoice extends Subscription {
  /** The channel's uploads are in the library already. */
  readonly inLibrary: boolean;
}

export type SubscriptionsOutcome =
  /** `stopped`: why the pages after these were not read (the person's quota budget ran out). */
  | { readonly ok: true; readonly subscriptions: ReadonlyArray<SubscriptionChoice>; readonly complete: boolean; readonly stopped?: string | undefined }
  | AddFailure;

/** A channel's uploads playlist has its id after "UC", behind "UU". */
const uploadsOf = (channelId: string) => `UU${channelId.slice(2)}`;

/**
 * Every page of the person's subscriptions, up to SUBSCRIPTION_PAGES; `complete` is false when there
 * were more (or, with `problem`, when YouTube stopped answering part-way: the pages read are kept).
 */
export async function readSubscriptions(deps: QuotaSpender, userId: number, options: { pageSize?: number; maxPages?: number } = {}): Promise<SubscriptionsOutcome> {
  const maxPages = options.maxPages ?? SUBSCRIPTION_PAGES;
  const readPage = (token: string | null) =>
    lookUp<SubscriptionPage>('subscriptions', async () => (await dataApiWithGrantOf(deps, userId)).listMySubscriptions(token, options.pageSize));
  const subscriptions: Subscription[] = [];
  let pageToken: string | null = null;
  let pages = 0;
  let stopped: string | undefined;
  do {
    // Each page is one subscriptions.list call.
    const refused = await spend(deps, 1);
    if (refused) {
      if (pages === 0) return refused;
      stopped = refused.error;
      break;
    }
    const looked = await readPage(pageToken);
    if ('problem' in looked) {
      if (pages === 0) return looked.problem;
      break;
    }
    subscriptions.push(...(looked.found?.subscriptions ?? []));
    pageToken = looked.found?.nextPageToken ?? null;
    pages++;
  } while (pageToken !== null && pages < maxPages);
  const inLibrary = new Set((await deps.sql<{ playlist_id: string }[]>`
    select playlist_id from library_playlists where user_id = ${userId} and playlist_id = any(${deps.sql.array(subscriptions.map((s) => uploadsOf(s.channelId)))})`).map((r) => r.playlist_id));
  // YouTube's "alphabetical" puts "Creator 10" before "Creator 2" and capitals first.
  const choices = subscriptions.map((s) => ({ ...s, inLibrary: inLibrary.has(uploadsOf(s.channelId)) }));
  return { ok: true, complete: pageToken === null, stopped, subscriptions: naturallySorted(choices, (s) => s.title) };
}
