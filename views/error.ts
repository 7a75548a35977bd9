import { html } from 'hono/html';
import type { Html } from './layout.ts';

export function errorMessage(props: { heading: string; message: string; requestId?: string | undefined; action?: { href: string; label: string } | undefined }): Html {
  return html`<section class="error-page" role="alert">
    <h1>${props.heading}</h1>
    <p>${props.message}</p>
    ${props.action ? html`<p><a class="button" href="${props.action.href}">${props.action.label}</a></p>` : ''}
    ${props.requestId ? html`<p class="muted">Reference: <code>${props.requestId}</code></p>` : ''}
  </section>`;
}
