// Is a video still on YouTube? oEmbed answers without an API key or quota: 200 for public videos,
// 401/403 when it is not public (private, or embedding disabled), 404 when it is gone. Anything else
// (5xx, 429, 400, a timeout) says nothing about the video and is retried later.

export type Availability = 'public' | 'private' | 'deleted' | 'unknown';

export interface OembedAnswer {
  readonly availability: Availability;
  readonly httpStatus: number | null;
  /** The title oEmbed reported, when public. */
  readonly title: string | null;
  /** For unknown answers: what went wrong, for the log and the report page. */
  readonly problem: string | null;
}

export function classifyOembedStatus(status: number): Availability {
  if (status === 200) return 'public';
  if (status === 401 || status === 403) return 'private';
  if (status === 404) return 'deleted';
  return 'unknown';
}

/** Asks YOUTUBE_WEB_URL/oembed about one video. */
export async function checkOembed(videoId: string, options: { webUrl: string; timeoutMs: number; signal?: AbortSignal; fetch?: typeof fetch }): Promise<OembedAnswer> {
  const watchUrl = `https://www.youtube.com/watch?v=${encodeURIComponent(videoId)}`;
  const url = `${options.webUrl}/oembed?url=${encodeURIComponent(watchUrl)}&format=json`;
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(url, { signal, headers: { Accept: 'application/json' } });
  } catch (err) {
    options.signal?.throwIfAborted();
    const problem = timeout.aborted ? `oEmbed did not answer within ${options.timeoutMs} ms` : `could not reach oEmbed: ${(err as Error).message}`;
    return { availability: 'unknown', httpStatus: null, title: null, problem };
  }
  const availability = classifyOembedStatus(response.status);
  if (availability !== 'public') {
    await response.body?.cancel().catch(() => {});
    return { availability, httpStatus: response.status, title: null, problem: availability === 'unknown' ? `oEmbed answered HTTP ${response.status}` : null };
  }
  // A 200 that is not oEmbed JSON (a captive portal, a consent page) proves nothing.
  const body: unknown = await response.json().catch(() => null);
  const title = typeof body === 'object' && body !== null && typeof (body as { title?: unknown }).title === 'string' ? (body as { title: string }).title : null;
  if (title === null) return { availability: 'unknown', httpStatus: 200, title: null, problem: 'oEmbed answered 200 without oEmbed JSON' };
  return { availability: 'public', httpStatus: 200, title, problem: null };
}
