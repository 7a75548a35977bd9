// The stand-in against the real client libraries, unmodified, with only base URLs swapped.
import { CodeChallengeMethod, OAuth2Client } from 'google-auth-library';
import { google } from 'googleapis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  fetchTranscript, YoutubeTranscriptDisabledError, YoutubeTranscriptNotAvailableLanguageError,
  YoutubeTranscriptTooManyRequestError, YoutubeTranscriptVideoUnavailableError,
} from 'youtube-transcript';
import { DEMO } from '../src/standin/demo-data.ts';
import { startStandin, type RunningStandin } from '../src/standin/server.ts';
import { busiestSecond } from '../src/standin/stats.ts';
import { synthPlaylistId, synthVideoId } from '../src/standin/synthetic.ts';
import { encodedThumbnails, THUMBNAIL_COLOURS } from '../src/standin/thumbnails.ts';
import { createYoutubeWebFetch } from '../src/youtube/web-fetch.ts';
import { startExitProxies } from './helpers/exit-proxies.ts';
import { submitConsent } from './helpers/standin-consent.ts';

let standin: RunningStandin;
let webFetch: typeof fetch;
const [alice, bob] = DEMO.accounts;
const CLIENT_ID = 'subtext-test.apps.googleusercontent.com';
const REDIRECT_URI = 'http://127.0.0.1:9/auth/callback';
const SCOPES = ['openid', 'email', 'profile', 'https://www.googleapis.com/auth/youtube.readonly'];

beforeAll(async () => {
  standin = await startStandin({ port: 0 });
  webFetch = createYoutubeWebFetch({ webUrl: standin.url, timeoutMs: 5000 });
});

afterAll(async () => {
  await standin.close();
});

afterEach(async () => {
  await fetch(`${standin.url}/__standin/reset`, { method: 'POST' });
});

const youtubeWithKey = () => google.youtube({ version: 'v3', auth: 'test-key', rootUrl: `${standin.url}/` });

function oauthClient(options: { forceRefreshOnFailure?: boolean } = {}): OAuth2Client {
  return new OAuth2Client({
    clientId: CLIENT_ID,
    clientSecret: 'test-secret',
    redirectUri: REDIRECT_URI,
    forceRefreshOnFailure: options.forceRefreshOnFailure ?? false,
    endpoints: {
      oauth2AuthBaseUrl: `${standin.url}/o/oauth2/v2/auth`,
      oauth2TokenUrl: `${standin.url}/token`,
      oauth2RevokeUrl: `${standin.url}/revoke`,
      oauth2FederatedSignonPemCertsUrl: `${standin.url}/oauth2/v1/certs`,
    },
  });
}

/** The consent dance for one account; returns the redirect's code with the verifier that goes with it. */
async function authorise(client: OAuth2Client, account: string, extra: { prompt?: string; state?: string } = {}) {
  const { codeVerifier, codeChallenge } = await client.generateCodeVerifierAsync();
  const authUrl = client.generateAuthUrl({
    access_type: 'offline',
    scope: SCOPES,
    state: extra.state ?? 'state-123',
    code_challenge: codeChallenge,
    code_challenge_method: CodeChallengeMethod.S256,
    ...(extra.prompt ? { prompt: extra.prompt } : {}),
  });
  const redirect = await submitConsent(authUrl, { account });
  return { redirect, code: redirect.searchParams.get('code') ?? '', codeVerifier };
}

async function signedInClient(account: string, options: { forceRefreshOnFailure?: boolean } = {}) {
  const client = oauthClient(options);
  const { code, codeVerifier } = await authorise(client, account, { prompt: 'consent' });
  const { tokens } = await client.getToken({ code, codeVerifier });
  client.setCredentials(tokens);
  return { client, tokens };
}

/** Status code and Google error reason of a rejected googleapis call. */
async function apiFailure(call: Promise<unknown>): Promise<{ status: number | undefined; reason: string | undefined }> {
  try {
    await call;
  } catch (error) {
    const e = error as { status?: number; response?: { status?: number; data?: { error?: { errors?: Array<{ reason?: string }> } } } };
    return { status: e.status ?? e.response?.status, reason: e.response?.data?.error?.errors?.[0]?.reason };
  }
  throw new Error('expected the call to fail');
}

/** Width and height from a JPEG's start-of-frame header, without decoding the image. */
function jpegSize(bytes: Uint8Array): { width: number; height: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint16(0) !== 0xffd8) throw new Error('not a JPEG');
  for (let at = 2; at < bytes.length; ) {
    const marker = view.getUint16(at);
    if (marker >= 0xffc0 && marker <= 0xffc3) return { height: view.getUint16(at + 5), width: view.getUint16(at + 7) };
    at += 2 + view.getUint16(at + 2);
  }
  throw new Error('no SOF marker');
}

describe('Data API through googleapis', () => {
  it('pages through a playlist 50 items at a time', async () => {
    const playlistId = synthPlaylistId({ count: 120, cues: 5, seed: 3 });
    const ids: string[] = [];
    const pageSizes: number[] = [];
    let pageToken: string | undefined;
    do {
      const { data } = await youtubeWithKey().playlistItems.list({ playlistId, part: ['snippet', 'contentDetails'], maxResults: 50, ...(pageToken ? { pageToken } : {}) });
      expect(data.pageInfo).toEqual({ totalResults: 120, resultsPerPage: 50 });
      pageSizes.push(data.items?.length ?? 0);
      ids.push(...(data.items ?? []).map((item) => item.contentDetails?.videoId ?? ''));
      pageToken = data.nextPageToken ?? undefined;
    } while (pageToken);
    expect(pageSizes).toEqual([50, 50, 20]);
    expect(new Set(ids).size).toBe(120);
    expect(ids.every((id) => /^[A-Za-z0-9_-]{11}$/.test(id))).toBe(true);
  });

  it('defaults to 5 items and only returns the parts asked for', async () => {
    const { data } = await youtubeWithKey().playlistItems.list({ playlistId: DEMO.playlists.needsAttention, part: ['status'] });
    expect(data.items).toHaveLength(5);
    expect(data.items?.[0]?.snippet).toBeUndefined();
    expect(data.items?.[0]?.status?.privacyStatus).toBe('public');
    expect(data.prevPageToken).toBeUndefined();
    const next = await youtubeWithKey().playlistItems.list({ playlistId: DEMO.playlists.needsAttention, part: ['status'], pageToken: data.nextPageToken ?? '' });
    expect(next.data.prevPageToken).toBeTruthy();
  });

  it('keeps private and deleted videos as placeholders', async () => {
    const { data } = await youtubeWithKey().playlistItems.list({ playlistId: DEMO.playlists.cooking, part: ['snippet', 'contentDetails', 'status'], maxResults: 50 });
    const byVideo = new Map(data.items?.map((item) => [item.contentDetails?.videoId, item]));
    const privateItem = byVideo.get(DEMO.videos.private);
    const deletedItem = byVideo.get(DEMO.videos.deleted);
    expect(privateItem?.snippet?.title).toBe('Private video');
    expect(privateItem?.status?.privacyStatus).toBe('private');
    expect(deletedItem?.snippet?.title).toBe('Deleted video');
    expect(deletedItem?.status?.privacyStatus).toBe('privacyStatusUnspecified');
    for (const item of [privateItem, deletedItem]) {
      expect(item?.snippet?.thumbnails).toEqual({});
      expect(item?.snippet?.videoOwnerChannelId).toBeUndefined();
      expect(item?.snippet?.resourceId?.videoId).toBe(item?.contentDetails?.videoId);
    }
    const okItem = byVideo.get(DEMO.videos.ok);
    expect(okItem?.snippet?.videoOwnerChannelId).toBe(DEMO.channels.kitchen);
    expect(okItem?.snippet?.thumbnails?.medium).toEqual({ url: `${standin.url}/vi/${DEMO.videos.ok}/mqdefault.jpg`, width: 320, height: 180 });
  });

  it('lists 50 videos at once, leaving out unknown and deleted ones', async () => {
    const playlist = await youtubeWithKey().playlistItems.list({ playlistId: synthPlaylistId({ count: 47, cues: 5, seed: 9 }), part: ['contentDetails'], maxResults: 50 });
    const ids = [DEMO.videos.hiddenStats, DEMO.videos.deleted, 'abcdefghijk', ...(playlist.data.items ?? []).map((item) => item.contentDetails?.videoId ?? '')];
    expect(ids).toHaveLength(50);
    const { data } = await youtubeWithKey().videos.list({ id: ids, part: ['snippet', 'contentDetails', 'statistics', 'status'] });
    expect(data.items).toHaveLength(48);
    expect(data.items?.map((video) => video.id)).not.toContain(DEMO.videos.deleted);
    for (const video of data.items ?? []) {
      expect(typeof video.statistics?.viewCount).toBe('string');
      expect(video.contentDetails?.duration).toMatch(/^PT(\d+H)?(\d+M)?(\d+S)?$/);
    }
    const hidden = data.items?.find((video) => video.id === DEMO.videos.hiddenStats);
    expect(hidden?.statistics).not.toHaveProperty('likeCount');
    expect(hidden?.statistics).not.toHaveProperty('commentCount');
    expect(data.items?.some((video) => typeof video.statistics?.likeCount === 'string')).toBe(true);

    expect(await apiFailure(youtubeWithKey().videos.list({ id: [...ids, 'onemoreidxx'], part: ['id'] }))).toEqual({ status: 400, reason: 'invalidFilters' });
    expect(await apiFailure(youtubeWithKey().videos.list({ id: ids, part: ['snippet', 'fileDetails'] }))).toEqual({ status: 400, reason: 'unknownPart' });
  });

  it('answers mostPopular charts per region that move between time buckets', async () => {
    standin.knobs.trendingBucketMinutes = 0;
    const chart = async (regionCode: string) => {
      const ids: string[] = [];
      let pageToken: string | undefined;
      do {
        const { data } = await youtubeWithKey().videos.list({ chart: 'mostPopular', regionCode, part: ['snippet', 'statistics'], maxResults: 50, ...(pageToken ? { pageToken } : {}) });
        expect(data.pageInfo?.totalResults).toBe(200);
        ids.push(...(data.items ?? []).map((video) => video.id ?? ''));
        pageToken = data.nextPageToken ?? undefined;
      } while (pageToken);
      return ids;
    };
    const us = await chart('US');
    expect(us).toHaveLength(200);
    expect(new Set(us).size).toBe(200);
    expect(await chart('US')).toEqual(us);
    const de = await chart('DE');
    expect(de.filter((id) => us.includes(id))).toHaveLength(0);

    standin.knobs.trendingEpoch = 1;
    const later = await chart('US');
    const stayed = later.filter((id) => us.includes(id));
    expect(stayed.length).toBe(190);
    expect(stayed).not.toEqual(us.filter((id) => later.includes(id)));
  });

  it('gives each channel an uploads playlist', async () => {
    const { data } = await youtubeWithKey().channels.list({ id: [DEMO.channels.kitchen], part: ['snippet', 'contentDetails', 'statistics'] });
    const channel = data.items?.[0];
    expect(channel?.snippet?.title).toBe('Curious Kitchen');
    const uploads = channel?.contentDetails?.relatedPlaylists?.uploads ?? '';
    expect(uploads).toBe(`UU${DEMO.channels.kitchen.slice(2)}`);
    const items = await youtubeWithKey().playlistItems.list({ playlistId: uploads, part: ['contentDetails'], maxResults: 50 });
    expect(items.data.items?.map((item) => item.contentDetails?.videoId)).toContain(DEMO.videos.ok);
    expect(items.data.pageInfo?.totalResults).toBe(Number(channel?.statistics?.videoCount));
  });

  it('finds channels by handle and by legacy username, case-insensitively, for one unit each', async () => {
    const youtube = youtubeWithKey();
    const parts = ['snippet', 'contentDetails'];
    const before = standin.stats.quotaUsed;
    const byHandle = await youtube.channels.list({ forHandle: '@CuriousKitchen', part: parts });
    const byBareHandle = await youtube.channels.list({ forHandle: 'curiouskitchen', part: parts });
    const byUsername = await youtube.channels.list({ forUsername: 'curiouskitchentv', part: parts });
    expect([byHandle, byBareHandle, byUsername].map((r) => r.data.items?.[0]?.id)).toEqual([DEMO.channels.kitchen, DEMO.channels.kitchen, DEMO.channels.kitchen]);
    expect(byUsername.data.items?.[0]?.contentDetails?.relatedPlaylists?.uploads).toBe(`UU${DEMO.channels.kitchen.slice(2)}`);
    // Unknown names answer 200 with no items, as YouTube does.
    const unknown = await youtube.channels.list({ forUsername: 'nobodyhasthisname', part: parts });
    expect(unknown.status).toBe(200);
    expect(unknown.data.items).toEqual([]);
    expect(standin.stats.quotaUsed - before).toBe(4);
    expect(await apiFailure(youtube.channels.list({ forHandle: '@labnotes', forUsername: 'labnotesvideos', part: parts }))).toEqual({ status: 400, reason: 'incompatibleParameters' });
  });

  it('answers 404 playlistNotFound for unknown and other people\'s private playlists', async () => {
    for (const playlistId of ['PLdoesnotexist', DEMO.playlists.physics]) {
      expect(await apiFailure(youtubeWithKey().playlistItems.list({ playlistId, part: ['snippet'] }))).toEqual({ status: 404, reason: 'playlistNotFound' });
    }
    const byId = await youtubeWithKey().playlists.list({ id: [DEMO.playlists.travel, DEMO.playlists.music, DEMO.playlists.physics], part: ['snippet', 'status', 'contentDetails'] });
    expect(byId.data.items?.map((p) => p.status?.privacyStatus)).toEqual(['public', 'unlisted']);
  });

  it('charges a quota unit per call, invalid ones too, and then answers 403 quotaExceeded', async () => {
    const before = standin.stats.quotaUsed;
    await apiFailure(youtubeWithKey().videos.list({ part: ['snippet'] }));
    expect(standin.stats.quotaUsed).toBe(before + 1);
    standin.knobs.quotaLimit = standin.stats.quotaUsed + 1;
    await youtubeWithKey().videos.list({ id: [DEMO.videos.ok], part: ['id'] });
    expect(await apiFailure(youtubeWithKey().videos.list({ id: [DEMO.videos.ok], part: ['id'] }))).toEqual({ status: 403, reason: 'quotaExceeded' });
  });

  it('checks API keys when told which are valid, and refuses mine=true without OAuth', async () => {
    standin.knobs.validApiKeys = ['the-real-key'];
    expect(await apiFailure(youtubeWithKey().videos.list({ id: [DEMO.videos.ok], part: ['id'] }))).toEqual({ status: 400, reason: 'badRequest' });
    standin.knobs.validApiKeys = [];
    expect((await apiFailure(youtubeWithKey().playlists.list({ mine: true, part: ['snippet'] }))).status).toBe(401);
  });

  it('serves huge synthetic playlists lazily', async () => {
    const started = Date.now();
    const playlistId = synthPlaylistId({ count: 1_000_000, cues: 300, seed: 1 });
    const { data } = await youtubeWithKey().playlistItems.list({ playlistId, part: ['snippet'], maxResults: 50 });
    expect(data.pageInfo?.totalResults).toBe(1_000_000);
    const video = await youtubeWithKey().videos.list({ id: [data.items?.[49]?.snippet?.resourceId?.videoId ?? ''], part: ['contentDetails'] });
    expect(video.data.items?.[0]?.contentDetails?.duration).toMatch(/^PT\d+M\d*S?$|^PT\d+M$/);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('Google OAuth through OAuth2Client', () => {
  it('runs the PKCE code flow and hands out tokens, an id_token and userinfo', async () => {
    const client = oauthClient();
    const { redirect, code, codeVerifier } = await authorise(client, alice!.sub, { state: 'xyz & <more>' });
    expect(redirect.origin + redirect.pathname).toBe(REDIRECT_URI);
    expect(redirect.searchParams.get('state')).toBe('xyz & <more>');
    const { tokens } = await client.getToken({ code, codeVerifier });
    expect(tokens.token_type).toBe('Bearer');
    expect(tokens.refresh_token).toBeTruthy();
    expect(tokens.scope).toContain('https://www.googleapis.com/auth/youtube.readonly');
    const ticket = await client.verifyIdToken({ idToken: tokens.id_token ?? '', audience: CLIENT_ID });
    expect(ticket.getPayload()).toMatchObject({ sub: alice!.sub, email: alice!.email, email_verified: true, name: alice!.name, iss: 'https://accounts.google.com' });

    const userinfo = await fetch(`${standin.url}/oauth2/v3/userinfo`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(await userinfo.json()).toMatchObject({ sub: alice!.sub, email: alice!.email, email_verified: true, given_name: alice!.name.split(' ')[0] });
    expect((await fetch(`${standin.url}/oauth2/v3/userinfo`, { headers: { authorization: 'Bearer nope' } })).status).toBe(401);

    await expect(client.getToken({ code, codeVerifier })).rejects.toMatchObject({ response: { data: { error: 'invalid_grant' } } });
  });

  it('rejects a wrong PKCE verifier and validates the authorization request', async () => {
    const client = oauthClient();
    const { code } = await authorise(client, alice!.sub);
    const other = await client.generateCodeVerifierAsync();
    await expect(client.getToken({ code, codeVerifier: other.codeVerifier })).rejects.toMatchObject({ response: { status: 400, data: { error: 'invalid_grant' } } });

    const noPkce = client.generateAuthUrl({ scope: SCOPES, state: 's' });
    const page = await fetch(noPkce);
    expect(page.status).toBe(400);
    expect(await page.text()).toContain('invalid_request');
    const badRedirect = await fetch(`${standin.url}/o/oauth2/v2/auth?client_id=x&redirect_uri=javascript:alert(1)&response_type=code&scope=openid`);
    expect(await badRedirect.text()).toContain('redirect_uri_mismatch');
  });

  it('redirects back with access_denied when the user cancels', async () => {
    const client = oauthClient();
    const { codeChallenge } = await client.generateCodeVerifierAsync();
    const authUrl = client.generateAuthUrl({ scope: SCOPES, state: 'cancel-me', code_challenge: codeChallenge, code_challenge_method: CodeChallengeMethod.S256 });
    const page = await (await fetch(authUrl)).text();
    expect(page).toContain(alice!.email);
    expect(page).toContain('Cancel');
    const redirect = await submitConsent(authUrl, 'cancel');
    expect(redirect.searchParams.get('error')).toBe('access_denied');
    expect(redirect.searchParams.get('state')).toBe('cancel-me');
    expect(redirect.searchParams.has('code')).toBe(false);
  });

  it('returns a refresh token on first consent or prompt=consent only', async () => {
    const client = oauthClient();
    const account = bob!.sub;
    await fetch(`${standin.url}/__standin/accounts/${account}/revoke`, { method: 'POST' });
    const first = await authorise(client, account);
    expect((await client.getToken({ code: first.code, codeVerifier: first.codeVerifier })).tokens.refresh_token).toBeTruthy();
    const again = await authorise(client, account);
    const second = (await client.getToken({ code: again.code, codeVerifier: again.codeVerifier })).tokens;
    expect(second.refresh_token).toBeFalsy();
    expect(second.access_token).toBeTruthy();
    const forced = await authorise(client, account, { prompt: 'consent' });
    expect((await client.getToken({ code: forced.code, codeVerifier: forced.codeVerifier })).tokens.refresh_token).toBeTruthy();
  });

  it('lists my playlists and pages a 3,000-video private playlist with OAuth', async () => {
    const { client } = await signedInClient(alice!.sub);
    const youtube = google.youtube({ version: 'v3', auth: client, rootUrl: `${standin.url}/` });
    const mine = await youtube.playlists.list({ mine: true, part: ['snippet', 'contentDetails', 'status'], maxResults: 50 });
    expect(mine.data.items?.map((p) => p.id)).toEqual(alice!.playlistIds);
    const big = mine.data.items?.find((p) => p.id === DEMO.playlists.everything);
    expect(big?.contentDetails?.itemCount).toBe(3000);
    expect(big?.status?.privacyStatus).toBe('private');

    const ids: string[] = [];
    let pageToken: string | undefined;
    do {
      const { data } = await youtube.playlistItems.list({ playlistId: DEMO.playlists.everything, part: ['contentDetails'], maxResults: 50, ...(pageToken ? { pageToken } : {}) });
      ids.push(...(data.items ?? []).map((item) => item.contentDetails?.videoId ?? ''));
      pageToken = data.nextPageToken ?? undefined;
    } while (pageToken);
    expect(ids).toHaveLength(3000);
    expect(ids).toContain(DEMO.videos.ok);
    const myChannel = await youtube.channels.list({ mine: true, part: ['id'] });
    expect(myChannel.data.items?.[0]?.id).toBe(alice!.channelId);
  });

  it('tells only the signed-in owner where their likes are, and lists them only to them', async () => {
    const { client } = await signedInClient(alice!.sub);
    const youtube = google.youtube({ version: 'v3', auth: client, rootUrl: `${standin.url}/` });
    const mine = await youtube.channels.list({ mine: true, part: ['contentDetails'] });
    const likes = mine.data.items?.[0]?.contentDetails?.relatedPlaylists?.likes;
    expect(likes).toBe('LL');
    const public_ = await youtubeWithKey().channels.list({ id: [alice!.channelId], part: ['contentDetails'] });
    expect(public_.data.items?.[0]?.contentDetails?.relatedPlaylists?.likes).toBe('');

    const items = await youtube.playlistItems.list({ playlistId: 'LL', part: ['snippet', 'contentDetails', 'status'], maxResults: 50 });
    expect(items.data.items?.map((item) => item.contentDetails?.videoId)).toEqual(alice!.likedVideoIds);
    // Bob's private video stays a placeholder in Alice's likes.
    const privateOne = items.data.items?.find((item) => item.contentDetails?.videoId === DEMO.videos.private);
    expect(privateOne?.snippet?.title).toBe('Private video');
    expect(await apiFailure(youtubeWithKey().playlistItems.list({ playlistId: 'LL', part: ['snippet'] }))).toEqual({ status: 404, reason: 'playlistNotFound' });
  });

  it('pages through my subscriptions, alphabetically when asked, and keeps other people\'s private', async () => {
    const { client } = await signedInClient(alice!.sub);
    const youtube = google.youtube({ version: 'v3', auth: client, rootUrl: `${standin.url}/` });
    const titles: string[] = [];
    const channelIds: string[] = [];
    let pageToken: string | undefined;
    let pages = 0;
    do {
      const { data } = await youtube.subscriptions.list({ mine: true, part: ['snippet', 'contentDetails'], maxResults: 5, order: 'alphabetical', ...(pageToken ? { pageToken } : {}) });
      expect(data.kind).toBe('youtube#subscriptionListResponse');
      expect(data.pageInfo?.totalResults).toBe(alice!.subscribedChannelIds.length);
      for (const item of data.items ?? []) {
        expect(item.kind).toBe('youtube#subscription');
        expect(item.snippet?.resourceId?.kind).toBe('youtube#channel');
        expect(item.snippet?.channelId).toBe(alice!.channelId);
        titles.push(item.snippet?.title ?? '');
        channelIds.push(item.snippet?.resourceId?.channelId ?? '');
      }
      pageToken = data.nextPageToken ?? undefined;
      pages++;
    } while (pageToken);
    expect(pages).toBe(Math.ceil(alice!.subscribedChannelIds.length / 5));
    expect(new Set(channelIds)).toEqual(new Set(alice!.subscribedChannelIds));
    expect(titles).toEqual([...titles].sort((a, b) => a.localeCompare(b)));

    expect(await apiFailure(youtubeWithKey().subscriptions.list({ mine: true, part: ['snippet'] }))).toEqual({ status: 401, reason: 'authorizationRequired' });
    expect(await apiFailure(youtube.subscriptions.list({ channelId: bob!.channelId, part: ['snippet'] }))).toEqual({ status: 403, reason: 'subscriptionForbidden' });
  });

  it('expires access tokens, refreshes them, and ends the grant on revoke', async () => {
    const { client, tokens } = await signedInClient(alice!.sub, { forceRefreshOnFailure: true });
    const youtube = google.youtube({ version: 'v3', auth: client, rootUrl: `${standin.url}/` });
    const bearer = (token: string | null | undefined) => fetch(`${standin.url}/youtube/v3/playlists?part=id&mine=true`, { headers: { authorization: `Bearer ${token}` } });

    standin.knobs.clockOffsetMs = 2 * 3600_000;
    const expired = await bearer(tokens.access_token);
    expect(expired.status).toBe(401);
    expect(await expired.json()).toMatchObject({ error: { code: 401, errors: [{ reason: 'authError' }] } });
    // OAuth2Client refreshes on the 401 and retries, so the call still succeeds.
    const retried = await youtube.playlists.list({ mine: true, part: ['id'] });
    expect(retried.data.items).toHaveLength(alice!.playlistIds.length);
    expect(client.credentials.access_token).not.toBe(tokens.access_token);
    const refreshed = await client.refreshAccessToken();
    expect(refreshed.credentials.access_token).toBeTruthy();

    await client.revokeToken(tokens.refresh_token ?? '');
    expect((await bearer(refreshed.credentials.access_token)).status).toBe(401);
    await expect(client.refreshAccessToken()).rejects.toMatchObject({ response: { data: { error: 'invalid_grant' } } });
  });

  it('lets an admin revoke every grant of an account, and honours accessTokenTtlSeconds', async () => {
    standin.knobs.accessTokenTtlSeconds = 60;
    const { client, tokens } = await signedInClient(bob!.sub);
    expect(tokens.expiry_date).toBeLessThanOrEqual(Date.now() + 60_000);
    const revoked = await (await fetch(`${standin.url}/__standin/accounts/${bob!.sub}/revoke`, { method: 'POST' })).json();
    expect(revoked.revokedGrants).toBeGreaterThanOrEqual(1);
    await expect(client.refreshAccessToken()).rejects.toMatchObject({ response: { status: 400, data: { error: 'invalid_grant' } } });
  });
});

describe('transcripts through youtube-transcript', () => {
  it('reads srv3 captions (milliseconds) through the innertube player', async () => {
    const before = { player: standin.stats.requests.player, watch: standin.stats.requests.watch };
    const cues = await fetchTranscript(DEMO.videos.ok, { fetch: webFetch });
    expect(standin.stats.requests.player).toBe(before.player + 1);
    expect(standin.stats.requests.watch).toBe(before.watch);
    const phrase = cues.find((cue) => cue.text === DEMO.phrases.paprika.text);
    expect(phrase?.offset).toBe(DEMO.phrases.paprika.startMs);
    expect(cues.every((cue) => Number.isInteger(cue.offset) && Number.isInteger(cue.duration))).toBe(true);
    expect(cues).toHaveLength(120);
    expect(cues.map((cue) => cue.text).join(' ').split(' ').length).toBeGreaterThan(600);
  });

  it('falls back to the watch page and classic XML (seconds) when innertube refuses', async () => {
    const cues = await fetchTranscript(DEMO.videos.classicXmlOnly, { fetch: webFetch });
    expect(standin.stats.requests.watch).toBe(1);
    const phrase = cues.find((cue) => cue.offset === DEMO.phrases.dough.startMs / 1000);
    expect(phrase?.text).toBe(DEMO.phrases.dough.text);
    expect(cues.some((cue) => !Number.isInteger(cue.offset))).toBe(true);

    standin.knobs.innertubeFailure = true;
    const viaWatchPage = await fetchTranscript(DEMO.videos.ok, { fetch: webFetch });
    expect(viaWatchPage.find((cue) => cue.text === DEMO.phrases.paprika.text)?.offset).toBe(DEMO.phrases.paprika.startMs / 1000);
  });

  it('keeps phrases that straddle two cues, accents, and other languages', async () => {
    const cues = await fetchTranscript(DEMO.straddlingPhrase.videoId, { fetch: webFetch });
    const first = cues.findIndex((cue) => cue.text === DEMO.straddlingPhrase.cueTexts[0]);
    expect(cues[first]?.offset).toBe(DEMO.straddlingPhrase.startMs);
    expect(cues[first + 1]?.text).toBe(DEMO.straddlingPhrase.cueTexts[1]);
    expect(cues[first + 1]?.offset).toBe(DEMO.straddlingPhrase.secondCueStartMs);

    for (const key of ['cafe', 'naive', 'running', 'german', 'polish'] as const) {
      const phrase = DEMO.phrases[key];
      const transcript = await fetchTranscript(phrase.videoId, { fetch: webFetch });
      expect(transcript.find((cue) => cue.offset === phrase.startMs)?.text).toBe(phrase.text);
      expect(transcript[0]?.lang).toBe(phrase.lang);
    }

    const french = await fetchTranscript(DEMO.videos.multiLanguage, { fetch: webFetch, lang: 'fr' });
    expect(french[0]?.lang).toBe('fr');
    expect(french.map((cue) => cue.text).join(' ')).toMatch(/\b(le|la|un|une|des)\b/);
    expect(french.map((cue) => cue.text).join(' ')).not.toMatch(/\bthe\b/);
  });

  it('throws the library\'s error class for every failure state', async () => {
    await expect(fetchTranscript(DEMO.videos.transcriptsDisabled, { fetch: webFetch })).rejects.toBeInstanceOf(YoutubeTranscriptDisabledError);
    await expect(fetchTranscript(DEMO.videos.unavailable, { fetch: webFetch })).rejects.toBeInstanceOf(YoutubeTranscriptVideoUnavailableError);
    await expect(fetchTranscript(DEMO.videos.deleted, { fetch: webFetch })).rejects.toBeInstanceOf(YoutubeTranscriptVideoUnavailableError);
    for (const key of ['ageRestricted', 'membersOnly', 'botCheck', 'private'] as const) {
      await expect(fetchTranscript(DEMO.videos[key], { fetch: webFetch })).rejects.toBeInstanceOf(YoutubeTranscriptDisabledError);
    }
    await expect(fetchTranscript(DEMO.videos.ok, { fetch: webFetch, lang: 'pl' })).rejects.toBeInstanceOf(YoutubeTranscriptNotAvailableLanguageError);
    expect(await fetchTranscript(DEMO.videos.emptyCaptions, { fetch: webFetch })).toEqual([]);

    standin.knobs.blockedUntil = Date.now() + 60_000;
    await expect(fetchTranscript(DEMO.videos.ok, { fetch: webFetch })).rejects.toBeInstanceOf(YoutubeTranscriptTooManyRequestError);
  });

  it('answers the innertube states a client can classify', async () => {
    const player = async (videoId: string) => {
      const res = await webFetch('https://www.youtube.com/youtubei/v1/player?prettyPrint=false', {
        method: 'POST',
        body: JSON.stringify({ context: { client: { clientName: 'ANDROID', clientVersion: '20.10.38' } }, videoId }),
      });
      return (await res.json()) as { playabilityStatus: { status: string; reason?: string }; captions?: { playerCaptionsTracklistRenderer: { captionTracks: Array<{ baseUrl: string; kind?: string; vssId: string }> } } };
    };
    expect((await player(DEMO.videos.botCheck)).playabilityStatus).toMatchObject({ status: 'LOGIN_REQUIRED', reason: expect.stringMatching(/not a bot/) });
    expect((await player(DEMO.videos.ageRestricted)).playabilityStatus).toMatchObject({ status: 'LOGIN_REQUIRED', reason: 'This video may be inappropriate for some users.' });
    expect((await player(DEMO.videos.deleted)).playabilityStatus).toEqual({ status: 'ERROR', reason: 'This video is unavailable' });
    expect((await player(DEMO.videos.membersOnly)).playabilityStatus.status).toBe('UNPLAYABLE');
    const disabled = await player(DEMO.videos.transcriptsDisabled);
    expect(disabled.playabilityStatus.status).toBe('OK');
    expect(disabled.captions).toBeUndefined();
    const tracks = (await player(DEMO.videos.multiLanguage)).captions?.playerCaptionsTracklistRenderer.captionTracks ?? [];
    expect(tracks.map((track) => track.vssId)).toEqual(['.en', '.de', '.fr', '.es', '.pl', 'a.en']);
    expect(tracks.every((track) => new URL(track.baseUrl).hostname === 'www.youtube.com' && track.baseUrl.includes('fmt=srv3'))).toBe(true);
    expect(tracks.at(-1)?.baseUrl).toContain('&kind=asr');
    expect((await player(DEMO.videos.emptyCaptions)).captions?.playerCaptionsTracklistRenderer.captionTracks[0]?.baseUrl).toContain('exp=xpe');
  });

  it('makes auto-generated tracks overlap and repeat, and translates with tlang', async () => {
    const asr = await fetchTranscript(DEMO.videos.autoOnly, { fetch: webFetch });
    expect(asr.length).toBeGreaterThan(20);
    const overlapping = asr.slice(1).filter((cue, i) => cue.offset < (asr[i]?.offset ?? 0) + (asr[i]?.duration ?? 0));
    expect(overlapping.length).toBe(asr.length - 1);
    const repeats = asr.slice(1).filter((cue, i) => cue.text.split(' ')[0] === asr[i]?.text.split(' ').at(-2));
    expect(repeats.length).toBe(asr.length - 1);
    expect(asr.map((cue) => cue.text).join(' ')).toBe(asr.map((cue) => cue.text).join(' ').toLowerCase());

    const german = await (await fetch(`${standin.url}/api/timedtext?v=${DEMO.videos.ok}&lang=en&tlang=de&fmt=srv3`)).text();
    expect(german).toMatch(/\b(der|die|das|ein|eine)\b/);
  });

  it('serves a consent wall without the CONSENT cookie and a recaptcha page while blocked', async () => {
    standin.knobs.consentWall = true;
    const wall = await (await fetch(`${standin.url}/watch?v=${DEMO.videos.ok}`)).text();
    expect(wall).toContain('action="https://consent.youtube.com/s"');
    expect(wall).not.toContain('ytInitialPlayerResponse');
    const page = await (await fetch(`${standin.url}/watch?v=${DEMO.videos.ok}`, { headers: { cookie: 'CONSENT=YES+cb' } })).text();
    expect(page).toContain('var ytInitialPlayerResponse = {');

    standin.knobs.blockedUntil = Date.now() + 60_000;
    const blocked = await fetch(`${standin.url}/watch?v=${DEMO.videos.ok}`);
    expect(blocked.status).toBe(429);
    expect(await blocked.text()).toContain('class="g-recaptcha"');
    expect((await fetch(`${standin.url}/api/timedtext?v=${DEMO.videos.ok}&lang=en`)).status).toBe(429);
  });

  it('accepts SOCS=CAI as consent, and can show the consent wall even to a consenting client', async () => {
    standin.knobs.consentWall = true;
    const watch = (cookie: string) => fetch(`${standin.url}/watch?v=${DEMO.videos.ok}`, { headers: { cookie } }).then((res) => res.text());
    expect(await watch('SOCS=CAI')).toContain('var ytInitialPlayerResponse = {');
    standin.knobs.consentWall = 'always';
    expect(await watch('SOCS=CAI; CONSENT=YES+cb')).toContain('action="https://consent.youtube.com/s"');
  });

  it('transcribes every video of a synthetic playlist with about the asked number of cues', async () => {
    const playlistId = synthPlaylistId({ count: 10, cues: 300, seed: 5 });
    const { data } = await youtubeWithKey().playlistItems.list({ playlistId, part: ['contentDetails'], maxResults: 10 });
    const cues = await fetchTranscript(data.items?.[7]?.contentDetails?.videoId ?? '', { fetch: webFetch });
    expect(cues).toHaveLength(300);
  });
});

describe('what YouTube does to servers (knobs)', () => {
  type PlayerAnswer = { playabilityStatus: { status: string; reason?: string }; captions?: { playerCaptionsTracklistRenderer: { captionTracks: Array<{ baseUrl: string }> } } };
  const player = async (videoId: string, client: Record<string, string> = { clientName: 'ANDROID', clientVersion: '20.10.38' }, headers: Record<string, string> = {}) => {
    const res = await webFetch('https://www.youtube.com/youtubei/v1/player?prettyPrint=false', {
      method: 'POST', headers, body: JSON.stringify({ context: { client }, videoId }),
    });
    return { status: res.status, body: (await res.json()) as PlayerAnswer };
  };
  /** The player requests youtube-transcript made, and what the watch page answered. */
  function watching(): { fetch: typeof fetch; playerStatuses: string[] } {
    const seen = { playerStatuses: [] as string[] };
    return {
      ...seen,
      fetch: async (input, init) => {
        const res = await webFetch(input, init);
        if (String(input).includes('/youtubei/v1/player')) seen.playerStatuses.push(((await res.clone().json()) as PlayerAnswer).playabilityStatus.status);
        return res;
      },
    };
  }

  it('cloud IP mode: the player API asks for a bot check, the watch page plays without captions, and youtube-transcript says "disabled"', async () => {
    standin.knobs.cloudIpClients = ['*'];
    const answer = await player(DEMO.videos.ok);
    expect(answer.body.playabilityStatus).toMatchObject({ status: 'LOGIN_REQUIRED', reason: 'Sign in to confirm you’re not a bot' });
    const page = await (await fetch(`${standin.url}/watch?v=${DEMO.videos.ok}`)).text();
    expect(page).toContain('"playabilityStatus":{"status":"OK"');
    expect(page).not.toContain('captionTracks');
    const seen = watching();
    await expect(fetchTranscript(DEMO.videos.ok, { fetch: seen.fetch })).rejects.toBeInstanceOf(YoutubeTranscriptDisabledError);
    expect(seen.playerStatuses).toEqual(['LOGIN_REQUIRED']);

    // Per client: only ANDROID is treated as a bot, so the watch page still has the captions.
    standin.knobs.cloudIpClients = ['ANDROID'];
    expect((await player(DEMO.videos.ok, { clientName: 'IOS', clientVersion: '20.10.4' })).body.captions).toBeDefined();
    const viaWatchPage = await fetchTranscript(DEMO.videos.ok, { fetch: webFetch });
    expect(viaWatchPage.find((cue) => cue.text === DEMO.phrases.paprika.text)?.offset).toBe(DEMO.phrases.paprika.startMs / 1000);
  });

  it('a decayed client answers OK without captions, and an old client version is refused', async () => {
    standin.knobs.captionlessClients = ['ANDROID'];
    const stripped = await player(DEMO.videos.ok);
    expect(stripped.body.playabilityStatus.status).toBe('OK');
    expect(stripped.body.captions).toBeUndefined();

    standin.knobs.captionlessClients = [];
    standin.knobs.minClientVersions = { ANDROID: '21.0.0' };
    const refused = await player(DEMO.videos.ok);
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error: { status: 'FAILED_PRECONDITION' } });
    expect((await player(DEMO.videos.ok, { clientName: 'ANDROID', clientVersion: '21.03.36' })).status).toBe(200);
    // youtube-transcript's own ANDROID 20.10.38 is refused and falls back to the watch page.
    await fetchTranscript(DEMO.videos.ok, { fetch: webFetch });
    expect(standin.stats.requests.watch).toBe(1);
  });

  it('localises reasons unless English is asked for', async () => {
    standin.knobs.localLanguage = 'de';
    expect((await player(DEMO.videos.botCheck)).body.playabilityStatus.reason).toBe('Melde dich an, um zu bestätigen, dass du kein Bot bist');
    expect((await player(DEMO.videos.deleted)).body.playabilityStatus.reason).toBe('Dieses Video ist nicht verfügbar');
    const english = { clientName: 'ANDROID', clientVersion: '20.10.38', hl: 'en' };
    expect((await player(DEMO.videos.botCheck, english)).body.playabilityStatus.reason).toBe('Sign in to confirm you’re not a bot');
    expect((await player(DEMO.videos.ageRestricted, undefined, { 'Accept-Language': 'en-US' })).body.playabilityStatus.reason).toBe('This video may be inappropriate for some users.');
    const german = await (await fetch(`${standin.url}/watch?v=${DEMO.videos.botCheck}`)).text();
    expect(german).toContain('kein Bot');
    expect(await (await fetch(`${standin.url}/watch?v=${DEMO.videos.botCheck}&hl=en`)).text()).toContain('not a bot');
  });

  it('hands out exp=xpv caption URLs that answer an empty 200 without a proof-of-origin token', async () => {
    standin.knobs.poTokenClients = ['ANDROID'];
    const baseUrl = (await player(DEMO.videos.ok)).body.captions?.playerCaptionsTracklistRenderer.captionTracks[0]?.baseUrl ?? '';
    expect(new URL(baseUrl).searchParams.get('exp')).toBe('xpv');
    expect(await fetchTranscript(DEMO.videos.ok, { fetch: webFetch })).toEqual([]);
    expect(await (await webFetch(`${baseUrl}&pot=token`)).text()).toContain('<timedtext');
    expect((await player(DEMO.videos.ok, { clientName: 'IOS', clientVersion: '20.10.4' })).body.captions?.playerCaptionsTracklistRenderer.captionTracks[0]?.baseUrl).not.toContain('exp=');
  });

});

describe('createYoutubeWebFetch', () => {
  it('times out slow requests and respects the caller\'s signal', async () => {
    standin.knobs.latencyMs.watch = 400;
    const impatient = createYoutubeWebFetch({ webUrl: standin.url, timeoutMs: 100 });
    await expect(impatient(`https://www.youtube.com/watch?v=${DEMO.videos.ok}`)).rejects.toMatchObject({ name: 'TimeoutError' });
    const controller = new AbortController();
    const pending = webFetch(`https://youtube.com/watch?v=${DEMO.videos.ok}`, { signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('sends every request of a fetch through its one proxy, which the stand-in tells apart by its exit', async () => {
    const [proxy] = await startExitProxies(1);
    try {
      const proxied = createYoutubeWebFetch({ webUrl: standin.url, timeoutMs: 5000, proxyUrl: proxy!.url });
      const cues = await fetchTranscript(DEMO.videos.ok, { fetch: proxied });
      expect(cues).toHaveLength(120);
      // The player API and the caption file, both from the proxy's own address, none from ours.
      expect(standin.stats.requestTimesByExit[proxy!.exit]).toHaveLength(2);
      expect(standin.stats.requestTimesByExit['127.0.0.1']).toBeUndefined();
    } finally {
      await proxy!.close();
    }
  });
});

describe('oEmbed and thumbnails', () => {
  const oembed = (url: string) => fetch(`${standin.url}/oembed?url=${encodeURIComponent(url)}&format=json`);

  it('answers oEmbed per state', async () => {
    const ok = await oembed(`https://www.youtube.com/watch?v=${DEMO.videos.ok}`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ type: 'video', version: '1.0', provider_name: 'YouTube', author_name: 'Curious Kitchen', thumbnail_width: 480, thumbnail_height: 360 });
    const rock = await (await oembed(`https://youtu.be/${DEMO.videos.rockAndRoll}`)).json();
    expect(rock.html).toContain('title="Rock &amp; roll: the &quot;real&quot; story of &lt;the&gt; blues"');
    const statuses = await Promise.all(
      [DEMO.videos.deleted, DEMO.videos.unavailable, 'Zzzzzzzzzzz', DEMO.videos.private, DEMO.videos.embeddingDisabled, 'short']
        .map(async (id) => (await oembed(`https://www.youtube.com/watch?v=${id}`)).status),
    );
    expect(statuses).toEqual([404, 404, 404, 403, 401, 400]);
  });

  it('serves real JPEGs at the real sizes, placeholders, missing maxres and broken ones', async () => {
    const sizes = { default: [120, 90], mqdefault: [320, 180], hqdefault: [480, 360], sddefault: [640, 480], maxresdefault: [1280, 720] };
    for (const [name, [width, height]] of Object.entries(sizes)) {
      const res = await fetch(`${standin.url}/vi/${DEMO.videos.ok}/${name}.jpg`);
      expect(res.headers.get('content-type')).toBe('image/jpeg');
      expect(jpegSize(new Uint8Array(await res.arrayBuffer()))).toEqual({ width, height });
    }
    const placeholder = await fetch(`${standin.url}/vi/${DEMO.videos.placeholderThumbnail}/maxresdefault.jpg`);
    expect(placeholder.status).toBe(200);
    expect(jpegSize(new Uint8Array(await placeholder.arrayBuffer()))).toEqual({ width: 120, height: 90 });
    expect((await fetch(`${standin.url}/vi/${DEMO.videos.noMaxres}/maxresdefault.jpg`)).status).toBe(404);
    expect((await fetch(`${standin.url}/vi/${DEMO.videos.noMaxres}/sddefault.jpg`)).status).toBe(200);
    expect((await fetch(`${standin.url}/vi/${DEMO.videos.brokenThumbnail}/hqdefault.jpg`)).status).toBe(500);
    const html = await fetch(`${standin.url}/vi/${DEMO.videos.brokenThumbnailHtml}/hqdefault.jpg`);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toContain('text/html');
  });
});

describe('knobs and stats', () => {
  it('paints each size and colour once, however many videos share it', async () => {
    // Painting and encoding a 1280×720 JPEG in pure JS takes tens of milliseconds of the one event
    // loop the demo's web server, worker and stand-in share: one per video made \`npm start\` crawl for
    // minutes while 4,400 thumbnails were checked.
    const before = encodedThumbnails();
    const ids = Array.from({ length: 40 }, (_, i) => synthVideoId(71, 30, i));
    for (const id of ids) expect((await fetch(`${standin.url}/vi/${id}/mqdefault.jpg`)).status).toBe(200);
    expect(encodedThumbnails() - before).toBeLessThanOrEqual(THUMBNAIL_COLOURS);
  });

  it('adds latency without blocking other requests', async () => {
    standin.knobs.latencyMs.oembed = 400;
    const started = Date.now();
    const slow = oembedStatus();
    const fast = await fetch(`${standin.url}/vi/${DEMO.videos.ok}/default.jpg`);
    const fastDone = Date.now() - started;
    expect(fast.status).toBe(200);
    expect(await slow).toBe(200);
    expect(fastDone).toBeLessThan(300);
    expect(Date.now() - started).toBeGreaterThanOrEqual(395);
  });

  it('injects seeded, replayable failures', async () => {
    const run = async () => {
      await fetch(`${standin.url}/__standin/knobs`, { method: 'POST', body: JSON.stringify({ errorRate: { oembed: 0.5 }, randomSeed: 42 }) });
      const statuses: number[] = [];
      for (let i = 0; i < 30; i++) statuses.push(await oembedStatus());
      return statuses;
    };
    const first = await run();
    expect(first.filter((status) => status >= 500).length).toBeGreaterThan(5);
    expect(first.filter((status) => status === 200).length).toBeGreaterThan(5);
    expect(new Set(first.filter((status) => status >= 500))).toEqual(new Set([500, 503]));
    expect(await run()).toEqual(first);
    standin.knobs.errorRate.oembed = 1;
    expect(await oembedStatus()).toBeGreaterThanOrEqual(500);
  });

  it('takes knobs over HTTP and resets them', async () => {
    const patched = await fetch(`${standin.url}/__standin/knobs`, { method: 'POST', body: JSON.stringify({ latencyMs: { captions: 5 }, quotaLimit: 7 }) });
    expect(await patched.json()).toMatchObject({ latencyMs: { captions: 5, player: 0 }, quotaLimit: 7 });
    expect(standin.knobs.latencyMs.captions).toBe(5);
    expect((await fetch(`${standin.url}/__standin/knobs`, { method: 'POST', body: JSON.stringify({ nonsense: 1 }) })).status).toBe(400);
    await fetch(`${standin.url}/__standin/reset`, { method: 'POST' });
    expect(await (await fetch(`${standin.url}/__standin/knobs`)).json()).toMatchObject({ latencyMs: { captions: 0 }, quotaLimit: 10_000 });
  });

  it('counts requests per second and rate-limits above rateLimitPerSecond', async () => {
    await Promise.all(Array.from({ length: 6 }, () => fetch(`${standin.url}/api/timedtext?v=${DEMO.videos.ok}&lang=en`)));
    expect(standin.stats.requests.captions).toBe(6);
    expect(busiestSecond(standin.stats.requestTimes.captions)).toBe(6);
    const stats = await (await fetch(`${standin.url}/__standin/stats`)).json();
    expect(stats.busiestSecond.captions).toBe(6);

    standin.knobs.rateLimitPerSecond = 3;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const statuses = await Promise.all(Array.from({ length: 6 }, async () => (await fetch(`${standin.url}/api/timedtext?v=${DEMO.videos.ok}&lang=en`)).status));
    expect(statuses.filter((status) => status === 429)).toHaveLength(3);
    expect(standin.stats.rateLimited).toBe(3);
  });

  it('limits and blocks per exit: one flagged proxy gets the bot check while another goes on', async () => {
    const [flagged, clean] = await startExitProxies(2);
    try {
      const through = (proxy: typeof flagged) => createYoutubeWebFetch({ webUrl: standin.url, timeoutMs: 5000, proxyUrl: proxy!.url });
      standin.knobs.blockedExits = [flagged!.exit];
      const player = await through(flagged)('https://www.youtube.com/youtubei/v1/player?prettyPrint=false', {
        method: 'POST', body: JSON.stringify({ context: { client: { clientName: 'ANDROID', clientVersion: '20.10.38' } }, videoId: DEMO.videos.ok }),
      });
      expect(await player.json()).toMatchObject({ playabilityStatus: { status: 'LOGIN_REQUIRED', reason: 'Sign in to confirm you’re not a bot' } });
      const watch = await through(flagged)(`https://www.youtube.com/watch?v=${DEMO.videos.ok}`);
      expect(watch.status).toBe(429);
      expect(await watch.text()).toContain('class="g-recaptcha"');
      await expect(fetchTranscript(DEMO.videos.ok, { fetch: through(clean) })).resolves.toHaveLength(120);

      // YouTube counts requests per IP: three a second from each exit, not from all of them together.
      standin.knobs.blockedExits = [];
      standin.knobs.rateLimitPerSecond = 3;
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const caption = (proxy: typeof flagged) => through(proxy)(`https://www.youtube.com/api/timedtext?v=${DEMO.videos.ok}&lang=en`).then((r) => r.status);
      const statuses = await Promise.all([flagged, clean].flatMap((proxy) => [1, 2, 3].map(() => caption(proxy))));
      expect(statuses).toEqual([200, 200, 200, 200, 200, 200]);
      expect(await caption(clean)).toBe(429);
      const stats = await (await fetch(`${standin.url}/__standin/stats`)).json();
      expect(stats.busiestSecond.byExit).toMatchObject({ [flagged!.exit]: 3, [clean!.exit]: 4 });
    } finally {
      await Promise.all([flagged!.close(), clean!.close()]);
    }
  });
});

async function oembedStatus(): Promise<number> {
  const res = await fetch(`${standin.url}/oembed?url=${encodeURIComponent(`https://www.youtube.com/watch?v=${DEMO.videos.ok}`)}&format=json`);
  await res.arrayBuffer();
  return res.status;
}
