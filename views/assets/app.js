// Behaviour that needs script lives here, never inline, so the Content-Security-Policy can forbid inline script.
document.addEventListener('htmx:responseError', (event) => {
  const target = event.detail.target;
  if (target && event.detail.xhr.status >= 500) {
    // The target keeps its own attributes, so a polling progress block keeps polling and recovers.
    target.innerHTML = event.detail.xhr.status === 503
      ? '<p class="alert" role="alert">Database unavailable, retrying…</p>'
      : '<p class="alert" role="alert">Something went wrong on the server. Please try again.</p>';
  }
});

// Demo mode: the videos are made up, so the player and the links to YouTube go to the stand-in's embed
// page, which shows the title and the second it would play from.
const demoYoutube = document.documentElement.dataset.demoYoutube;
function pointWatchLinksAtStandin(root) {
  if (!demoYoutube || !root.querySelectorAll) return;
  for (const link of root.querySelectorAll('a[href^="https://www.youtube.com/watch?"]')) {
    const url = new URL(link.href);
    const start = Number.parseInt(url.searchParams.get('t') || '0', 10) || 0;
    link.href = `${demoYoutube}/embed/${encodeURIComponent(url.searchParams.get('v') || '')}?start=${start}`;
  }
}
document.addEventListener('htmx:load', (event) => pointWatchLinksAtStandin(event.target));
document.addEventListener('DOMContentLoaded', () => pointWatchLinksAtStandin(document));

// Search and video pages: a moment's timestamp links to YouTube at that second; a plain click (or Enter)
// plays it here instead, in a youtube-nocookie player that starts at that second.
document.addEventListener('click', (event) => {
  const link = event.target instanceof Element ? event.target.closest('a.moment-time') : null;
  if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
  const videoId = link.dataset.videoId;
  const start = Number(link.dataset.start);
  const player = document.getElementById(link.dataset.player || '');
  if (!player || !/^[A-Za-z0-9_-]{11}$/.test(videoId || '') || !Number.isInteger(start) || start < 0) return;
  event.preventDefault();
  const frame = document.createElement('iframe');
  frame.src = `${demoYoutube || 'https://www.youtube-nocookie.com'}/embed/${videoId}?start=${start}&autoplay=1`;
  frame.title = `Video player, from ${link.textContent.trim()}`;
  frame.allow = 'autoplay; encrypted-media; picture-in-picture; fullscreen';
  frame.allowFullscreen = true;
  player.replaceChildren(frame);
  player.scrollIntoView({ block: 'nearest' });
  // The video page's player sticks to the top of the screen: it may now cover the line clicked.
  const covered = player.getBoundingClientRect().bottom - link.getBoundingClientRect().top;
  if (covered > 0 && getComputedStyle(player).position === 'sticky') window.scrollBy(0, -covered - 8);
});

// Search page: the down arrow moves from the search box into the results, and up and down move
// between their links (titles, moments, pages); up from the first goes back to the box.
document.addEventListener('keydown', (event) => {
  if ((event.key !== 'ArrowDown' && event.key !== 'ArrowUp') || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
  const box = document.getElementById('search-q');
  const results = document.getElementById('results');
  if (!box || !results) return;
  const links = [...results.querySelectorAll('.result-title a, a.moment-time, .more a, .did-you-mean a, .pagination a')];
  if (links.length === 0) return;
  if (document.activeElement === box) {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      links[0].focus();
    }
    return;
  }
  const at = links.indexOf(document.activeElement);
  if (at === -1) return;
  event.preventDefault();
  if (event.key === 'ArrowDown') links[Math.min(at + 1, links.length - 1)].focus();
  else (at === 0 ? box : links[at - 1]).focus();
});

// A "Copy" button copies the text of the element it names (shown only where script runs). Where the
// clipboard is out of reach (plain http to another host is not a secure context) it selects the text instead.
for (const button of document.querySelectorAll('button[data-copy]')) button.hidden = false;
document.addEventListener('click', async (event) => {
  const button = event.target instanceof Element ? event.target.closest('button[data-copy]') : null;
  const source = button ? document.getElementById(button.dataset.copy || '') : null;
  if (!button || !source) return;
  const status = button.parentElement && button.parentElement.querySelector('.copy-status');
  try {
    if (!navigator.clipboard) throw new Error('no clipboard');
    await navigator.clipboard.writeText(source.textContent.trim());
    if (status) status.textContent = 'Copied.';
  } catch {
    const range = document.createRange();
    range.selectNodeContents(source);
    window.getSelection().removeAllRanges();
    window.getSelection().addRange(range);
    if (status) status.textContent = 'Selected: press Ctrl+C (⌘C on a Mac) to copy it.';
  }
});

// Times: the server writes them in UTC (views/local-time.ts); here they become the reader's own locale
// and time zone, the UTC text kept as a tooltip. Fragments htmx swaps in are rewritten too.
const localTimeFormats = {
  date: { dateStyle: 'medium' },
  datetime: { dateStyle: 'medium', timeStyle: 'short' },
  'day-time': { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' },
  time: { timeStyle: 'short' },
};
function showLocalTimes(root) {
  if (!root.querySelectorAll) return;
  for (const element of root.querySelectorAll('[data-local]')) {
    const format = localTimeFormats[element.dataset.local];
    const when = new Date(element.getAttribute('datetime') || element.dataset.datetime || '');
    if (!format || Number.isNaN(when.getTime()) || element.dataset.localShown) continue;
    if (element instanceof HTMLElement) element.title = element.textContent.trim();
    element.textContent = new Intl.DateTimeFormat(undefined, format).format(when);
    element.dataset.localShown = 'true';
  }
}
document.addEventListener('htmx:load', (event) => showLocalTimes(event.target));
document.addEventListener('DOMContentLoaded', () => showLocalTimes(document));

// Search page: a new page of results starts at their top (hx-swap "show:top"), and keyboard focus moves
// there too instead of staying on a link that is gone.
document.addEventListener('htmx:afterSettle', (event) => {
  const from = event.detail.requestConfig && event.detail.requestConfig.elt;
  const results = document.getElementById('results');
  if (results && from instanceof Element && from.closest('.pagination')) results.focus({ preventScroll: true });
});
