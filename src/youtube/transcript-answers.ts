// What each YouTube endpoint answered while one transcript was fetched, and what that means. The
// library folds those answers into one error (a bot check on the player API followed by a watch page
// without captions comes out as "Transcript is disabled"), so the fetch seam keeps them all and the
// verdict is drawn from them: by HTTP status and structure first, by English text second (every
// request asks for English; see youtube-request.ts).

export interface EndpointAnswer {
  readonly endpoint: 'player' | 'watch page' | 'captions';
  /** The innertube client ("ANDROID 20.10.38") for the player API; WEB for the watch page and captions. */
  readonly client: string;
  readonly httpStatus: number;
  /** playabilityStatus.status, an innertube error status, or what came back instead of a watch page. */
  readonly status?: string;
  readonly reason?: string;
  /** Caption tracks offered (player API and watch page). */
  readonly tracks?: number;
  /** The chosen caption URL wants a proof-of-origin token (exp=xpe / xpv). */
  readonly poTokenRequired?: boolean;
  /** The caption file came back empty. */
  readonly empty?: boolean;
}

/** What came back instead of a watch page, by its structure. */
export const CONSENT_PAGE = 'consent page';
export const RECAPTCHA_PAGE = 'recaptcha';
export const NO_PLAYER = 'no player';

/** Why a fetch failed when it did not fail because of the video. */
export type BlockKind = 'bot_check' | 'rate_limited' | 'po_token' | 'consent' | 'empty_captions';

export type Verdict =
  | { readonly failure: 'blocked'; readonly block: BlockKind; readonly reason: string }
  | { readonly failure: 'permanent' | 'transient' | 'no_captions'; readonly reason: string };

/** One line per fetch for reasons and logs: "player ANDROID 20.10.38: LOGIN_REQUIRED 'Sign in…'; watch page: OK, no captions". */
export function describeAnswers(answers: ReadonlyArray<EndpointAnswer>): string {
  return answers.map((a) => {
    const who = a.endpoint === 'player' ? `player ${a.client}` : a.endpoint;
    const status = a.status ?? `HTTP ${a.httpStatus}`;
    const details = [
      a.status !== undefined && a.httpStatus !== 200 ? `HTTP ${a.httpStatus}` : undefined,
      a.reason ? `'${a.reason}'` : undefined,
      a.status !== 'OK' || a.tracks === undefined ? undefined : a.tracks === 0 ? 'no captions' : `${a.tracks} caption tracks`,
      a.poTokenRequired ? 'needs a proof-of-origin token' : undefined,
      a.empty ? 'empty' : undefined,
    ].filter(Boolean);
    return `${who}: ${[status, ...details].join(', ')}`;
  }).join('; ');
}

const AGE_STATUSES = new Set(['AGE_VERIFICATION_REQUIRED', 'AGE_CHECK_REQUIRED', 'CONTENT_CHECK_REQUIRED']);

function isAgeGate(a: EndpointAnswer): boolean {
  return AGE_STATUSES.has(a.status ?? '') || /\bage\b|inappropriate/i.test(a.reason ?? '');
}

/**
 * LOGIN_REQUIRED is a bot check unless it is plainly about the video (its age, or it being private):
 * in a language we do not read, or worded anew, a sign-in demand is taken as a block, which is
 * retried, rather than as a verdict, which is not.
 */
export function isBotCheck(a: EndpointAnswer): boolean {
  return a.status === 'LOGIN_REQUIRED' && !isAgeGate(a) && !/\bprivate\b/i.test(a.reason ?? '');
}

/** Why no transcript came back, from everything the endpoints answered (in order of precedence). */
export function verdictFrom(answers: ReadonlyArray<EndpointAnswer>, libraryError: string | undefined): Verdict {
  const said = describeAnswers(answers);
  const blocked = (block: BlockKind, what: string): Verdict => ({ failure: 'blocked', block, reason: `${what} (${said})` });
  if (answers.some((a) => a.httpStatus === 429 || a.status === RECAPTCHA_PAGE)) return blocked('rate_limited', 'YouTube is rate-limiting this server');
  if (answers.some(isBotCheck)) return blocked('bot_check', 'YouTube treats this server as a bot');
  if (answers.some((a) => a.status === CONSENT_PAGE)) {
    return blocked('consent', 'YouTube answered with its cookie consent page although the SOCS and CONSENT cookies were sent');
  }
  if (answers.some((a) => a.poTokenRequired)) return blocked('po_token', 'YouTube requires a proof-of-origin (PO) token for these captions');
  if (answers.some((a) => a.empty)) return blocked('empty_captions', 'YouTube returned an empty caption file');

  const age = answers.find((a) => a.status === 'LOGIN_REQUIRED' || AGE_STATUSES.has(a.status ?? ''));
  const permanent = (what: string): Verdict => ({ failure: 'permanent', reason: `${what} (${said})` });
  if (age && isAgeGate(age)) return permanent('Age-restricted: YouTube requires sign-in to watch it');
  if (age) return permanent('Private video');
  if (answers.some((a) => a.status === 'ERROR')) return permanent('Video unavailable');
  // Another playabilityStatus (UNPLAYABLE, LIVE_STREAM_OFFLINE…) in an answer that was a player response.
  const unplayable = answers.find((a) => a.httpStatus === 200 && a.status !== undefined && a.status !== 'OK' && /^[A-Z_]+$/.test(a.status));
  if (unplayable) {
    if (/member/i.test(unplayable.reason ?? '')) return permanent('Members-only video');
    return permanent('Video not playable');
  }
  const serverError = answers.find((a) => a.httpStatus >= 500);
  if (serverError) return { failure: 'transient', reason: `YouTube answered HTTP ${serverError.httpStatus} (${said})` };
  // A client that never answered might have offered the captions the others did not.
  if (answers.some((a) => a.httpStatus === 0)) return { failure: 'transient', reason: `YouTube did not answer (${said})` };
  if (answers.some((a) => a.endpoint === 'watch page' && a.status === NO_PLAYER)) return permanent('Video unavailable');
  // Played, but nothing offered captions: provisional until a canary says this server still gets them.
  if (answers.some((a) => a.status === 'OK') && answers.every((a) => a.status !== 'OK' || a.tracks === 0)) {
    return { failure: 'no_captions', reason: `Transcripts are disabled for this video (${said})` };
  }
  if (answers.some((a) => a.endpoint === 'captions' && a.httpStatus !== 200)) {
    return { failure: 'transient', reason: `The caption file could not be fetched (${said})` };
  }
  return { failure: 'transient', reason: libraryError ? `${libraryError}${said ? ` (${said})` : ''}` : `No transcript (${said})` };
}
