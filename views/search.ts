// The search page: a form whose results update as the person types (htmx, debounced), and the
// results fragment that every request returns on its own for htmx and inside the whole page otherwise.
import { html } from 'hono/html';
import type { TextPart } from '../src/search/highlight.ts';
import { formatTimestamp, youtubeMomentUrl } from '../src/search/links.ts';
import { MOMENT_CAP, type LibraryFacets, type SearchResults, type VideoHit } from '../src/search/queries.ts';
import { searchRefusal } from '../src/search/refusals.ts';
import { RESULTS_PER_PAGE, searchQueryString, type SearchRequest } from '../src/search/request.ts';
import { captionsLabel, languageName } from './language-name.ts';
import type { Html } from './layout.ts';
import { localTime } from './local-time.ts';

/** Turns a stored YouTube thumbnail URL into one the browser may load (the configured thumbnail origin). */
export type ThumbnailSrc = (videoId: string, storedUrl: string | null) => string;

export interface SearchOutcome {
  readonly request: SearchRequest;
  /** Undefined when nothing was searched (no words, or too long). */
  readonly results?: SearchResults | undefined;
  /** Set when there were no results and a respelling finds some in this library. */
  readonly didYouMean?: string | undefined;
  /** The words reduced to nothing searchable (only punctuation, only exclusions). */
  readonly nothingToSearch?: boolean | undefined;
  /** Cut off at the search pool's time limit. */
  readonly tooBroad?: boolean | undefined;
  /** Refused: this person already has as many searches running as allowed. */
  readonly busy?: boolean | undefined;
}

const counts = new Intl.NumberFormat('en');
const plural = (n: number, one: string, many: string) => `${counts.format(n)} ${n === 1 ? one : many}`;

/** Matched words in <mark>; every part is escaped like any other text. */
export function highlighted(parts: ReadonlyArray<TextPart>): Html {
  return html`${parts.map((p) => (p.match ? html`<mark>${p.text}</mark>` : html`${p.text}`))}`;
}

function formatDuration(seconds: number | null): string {
  return seconds === null ? '' : formatTimestamp(seconds * 1000);
}

/** A timestamp that opens YouTube at that second, or (with app.js) starts the inline player there. */
export function momentLink(videoId: string, startMs: number, playerId: string): Html {
  const seconds = Math.floor(startMs / 1000);
  return html`<a class="moment-time" href="${youtubeMomentUrl(videoId, startMs)}" data-video-id="${videoId}" data-start="${seconds}"
    data-player="${playerId}" aria-label="Play from ${formatTimestamp(startMs)}">${formatTimestamp(startMs)}</a>`;
}

function videoHref(request: SearchRequest, videoId: string): string {
  const query = request.query.trim() ? `?${new URLSearchParams({ q: request.query })}` : '';
  return `/videos/${encodeURIComponent(videoId)}${query}`;
}

/** For a video found by its title or description alone: why none of its moments could match (yet). */
function withoutTranscript(video: VideoHit): Html {
  if (video.momentCount > 0 || video.transcriptStatus === 'indexed') return html``;
  const where = video.titleMatch && video.descriptionMatch ? 'title and description' : video.titleMatch ? 'title' : 'description';
  const why = video.transcriptStatus === 'pending' ? `Transcript still pending: only the ${where} matched so far.`
    : video.transcriptStatus === 'unavailable' ? `No captions on YouTube: only the ${where} matched.`
    : `No transcript: only the ${where} matched.`;
  return html`<p class="muted transcript-missing">${why}</p>`;
}

/** capped: the search stopped reading cues, so a video's count may be short of all its moments. */
function resultItem(request: SearchRequest, video: VideoHit, thumb: ThumbnailSrc, capped: boolean): Html {
  const playerId = `player-${video.id}`;
  const meta = [
    video.channelTitle,
    video.publishedAt ? localTime(video.publishedAt, 'date') : null,
    video.viewCount === null ? null : plural(video.viewCount, 'view', 'views'),
    video.durationSeconds === null ? null : formatDuration(video.durationSeconds),
    captionsLabel(video.transcriptKind, video.transcriptLanguage),
  ].filter((m) => m !== null && m !== '');
  // The best few moments, shown in the order they are said.
  const moments = [...video.moments].sort((a, b) => a.startMs - b.startMs);
  return html`<li class="result" id="video-${video.id}" data-video-id="${video.id}">
    <a class="result-thumb" href="${videoHref(request, video.id)}" tabindex="-1" aria-hidden="true"><img class="thumb" src="${thumb(video.id, video.thumbnailUrl)}" alt="" loading="lazy"></a>
    <div class="result-body">
      <h2 class="result-title"><a href="${videoHref(request, video.id)}">${highlighted(video.titleParts)}</a></h2>
      <p class="muted result-meta">${meta.map((m) => html`${m} · `)}<a href="/videos/${encodeURIComponent(video.id)}/stats">Statistics<span class="visually-hidden">: ${video.title}</span></a></p>
      ${video.descriptionParts ? html`<p class="result-description">${highlighted(video.descriptionParts)}</p>` : ''}
      ${withoutTranscript(video)}
      ${moments.length > 0 ? html`<ul class="moments" aria-label="Matching moments">
        ${moments.map((m) => html`<li class="moment">${momentLink(video.id, m.startMs, playerId)} <span class="snippet">${highlighted(m.snippet)}</span></li>`)}
      </ul>` : ''}
      ${video.momentCount > video.moments.length
        ? html`<p class="more"><a href="${videoHref(request, video.id)}">${capped ? 'All moments' : `All ${plural(video.momentCount, 'moment', 'moments')}`} in the transcript</a></p>` : ''}
      <div class="player" id="${playerId}"></div>
    </div>
  </li>`;
}

function pagination(request: SearchRequest, results: SearchResults): Html {
  const pages = Math.max(1, Math.ceil(results.totalVideos / RESULTS_PER_PAGE));
  if (pages === 1 && request.page === 1) return html``;
  const link = (page: number, label: string, rel: string) => {
    const href = `/search?${searchQueryString({ ...request, page })}`;
    // The next page starts at the top of the results, not wherever the last one was scrolled to.
    return html`<a href="${href}#results" rel="${rel}" hx-get="${href}" hx-target="#results" hx-swap="outerHTML show:top" hx-push-url="true">${label}</a>`;
  };
  return html`<nav class="pagination" aria-label="Result pages">
    ${request.page > 1 ? link(Math.min(request.page - 1, pages), '← Previous', 'prev') : ''}
    <span>Page ${request.page} of ${pages}</span>
    ${request.page < pages ? link(request.page + 1, 'Next →', 'next') : ''}
  </nav>`;
}

function syntaxHelp(): Html {
  return html`<div class="search-help muted">
    <p>Type words to find every moment they were said. <code>"an exact phrase"</code> keeps words together (even across two captions),
      <code>this or that</code> finds either, <code>-word</code> leaves out moments with that word. Case and accents never matter,
      "running" also finds "run", and the last word also matches as the start of a word while you type.</p>
  </div>`;
}

/** The part of the page that changes with every keystroke. */
export function searchResultsSection(outcome: SearchOutcome, thumb: ThumbnailSrc): Html {
  const { request, results } = outcome;
  const refusal = searchRefusal(outcome);
  let body: Html;
  if (refusal) {
    body = html`<p class="${refusal.status === 400 ? 'alert' : 'notice'}" role="${refusal.status === 400 ? 'alert' : 'status'}">${refusal.message}</p>`;
  } else if (!request.query.trim()) {
    body = syntaxHelp();
  } else if (outcome.nothingToSearch || !results) {
    body = html`<p class="notice">Nothing to search for in “${request.query}”: add a word (exclusions like <code>-word</code> need one too).</p>`;
  } else if (results.totalVideos === 0 && results.capped) {
    body = html`<p class="notice">No moments among the first ${counts.format(MOMENT_CAP)} places these words are said: add a word or a filter to narrow it down.</p>`;
  } else if (results.totalVideos === 0) {
    body = html`<p class="notice">No moments match “${request.query}” in your library.</p>
      ${outcome.didYouMean ? html`<p class="did-you-mean">Did you mean
        <a href="/search?${searchQueryString({ ...request, query: outcome.didYouMean, page: 1 })}">${outcome.didYouMean}</a>?</p>` : ''}`;
  } else {
    // Past MOMENT_CAP cues read, the counts are what was found among those: at least that many.
    const more = results.capped ? '+' : '';
    body = html`<p class="summary" role="status">${counts.format(results.totalVideos)}${more} ${results.totalVideos === 1 && !more ? 'video' : 'videos'},
      ${counts.format(results.totalMoments)}${more} ${results.totalMoments === 1 && !more ? 'moment' : 'moments'}${
      results.capped ? html` <span class="muted">(said almost everywhere: counting stopped there; add a word to narrow it down)</span>` : ''}
      · <a href="/search.csv?${searchQueryString({ ...request, page: 1 })}" download>Export CSV</a></p>
      ${results.videos.length === 0
        ? html`<p class="notice">Page ${request.page} is past the last page of results.</p>`
        : html`<ol class="results">${results.videos.map((v) => resultItem(request, v, thumb, results.capped))}</ol>`}
      ${pagination(request, results)}`;
  }
  return html`<div id="results" aria-live="polite" tabindex="-1">${body}</div>`;
}

function select(name: string, label: string, value: string | undefined, options: ReadonlyArray<{ value: string; label: string }>, anyLabel: string): Html {
  return html`<label>${label}
    <select name="${name}">
      <option value="">${anyLabel}</option>
      ${options.map((o) => html`<option value="${o.value}" ${o.value === value ? 'selected' : ''}>${o.label}</option>`)}
    </select></label>`;
}

export function searchPage(outcome: SearchOutcome, facets: LibraryFacets, thumb: ThumbnailSrc): Html {
  const { request } = outcome;
  const f = request.filters;
  // Folded until one is set, so the first result is a few Tab presses (and no screenful on a phone) away.
  const activeFilters = Object.values(f).filter((v) => v !== undefined).length + (request.sort === 'relevance' ? 0 : 1);
  return html`<section class="search-page">
    <a class="skip-link" href="#results">Skip to results</a>
    <h1 class="visually-hidden">Search</h1>
    <form id="search-form" class="search-form" action="/search" method="get" role="search"
      hx-get="/search" hx-target="#results" hx-swap="outerHTML" hx-push-url="true" hx-sync="this:replace"
      hx-trigger="input changed delay:300ms from:#search-q, change from:.filters, submit" hx-indicator="#search-indicator">
      <div class="search-box">
        <label for="search-q" class="visually-hidden">Search your library</label>
        <input id="search-q" name="q" type="search" value="${request.query}" autocomplete="off" autofocus
          placeholder='Words, "an exact phrase", this or that, -without' aria-describedby="search-syntax">
        <button type="submit">Search</button>
        <span id="search-indicator" class="search-indicator" role="status">Searching…</span>
      </div>
      <p id="search-syntax" class="visually-hidden">Results update as you type; the down arrow moves into them.</p>
      <details class="filters-fold" ${activeFilters > 0 ? 'open' : ''}>
      <summary>Filters${activeFilters > 0 ? ` (${activeFilters} set)` : ''}</summary>
      <fieldset class="filters">
        <legend class="visually-hidden">Filters and order</legend>
        ${select('playlist', 'Playlist', f.playlist, facets.playlists.map((p) => ({ value: p.id, label: p.title })), 'All playlists')}
        ${select('channel', 'Channel', f.channel, facets.channels.map((c) => ({ value: c.id, label: c.title })), 'All channels')}
        ${select('lang', 'Language', f.language, facets.languages.map((l) => ({ value: l, label: languageName(l) })).sort((a, b) => a.label.localeCompare(b.label, 'en')), 'Any language')}
        ${select('captions', 'Captions', f.captions, [{ value: 'manual', label: 'Manual' }, { value: 'auto', label: 'Auto-generated' }], 'Any captions')}
        <label>Published from <input type="date" name="from" value="${f.from ?? ''}"></label>
        <label>to <input type="date" name="to" value="${f.to ?? ''}"></label>
        <label>Minutes from <input type="number" name="minMinutes" min="0" step="1" inputmode="numeric" value="${f.minMinutes ?? ''}"></label>
        <label>to <input type="number" name="maxMinutes" min="0" step="1" inputmode="numeric" value="${f.maxMinutes ?? ''}"></label>
        ${select('sort', 'Sort by', request.sort === 'relevance' ? undefined : request.sort,
          [{ value: 'newest', label: 'Newest' }, { value: 'views', label: 'Most viewed' }], 'Relevance')}
      </fieldset>
      </details>
    </form>
    ${searchResultsSection(outcome, thumb)}
  </section>`;
}
