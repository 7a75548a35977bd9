// Settings → API tokens: create a personal token for the JSON API (shown once), see and revoke them.
import { html } from 'hono/html';
import type { ApiToken } from '../src/auth/api-tokens.ts';
import type { Html } from './layout.ts';
import { localTime } from './local-time.ts';

const when = (d: Date | null) => (d === null ? 'never' : localTime(d));

export function apiTokensPage(props: {
  tokens: ReadonlyArray<ApiToken>;
  /** The token just created: the only time it can be shown. */
  created?: { name: string; token: string } | undefined;
  notice?: string | undefined;
  nameError?: string | undefined;
}): Html {
  return html`<section class="settings-tokens">
    <h1>API tokens</h1>
    <p>A token lets a script call <code>GET /api/search</code> as you, with <code>Authorization: Bearer &lt;token&gt;</code>.
      It sees exactly your library. Revoke a token as soon as you no longer need it.</p>
    ${props.created ? html`<div class="notice" role="status">
      <p>Token “${props.created.name}” created. Copy it now: it will not be shown again.</p>
      <p class="token-once" id="new-token">${props.created.token}</p>
      <p><button type="button" class="secondary copy-button" data-copy="new-token" hidden>Copy token</button> <span class="copy-status" role="status"></span></p>
    </div>` : ''}
    ${props.notice ? html`<p class="notice" role="status">${props.notice}</p>` : ''}
    <form method="post" action="/settings/tokens" class="inline-form">
      <label for="token-name">Name</label>
      <input id="token-name" name="name" type="text" required maxlength="100" placeholder="e.g. my notebook"
        ${props.nameError ? html`aria-invalid="true" aria-describedby="token-name-error"` : ''}>
      <button type="submit">Create token</button>
      ${props.nameError ? html`<p id="token-name-error" class="field-error" role="alert">${props.nameError}</p>` : ''}
    </form>
    ${props.tokens.length === 0 ? html`<p class="muted">You have no API tokens.</p>` : html`<table>
      <thead><tr><th>Name</th><th>Created</th><th>Last used</th><th><span class="visually-hidden">Actions</span></th></tr></thead>
      <tbody>${props.tokens.map((t) => html`<tr>
        <td>${t.name}</td><td data-label="Created">${when(t.createdAt)}</td><td data-label="Last used">${when(t.lastUsedAt)}</td>
        <td><form method="post" action="/settings/tokens/${t.id}/revoke" class="inline"><button type="submit" class="danger" aria-label="Revoke ${t.name}">Revoke</button></form></td>
      </tr>`)}</tbody>
    </table>`}
  </section>`;
}
