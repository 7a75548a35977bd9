// What people paste into "Add a playlist": a playlist link, a watch link that carries list=,
// a youtu.be link with list=, or a bare playlist id. Anything else gets an error saying what was expected.

export type PlaylistInput = { readonly ok: true; readonly id: string } | { readonly ok: false; readonly error: string };

// Playlist ids are a kind prefix (PL user playlist, UU/UULF/... channel uploads, FL favourites,
// OLAK5uy_ album, RD mix) followed by base64url characters.
const PLAYLIST_ID = /^(?:PL|UU|FL|OL|RD|UL|PU|EL)[A-Za-z0-9_-]{10,62}$/;
const YOUTUBE_HOSTS = new Set(['youtube.com', 'www.youtube.com', 'm.youtube.com', 'music.youtube.com', 'youtu.be']);
const EXPECTED = 'Paste a playlist link such as https://www.youtube.com/playlist?list=PL… or a playlist id starting with PL.';

function asUrl(text: string): URL | null {
  // People often paste links without the scheme ("youtube.com/playlist?list=…").
  const candidate = /^https?:\/\//i.test(text) ? text : /^[\w.-]+\.[a-z]{2,}\//i.test(text) ? `https://${text}` : null;
  if (candidate === null) return null;
  try {
    return new URL(candidate);
  } catch {
    return null;
  }
}

export function parsePlaylistInput(raw: string): PlaylistInput {
  const text = raw.trim();
  if (text === '') return { ok: false, error: `Nothing was pasted. ${EXPECTED}` };
  if (PLAYLIST_ID.test(text)) return { ok: true, id: text };

  const url = asUrl(text);
  if (url === null) return { ok: false, error: `"${text.slice(0, 80)}" is neither a YouTube link nor a playlist id. ${EXPECTED}` };
  if (!YOUTUBE_HOSTS.has(url.hostname)) {
    return { ok: false, error: `That link points to ${url.hostname}, not YouTube. ${EXPECTED}` };
  }
  const list = url.searchParams.get('list');
  if (list === null || list === '') {
    return { ok: false, error: `That YouTube link has no playlist in it (no list= part); a link to a single video or channel cannot be added. ${EXPECTED}` };
  }
  if (list === 'WL' || list === 'LL') {
    return { ok: false, error: 'Watch Later and Liked videos are private lists YouTube does not share with apps; copy the videos into a playlist of your own instead.' };
  }
  if (!PLAYLIST_ID.test(list)) return { ok: false, error: `"${list.slice(0, 80)}" in that link is not a playlist id. ${EXPECTED}` };
  return { ok: true, id: list };
}
