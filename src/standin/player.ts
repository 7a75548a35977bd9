import { Hono } from 'hono';
import { html, raw } from 'hono/html';
import { z } from 'zod';
import { captionTracks, translationLanguages, type PlayerClient } from './captions.ts';
import { findChannel, findVideo, VIDEO_ID } from './catalog.ts';
import { isBlocked, originOf, statsMoment, type StandinContext } from './context.ts';
import type { VideoSpec } from './model.ts';
import { answerLanguage, REASONS, type AnswerLanguage } from './localised.ts';
import { hexFromKey } from './random.ts';
import { spokenDurationSeconds } from './transcript.ts';
import { countsAt } from './view-growth.ts';

// The innertube player endpoint and the watch page. youtube-transcript 1.3.1 asks the
// player first and silently falls back to the watch page on any failure; only the watch
// page decides which error it throws: recaptcha → TooManyRequest, no "playabilityStatus"
// → VideoUnavailable, no caption tracks → Disabled.

const innertubeRequestSchema = z.object({
  context: z.object({ client: z.object({ clientName: z.string().min(1), clientVersion: z.string().min(1), hl: z.string().optional() }) }),
  videoId: z.string(),
});

/** Who asked, and what the knobs make YouTube do to that client. */
export interface PlayerAsker {
  /** innertube clientName, or 'WEB' for the watch page. */
  readonly clientName: string;
  readonly language: AnswerLanguage;
}

/** Whether a knob's client list names this client ('*' names all). */
export function listsClient(list: ReadonlyArray<string>, clientName: string): boolean {
  return list.some((entry) => entry === '*' || entry.toUpperCase() === clientName.toUpperCase());
}

/** Dotted versions compared part by part as numbers: 20.10.38 < 21.0.0. */
function olderThan(version: string, minimum: string): boolean {
  const a = version.split('.').map(Number);
  const b = minimum.split('.').map(Number);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x < y;
  }
  return false;
}

function playabilityStatus(video: VideoSpec | undefined, botCheck: boolean, language: AnswerLanguage): Record<string, unknown> {
  if (botCheck || video?.playability === 'botCheck') {
    return { status: 'LOGIN_REQUIRED', reason: REASONS.botCheck[language], messages: [REASONS.botCheckMessage[language]] };
  }
  switch (video?.playability) {
    case undefined:
    case 'deleted':
    case 'unavailable':
      return { status: 'ERROR', reason: REASONS.unavailable[language] };
    case 'private':
      return { status: 'LOGIN_REQUIRED', reason: REASONS.private[language], messages: [REASONS.privateMessage[language]] };
    case 'ageRestricted':
      return { status: 'LOGIN_REQUIRED', reason: REASONS.ageRestricted[language], messages: [REASONS.ageMessage[language]] };
    case 'membersOnly':
      return { status: 'UNPLAYABLE', reason: REASONS.membersOnly[language] };
    case 'ok':
      return { status: 'OK', playableInEmbed: video.embeddable, contextParams: 'Q0FFU0FnZ0M=' };
  }
}

/** The player response: the same shape for innertube (android) and ytInitialPlayerResponse (web). */
export function playerResponse(videoId: string, ctx: StandinContext, asker: PlayerAsker, origin: string): Record<string, unknown> {
  const video = findVideo(videoId);
  const client: PlayerClient = asker.clientName === 'WEB' ? 'web' : 'android';
  const blocked = isBlocked(ctx);
  // A cloud IP meets the bot check on the player API, but the watch page plays on without captions.
  const cloudIp = listsClient(ctx.knobs.cloudIpClients, asker.clientName);
  const status = playabilityStatus(video, blocked || (cloudIp && client === 'android'), asker.language);
  const response: Record<string, unknown> = {
    responseContext: { visitorData: `Cgt${hexFromKey(`visitor:${videoId}`, 16)}`, serviceTrackingParams: [] },
    playabilityStatus: status,
  };
  // Only videos a viewer could watch (perhaps after signing in or joining) reveal their details.
  const watchable = video?.playability === 'ok' || video?.playability === 'ageRestricted' || video?.playability === 'membersOnly';
  if (!video || !watchable || blocked) return response;
  const channelTitle = findChannel(video.channelId)?.title ?? '';
  const lengthSeconds = String(spokenDurationSeconds(video.seed, video.cueCount));
  const stripped = cloudIp || listsClient(ctx.knobs.captionlessClients, asker.clientName);
  if (status['status'] === 'OK' && video.tracks.length > 0 && !stripped) {
    const poToken = video.captionsNeedPoToken ? 'xpe' : listsClient(ctx.knobs.poTokenClients, asker.clientName) ? 'xpv' : undefined;
    const tracks = captionTracks(video, client, ctx.now(), poToken);
    response['captions'] = {
      playerCaptionsTracklistRenderer: {
        captionTracks: tracks,
        audioTracks: [{ captionTrackIndices: tracks.map((_, i) => i) }],
        translationLanguages: translationLanguages(client),
        defaultAudioTrackIndex: 0,
      },
    };
  }
  response['videoDetails'] = {
    videoId: video.id,
    title: video.title,
    lengthSeconds,
    channelId: video.channelId,
    isOwnerViewing: false,
    shortDescription: video.description,
    isCrawlable: true,
    thumbnail: {
      thumbnails: [
        { url: `${origin}/vi/${video.id}/default.jpg`, width: 120, height: 90 },
        { url: `${origin}/vi/${video.id}/mqdefault.jpg`, width: 320, height: 180 },
        { url: `${origin}/vi/${video.id}/hqdefault.jpg`, width: 480, height: 360 },
      ],
    },
    allowRatings: true,
    viewCount: String(countsAt(video, statsMoment(ctx)).views),
    author: channelTitle,
    isPrivate: false,
    isUnpluggedCorpus: false,
    isLiveContent: false,
  };
  if (client === 'web') {
    response['microformat'] = {
      playerMicroformatRenderer: {
        title: { simpleText: video.title },
        description: { simpleText: video.description },
        lengthSeconds,
        ownerChannelName: channelTitle,
        externalChannelId: video.channelId,
        isFamilySafe: video.playability !== 'ageRestricted',
        isUnlisted: false,
        category: 'Education',
        publishDate: video.publishedAt,
        uploadDate: video.publishedAt,
      },
    };
  }
  return response;
}

export function playerRoutes(ctx: StandinContext): Hono {
  return new Hono().post('/youtubei/v1/player', async (c) => {
    const parsed = innertubeRequestSchema.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) {
      return c.json({ error: { code: 400, message: 'Request contains an invalid argument.', status: 'INVALID_ARGUMENT' } }, 400);
    }
    const { videoId, context } = parsed.data;
    const { clientName, clientVersion, hl } = context.client;
    const minimum = Object.entries(ctx.knobs.minClientVersions).find(([name]) => name.toUpperCase() === clientName.toUpperCase())?.[1];
    // A retired client version gets FAILED_PRECONDITION; youtube-transcript then uses the watch page.
    if (ctx.knobs.innertubeFailure || findVideo(videoId)?.innertubeRejects || (minimum !== undefined && olderThan(clientVersion, minimum))) {
      const message = 'Precondition check failed.';
      return c.json({ error: { code: 400, message, errors: [{ message, domain: 'global', reason: 'failedPrecondition' }], status: 'FAILED_PRECONDITION' } }, 400);
    }
    const language = answerLanguage(ctx.knobs.localLanguage, hl, c.req.header('accept-language'));
    return c.json(playerResponse(videoId, ctx, { clientName, language }, originOf(c.req.url)));
  });
}

export function watchRoutes(ctx: StandinContext): Hono {
  return new Hono().get('/watch', (c) => {
    const videoId = c.req.query('v') ?? '';
    if (isBlocked(ctx)) return c.html(recaptchaPage(c.req.url), 429);
    const language = answerLanguage(ctx.knobs.localLanguage, c.req.query('hl'), c.req.header('accept-language'));
    const consented = /(?:^|;\s*)(?:SOCS=CAI|CONSENT=YES\+)/.test(c.req.header('cookie') ?? '');
    if (ctx.knobs.consentWall === 'always' || (ctx.knobs.consentWall && !consented)) {
      return c.html(consentPage(videoId, language));
    }
    const video = findVideo(videoId);
    if (!VIDEO_ID.test(videoId) || !video || video.playability === 'deleted' || video.playability === 'unavailable') {
      return c.html(unavailablePage());
    }
    return c.html(watchPage(video, playerResponse(videoId, ctx, { clientName: 'WEB', language }, originOf(c.req.url)), language));
  });
}

/** JSON inside a <script>: "<" must never appear raw, or "</script>" in a title would end it. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

function watchPage(video: VideoSpec, response: Record<string, unknown>, language: AnswerLanguage) {
  const nonce = hexFromKey(`nonce:${video.id}`, 22);
  return html`<!DOCTYPE html><html style="font-size: 10px;font-family: Roboto, Arial, sans-serif;" lang="${language}" system-icons typography typography-spacing><head><meta http-equiv="origin-trial" content=""><title>${video.title} - YouTube</title><meta name="title" content="${video.title}"><meta name="description" content="${video.description}"><meta property="og:site_name" content="YouTube"><meta property="og:url" content="https://www.youtube.com/watch?v=${video.id}"><meta property="og:title" content="${video.title}"><meta property="og:type" content="video.other"><link rel="canonical" href="https://www.youtube.com/watch?v=${video.id}"></head><body dir="ltr" no-y-overflow><div id="player" class="skeleton flexy"></div><script nonce="${nonce}">var ytInitialPlayerResponse = ${raw(scriptJson(response))};var meta = document.createElement('meta'); meta.name = 'referrer'; meta.content = 'origin-when-cross-origin'; document.getElementsByTagName('head')[0].appendChild(meta);</script><script nonce="${nonce}">var ytInitialData = ${raw(scriptJson({ responseContext: response['responseContext'], currentVideoEndpoint: { watchEndpoint: { videoId: video.id } } }))};</script><ytd-app></ytd-app></body></html>`;
}

/** YouTube's page for a removed or unknown video carries no player response at all. */
function unavailablePage() {
  return html`<!DOCTYPE html><html lang="en"><head><title>YouTube</title></head><body><div id="player"><div class="ytp-error"><div class="ytp-error-content-wrap-reason"><span>Video unavailable</span></div><div class="ytp-error-content-wrap-subreason"><span>This video isn't available anymore</span></div></div></div></body></html>`;
}

export function recaptchaPage(url: string) {
  return html`<html><head><meta http-equiv="content-type" content="text/html; charset=utf-8"><meta name="viewport" content="initial-scale=1"><title>${url}</title></head><body style="font-family: arial, sans-serif; background-color: #fff; color: #000; padding:20px; font-size:18px; overscroll-behavior:contain;"><div style="max-width:400px;"><hr noshade size="1" style="color:#ccc; background-color:#ccc;"><br><form id="captcha-form" action="index" method="post"><script src="https://www.google.com/recaptcha/api.js" async defer></script><script>var submitCallback = function(response) {document.getElementById('captcha-form').submit();};</script><div id="recaptcha" class="g-recaptcha" data-sitekey="6LfwuyUTAAAAAOAmoS0fdqijC2PbbdH4kjq62Y1b" data-callback="submitCallback" data-s="stand-in"></div><input type='hidden' name='q' value='stand-in'><input type="hidden" name="continue" value="${url}"></form><hr noshade size="1" style="color:#ccc; background-color:#ccc;"><div style="font-size:13px;"><b>About this page</b><br><br>Our systems have detected unusual traffic from your computer network. This page checks to see if it's really you sending the requests, and not a robot.</div></div></body></html>`;
}

function consentPage(videoId: string, language: AnswerLanguage) {
  const continueUrl = `https://www.youtube.com/watch?v=${videoId}&cbrd=1`;
  return html`<!DOCTYPE html><html lang="${language}"><head><title>${REASONS.consentTitle[language]}</title></head><body><div class="saveButtonContainer"><form action="https://consent.youtube.com/s" method="POST" style="display:inline;"><input type="hidden" name="gl" value="DE"><input type="hidden" name="m" value="0"><input type="hidden" name="pc" value="yt"><input type="hidden" name="continue" value="${continueUrl}"><input type="hidden" name="ca" value="r"><input type="hidden" name="x" value="8"><input type="hidden" name="v" value="cb.20210328-17-p0.en+FX+${hexFromKey(`consent:${videoId}`, 3)}"><input type="hidden" name="t" value="ADw3F8${hexFromKey(`consent-t:${videoId}`, 24)}"><input type="hidden" name="hl" value="${language}"><input type="hidden" name="src" value="1"><input type="hidden" name="uxe" value="eomty"><input type="hidden" name="set_eom" value="true"><button class="button" aria-label="${REASONS.acceptAll[language]}">${REASONS.acceptAll[language]}</button></form></div></body></html>`;
}
