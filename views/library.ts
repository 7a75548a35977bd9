import { html } from 'hono/html';
import type { LatestRun, LibraryPlaylist } from '../src/playlists/library.ts';
import type { Html } from './layout.ts';
import { yourYoutubeSection } from './your-youtube.ts';

export interface LibraryProps {
  readonly playlists: ReadonlyArray<LibraryPlaylist>;
  /** Whether subtext holds a usable Google grant (else the account section offers to reconnect). */
  readonly youtubeConnected: boolean;
  /** A one-line outcome of the last action ("Added …") or of the YouTube refresh. */
  readonly notice?: { readonly text: string; readonly tone: 'info' | 'problem' } | undefined;
  /** The add form's inline error and what was typed, kept so it can be corrected. */
  readonly addError?: string | undefined;
  readonly addValue?: string | undefined;
}

function formatTime(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** The index state of a playlist, from its latest run; the indexing feature extends this cell. */
export function playlistStateCell(run: LatestRun | null): Html {
  if (run === null) return html`<span class="state state-never">never indexed</span>`;
  switch (run.status) {
    case 'completed':
      return html`<span class="state state-indexed">indexed at <time datetime="${(run.finishedAt ?? run.createdAt).toISOString()}">${formatTime(run.finishedAt ?? run.createdAt)}</time></span>`;
    case 'failed':
      return html`<span class="state state-failed">failed${run.error ? html`: ${run.error}` : ''}</span>`;
    default:
      return run.totalVideos === null
        ? html`<span class="state state-indexing">indexing (listing videos…)</span>`
        : html`<span class="state state-indexing">indexing ${run.processedVideos} of ${run.totalVideos}</span>`;
  }
}

/** What the list is, under its title. */
function listOrigin(p: LibraryPlaylist): string {
  switch (p.kind) {
    case 'channel': return 'channel · added by you';
    case 'videos': return 'videos you added one by one';
    case 'likes': return 'videos you liked on YouTube';
    default: return `${p.channelTitle ?? ''}${p.channelTitle ? ' · ' : ''}${p.source === 'owned' ? 'yours' : 'added by you'}${p.privacyStatus && p.privacyStatus !== 'public' ? ` · ${p.privacyStatus}` : ''}`;
  }
}

function playlistRow(p: LibraryPlaylist): Html {
  const id = encodeURIComponent(p.id);
  return html`<tr id="playlist-${p.id}" data-playlist-id="${p.id}">
    <td>${p.thumbnailUrl ? html`<img class="thumb" src="${p.thumbnailUrl}" alt="" loading="lazy">` : html`<span class="thumb"></span>`}</td>
    <td class="playlist-title"><strong><a href="/playlists/${id}">${p.title}</a></strong><br>
      <span class="muted">${listOrigin(p)}</span></td>
    <td class="count">${p.itemCount.toLocaleString('en')} ${p.itemCount === 1 ? 'video' : 'videos'}</td>
    <td>${playlistStateCell(p.latestRun)}</td>
    <td class="actions">
      <form method="post" action="/playlists/${id}/index" class="inline"><button type="submit">Start indexing</button></form>
      <form method="post" action="/playlists/${id}/remove" class="inline" hx-post="/playlists/${id}/remove" hx-target="closest tr" hx-swap="outerHTML">
        <button type="submit" class="secondary">Remove</button>
      </form>
    </td>
  </tr>`;
}

function addPlaylistForm(props: LibraryProps): Html {
  return html`<form id="add-playlist" method="post" action="/playlists" hx-post="/playlists" hx-target="#library" hx-swap="outerHTML">
    <label for="playlist-input">Add a public playlist, channel or video</label>
    <input id="playlist-input" name="playlist" type="text" required value="${props.addValue ?? ''}"
      placeholder="A link to a playlist, a channel (@handle) or a video" autocomplete="off"
      ${props.addError ? html`aria-invalid="true" aria-describedby="playlist-error"` : ''}>
    <button type="submit">Add</button>
    ${props.addError ? html`<p id="playlist-error" class="field-error" role="alert">${props.addError}</p>` : ''}
  </form>`;
}

/** Everything under the page heading: swapped whole by the add form, so the list and form stay in step. */
export function librarySection(props: LibraryProps): Html {
  return html`<section id="library">
    ${props.notice ? html`<p class="${props.notice.tone === 'problem' ? 'alert' : 'notice'}" role="status">${props.notice.text}</p>` : ''}
    ${addPlaylistForm(props)}
    ${props.playlists.length === 0
      ? html`<p class="muted empty">No playlists yet. Playlists of your YouTube account appear here by themselves; add anyone's public playlist, channel or video with the form above.</p>`
      : html`<table class="library">
          <thead><tr><th><span class="visually-hidden">Thumbnail</span></th><th>Playlist</th><th>Videos</th><th>State</th><th><span class="visually-hidden">Actions</span></th></tr></thead>
          <tbody>${props.playlists.map(playlistRow)}</tbody>
        </table>`}
  </section>`;
}

export function libraryPage(props: LibraryProps): Html {
  return html`<div class="library-page">
    <header class="page-head">
      <h1>Your library</h1>
      <form method="post" action="/library/refresh" class="inline" hx-post="/library/refresh" hx-target="#library" hx-swap="outerHTML">
        <button type="submit" class="secondary">Refresh from YouTube</button>
      </form>
    </header>
    ${librarySection(props)}
    ${yourYoutubeSection({ youtubeConnected: props.youtubeConnected, likedVideosId: props.playlists.find((p) => p.kind === 'likes')?.id ?? null })}
    <section class="account">
      <h2>YouTube connection</h2>
      ${props.youtubeConnected
        ? html`<p>subtext can read your YouTube playlists (read-only).</p>
            <form method="post" action="/auth/disconnect"><button type="submit" class="secondary">Disconnect YouTube</button></form>`
        : html`<p>subtext cannot read your YouTube account right now.</p>
            <p><a class="button" href="/auth/sign-in">Reconnect YouTube</a></p>`}
    </section>
  </div>`;
}
