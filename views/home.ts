import { html } from 'hono/html';
import type { Html } from './layout.ts';

export function homePage(signedIn: boolean): Html {
  return html`<section class="hero">
    <h1>Search what is said in your YouTube videos</h1>
    <p>subtext indexes the titles, descriptions and transcripts of your playlists, then finds every moment a word was said and jumps straight to that second.</p>
    ${signedIn
      ? html`<p><a class="button" href="/library">Open your library</a> <a class="button secondary" href="/search">Search</a></p>`
      : html`<p><a class="button" href="/auth/sign-in">Sign in with Google</a></p>`}
  </section>`;
}
