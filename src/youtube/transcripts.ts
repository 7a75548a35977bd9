// Fetches one video's transcript with youtube-transcript, unmodified, through its injected fetch.
// The seam also watches (and steers) the conversation: it picks the caption track we prefer and
// records what YouTube said, because the library folds several answers into one error class
// (a bot check, for instance, surfaces as "transcript disabled").
import {
  fetchTranscript, YoutubeTranscriptDisabledError, YoutubeTranscriptNotAvailableError,
  YoutubeTranscriptTooManyRequestError, YoutubeTranscriptVideoUnavailableError,
} from 'youtube-transcript';
import { normaliseCues, type Cue } from './caption-cues.ts';

export type TranscriptResult =
  | { readonly ok: true; readonly language: string; readonly kind: 'manual' | 'auto'; readonly cues: Cue[] }
  /** permanent: record and never retry; transient: retry with backoff; blocked: YouTube is limiting us. */
  | { readonly ok: false; readonly failure: 'permanent' | 'transient' | 'blocked'; readonly reason: string };

interface CaptionTrack {
  baseUrl: string;
  languageCode: string;
  kind?: string;
}

interface PlayerResponse {
  playabilityStatus?: { status?: string; reason?: string };
  captions?: { playerCaptionsTracklistRenderer?: { captionTracks?: CaptionTrack[] } };
}

interface Observed {
  status?: string;
  reason?: string;
  tracks?: CaptionTrack[];
  chosen?: CaptionTrack;
  captionFormat?: 'ms' | 's';
  captionBodyEmpty?: boolean;
  httpStatuses: number[];
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

function steer(player: PlayerResponse, observed: Observed, languages: ReadonlyArray<string>): PlayerResponse {
  observed.status = player.playabilityStatus?.status;
  observed.reason = player.playabilityStatus?.reason;
  const tracks = player.captions?.playerCaptionsTracklistRenderer?.captionTracks;
  if (!Array.isArray(tracks) || tracks.length === 0) return player;
  observed.tracks = tracks;
  const chosen = chooseTrack(tracks, languages);
  if (!chosen) return player;
  observed.chosen = chosen;
  // The library takes the first track when no language is asked for: make it ours.
  return { ...player, captions: { playerCaptionsTracklistRenderer: { ...player.captions!.playerCaptionsTracklistRenderer, captionTracks: [chosen] } } };
}

const PLAYER_START = 'var ytInitialPlayerResponse = ';

function steerWatchPage(html: string, observed: Observed, languages: ReadonlyArray<string>): string {
  const start = html.indexOf(PLAYER_START);
  if (start === -1) return html;
  const jsonStart = start + PLAYER_START.length;
  let depth = 0;
  for (let i = jsonStart; i < html.length; i++) {
    if (html[i] === '{') depth++;
    else if (html[i] === '}' && --depth === 0) {
      try {
        const steered = steer(JSON.parse(html.slice(jsonStart, i + 1)) as PlayerResponse, observed, languages);
        return html.slice(0, jsonStart) + JSON.stringify(steered) + html.slice(i + 1);
      } catch {
        return html;
      }
    }
  }
  return html;
}

function observingFetch(base: typeof fetch, observed: Observed, languages: ReadonlyArray<string>): typeof fetch {
  return async (input, init) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    // An EU consent wall instead of the watch page is skipped the way browsers do: with the cookie.
    const headers0 = new Headers(init?.headers);
    if (url.pathname === '/watch') headers0.set('Cookie', 'CONSENT=YES+cb');
    const response = await base(input, { ...init, headers: headers0 });
    observed.httpStatuses.push(response.status);
    const headers = new Headers(response.headers);
    headers.delete('content-length');
    headers.delete('content-encoding');
    if (url.pathname === '/youtubei/v1/player' && response.ok) {
      const player = steer(await response.json() as PlayerResponse, observed, languages);
      return new Response(JSON.stringify(player), { status: response.status, headers });
    }
    if (url.pathname === '/watch' && response.ok) {
      return new Response(steerWatchPage(await response.text(), observed, languages), { status: response.status, headers });
    }
    if (url.pathname === '/api/timedtext') {
      const body = await response.text();
      observed.captionBodyEmpty = response.ok && body.trim() === '';
      observed.captionFormat = /<timedtext[^>]*format="3"|<p\s+t="\d+"/.test(body) ? 'ms' : 's';
      return new Response(body, { status: response.status, headers });
    }
    return response;
  };
}

function failure(failure: 'permanent' | 'transient' | 'blocked', reason: string): TranscriptResult {
  return { ok: false, failure, reason };
}

/** What the player said about the video, when it rules out a transcript. */
function playabilityFailure(observed: Observed): TranscriptResult | undefined {
  const reason = observed.reason ?? '';
  if (observed.status === 'LOGIN_REQUIRED') {
    if (/bot/i.test(reason)) return failure('blocked', 'YouTube asked this server to confirm it is not a bot');
    if (/inappropriate|age/i.test(reason)) return failure('permanent', 'Age-restricted: YouTube requires sign-in to watch it');
    return failure('permanent', `YouTube requires sign-in: ${reason || 'login required'}`);
  }
  if (observed.status === 'ERROR') return failure('permanent', `Video unavailable${reason ? `: ${reason}` : ''}`);
  if (observed.status && observed.status !== 'OK') {
    if (/member/i.test(reason)) return failure('permanent', 'Members-only video');
    return failure('permanent', `Video not playable: ${reason || observed.status}`);
  }
  return undefined;
}

export async function fetchVideoTranscript(videoId: string, options: { fetch: typeof fetch; languages: ReadonlyArray<string> }): Promise<TranscriptResult> {
  const observed: Observed = { httpStatuses: [] };
  try {
    const raw = await fetchTranscript(videoId, { fetch: observingFetch(options.fetch, observed, options.languages) });
    const chosen = observed.chosen;
    if (raw.length === 0 || observed.captionBodyEmpty) {
      // exp=xpe caption URLs answer 200 with nothing: YouTube wants a proof-of-origin token.
      return failure('blocked', 'YouTube returned an empty caption file (proof-of-origin token required)');
    }
    return {
      ok: true,
      language: chosen?.languageCode ?? raw[0]?.lang ?? 'und',
      kind: chosen?.kind === 'asr' ? 'auto' : 'manual',
      cues: normaliseCues(raw, observed.captionFormat ?? 'ms', chosen?.kind === 'asr'),
    };
  } catch (err) {
    if (observed.httpStatuses.includes(429) || err instanceof YoutubeTranscriptTooManyRequestError) {
      return failure('blocked', 'YouTube is rate-limiting this server (HTTP 429 / captcha)');
    }
    const played = playabilityFailure(observed);
    if (played) return played;
    if (observed.httpStatuses.some((s) => s >= 500)) return failure('transient', `YouTube answered HTTP ${observed.httpStatuses.find((s) => s >= 500)}`);
    if (err instanceof YoutubeTranscriptDisabledError) return failure('permanent', 'Transcripts are disabled for this video');
    if (err instanceof YoutubeTranscriptVideoUnavailableError) return failure('permanent', 'Video unavailable');
    if (err instanceof YoutubeTranscriptNotAvailableError) return failure('permanent', 'No transcript track could be fetched in any language');
    const message = err instanceof Error ? err.message : String(err);
    if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) return failure('transient', 'Timed out waiting for YouTube');
    return failure('transient', `Network error: ${message}`);
  }
}
