import { Hono } from 'hono';
import { html } from 'hono/html';
import { findChannel, findVideo, VIDEO_ID } from './catalog.ts';
import { originOf } from './context.ts';

// youtube.com/oembed, which clients use as a cheap "is this video still public?" check.

const YOUTUBE_HOSTS = new Set(['youtube.com', 'www.youtube.com', 'm.youtube.com', 'music.youtube.com']);

/** The video id of a watch, shorts, embed or youtu.be URL; undefined when malformed. */
function videoIdOf(rawUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return undefined;
  }
  const id = url.hostname === 'youtu.be'
    ? url.pathname.slice(1)
    : YOUTUBE_HOSTS.has(url.hostname)
      ? url.pathname === '/watch' ? url.searchParams.get('v') : /^\/(?:shorts|embed|v)\/([^/]+)/.exec(url.pathname)?.[1]
      : undefined;
  return id && VIDEO_ID.test(id) ? id : undefined;
}

export function oembedRoutes(): Hono {
  return new Hono().get('/oembed', async (c) => {
    const format = c.req.query('format') ?? 'json';
    if (format !== 'json') return c.text('Not Implemented', 501);
    const videoId = videoIdOf(c.req.query('url') ?? '');
    if (!videoId) return c.text('Bad Request', 400);
    const video = findVideo(videoId);
    if (!video || video.playability === 'deleted' || video.playability === 'unavailable') return c.text('Not Found', 404);
    if (video.playability === 'private') return c.text('Forbidden', 403);
    if (!video.embeddable) return c.text('Unauthorized', 401);
    const channel = findChannel(video.channelId);
    const iframe = await html`<iframe width="200" height="113" src="https://www.youtube.com/embed/${video.id}?feature=oembed" frameborder="0" allow="accelerometer; autoplay; clipboard-write; encrypted-media; gyroscope; picture-in-picture; web-share" referrerpolicy="strict-origin-when-cross-origin" allowfullscreen title="${video.title}"></iframe>`;
    return c.json({
      title: video.title,
      author_name: channel?.title ?? '',
      author_url: `https://www.youtube.com/${channel?.handle ?? ''}`,
      type: 'video',
      height: 113,
      width: 200,
      version: '1.0',
      provider_name: 'YouTube',
      provider_url: 'https://www.youtube.com/',
      thumbnail_height: 360,
      thumbnail_width: 480,
      thumbnail_url: `${originOf(c.req.url)}/vi/${video.id}/hqdefault.jpg`,
      html: String(iframe),
    });
  });
}
