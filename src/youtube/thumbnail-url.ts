/**
 * Where to fetch (or show) a video's thumbnail: the path of the stored URL (YouTube's own), on the
 * configured origin (i.ytimg.com, or the stand-in); else YouTube's standard medium picture. The
 * stored URL comes from YouTube's answers, so it is never trusted to pick the host: the URL is
 * resolved against the origin and checked to still be on it (`x:0/probe` once made the worker
 * fetch another port, a path of `//host` another host).
 */
export function thumbnailUrl(thumbnailOrigin: string, videoId: string, storedUrl: string | null): string {
  const origin = new URL(thumbnailOrigin).origin;
  const standard = new URL(`/vi/${encodeURIComponent(videoId)}/mqdefault.jpg`, origin).href;
  if (!storedUrl || !URL.canParse(storedUrl)) return standard;
  const stored = new URL(storedUrl);
  if (stored.protocol !== 'https:' && stored.protocol !== 'http:') return standard;
  const url = new URL(stored.pathname, origin);
  return url.origin === origin ? url.href : standard;
}
