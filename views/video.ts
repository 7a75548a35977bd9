// A video's page: its whole transcript, one line per caption with a link to its second, and the hits
// of the current query marked in place and listed at the top. Its player sticks to the top of the
// screen (app.css), so a timestamp far down the transcript plays where it can be seen.
import { html } from 'hono/html';
import { formatTimestamp, youtubeMomentUrl } from '../src/search/links.ts';
import type { TranscriptLine, TranscriptVideo } from '../src/search/queries.ts';
import { captionsLabel } from './language-name.ts';
import type { Html } from './layout.ts';
import { localTime } from './local-time.ts';
import { highlighted, momentLink } from './search.ts';

const counts = new Intl.NumberFormat('en');

export function videoPage(props: { video: TranscriptVideo; lines: ReadonlyArray<TranscriptLine>; query: string; tooLong: boolean }): Html {
  const { video, lines, query } = props;
  const playerId = `player-${video.id}`;
  const hits = lines.filter((l) => l.hit !== null);
  const meta = [
    video.channelTitle,
    video.publishedAt === null ? null : localTime(video.publishedAt, 'date'),
    video.viewCount === null ? null : `${counts.format(video.viewCount)} views`,
    video.durationSeconds === null ? null : formatTimestamp(video.durationSeconds * 1000),
    captionsLabel(video.transcriptKind, video.transcriptLanguage),
  ].filter((m) => m !== null && m !== '');
  return html`<article class="video-page">
    <p><a href="/search${query.trim() ? `?${new URLSearchParams({ q: query })}` : ''}">← Back to search</a></p>
    <h1>${video.title}</h1>
    <p class="muted">${meta.map((m) => html`${m} · `)}<a href="${youtubeMomentUrl(video.id, 0)}">Open on YouTube</a>
      · <a href="/videos/${video.id}/stats">Statistics</a></p>
    ${lines.length > 0 ? html`<p class="downloads">Download the transcript:
      <a href="/videos/${video.id}/transcript.txt">TXT</a> <a href="/videos/${video.id}/transcript.txt?timestamps=0">TXT without timestamps</a>
      <a href="/videos/${video.id}/transcript.srt">SRT</a> <a href="/videos/${video.id}/transcript.vtt">VTT</a></p>` : ''}
    <div class="player" id="${playerId}"></div>
    <form class="search-box" action="/videos/${video.id}" method="get" role="search">
      <label for="video-q" class="visually-hidden">Search this transcript</label>
      <input id="video-q" name="q" type="search" value="${query}" autocomplete="off" placeholder="Find in this transcript">
      <button type="submit">Find</button>
    </form>
    ${props.tooLong ? html`<p class="alert" role="alert">Query too long: shorten it and try again.</p>` : ''}
    ${query.trim() && !props.tooLong ? html`<section class="hits" aria-labelledby="hits-heading">
      <h2 id="hits-heading">${hits.length === 0 ? html`No moments match “${query}”` : html`${counts.format(hits.length)} ${hits.length === 1 ? 'moment matches' : 'moments match'} “${query}”`}</h2>
      ${hits.length > 0 ? html`<ol class="hit-list">${hits.map((l) => html`<li><a href="#line-${l.segmentId}">${formatTimestamp(l.startMs)}</a> ${highlighted(l.hit!)}</li>`)}</ol>` : ''}
    </section>` : ''}
    <section aria-labelledby="transcript-heading">
      <h2 id="transcript-heading">Transcript</h2>
      ${lines.length === 0
        ? html`<p class="muted">${video.transcriptStatus === 'indexed' ? 'This transcript is empty.' : 'No transcript has been indexed for this video yet.'}</p>`
        : html`<ol class="transcript-lines">${lines.map((l) => html`<li id="line-${l.segmentId}" ${l.hit ? html`class="hit"` : ''}>
            ${momentLink(video.id, l.startMs, playerId)} <span>${l.hit ? highlighted(l.hit) : l.text}</span></li>`)}</ol>`}
    </section>
  </article>`;
}
