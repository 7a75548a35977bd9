import { html } from 'hono/html';
import type { LatestRun, LibraryPlaylist } from '../src/playlists/library.ts';
import { searchable } from '../src/indexing/outcomes.ts';
import type { PlaylistSuggestion } from '../src/playlists/demo-suggestions.ts';
import type { Html } from './layout.ts';
import { localTime } from './local-time.ts';
import { outcomeParts, progressBar } from './run.ts';
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
  /** Demo mode, while the library is empty: public playlists of the stand-in, each one click to add. */
  readonly suggestions?: ReadonlyArray<PlaylistSuggestion> | undefined;
}

const number = new Intl.NumberFormat('en');
const isActive = (run: LatestRun | null) => run !== null && ['queued', 'listing', 'fetching', 'paused'].includes(run.status);

/** What the run made searchable, honestly: "2,976 of 3,000 searchable · 2 failed", and why the rest is not. */
function outcomeSummary(run: LatestRun): Html {
  const total = run.totalVideos ?? run.processedVideos;
  const o = run.outcomes;
  const others = outcomeParts({ ...o, failed: 0 });
  return html`${number.format(searchable(o))} of ${number.format(total)} searchable${o.failed > 0
    ? html` · <span class="count-failed">${number.format(o.failed)} failed</span>` : ''}${others.length > 0
    ? html`<br><span class="muted small">${others.map((part, i) => html`${i > 0 ? ' · ' : ''}${part}`)}</span>` : ''}`;
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

export const runIsGoing = (run: LatestRun | null): boolean => run !== null && ['queued', 'listing', 'fetching'].includes(run.status);

/**
 * The index state of a playlist, from its latest run, linked to that run. While a run goes it shows a
 * small live bar and polls itself; once the run is over the poll answers with the whole row (its button changes too).
 */
export function playlistStateCell(playlistId: string, run: LatestRun | null): Html {
  return html`<td id="state-${playlistId}" class="state-cell"${runIsGoing(run) ? html` hx-get="/playlists/${encodeURIComponent(playlistId)}/state" hx-trigger="every 2s" hx-swap="outerHTML"` : ''}>${playlistState(playlistId, run)}</td>`;
}

/** The state itself, linked to the run, for the library's cell and a list's own page. */
export function playlistState(playlistId: string, run: LatestRun | null): Html {
  if (run === null) return html`<span class="state state-never">never indexed</span>`;
  const href = `/runs/${run.id}`;
  const total = run.totalVideos;
  let body: Html;
  switch (run.status) {
    case 'completed': {
      const clean = run.outcomes.failed === 0;
      body = html`<a href="${href}" class="state ${clean ? 'state-indexed' : 'state-partial'}">${outcomeSummary(run)}</a>
        <br><span class="muted small">indexed ${localTime(run.finishedAt ?? run.createdAt)}</span>`;
      break;
    }
    case 'cancelled':
      body = html`<a href="${href}" class="state state-partial">cancelled: ${outcomeSummary(run)}</a>`;
      break;
    case 'failed':
      body = html`<a href="${href}" class="state state-failed">failed${run.error ? html`: ${run.error}` : ''}</a>`;
      break;
    default: {
      const label = run.status === 'paused' ? 'paused at' : 'indexing';
      body = html`<a href="${href}" class="state state-indexing">${total === null
        ? html`${label} (listing videos…)`
        : html`${label} ${number.format(run.processedVideos)} of ${number.format(total)}`}</a>
        ${progressBar(`library-bar-${playlistId}`, run.processedVideos, total ?? Math.max(1, run.processedVideos), 'Indexing progress', true)}`;
    }
  }
  return body;
}

/** Start indexing, or, while a run goes (or is paused), a way back to it. */
export function indexButton(playlistId: string, run: LatestRun | null): Html {
  const id = encodeURIComponent(playlistId);
  return isActive(run)
    ? html`<a class="button" href="/runs/${run!.id}">View progress</a>`
    : html`<form method="post" action="/playlists/${id}/index" class="inline"><button type="submit">Start indexing</button></form>`;
}

/** What removing a list from the library loses, so the confirmation can say it. */
function removalConsequence(p: LibraryPlaylist): string {
  switch (p.kind) {
    case 'videos': return 'The list itself is deleted: the videos would have to be added again one by one.';
    case 'likes': return 'Add my liked videos brings it back.';
    default: return p.source === 'owned'
      ? 'It stays on YouTube, but Refresh from YouTube will not bring it back; add it by its link to have it again.'
      : 'Its videos leave your searches; add it again at any time to have them back.';
  }
}

/**
 * Remove, in two steps: the first opens a confirmation (a <details>, so it needs no script) whose
 * button posts the removal. With htmx the row goes; without, the page comes back without it.
 */
export function confirmRemove(action: string, name: string, from: string, consequence: string): Html {
  return html`<details class="confirm">
    <summary class="button secondary">Remove…<span class="visually-hidden"> ${name}</span></summary>
    <p>Remove “${name}” from ${from}? ${consequence}</p>
    <form method="post" action="${action}" class="inline" hx-post="${action}" hx-target="closest tr" hx-swap="outerHTML">
      <button type="submit" class="danger">Remove<span class="visually-hidden"> ${name}</span></button>
    </form>
  </details>`;
}

export function playlistRow(p: LibraryPlaylist): Html {
  const id = encodeURIComponent(p.id);
  return html`<tr id="playlist-${p.id}" data-playlist-id="${p.id}">
    <td>${p.thumbnailUrl ? html`<img class="thumb" src="${p.thumbnailUrl}" alt="" loading="lazy">` : html`<span class="thumb"></span>`}</td>
    <td class="playlist-title"><strong><a href="/playlists/${id}">${p.title}</a></strong><br>
      <span class="muted">${listOrigin(p)}</span></td>
    <td class="count">${number.format(p.itemCount)} ${p.itemCount === 1 ? 'video' : 'videos'}</td>
    ${playlistStateCell(p.id, p.latestRun)}
    <td class="actions">
      ${indexButton(p.id, p.latestRun)}
      ${confirmRemove(`/playlists/${id}/remove`, p.title, 'your library', removalConsequence(p))}
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

function suggestionList(suggestions: ReadonlyArray<PlaylistSuggestion>): Html {
  if (suggestions.length === 0) return html``;
  return html`<div class="suggestions" aria-labelledby="suggestions-heading">
    <p id="suggestions-heading" class="muted">Demo playlists anyone can add:</p>
    <ul>${suggestions.map((s) => html`<li><form method="post" action="/playlists" hx-post="/playlists" hx-target="#library" hx-swap="outerHTML">
      <input type="hidden" name="playlist" value="${s.id}">
      <button type="submit" class="secondary">Add “${s.title}”<span class="muted-on-button"> · ${number.format(s.videos)} videos</span></button>
    </form></li>`)}</ul>
  </div>`;
}

/** Everything under the page heading: swapped whole by the add form, so the list and form stay in step. */
export function librarySection(props: LibraryProps): Html {
  return html`<section id="library">
    ${props.notice ? html`<p class="${props.notice.tone === 'problem' ? 'alert' : 'notice'}" role="status">${props.notice.text}</p>` : ''}
    ${addPlaylistForm(props)}
    ${suggestionList(props.suggestions ?? [])}
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
