// The YouTube Data API v3 through googleapis' own client, pointed at YOUTUBE_API_URL.
// Only the youtube module of googleapis is loaded: the full package costs ~100 MB and 0.7 s per process.
import type { OAuth2Client } from 'google-auth-library';
import { youtube, type youtube_v3 } from 'googleapis/build/src/apis/youtube/index.js';
import { classifyGoogleError } from './errors.ts';
import type { QuotaMeter } from './quota.ts';

export type DataApiAuth = { readonly apiKey: string } | { readonly oauth: OAuth2Client };

export interface PlaylistSummary {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly channelId: string | null;
  readonly channelTitle: string | null;
  readonly thumbnailUrl: string | null;
  readonly itemCount: number;
  readonly privacyStatus: string | null;
}

export interface PlaylistEntry {
  readonly videoId: string;
  readonly position: number;
  readonly title: string;
  /** Private and deleted videos stay in playlists as placeholders with nothing to fetch. */
  readonly placeholder: 'private' | 'deleted' | null;
}

export interface PlaylistPage {
  readonly entries: ReadonlyArray<PlaylistEntry>;
  readonly nextPageToken: string | null;
  readonly totalResults: number;
}

export interface VideoDetails {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly channelId: string | null;
  readonly channelTitle: string | null;
  readonly publishedAt: Date | null;
  readonly durationSeconds: number | null;
  readonly viewCount: number | null;
  /** Null when hidden or disabled; never zero for "unknown". */
  readonly likeCount: number | null;
  readonly commentCount: number | null;
  readonly privacyStatus: string | null;
  readonly thumbnailUrl: string | null;
}

export interface ChannelSummary {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly thumbnailUrl: string | null;
  /** "UU…": every public upload, newest first. */
  readonly uploadsPlaylistId: string | null;
  /** Only for the signed-in person's own channel ("LL"); empty or absent otherwise. */
  readonly likesPlaylistId: string | null;
  readonly videoCount: number;
}

/** One way to name a channel for channels.list: each costs one unit (search.list, 100 units, is never used). */
export type ChannelFilter = { readonly id: string } | { readonly forHandle: string } | { readonly forUsername: string };

export interface Subscription {
  readonly channelId: string;
  readonly title: string;
  readonly thumbnailUrl: string | null;
}

export interface DataApi {
  listMyPlaylists(): Promise<PlaylistSummary[]>;
  getChannel(filter: ChannelFilter): Promise<ChannelSummary | null>;
  /** The signed-in person's own channel; null when their Google account has none. */
  getMyChannel(): Promise<ChannelSummary | null>;
  /** One page of subscriptions.list mine=true, alphabetically (a caller pages on while it may spend the units). */
  listMySubscriptions(pageToken?: string | null, pageSize?: number): Promise<{ subscriptions: Subscription[]; nextPageToken: string | null }>;
  getPlaylist(id: string): Promise<PlaylistSummary | null>;
  listPlaylistItems(playlistId: string, pageToken?: string | null): Promise<PlaylistPage>;
  /** Up to 50 ids per call; unknown ids are simply absent from the answer. */
  getVideos(ids: ReadonlyArray<string>): Promise<VideoDetails[]>;
  mostPopular(regionCode: string, pageToken?: string | null): Promise<{ videos: VideoDetails[]; nextPageToken: string | null }>;
}

/** PT1H2M3S → 3723. */
export function parseIsoDuration(value: string | null | undefined): number | null {
  const match = value ? /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(value) : null;
  if (!match) return null;
  const [, d, h, m, s] = match.map((part) => Number(part ?? 0));
  return (d ?? 0) * 86400 + (h ?? 0) * 3600 + (m ?? 0) * 60 + (s ?? 0);
}

function count(value: string | null | undefined): number | null {
  return value === null || value === undefined ? null : Number(value);
}

function bestThumbnail(thumbnails: youtube_v3.Schema$ThumbnailDetails | undefined): string | null {
  return thumbnails?.medium?.url ?? thumbnails?.high?.url ?? thumbnails?.default?.url ?? null;
}

function toPlaylist(p: youtube_v3.Schema$Playlist): PlaylistSummary {
  return {
    id: p.id ?? '',
    title: p.snippet?.title ?? '',
    description: p.snippet?.description ?? '',
    channelId: p.snippet?.channelId ?? null,
    channelTitle: p.snippet?.channelTitle ?? null,
    thumbnailUrl: bestThumbnail(p.snippet?.thumbnails),
    itemCount: p.contentDetails?.itemCount ?? 0,
    privacyStatus: p.status?.privacyStatus ?? null,
  };
}

export function toVideoDetails(v: youtube_v3.Schema$Video): VideoDetails {
  return {
    id: v.id ?? '',
    title: v.snippet?.title ?? '',
    description: v.snippet?.description ?? '',
    channelId: v.snippet?.channelId ?? null,
    channelTitle: v.snippet?.channelTitle ?? null,
    publishedAt: v.snippet?.publishedAt ? new Date(v.snippet.publishedAt) : null,
    durationSeconds: parseIsoDuration(v.contentDetails?.duration),
    viewCount: count(v.statistics?.viewCount),
    likeCount: count(v.statistics?.likeCount),
    commentCount: count(v.statistics?.commentCount),
    privacyStatus: v.status?.privacyStatus ?? null,
    thumbnailUrl: bestThumbnail(v.snippet?.thumbnails),
  };
}

function toChannel(c: youtube_v3.Schema$Channel): ChannelSummary {
  return {
    id: c.id ?? '',
    title: c.snippet?.title ?? '',
    description: c.snippet?.description ?? '',
    thumbnailUrl: bestThumbnail(c.snippet?.thumbnails),
    uploadsPlaylistId: c.contentDetails?.relatedPlaylists?.uploads || null,
    likesPlaylistId: c.contentDetails?.relatedPlaylists?.likes || null,
    videoCount: count(c.statistics?.videoCount) ?? 0,
  };
}

function toEntry(item: youtube_v3.Schema$PlaylistItem): PlaylistEntry {
  const privacy = item.status?.privacyStatus;
  const title = item.snippet?.title ?? '';
  const placeholder = privacy === 'private' ? 'private'
    : privacy === 'privacyStatusUnspecified' || (title === 'Deleted video' && !item.snippet?.videoOwnerChannelId) ? 'deleted'
    : null;
  return {
    videoId: item.contentDetails?.videoId ?? item.snippet?.resourceId?.videoId ?? '',
    position: item.snippet?.position ?? 0,
    title,
    placeholder,
  };
}

export function createDataApi(options: { rootUrl: string; auth: DataApiAuth; quota: QuotaMeter }): DataApi {
  const client = youtube({
    version: 'v3',
    rootUrl: options.rootUrl.endsWith('/') ? options.rootUrl : options.rootUrl + '/',
    ...('apiKey' in options.auth ? { auth: options.auth.apiKey } : { auth: options.auth.oauth }),
  });
  // Each list call costs one unit, whether it succeeds or not.
  const call = async <T>(request: () => Promise<{ data: T }>): Promise<T> => {
    await options.quota.spend(1);
    try {
      return (await request()).data;
    } catch (err) {
      throw classifyGoogleError(err);
    }
  };

  return {
    async listMyPlaylists() {
      const all: PlaylistSummary[] = [];
      let pageToken: string | undefined;
      do {
        const data = await call(() => client.playlists.list({ part: ['snippet', 'contentDetails', 'status'], mine: true, maxResults: 50, pageToken }));
        all.push(...(data.items ?? []).map(toPlaylist));
        pageToken = data.nextPageToken ?? undefined;
      } while (pageToken);
      return all;
    },
    async getChannel(filter) {
      const data = await call(() => client.channels.list({ part: ['snippet', 'contentDetails', 'statistics'], maxResults: 1, ...('id' in filter ? { id: [filter.id] } : filter) }));
      const first = data.items?.[0];
      return first ? toChannel(first) : null;
    },
    async getMyChannel() {
      const data = await call(() => client.channels.list({ part: ['snippet', 'contentDetails', 'statistics'], mine: true, maxResults: 1 }));
      const first = data.items?.[0];
      return first ? toChannel(first) : null;
    },
    async listMySubscriptions(pageToken, pageSize = 50) {
      const data = await call(() => client.subscriptions.list({ part: ['snippet'], mine: true, maxResults: pageSize, order: 'alphabetical', pageToken: pageToken ?? undefined }));
      const subscriptions: Subscription[] = [];
      for (const item of data.items ?? []) {
        const channelId = item.snippet?.resourceId?.channelId;
        if (channelId) subscriptions.push({ channelId, title: item.snippet?.title ?? channelId, thumbnailUrl: bestThumbnail(item.snippet?.thumbnails) });
      }
      return { subscriptions, nextPageToken: data.nextPageToken ?? null };
    },
    async getPlaylist(id) {
      const data = await call(() => client.playlists.list({ part: ['snippet', 'contentDetails', 'status'], id: [id], maxResults: 1 }));
      const first = data.items?.[0];
      return first ? toPlaylist(first) : null;
    },
    async listPlaylistItems(playlistId, pageToken) {
      const data = await call(() => client.playlistItems.list({
        part: ['snippet', 'contentDetails', 'status'], playlistId, maxResults: 50, pageToken: pageToken ?? undefined,
      }));
      return {
        entries: (data.items ?? []).map(toEntry).filter((e) => e.videoId !== ''),
        nextPageToken: data.nextPageToken ?? null,
        totalResults: data.pageInfo?.totalResults ?? 0,
      };
    },
    async getVideos(ids) {
      if (ids.length === 0) return [];
      if (ids.length > 50) throw new RangeError('videos.list takes at most 50 ids');
      const data = await call(() => client.videos.list({ part: ['snippet', 'contentDetails', 'statistics', 'status'], id: [...ids], maxResults: 50 }));
      return (data.items ?? []).map(toVideoDetails);
    },
    async mostPopular(regionCode, pageToken) {
      const data = await call(() => client.videos.list({
        part: ['snippet', 'contentDetails', 'statistics', 'status'], chart: 'mostPopular', regionCode, maxResults: 50, pageToken: pageToken ?? undefined,
      }));
      return { videos: (data.items ?? []).map(toVideoDetails), nextPageToken: data.nextPageToken ?? null };
    },
  };
}
