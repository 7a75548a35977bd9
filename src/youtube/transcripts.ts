// Fetches one video's transcript with youtube-transcript, unmodified, through its injected fetch.
// The seam also watches and steers the conversation: it asks the player API as each configured
// client in turn, asks everything in English, picks the caption track we prefer, refuses caption
// URLs that need a proof-of-origin token, and keeps what every endpoint said, because the library
// folds several answers into one error (a bot check, for instance, surfaces as "transcript disabled").
import { fetchTranscript, YoutubeTranscriptError } from 'youtube-transcript';
import type { TranscriptClient } from '../config.ts';
import { normaliseCues, type Cue } from './caption-cues.ts';
import {
  CONSENT_PAGE, isBotCheck, NO_PLAYER, RECAPTCHA_PAGE, verdictFrom, type EndpointAnswer, type Verdict,
} from './transcript-answers.ts';
import { inEnglish, needsPoToken, playerRequest, watchRequest } from './youtube-request.ts';

export type { EndpointAnswer } from './transcript-answers.ts';
export { describeAnswers } from './transcript-answers.ts';

export type TranscriptResult =
  | {
    readonly ok: true; readonly language: string; readonly kind: 'manual' | 'auto'; readonly cues: Cue[];
    /** Who gave the captions: an innertube client as NAME:VERSION, or WEB for the watch page. */
    readonly client: string;
    readonly answers: ReadonlyArray<EndpointAnswer>;
  }
  /**
   * permanent: record and never retry; transient: retry with backoff; blocked: YouTube is limiting
   * this server (block says how); no_captions: every endpoint played the video without captions,
   * which is what a blocked server sees too, so it is a verdict only once a canary says otherwise.
   */
  | ({ readonly ok: false; readonly answers: ReadonlyArray<EndpointAnswer> } & Verdict);

export interface TranscriptFetchOptions {
  readonly fetch: typeof fetch;
  readonly languages: ReadonlyArray<string>;
  /** Asked in order; the next one when a client errs, meets a bot check, or (see below) offers no captions. */
  readonly clients: ReadonlyArray<TranscriptClient>;
  /** The video had captions before: a client offering none is not believed, the next one is asked. */
  readonly knownToHaveCaptions?: boolean;
}

interface CaptionTrack {
  baseUrl: string;
  languageCode: string;
  kind?: string;
}

interface PlayerResponse {
  playabilityStatus?: { status?: string; reason?: string };
  captions?: { playerCaptionsTracklistRenderer?: { captionTracks?: CaptionTrack[] } };
}

interface Conversation {
  readonly answers: EndpointAnswer[];
  chosen?: CaptionTrack;
  /** NAME:VERSION of the client whose track is being fetched, or WEB. */
  client?: string;
  captionFormat?: 'ms' | 's';
  rateLimited?: boolean;
}

/** Preferred languages in order, manual over auto-generated, else the video's default (first) track. */
export function chooseTrack(tracks: ReadonlyArray<CaptionTrack>, languages: ReadonlyArray<string>): CaptionTrack | undefined {
  const base = (code: string) => code.toLowerCase().split('-')[0];
  for (const language of languages) {
    const matching = tracks.filter((t) => t.languageCode.toLowerCase() === language.toLowerCase() || base(t.languageCode) === base(language));
    const pick = matching.find((t) => t.kind !== 'asr') ?? matching[0];
    if (pick) return pick;
  }
  return tracks.find((t) => t.kind !== 'asr') ?? tracks[0];
}

function tracksOf(player: PlayerResponse): CaptionTrack[] {
  const tracks = player.captions?.playerCaptionsTracklistRenderer?.captionTracks;
  return Array.isArray(tracks) ? tracks : [];
}

/** The library takes the first track when no language is asked for: make it ours. */
function withOnlyTrack(player: PlayerResponse, chosen: CaptionTrack): PlayerResponse {
  return { ...player, captions: { playerCaptionsTracklistRenderer: { ...player.captions?.playerCaptionsTracklistRenderer, captionTracks: [chosen] } } };
}

/** What a player response says, as an answer, and the track we would fetch from it. */
function readPlayer(player: PlayerResponse, languages: ReadonlyArray<string>): { answer: Omit<EndpointAnswer, 'endpoint' | 'client' | 'httpStatus'>; chosen?: CaptionTrack } {
  const tracks = tracksOf(player);
  const chosen = chooseTrack(tracks, languages);
  const poTokenRequired = chosen !== undefined && needsPoToken(chosen.baseUrl);
  return {
    answer: {
      status: player.playabilityStatus?.status,
      reason: player.playabilityStatus?.reason,
      tracks: tracks.length,
      ...(poTokenRequired ? { poTokenRequired } : {}),
    },
    chosen,
  };
}

const PLAYER_START = 'var ytInitialPlayerResponse = ';

/** The JSON object after `var ytInitialPlayerResponse = `, and where it sits in the page. */
function findPlayerJson(html: string): { start: number; end: number; player: PlayerResponse } | undefined {
  const at = html.indexOf(PLAYER_START);
  if (at === -1) return undefined;
  const start = at + PLAYER_START.length;
  let depth = 0;
  for (let i = start; i < html.length; i++) {
    if (html[i] === '{') depth++;
    else if (html[i] === '}' && --depth === 0) {
      try {
        return { start, end: i + 1, player: JSON.parse(html.slice(start, i + 1)) as PlayerResponse };
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

function label(client: TranscriptClient): string {
  return `${client.name} ${client.version}`;
}

function jsonResponse(value: unknown, like: Response): Response {
  const headers = new Headers(like.headers);
  headers.delete('content-length');
  headers.delete('content-encoding');
  return new Response(JSON.stringify(value), { status: like.status, headers });
}

/** What we tell the library when no client offered a usable track: nothing, so it tries the watch page. */
const NOTHING_PLAYABLE = () => new Response('{}', { status: 200, headers: { 'Content-Type': 'application/json' } });

function conversingFetch(options: TranscriptFetchOptions, talk: Conversation): typeof fetch {
  const base = options.fetch;

  async function askPlayer(url: URL, init: RequestInit | undefined): Promise<Response> {
    for (const client of options.clients) {
      let response: Response;
      try {
        response = await base(url.href, playerRequest(init, client));
      } catch (err) {
        talk.answers.push({ endpoint: 'player', client: label(client), httpStatus: 0, status: 'no answer', reason: err instanceof Error ? err.message : String(err) });
        continue;
      }
      if (!response.ok) {
        const error = ((await response.json().catch(() => undefined)) as { error?: { status?: string; message?: string } } | undefined)?.error;
        talk.answers.push({ endpoint: 'player', client: label(client), httpStatus: response.status, status: error?.status, reason: error?.message });
        // A rate limit is per IP, not per client: asking again only makes it longer.
        if (response.status === 429) {
          talk.rateLimited = true;
          return new Response(null, { status: 429 });
        }
        continue;
      }
      const player = await response.json() as PlayerResponse;
      const { answer, chosen } = readPlayer(player, options.languages);
      const said: EndpointAnswer = { endpoint: 'player', client: label(client), httpStatus: response.status, ...answer };
      talk.answers.push(said);
      if (chosen && !said.poTokenRequired) {
        talk.chosen = chosen;
        talk.client = `${client.name}:${client.version}`;
        return jsonResponse(withOnlyTrack(player, chosen), response);
      }
      // Worth asking another client: a bot check, PO-token captions, or no captions on a video that had them.
      const next = isBotCheck(said) || said.poTokenRequired || (said.status === 'OK' && options.knownToHaveCaptions === true);
      if (!next) break;
    }
    return NOTHING_PLAYABLE();
  }

  async function askWatchPage(url: URL, init: RequestInit | undefined): Promise<Response> {
    if (talk.rateLimited) throw new Error('not asked: YouTube is rate-limiting this server');
    const request = watchRequest(url, init);
    const response = await base(request.url, request.init);
    const html = await response.text();
    const headers = new Headers(response.headers);
    headers.delete('content-length');
    headers.delete('content-encoding');
    const page = findPlayerJson(html);
    if (html.includes('class="g-recaptcha"')) {
      talk.answers.push({ endpoint: 'watch page', client: 'WEB', httpStatus: response.status, status: RECAPTCHA_PAGE });
    } else if (!page && /consent\.youtube\.com/.test(html)) {
      talk.answers.push({ endpoint: 'watch page', client: 'WEB', httpStatus: response.status, status: CONSENT_PAGE });
    } else if (!page) {
      talk.answers.push({ endpoint: 'watch page', client: 'WEB', httpStatus: response.status, ...(response.ok ? { status: NO_PLAYER } : {}) });
    } else {
      const { answer, chosen } = readPlayer(page.player, options.languages);
      talk.answers.push({ endpoint: 'watch page', client: 'WEB', httpStatus: response.status, ...answer });
      if (chosen) {
        talk.chosen = chosen;
        talk.client = 'WEB';
        return new Response(html.slice(0, page.start) + JSON.stringify(withOnlyTrack(page.player, chosen)) + html.slice(page.end), { status: response.status, headers });
      }
    }
    return new Response(html, { status: response.status, headers });
  }

  async function askCaptions(url: URL, init: RequestInit | undefined): Promise<Response> {
    const client = talk.client?.replace(':', ' ') ?? 'WEB';
    // Fetching it would only bring an empty file; the track's answer already says why.
    if (needsPoToken(url.href)) return new Response('', { status: 200 });
    const response = await base(url.href, { ...init, headers: inEnglish(init) });
    const body = await response.text();
    const empty = response.ok && body.trim() === '';
    talk.answers.push({ endpoint: 'captions', client, httpStatus: response.status, ...(empty ? { empty } : {}) });
    talk.captionFormat = /<timedtext[^>]*format="3"|<p\s+t="\d+"/.test(body) ? 'ms' : 's';
    return new Response(body, { status: response.status, headers: { 'Content-Type': response.headers.get('content-type') ?? 'text/xml' } });
  }

  return async (input, init) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    if (url.pathname === '/youtubei/v1/player') return askPlayer(url, init);
    if (url.pathname === '/watch') return askWatchPage(url, init);
    if (url.pathname === '/api/timedtext') return askCaptions(url, init);
    return base(input, { ...init, headers: inEnglish(init) });
  };
}

export async function fetchVideoTranscript(videoId: string, options: TranscriptFetchOptions): Promise<TranscriptResult> {
  const talk: Conversation = { answers: [] };
  try {
    const raw = await fetchTranscript(videoId, { fetch: conversingFetch(options, talk) });
    const chosen = talk.chosen;
    if (raw.length === 0) return { ok: false, answers: talk.answers, ...verdictFrom(talk.answers, undefined) };
    return {
      ok: true,
      language: chosen?.languageCode ?? raw[0]?.lang ?? 'und',
      kind: chosen?.kind === 'asr' ? 'auto' : 'manual',
      cues: normaliseCues(raw, talk.captionFormat ?? 'ms', chosen?.kind === 'asr'),
      client: talk.client ?? 'WEB',
      answers: talk.answers,
    };
  } catch (err) {
    const message = err instanceof Error ? err.message.replace(/^\[YoutubeTranscript\] \S+ /, '') : String(err);
    const verdict = verdictFrom(talk.answers, message);
    // A request that never came back leaves the verdict open, unless YouTube had already said it blocks us.
    if (!(err instanceof YoutubeTranscriptError) && verdict.failure !== 'blocked') {
      const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
      return { ok: false, answers: talk.answers, failure: 'transient', reason: timedOut ? 'Timed out waiting for YouTube' : `Network error: ${message}` };
    }
    return { ok: false, answers: talk.answers, ...verdict };
  }
}
