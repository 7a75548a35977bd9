/**
 * Where to fetch (or show) a video's thumbnail: the stored URL is YouTube's own, served by the
 * configured origin (i.ytimg.com, or the stand-in); without one, YouTube's standard medium picture.
 */
export function thumbnailUrl(thumbnailOrigin: string, videoId: string, storedUrl: string | null): string {
  const path = storedUrl && URL.canParse(storedUrl) ? new URL(storedUrl).pathname : `/vi/${encodeURIComponent(videoId)}/mqdefault.jpg`;
  return `${thumbnailOrigin}${path}`;
}
