// The fetch youtube-transcript is given. The library hardcodes https://www.youtube.com, so
// requests to YouTube's web hosts are sent to webUrl instead (the real site, or the stand-in);
// every request gets a timeout, and goes out through the one exit (a proxy, or none) it is made for.
import { fetch as undiciFetch, ProxyAgent } from 'undici';

const YOUTUBE_WEB_HOSTS = new Set(['www.youtube.com', 'youtube.com', 'm.youtube.com']);

export interface YoutubeWebFetchOptions {
  /** Where YouTube's web endpoints live, e.g. https://www.youtube.com or the stand-in's URL. */
  webUrl: string;
  timeoutMs: number;
  /** An HTTP(S) proxy every request goes through; none means this machine's own connection. */
  proxyUrl?: string;
}

export function createYoutubeWebFetch(options: YoutubeWebFetchOptions): typeof fetch {
  const webBase = options.webUrl.replace(/\/+$/, '');
  const proxy = options.proxyUrl === undefined ? undefined : new ProxyAgent(options.proxyUrl);

  return async (input, init) => {
    if (input instanceof Request) throw new TypeError('createYoutubeWebFetch expects a URL, not a Request');
    const url = new URL(input);
    const target = YOUTUBE_WEB_HOSTS.has(url.hostname) ? `${webBase}${url.pathname}${url.search}` : url.href;
    const timeout = AbortSignal.timeout(options.timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    if (!proxy) return fetch(target, { ...init, signal });
    // Node's built-in fetch bundles its own undici, which cannot drive this package's ProxyAgent.
    const proxied = await undiciFetch(target, { ...(init as Parameters<typeof undiciFetch>[1]), signal, dispatcher: proxy });
    return proxied as unknown as Response;
  };
}
