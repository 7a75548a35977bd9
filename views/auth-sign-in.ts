import { html } from 'hono/html';
import type { Html } from './layout.ts';

/**
 * The sign-in (or reconnect) page: one button that posts, so starting a Google sign-in is never a GET.
 * Opened under another address than BASE_URL, it says so and links there instead (the POST would be
 * refused as cross-origin, and Google returns to BASE_URL anyway).
 */
export function signInPage(props: { reconnect: boolean; next?: string | undefined; elsewhere?: { here: string; home: string } | undefined }): Html {
  const label = props.reconnect ? 'Reconnect with Google' : 'Sign in with Google';
  return html`<section class="sign-in">
    <h1>${props.reconnect ? 'Reconnect YouTube' : 'Sign in'}</h1>
    <p>subtext signs you in with your Google account and asks for <strong>read-only</strong> access to your YouTube account,
      so it can list your playlists (private ones included) and index them. It never posts, edits or deletes anything on YouTube.</p>
    ${props.elsewhere
      ? html`<p class="notice" role="status">You opened subtext at <strong>${props.elsewhere.here}</strong>, but it is set up for
          <strong>${new URL(props.elsewhere.home).host}</strong> (its BASE_URL), where Google sends you back after signing in.
          Sign in there, and use that address from now on.</p>
        <p><a class="button" href="${props.elsewhere.home}">${label} at ${new URL(props.elsewhere.home).host}</a></p>`
      : html`<form method="post" action="/auth/sign-in">
          ${props.next ? html`<input type="hidden" name="next" value="${props.next}">` : ''}
          <button type="submit">${label}</button>
        </form>`}
  </section>`;
}

/** After "Disconnect YouTube". */
export function disconnectedPage(props: { revoked: boolean }): Html {
  return html`<section class="disconnected">
    <h1>YouTube disconnected</h1>
    <p>subtext deleted its copy of your Google tokens and can no longer read your YouTube account.
      Your library and everything already indexed stay, and playlists are no longer indexed on your behalf.</p>
    ${props.revoked ? '' : html`<p class="alert" role="alert">Google could not be reached to revoke the grant itself:
      remove subtext under <a href="https://myaccount.google.com/permissions">your Google account's third-party access</a>.</p>`}
    <p><a class="button" href="/auth/sign-in">Reconnect YouTube</a> <a class="button secondary" href="/library">Back to your library</a></p>
  </section>`;
}
