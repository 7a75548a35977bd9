// Every YouTube/Google failure becomes one of a few kinds the rest of the app can act on.

export type YoutubeErrorKind =
  /** Daily Data API quota used up (ours or Google's): wait for the reset. */
  | 'quota'
  /** The user's Google grant was revoked or expired (invalid_grant): they must reconnect. */
  | 'access_lost'
  /** The playlist/video does not exist or is private to someone else. */
  | 'not_found'
  /** Our request was wrong (a bug or bad input): retrying will not help. */
  | 'invalid'
  /** Network error, timeout or 5xx: retry with backoff. */
  | 'transient';

export class YoutubeError extends Error {
  override name = 'YoutubeError';
  readonly kind: YoutubeErrorKind;
  readonly status: number | undefined;
  constructor(kind: YoutubeErrorKind, message: string, status?: number) {
    super(message);
    this.kind = kind;
    this.status = status;
  }
}

interface GaxiosLike {
  status?: number;
  code?: string | number;
  message?: string;
  response?: { status?: number; data?: unknown };
}

function googleReason(data: unknown): { reason?: string; message?: string; oauthError?: string } {
  if (typeof data !== 'object' || data === null) return {};
  const error = (data as { error?: unknown; error_description?: string }).error;
  if (typeof error === 'string') return { oauthError: error, message: (data as { error_description?: string }).error_description ?? error };
  if (typeof error === 'object' && error !== null) {
    const e = error as { message?: string; errors?: Array<{ reason?: string }> };
    return { reason: e.errors?.[0]?.reason, message: e.message };
  }
  return {};
}

/** Turns what googleapis / google-auth-library threw into a YoutubeError. */
export function classifyGoogleError(err: unknown): YoutubeError {
  if (err instanceof YoutubeError) return err;
  const e = (err ?? {}) as GaxiosLike;
  const status = e.response?.status ?? (typeof e.status === 'number' ? e.status : undefined);
  const { reason, message, oauthError } = googleReason(e.response?.data);
  const text = message ?? e.message ?? 'unknown error';
  if (oauthError === 'invalid_grant' || /invalid_grant/.test(e.message ?? '')) {
    return new YoutubeError('access_lost', 'YouTube access lost: the Google grant was revoked or expired. Reconnect your Google account.', status);
  }
  if (reason === 'quotaExceeded' || reason === 'dailyLimitExceeded' || reason === 'rateLimitExceeded') {
    return new YoutubeError('quota', 'The YouTube Data API quota for today is used up; it resets at midnight Pacific time.', status);
  }
  if (status === 404 || reason === 'playlistNotFound' || reason === 'videoNotFound') {
    return new YoutubeError('not_found', text, status);
  }
  if (status === 401 || status === 403) return new YoutubeError('invalid', `YouTube refused the request: ${text}`, status);
  if (status !== undefined && status >= 400 && status < 500 && status !== 429) return new YoutubeError('invalid', `YouTube rejected the request: ${text}`, status);
  return new YoutubeError('transient', `YouTube did not answer properly (${status ?? e.code ?? 'network error'}): ${text}`, status);
}
