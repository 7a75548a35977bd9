// youtube.com/embed/ID?start=N for the demo: the made-up videos have nothing to play, so the
// stand-in shows what would play (title, channel, the second it starts from) instead of YouTube's
// "Video unavailable" (which, like YouTube's, still answers 200). The inline player and "Open on YouTube" point here in demo mode.
import { Hono } from 'hono';
import { html } from 'hono/html';
import { findChannel, findVideo, VIDEO_ID } from './catalog.ts';

function clock(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = String(seconds % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

export function embedRoutes(): Hono {
  return new Hono().get('/embed/:id', (c) => {
    const id = c.req.param('id');
    const video = VIDEO_ID.test(id) ? findVideo(id) : undefined;
    const start = Number.parseInt(c.req.query('start') ?? c.req.query('t') ?? '0', 10);
    const from = Number.isSafeInteger(start) && start >= 0 ? start : 0;
    const channel = video ? findChannel(video.channelId) : undefined;
    c.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors *");
    return c.html(html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${video?.title ?? 'Video unavailable'} - YouTube (demo stand-in)</title>
<style>html,body{margin:0;height:100%;background:#0f0f0f;color:#f1f1f1;font-family:system-ui,sans-serif}
main{display:flex;flex-direction:column;justify-content:center;align-items:center;height:100%;padding:1rem;box-sizing:border-box;text-align:center;gap:.4rem}
h1{font-size:1.1rem;margin:0}p{margin:0;color:#aaa}.play{font-size:2.5rem;color:#ff0033}</style></head>
<body><main>${video
  ? html`<div class="play" aria-hidden="true">▶</div><h1>${video.title}</h1><p>${channel?.title ?? ''}</p>
    <p data-start="${from}">Playing from ${clock(from)}</p><p>Demo mode: this is the YouTube stand-in, so no real video plays.</p>`
  : html`<h1>Video unavailable</h1><p>The stand-in knows no video ${id}.</p>`}</main></body></html>`);
  });
}
