import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

export interface LayoutUser {
  readonly name: string;
  readonly email: string;
  readonly youtubeAccessLost: boolean;
  readonly isAdmin?: boolean | undefined;
}

export interface LayoutProps {
  readonly title: string;
  readonly demo: boolean;
  readonly user?: LayoutUser | undefined;
  readonly body: Html;
  /** Demo mode: app.js sends the player and YouTube links to the stand-in at this address. */
  readonly demoYoutubeUrl?: string | undefined;
}

/**
 * Signed-in navigation: a "Menu" that folds on phones (a <details>, so it needs no script); on wider
 * screens app.css hides the summary and shows the links whether or not the menu is open.
 */
const nav = (user: LayoutUser | undefined) => user
  ? html`<details class="nav-menu">
      <summary>Menu</summary>
      <nav aria-label="Main">
        <a href="/search">Search</a>
        <a href="/library">Library</a>
        <a href="/trends">Trends</a>
        <a href="/gone">Gone</a>
        <a href="/reports/thumbnails">Thumbnails</a>
        <a href="/schedules">Schedules</a>
        <a href="/settings/tokens">API tokens</a>
        ${user.isAdmin ? html`<a href="/admin/jobs">Admin</a>` : ''}
        <a href="/account">Account</a>
        <span class="who">${user.name}</span>
        <form method="post" action="/auth/sign-out" class="inline"><button type="submit" class="link">Sign out</button></form>
      </nav>
    </details>`
  : html`<nav aria-label="Main"><a href="/auth/sign-in" class="button">Sign in with Google</a></nav>`;

/**
 * The page shell every full-page response uses; htmx requests get fragments instead.
 * htmx's config also swaps 429 answers (htmx leaves 4xx unswapped by default): a rate-limited
 * fragment says how long to wait, which beats results that silently stop updating.
 */
export function layout(props: LayoutProps): Html {
  return html`<!doctype html>
<html lang="en"${props.demoYoutubeUrl ? html` data-demo-youtube="${props.demoYoutubeUrl}"` : ''}>
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="htmx-config" content='{"includeIndicatorStyles":false,"allowEval":false,"responseHandling":[{"code":"204","swap":false},{"code":"429","swap":true},{"code":"[23]..","swap":true},{"code":"[45]..","swap":false,"error":true}]}'>
  <title>${props.title} · subtext</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="/assets/app.css">
  <script src="/assets/htmx.min.js" defer></script>
  <script src="/assets/app.js" defer></script>
</head>
<body>
  <a class="skip-link" href="#main">Skip to content</a>
  ${props.demo ? html`<p class="demo-banner" role="note"><strong>Demo mode:</strong> no Google credentials are configured, so every playlist, video and transcript here is generated demo data from the built-in YouTube stand-in.</p>` : ''}
  ${props.user?.youtubeAccessLost ? html`<p class="alert" role="alert">YouTube access lost: <a href="/auth/sign-in">reconnect your Google account</a> to keep indexing.</p>` : ''}
  <header class="top">
    <a href="/" class="brand">subtext</a>
    ${nav(props.user)}
  </header>
  <main id="main" tabindex="-1">${props.body}</main>
</body>
</html>`;
}
