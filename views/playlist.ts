// A page per list of the library (playlist, channel, Single videos, liked videos): its videos in
// order with where each transcript stands, a filter by that state, search within it in one click,
// and its transcripts as a ZIP.
import { html } from 'hono/html';
import { formatTimestamp } from '../src/search/links.ts';
import { TRANSCRIPT_STATES, VIDEOS_PER_PAGE, type ListPage, type ListVideo, type TranscriptState } from '../src/playlists/list-page.ts';
import type { Html } from './layout.ts';
import { confirmRemove, indexButton, playlistState, runIsGoing } from './library.ts';

const STATE_LABELS: Record<TranscriptState, string> = {
  indexed: 'indexed',
  pending: 'not indexed yet',
  unavailable: 'no transcript',
  failed: 'failed',
  skipped: 'private or deleted',
};

const KIND_LABELS = { playlist: 'Playlist', channel: 'Channel', videos: 'Videos you added one by one', likes: 'Videos you liked on YouTube' } as const;

function stateLink(list: ListPage, state: TranscriptState | undefined, current: TranscriptState | undefined): Html {
  const count = state === undefined ? Object.values(list.counts).reduce((a, b) => a + b, 0) : list.counts[state];
  const href = `/playlists/${encodeURIComponent(list.id)}${state ? `?state=${state}` : ''}`;
  return html`<li><a href="${href}" ${state === current ? html`aria-current="page"` : ''}>${state ? STATE_LABELS[state] : 'all'} (${count.toLocaleString('en')})</a></li>`;
}

/** Private and deleted placeholders were never described by YouTube, so they have no picture to show. */
function videoRow(list: ListPage, video: ListVideo, thumb: (videoId: string, storedUrl: string | null) => string): Html {
  const id = encodeURIComponent(video.id);
  const removeAction = `/playlists/${encodeURIComponent(list.id)}/videos/${id}/remove`;
  return html`<tr id="video-${video.id}" data-state="${video.transcriptStatus}">
    <td class="count">${video.position + 1}</td>
    <td>${video.thumbnailUrl
      ? html`<img class="thumb" src="${thumb(video.id, video.thumbnailUrl)}" alt="" loading="lazy">`
      : html`<span class="thumb"></span>`}</td>
    <td><a href="/videos/${id}">${video.title || video.id}</a>${video.channelTitle ? html`<br><span class="muted">${video.channelTitle}</span>` : ''}</td>
    <td class="count">${video.durationSeconds === null ? '' : formatTimestamp(video.durationSeconds * 1000)}</td>
    <td><span class="state state-${video.transcriptStatus}">${STATE_LABELS[video.transcriptStatus]}${video.transcriptKind === 'auto' ? ' (auto-generated)' : ''}</span>
      ${video.transcriptError ? html`<br><span class="muted reason">${video.transcriptError}</span>` : ''}</td>
    <td class="actions">${video.transcriptStatus === 'indexed'
      ? html`<a href="/videos/${id}/transcript.txt">TXT</a> <a href="/videos/${id}/transcript.srt">SRT</a> <a href="/videos/${id}/transcript.vtt">VTT</a>`
      : ''}
      ${list.kind === 'videos' ? confirmRemove(removeAction, video.title || video.id, 'your Single videos', 'It leaves your searches unless another list of yours has it.') : ''}</td>
  </tr>`;
}

export function playlistPage(list: ListPage, filter: { readonly state?: TranscriptState | undefined; readonly page: number }, thumb: (videoId: string, storedUrl: string | null) => string): Html {
  const id = encodeURIComponent(list.id);
  const pages = Math.max(1, Math.ceil(list.matching / VIDEOS_PER_PAGE));
  const pageHref = (page: number) => `/playlists/${id}?${new URLSearchParams({ ...(filter.state ? { state: filter.state } : {}), page: String(page) })}`;
  return html`<div class="playlist-page">
    <p><a href="/library">← Your library</a></p>
    <header class="page-head">
      <h1>${list.title}</h1>
      ${indexButton(list.id, list.latestRun)}
    </header>
    <p class="muted">${KIND_LABELS[list.kind]}${list.channelTitle && list.kind === 'playlist' ? ` by ${list.channelTitle}` : ''} · ${list.itemCount.toLocaleString('en')} ${list.itemCount === 1 ? 'video' : 'videos'} · ${playlistState(list.id, list.latestRun)}</p>
    <form class="search-box" action="/search" method="get" role="search">
      <input type="hidden" name="playlist" value="${list.id}">
      <label for="list-q" class="visually-hidden">Search in ${list.title}</label>
      <input id="list-q" name="q" type="search" autocomplete="off" placeholder="Search what is said in ${list.title}">
      <button type="submit">Search in this list</button>
    </form>
    <p class="downloads">All transcripts as a ZIP:
      <a href="/playlists/${id}/transcripts.zip?format=txt">TXT</a>
      <a href="/playlists/${id}/transcripts.zip?format=txt&amp;timestamps=0">TXT without timestamps</a>
      <a href="/playlists/${id}/transcripts.zip?format=srt">SRT</a>
      <a href="/playlists/${id}/transcripts.zip?format=vtt">VTT</a></p>
    <nav aria-label="Filter by transcript state"><ul class="state-filter">
      ${stateLink(list, undefined, filter.state)}${TRANSCRIPT_STATES.map((s) => stateLink(list, s, filter.state))}
    </ul></nav>
    ${list.videos.length === 0
      ? html`<p class="muted empty">${list.matching !== 0 || filter.state !== undefined ? 'No videos in this state.'
        : runIsGoing(list.latestRun) ? 'No videos listed yet: the run under way is reading this list from YouTube.'
          : 'No videos listed yet: press Start indexing to read this list from YouTube.'}</p>`
      : html`<table class="list-videos">
          <thead><tr><th>#</th><th><span class="visually-hidden">Thumbnail</span></th><th>Video</th><th>Duration</th><th>Transcript</th><th>Download</th></tr></thead>
          <tbody>${list.videos.map((v) => videoRow(list, v, thumb))}</tbody>
        </table>`}
    ${pages > 1 ? html`<nav class="pagination" aria-label="Pages">
      ${filter.page > 1 ? html`<a href="${pageHref(filter.page - 1)}" rel="prev">Previous</a>` : ''}
      <span>Page ${filter.page} of ${pages}</span>
      ${filter.page < pages ? html`<a href="${pageHref(filter.page + 1)}" rel="next">Next</a>` : ''}
    </nav>` : ''}
  </div>`;
}
