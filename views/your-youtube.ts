// "Your YouTube" on the library page (liked videos, subscriptions, and why Watch Later is missing)
// and the page that lists a person's subscriptions with an Add button each.
import { html } from 'hono/html';
import type { SubscriptionChoice } from '../src/playlists/your-youtube.ts';
import type { Html } from './layout.ts';

export interface YourYoutubeProps {
  readonly youtubeConnected: boolean;
  /** The id of the liked videos list when it is in the library. */
  readonly likedVideosId: string | null;
}

export function yourYoutubeSection(props: YourYoutubeProps): Html {
  if (!props.youtubeConnected) {
    return html`<section class="your-youtube" id="your-youtube"><h2>Your YouTube</h2>
      <p>Reconnect YouTube to add your liked videos and your subscriptions.</p></section>`;
  }
  return html`<section class="your-youtube" id="your-youtube">
    <h2>Your YouTube</h2>
    <ul>
      <li><strong>Liked videos</strong>: ${props.likedVideosId
        ? html`in your library (<a href="/playlists/${encodeURIComponent(props.likedVideosId)}">open</a>).`
        : html`<form method="post" action="/library/liked" class="inline"><button type="submit">Add my liked videos</button></form>`}</li>
      <li><strong>Subscriptions</strong>: <a href="/library/subscriptions">add channels you subscribe to</a>, one click each.</li>
      <li><strong>Watch Later</strong> is private: YouTube does not let any app read it. Copy its videos into a playlist of your own, or add them one by one above.</li>
    </ul>
  </section>`;
}

function subscriptionRow(s: SubscriptionChoice): Html {
  return html`<tr id="subscription-${s.channelId}">
    <td>${s.thumbnailUrl ? html`<img class="avatar" src="${s.thumbnailUrl}" alt="" loading="lazy" width="44" height="44">` : ''}</td>
    <td><strong>${s.title}</strong></td>
    <td class="actions">${subscriptionAction(s.channelId, s.inLibrary ? 'in your library' : null)}</td>
  </tr>`;
}

/** The Add button, or what became of it ("added", "in your library", a problem). */
export function subscriptionAction(channelId: string, outcome: string | null): Html {
  if (outcome !== null) return html`<span class="state">${outcome}</span>`;
  return html`<form method="post" action="/library/channels" class="inline" hx-post="/library/channels" hx-target="closest td" hx-swap="innerHTML">
    <input type="hidden" name="channel" value="${channelId}"><button type="submit">Add</button></form>`;
}

export function subscriptionsPage(props: { subscriptions: ReadonlyArray<SubscriptionChoice>; complete: boolean; stopped?: string | undefined; problem?: string | undefined }): Html {
  return html`<div class="subscriptions-page">
    <p><a href="/library">← Your library</a></p>
    <h1>Your subscriptions</h1>
    ${props.problem
      ? html`<p class="alert" role="alert">${props.problem}</p>`
      : props.subscriptions.length === 0
        ? html`<p class="muted empty">You are not subscribed to any channel on YouTube.</p>`
        : html`${props.stopped ? html`<p class="alert" role="status">Only the first ${props.subscriptions.length.toLocaleString('en')} are shown: ${props.stopped}</p>` : ''}
          <p class="muted">${props.subscriptions.length.toLocaleString('en')} channels${props.complete || props.stopped ? '' : ' (the first ones only: subtext reads at most 2,000 subscriptions)'}. Adding a channel adds all its uploads; press Start indexing on it in your library to read them.</p>
          <table class="subscriptions"><tbody>${props.subscriptions.map(subscriptionRow)}</tbody></table>`}
  </div>`;
}
