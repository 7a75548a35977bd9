import { Hono, type Context } from 'hono';
import {
  accountOfChannel, findAccount, findChannel, findChannelByHandle, findChannelByUsername, findPlaylist, findVideo, LIKES_PLAYLIST_ID, likesPlaylist,
  uploadsPlaylistId,
} from './catalog.ts';
import { originOf, statsMoment, type StandinContext } from './context.ts';
import { googleErrorResponse, type GoogleErrorDetail } from './google-error.ts';
import type { AccountSpec, ChannelSpec, PlaylistSpec, VideoSpec } from './model.ts';
import { idFromKey } from './random.ts';
import type { Topic } from './speech.ts';
import { trendingBucket, trendingChart } from './synthetic.ts';
import { thumbnailUrls } from './thumbnails.ts';
import { countsAt } from './view-growth.ts';
import { spokenDurationSeconds } from './transcript.ts';

// YouTube Data API v3, the five list calls the app uses, answered the way googleapis expects:
// parts filtering, paging tokens, Google's error envelope, and one quota unit per call.

const MAX_IDS = 50;
const PAGE_TOKEN_PREFIX = 'EAAa';
const YOUTUBE_SCOPES = ['youtube', 'youtube.readonly', 'youtube.force-ssl'].map((s) => `https://www.googleapis.com/auth/${s}`);
const CATEGORY_BY_TOPIC: Record<Topic, string> = { cooking: '26', physics: '28', history: '27', travel: '19', programming: '28', music: '10' };

/** A request that cannot be answered; carries the response to send. */
class ApiFailure extends Error {
  readonly response: Response;
  constructor(response: Response) {
    super('Data API request failed');
    this.response = response;
  }
}

function fail(code: number, message: string, detail: GoogleErrorDetail): never {
  throw new ApiFailure(googleErrorResponse(code, message, detail));
}

interface ApiRequest {
  /** Undefined when the caller used an API key. */
  viewer: AccountSpec | undefined;
  origin: string;
  parts: ReadonlySet<string>;
  one(name: string): string | undefined;
  /** A repeatable parameter, also accepting comma-separated values. */
  many(name: string): string[];
  now: number;
  /** When video statistics are read (knobs.statsAt, else now). */
  statsAt: number;
}

type ListHandler = (request: ApiRequest) => Record<string, unknown>;

export function dataApiRoutes(ctx: StandinContext): Hono {
  const route = (parts: ReadonlyArray<string>, handler: ListHandler) => (c: Context) => answer(c, ctx, parts, handler);
  return new Hono()
    .get('/youtube/v3/playlists', route(['id', 'snippet', 'contentDetails', 'status'], listPlaylists))
    .get('/youtube/v3/playlistItems', route(['id', 'snippet', 'contentDetails', 'status'], listPlaylistItems))
    .get('/youtube/v3/videos', route(['id', 'snippet', 'contentDetails', 'statistics', 'status'], (request) => listVideos(request, ctx)))
    .get('/youtube/v3/channels', route(['id', 'snippet', 'contentDetails', 'statistics', 'status'], listChannels))
    .get('/youtube/v3/subscriptions', route(['id', 'snippet', 'contentDetails'], listSubscriptions))
    .get('/youtube/v3/*', (c) => {
      chargeQuota(ctx);
      return googleErrorResponse(404, 'Method not found.', { reason: 'notFound' });
    });
}

function answer(c: Context, ctx: StandinContext, allowedParts: ReadonlyArray<string>, handler: ListHandler): Response {
  try {
    chargeQuota(ctx);
    const viewer = authenticate(c, ctx);
    const many = (name: string) => c.req.queries(name)?.flatMap((value) => value.split(',')).map((v) => v.trim()).filter((v) => v !== '') ?? [];
    const parts = many('part');
    if (parts.length === 0) fail(400, "No filter selected. Expected one of: part", { reason: 'required', location: 'part', locationType: 'parameter' });
    for (const part of parts) {
      if (!allowedParts.includes(part)) fail(400, `'${part}'`, { reason: 'unknownPart', domain: 'youtube.part', location: 'part', locationType: 'parameter' });
    }
    return Response.json(handler({ viewer, origin: originOf(c.req.url), parts: new Set(parts), one: (name) => c.req.query(name), many, now: ctx.now(), statsAt: statsMoment(ctx) }));
  } catch (error) {
    if (error instanceof ApiFailure) return error.response;
    throw error;
  }
}

/** One unit per call, invalid ones included; the allowance resets at midnight Pacific. */
function chargeQuota(ctx: StandinContext): void {
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Los_Angeles' }).format(ctx.now());
  if (ctx.stats.quotaDay !== day) {
    ctx.stats.quotaDay = day;
    ctx.stats.quotaUsed = 0;
  }
  if (ctx.stats.quotaUsed >= ctx.knobs.quotaLimit) {
    fail(403, 'The request cannot be completed because you have exceeded your <a href="/youtube/v3/getting-started#quota">quota</a>.', {
      reason: 'quotaExceeded',
      domain: 'youtube.quota',
    });
  }
  ctx.stats.quotaUsed++;
}

function authenticate(c: Context, ctx: StandinContext): AccountSpec | undefined {
  const authorization = c.req.header('authorization');
  if (authorization?.startsWith('Bearer ')) {
    const check = ctx.oauth.checkAccessToken(authorization.slice('Bearer '.length).trim(), ctx.now());
    if (!check.ok) {
      fail(401, 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.', {
        reason: 'authError',
        location: 'Authorization',
        locationType: 'header',
      });
    }
    if (!check.scope.split(' ').some((scope) => YOUTUBE_SCOPES.includes(scope))) {
      fail(403, 'Request had insufficient authentication scopes.', { reason: 'insufficientPermissions' });
    }
    return findAccount(check.sub);
  }
  const key = c.req.query('key') ?? c.req.header('x-goog-api-key');
  if (!key) {
    fail(403, "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.", {
      reason: 'forbidden',
    });
  }
  const validKeys = ctx.knobs.validApiKeys;
  if (validKeys.length > 0 && !validKeys.includes(key)) fail(400, 'API key not valid. Please pass a valid API key.', { reason: 'badRequest' });
  return undefined;
}

function requireViewer(request: ApiRequest): AccountSpec {
  if (request.viewer) return request.viewer;
  fail(401, 'The request uses the <code>mine</code> parameter but is not properly authorized.', {
    reason: 'authorizationRequired',
    domain: 'youtube.parameter',
    location: 'mine',
    locationType: 'parameter',
  });
}

function exactlyOneFilter(request: ApiRequest, filters: ReadonlyArray<string>): string {
  const present = filters.filter((name) => request.one(name) !== undefined);
  if (present.length !== 1 || present[0] === undefined) {
    fail(400, `${present.length === 0 ? 'No filter selected' : 'Incompatible parameters specified in the request'}. Expected one of: ${filters.join(', ')}`, {
      reason: present.length === 0 ? 'missingRequiredParameter' : 'incompatibleParameters',
      domain: 'youtube.parameter',
    });
  }
  return present[0];
}

function idList(request: ApiRequest): string[] {
  const ids = request.many('id');
  if (ids.length > MAX_IDS) fail(400, 'The request specifies an invalid filter parameter.', { reason: 'invalidFilters', domain: 'youtube.parameter', location: 'id', locationType: 'parameter' });
  return ids;
}

interface Page {
  offset: number;
  end: number;
  tokens: { nextPageToken?: string; prevPageToken?: string };
  pageInfo: { totalResults: number; resultsPerPage: number };
}

function encodePageToken(offset: number): string {
  return PAGE_TOKEN_PREFIX + Buffer.from(`PT:${offset}`).toString('base64url');
}

function page(request: ApiRequest, total: number): Page {
  const rawMax = request.one('maxResults') ?? '5';
  const max = Number(rawMax);
  if (!/^\d+$/.test(rawMax) || max > 50) {
    fail(400, `Invalid value '${rawMax}'. Values must be within the range: [0, 50]`, { reason: 'invalidParameter', location: 'maxResults', locationType: 'parameter' });
  }
  const token = request.one('pageToken');
  let offset = 0;
  if (token) {
    const match = token.startsWith(PAGE_TOKEN_PREFIX) ? /^PT:(\d+)$/.exec(Buffer.from(token.slice(PAGE_TOKEN_PREFIX.length), 'base64url').toString()) : null;
    if (!match) fail(400, 'The request specifies an invalid page token.', { reason: 'invalidPageToken', domain: 'youtube.parameter', location: 'pageToken', locationType: 'parameter' });
    offset = Number(match[1]);
  }
  const end = Math.min(total, offset + max);
  return {
    offset,
    end,
    tokens: {
      ...(end < total ? { nextPageToken: encodePageToken(end) } : {}),
      ...(offset > 0 ? { prevPageToken: encodePageToken(Math.max(0, offset - max)) } : {}),
    },
    pageInfo: { totalResults: total, resultsPerPage: max },
  };
}

function etag(key: string): string {
  return idFromKey(`etag:${key}`, 27);
}

function listResponse(kind: string, items: ReadonlyArray<Record<string, unknown>>, paging: Pick<Page, 'tokens' | 'pageInfo'>): Record<string, unknown> {
  return { kind, etag: etag(`${kind}:${items.map((item) => item['id']).join()}`), ...paging.tokens, items, pageInfo: paging.pageInfo };
}

/** Only the parts the caller asked for, like the real API. */
function resource(kind: string, id: string, request: ApiRequest, parts: Record<string, () => unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { kind, etag: etag(`${kind}:${id}:${[...request.parts].join()}`), id };
  for (const [part, build] of Object.entries(parts)) if (request.parts.has(part)) out[part] = build();
  return out;
}

function singlePage(items: ReadonlyArray<Record<string, unknown>>): Pick<Page, 'tokens' | 'pageInfo'> {
  return { tokens: {}, pageInfo: { totalResults: items.length, resultsPerPage: items.length } };
}

function canSeePlaylist(playlist: PlaylistSpec, viewer: AccountSpec | undefined): boolean {
  return playlist.privacy !== 'private' || viewer?.channelId === playlist.channelId;
}

// playlists.list

function listPlaylists(request: ApiRequest): Record<string, unknown> {
  const filter = exactlyOneFilter(request, ['id', 'mine', 'channelId']);
  let playlists: PlaylistSpec[];
  if (filter === 'mine') {
    playlists = requireViewer(request).playlistIds.flatMap((id) => findPlaylist(id) ?? []);
  } else if (filter === 'channelId') {
    const channelId = request.one('channelId') ?? '';
    const owner = accountOfChannel(channelId);
    playlists = (owner?.playlistIds ?? [])
      .flatMap((id) => findPlaylist(id) ?? [])
      .filter((playlist) => playlist.privacy === 'public' || request.viewer?.channelId === channelId);
  } else {
    playlists = idList(request).flatMap((id) => findPlaylist(id) ?? []).filter((playlist) => canSeePlaylist(playlist, request.viewer));
  }
  const paging = page(request, playlists.length);
  const items = playlists.slice(paging.offset, paging.end).map((playlist) => playlistResource(playlist, request));
  return listResponse('youtube#playlistListResponse', items, paging);
}

function playlistResource(playlist: PlaylistSpec, request: ApiRequest): Record<string, unknown> {
  const firstVideo = findVideo(playlist.videoIdAt(0) ?? '');
  const localized = { title: playlist.title, description: playlist.description };
  return resource('youtube#playlist', playlist.id, request, {
    snippet: () => ({
      publishedAt: playlist.publishedAt,
      channelId: playlist.channelId,
      ...localized,
      thumbnails: firstVideo ? thumbnailUrls(request.origin, firstVideo.id, firstVideo.thumbnails !== 'noMaxres') : {},
      channelTitle: findChannel(playlist.channelId)?.title ?? '',
      localized,
    }),
    status: () => ({ privacyStatus: playlist.privacy }),
    contentDetails: () => ({ itemCount: playlist.itemCount }),
  });
}

// playlistItems.list

function listPlaylistItems(request: ApiRequest): Record<string, unknown> {
  const playlistId = request.one('playlistId');
  if (!playlistId) fail(400, 'No filter selected. Expected one of: id, playlistId', { reason: 'missingRequiredParameter', domain: 'youtube.parameter' });
  const playlist = playlistId === LIKES_PLAYLIST_ID ? likesPlaylist(request.viewer) : findPlaylist(playlistId);
  if (!playlist || !canSeePlaylist(playlist, request.viewer)) {
    fail(404, "The playlist identified with the request's <code>playlistId</code> parameter cannot be found.", {
      reason: 'playlistNotFound',
      domain: 'youtube.playlistItem',
      location: 'playlistId',
      locationType: 'parameter',
    });
  }
  const paging = page(request, playlist.itemCount);
  const items: Record<string, unknown>[] = [];
  for (let position = paging.offset; position < paging.end; position++) {
    items.push(playlistItemResource(playlist, position, request));
  }
  return listResponse('youtube#playlistItemListResponse', items, paging);
}

function playlistItemResource(playlist: PlaylistSpec, position: number, request: ApiRequest): Record<string, unknown> {
  const videoId = playlist.videoIdAt(position) ?? '';
  const video = findVideo(videoId);
  // Private and deleted videos stay in playlists as placeholders that keep only the id.
  const placeholder = !video || video.playability === 'deleted'
    ? ({ title: 'Deleted video', description: 'This video is unavailable.', privacyStatus: 'privacyStatusUnspecified' } as const)
    : video.playability === 'private' && request.viewer?.channelId !== video.channelId
      ? ({ title: 'Private video', description: 'This video is private.', privacyStatus: 'private' } as const)
      : undefined;
  const itemId = Buffer.from(`${playlist.id}.${idFromKey(`item:${playlist.id}:${position}`, 16)}`).toString('base64');
  return resource('youtube#playlistItem', itemId, request, {
    snippet: () => ({
      publishedAt: new Date(Date.parse(playlist.publishedAt) + position * 7_200_000).toISOString(),
      channelId: playlist.channelId,
      title: placeholder?.title ?? video?.title,
      description: placeholder?.description ?? video?.description,
      thumbnails: placeholder || !video ? {} : thumbnailUrls(request.origin, video.id, video.thumbnails !== 'noMaxres'),
      channelTitle: findChannel(playlist.channelId)?.title ?? '',
      playlistId: playlist.id,
      position,
      resourceId: { kind: 'youtube#video', videoId },
      ...(placeholder || !video
        ? {}
        : { videoOwnerChannelTitle: findChannel(video.channelId)?.title ?? '', videoOwnerChannelId: video.channelId }),
    }),
    contentDetails: () => ({ videoId, ...(placeholder || !video ? {} : { videoPublishedAt: video.publishedAt }) }),
    status: () => ({ privacyStatus: placeholder?.privacyStatus ?? 'public' }),
  });
}

// videos.list

function listVideos(request: ApiRequest, ctx: StandinContext): Record<string, unknown> {
  const filter = exactlyOneFilter(request, ['id', 'chart']);
  if (filter === 'chart') {
    if (request.one('chart') !== 'mostPopular') fail(400, `Invalid value '${request.one('chart')}' for chart.`, { reason: 'invalidChart', domain: 'youtube.parameter', location: 'chart', locationType: 'parameter' });
    const regionCode = (request.one('regionCode') ?? 'US').toUpperCase();
    if (!/^[A-Z]{2}$/.test(regionCode)) fail(400, 'The <code>regionCode</code> parameter specifies an invalid region code.', { reason: 'invalidRegionCode', domain: 'youtube.parameter', location: 'regionCode', locationType: 'parameter' });
    const chart = trendingChart(regionCode, trendingBucket(request.now, ctx.knobs.trendingBucketMinutes, ctx.knobs.trendingEpoch));
    const paging = page(request, chart.length);
    const items = chart.slice(paging.offset, paging.end).flatMap((id) => findVideo(id) ?? []).map((video) => videoResource(video, request));
    return listResponse('youtube#videoListResponse', items, paging);
  }
  // Unknown, deleted and other people's private videos are silently left out.
  const items = idList(request)
    .flatMap((id) => findVideo(id) ?? [])
    .filter((video) => video.playability !== 'deleted' && (video.playability !== 'private' || request.viewer?.channelId === video.channelId))
    .map((video) => videoResource(video, request));
  return listResponse('youtube#videoListResponse', items, singlePage(items));
}

function isoDuration(totalSeconds: number): string {
  const days = Math.floor(totalSeconds / 86_400);
  const hours = Math.floor((totalSeconds % 86_400) / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const time = `${hours ? `${hours}H` : ''}${minutes ? `${minutes}M` : ''}${seconds ? `${seconds}S` : ''}`;
  return `P${days ? `${days}D` : ''}T${time || '0S'}`;
}

function videoResource(video: VideoSpec, request: ApiRequest): Record<string, unknown> {
  const localized = { title: video.title, description: video.description };
  return resource('youtube#video', video.id, request, {
    snippet: () => ({
      publishedAt: video.publishedAt,
      channelId: video.channelId,
      ...localized,
      thumbnails: thumbnailUrls(request.origin, video.id, video.thumbnails !== 'noMaxres'),
      channelTitle: findChannel(video.channelId)?.title ?? '',
      categoryId: CATEGORY_BY_TOPIC[video.topic],
      liveBroadcastContent: 'none',
      defaultAudioLanguage: video.lang,
      localized,
    }),
    contentDetails: () => ({
      duration: isoDuration(spokenDurationSeconds(video.seed, video.cueCount)),
      dimension: '2d',
      definition: 'hd',
      caption: video.tracks.some((track) => !track.auto) ? 'true' : 'false',
      licensedContent: false,
      contentRating: video.playability === 'ageRestricted' ? { ytRating: 'ytAgeRestricted' } : {},
      projection: 'rectangular',
    }),
    statistics: () => {
      const { views, likes, comments } = countsAt(video, request.statsAt);
      return {
        viewCount: String(views),
        ...(likes === undefined ? {} : { likeCount: String(likes) }),
        favoriteCount: '0',
        ...(comments === undefined ? {} : { commentCount: String(comments) }),
      };
    },
    status: () => ({
      uploadStatus: 'processed',
      privacyStatus: video.playability === 'private' ? 'private' : 'public',
      license: 'youtube',
      embeddable: video.embeddable,
      publicStatsViewable: true,
      madeForKids: video.madeForKids,
    }),
  });
}

// channels.list

function listChannels(request: ApiRequest): Record<string, unknown> {
  const filter = exactlyOneFilter(request, ['id', 'mine', 'forHandle', 'forUsername']);
  let channels: ChannelSpec[];
  if (filter === 'mine') {
    channels = [findChannel(requireViewer(request).channelId)].flatMap((channel) => channel ?? []);
  } else if (filter === 'forHandle') {
    channels = [findChannelByHandle(request.one('forHandle') ?? '')].flatMap((channel) => channel ?? []);
  } else if (filter === 'forUsername') {
    channels = [findChannelByUsername(request.one('forUsername') ?? '')].flatMap((channel) => channel ?? []);
  } else {
    channels = idList(request).flatMap((id) => findChannel(id) ?? []);
  }
  const items = channels.map((channel) => channelResource(channel, request));
  return listResponse('youtube#channelListResponse', items, singlePage(items));
}

function channelResource(channel: ChannelSpec, request: ApiRequest): Record<string, unknown> {
  const uploads = findPlaylist(uploadsPlaylistId(channel.id));
  const localized = { title: channel.title, description: channel.description };
  const avatar = (size: number) => ({ url: `${request.origin}/a/${channel.id}=s${size}-c-k-c0x00ffffff-no-rj`, width: size, height: size });
  return resource('youtube#channel', channel.id, request, {
    snippet: () => ({
      ...localized,
      customUrl: channel.handle.toLowerCase(),
      publishedAt: channel.publishedAt,
      thumbnails: { default: avatar(88), medium: avatar(240), high: avatar(800) },
      localized,
    }),
    // Only the signed-in owner is told where their likes are; Watch Later and history ("WL", "HL") are no longer given out.
    contentDetails: () => ({ relatedPlaylists: { likes: request.viewer?.channelId === channel.id ? LIKES_PLAYLIST_ID : '', uploads: uploadsPlaylistId(channel.id) } }),
    statistics: () => ({
      viewCount: String(channel.subscribers * 37),
      subscriberCount: String(channel.subscribers),
      hiddenSubscriberCount: false,
      videoCount: String(uploads?.itemCount ?? 0),
    }),
    status: () => ({ privacyStatus: 'public', isLinked: true, longUploadsStatus: 'longUploadsUnspecified', madeForKids: false }),
  });
}

// subscriptions.list

function listSubscriptions(request: ApiRequest): Record<string, unknown> {
  const filter = exactlyOneFilter(request, ['id', 'mine', 'channelId']);
  let subscriber: AccountSpec | undefined;
  if (filter === 'mine') {
    subscriber = requireViewer(request);
  } else if (filter === 'channelId') {
    subscriber = accountOfChannel(request.one('channelId') ?? '');
    // Subscriptions are private unless their owner made them public; none of the demo accounts did.
    if (subscriber && request.viewer?.sub !== subscriber.sub) {
      fail(403, 'The requester is not allowed to access the requested subscriptions.', { reason: 'subscriptionForbidden', domain: 'youtube.subscription' });
    }
  }
  const channels = (subscriber?.subscribedChannelIds ?? []).flatMap((id) => findChannel(id) ?? []);
  // order=alphabetical sorts by title; the default, relevance, keeps the order subscribed.
  if (request.one('order') === 'alphabetical') channels.sort((a, b) => a.title.localeCompare(b.title));
  const paging = page(request, channels.length);
  const items = channels.slice(paging.offset, paging.end).map((channel) => subscriptionResource(subscriber!, channel, request));
  return listResponse('youtube#subscriptionListResponse', items, paging);
}

function subscriptionResource(subscriber: AccountSpec, channel: ChannelSpec, request: ApiRequest): Record<string, unknown> {
  const avatar = (size: number) => ({ url: `${request.origin}/a/${channel.id}=s${size}-c-k-c0x00ffffff-no-rj`, width: size, height: size });
  const uploads = findPlaylist(uploadsPlaylistId(channel.id));
  return resource('youtube#subscription', idFromKey(`subscription:${subscriber.sub}:${channel.id}`, 43), request, {
    snippet: () => ({
      publishedAt: channel.publishedAt,
      title: channel.title,
      description: channel.description,
      resourceId: { kind: 'youtube#channel', channelId: channel.id },
      channelId: subscriber.channelId,
      thumbnails: { default: avatar(88), medium: avatar(240), high: avatar(800) },
    }),
    contentDetails: () => ({ totalItemCount: uploads?.itemCount ?? 0, newItemCount: 0, activityType: 'all' }),
  });
}
