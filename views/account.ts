// /account: take your data with you (a JSON export) or delete your account and what is only yours.
import { html } from 'hono/html';
import type { Html } from './layout.ts';

const count = new Intl.NumberFormat('en');

export interface AccountProps {
  readonly name: string;
  readonly email: string;
  readonly playlistCount: number;
  readonly videoCount: number;
  /** Shown when a deletion was refused because the confirmation did not match. */
  readonly confirmError?: string | undefined;
}

export function accountPage(props: AccountProps): Html {
  return html`<div class="account-page">
    <h1>Your account</h1>
    <p>Signed in as <strong>${props.name}</strong> (${props.email}).</p>

    <section class="account">
      <h2>Export your library</h2>
      <p>One JSON file with your ${count.format(props.playlistCount)} playlist${props.playlistCount === 1 ? '' : 's'} (and the order of their videos)
        and all ${count.format(props.videoCount)} video${props.videoCount === 1 ? '' : 's'} in them: title, description, channel, YouTube's figures,
        and every line of the transcript with the millisecond it starts and ends.</p>
      <p><a class="button" href="/account/export" download>Download export (JSON)</a></p>
    </section>

    <section class="account">
      <h2>Delete your account</h2>
      <p>This revokes subtext's access to your Google account, signs you out everywhere, deletes your API tokens and your library,
        and deletes every playlist and video that is in no one else's library, transcripts included. Playlists and videos
        other people also have stay for them. This cannot be undone.</p>
      <form method="post" action="/account/delete">
        <label for="confirm-email">Type your email address, <strong>${props.email}</strong>, to confirm</label>
        <input id="confirm-email" name="confirm" type="text" required autocomplete="off" spellcheck="false"
          ${props.confirmError ? html`aria-invalid="true" aria-describedby="confirm-error"` : ''}>
        ${props.confirmError ? html`<p id="confirm-error" class="field-error" role="alert">${props.confirmError}</p>` : ''}
        <p><button type="submit" class="danger">Delete my account and data</button></p>
      </form>
    </section>
  </div>`;
}

/** After deletion: nobody is signed in any more. */
export function accountDeletedPage(props: { playlistsDeleted: number; videosDeleted: number; googleRevoked: boolean | null }): Html {
  return html`<section class="account-deleted">
    <h1>Account deleted</h1>
    <p>Your account, your library and your API tokens are gone, along with ${count.format(props.playlistsDeleted)} playlist${props.playlistsDeleted === 1 ? '' : 's'}
      and ${count.format(props.videosDeleted)} video${props.videosDeleted === 1 ? '' : 's'} no one else had.</p>
    ${props.googleRevoked === false ? html`<p class="alert" role="alert">Google could not be reached to revoke subtext's access:
      remove subtext under <a href="https://myaccount.google.com/permissions">your Google account's third-party access</a>.</p>` : ''}
    <p><a class="button secondary" href="/">Home</a></p>
  </section>`;
}
