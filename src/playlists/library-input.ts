// What people paste into the add box: a playlist, a channel or a single video, as a link in any of
// the forms YouTube hands out or as a bare id. Anything else gets an error saying what was expected.

export type ChannelLookup =
  | { readonly by: 'id'; readonly value: string }
  | { readonly by: 'handle'; readonly value: string }
  | { readonly by: 'username'; readonly value: string }
  /** A /c/ custom URL: YouTube has no lookup for those, so it is tried as a handle, then as a username. */
  | { readonly by: 'custom'; readonly value: string };

export type LibraryInput =
  | { readonly ok: true; readonly kind: 'playlist'; readonly id: string }
  | { readonly ok: true; readonly kind: 'channel'; readonly channel: ChannelLookup }
  | { readonly ok: true; readonly kind: 'video'; readonly id: string }
  | { readonly ok: false; readonly error: string };

// Playlist ids are a kind prefix (PL user playlist, UU/UULF/... channel uploads, FL favourites,
// OLAK5uy_ album, RD mix) followed by base64url characters.
const PLAYLIST_ID = /^(?:PL|UU|FL|OL|RD|UL|PU|EL)[A-Za-z0-9_-]{10,62}$/;
const CHANNEL_ID = /^UC[A-Za-z0-9_-]{22}$/;
const VIDEO_ID = /^[A-Za-z0-9_-]{11}$/;
// Handles are 3-30 letters, digits, '.', '_' or '-', in any script.
const HANDLE = /^@[\p{L}\p{M}\p{N}._-]{3,30}$/u;
const CUSTOM_NAME = /^[\p{L}\p{M}\p{N}._-]{1,100}$/u;
const USERNAME = /^[A-Za-z0-9._-]{1,100}$/;
const YOUTUBE_HOSTS = new Set(['youtube.com', 'www.youtube.com', 'm.youtube.com', 'music.youtube.com', 'youtu.be']);
/** Pages of a channel that can follow its address (/@handle/videos): they still mean the channel. */
const CHANNEL_TABS = new Set(['featured', 'videos', 'shorts', 'streams', 'live', 'playlists', 'community', 'posts', 'about', 'podcasts', 'releases', 'search']);
const EXPECTED = 'Paste a link to a YouTube playlist, channel or video (such as https://www.youtube.com/playlist?list=PL…, https://www.youtube.com/@handle or https://youtu.be/…), or a playlist, channel or video id.';

const fail = (error: string): LibraryInput => ({ ok: false, error });
const quoted = (text: string) => `"${text.slice(0, 80)}"`;

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

function decodeSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

function videoInput(id: string | undefined, what: string): LibraryInput {
  if (id !== undefined && VIDEO_ID.test(id)) return { ok: true, kind: 'video', id };
  return fail(`${quoted(id ?? '')} in that ${what} is not a video id (video ids are 11 letters, digits, - or _). ${EXPECTED}`);
}

function channelInput(channel: ChannelLookup | null, shown: string): LibraryInput {
  if (channel === null) return fail(`${quoted(shown)} in that link is not a channel name, handle or id. ${EXPECTED}`);
  return { ok: true, kind: 'channel', channel };
}

function fromPath(url: URL): LibraryInput | null {
  const segments = url.pathname.split('/').slice(1).map((s) => decodeSegment(s) ?? '\u0000');
  if (segments.at(-1) === '') segments.pop();
  const [first = '', second, third] = segments;
  if (url.hostname === 'youtu.be') return first === '' ? null : videoInput(first, 'youtu.be link');
  if (first === 'watch') return url.searchParams.has('v') ? videoInput(url.searchParams.get('v') ?? '', 'watch link') : null;
  if (first === 'shorts' || first === 'live' || first === 'embed') return videoInput(second, `/${first}/ link`);
  // A channel's address may go on to one of its tabs (/@handle/videos); anything deeper is something else.
  const tab = first.startsWith('@') ? second : third;
  if (tab !== undefined && !CHANNEL_TABS.has(tab)) return null;
  if (first.startsWith('@')) return channelInput(HANDLE.test(first) ? { by: 'handle', value: first } : null, first);
  if (first === 'channel') return channelInput(CHANNEL_ID.test(second ?? '') ? { by: 'id', value: second! } : null, second ?? '');
  if (first === 'c') return channelInput(CUSTOM_NAME.test(second ?? '') ? { by: 'custom', value: second! } : null, second ?? '');
  if (first === 'user') return channelInput(USERNAME.test(second ?? '') ? { by: 'username', value: second! } : null, second ?? '');
  return null;
}

export function parseLibraryInput(raw: string): LibraryInput {
  const text = raw.trim();
  if (text === '') return fail(`Nothing was pasted. ${EXPECTED}`);
  if (PLAYLIST_ID.test(text)) return { ok: true, kind: 'playlist', id: text };
  if (CHANNEL_ID.test(text)) return { ok: true, kind: 'channel', channel: { by: 'id', value: text } };
  if (HANDLE.test(text)) return { ok: true, kind: 'channel', channel: { by: 'handle', value: text } };
  if (VIDEO_ID.test(text)) return { ok: true, kind: 'video', id: text };

  const url = asUrl(text);
  if (url === null) return fail(`${quoted(text)} is neither a YouTube link nor a playlist, channel or video id. ${EXPECTED}`);
  if (!YOUTUBE_HOSTS.has(url.hostname)) return fail(`That link points to ${url.hostname}, not YouTube. ${EXPECTED}`);
  const list = url.searchParams.get('list');
  if (list === 'WL') {
    return fail('Watch Later is private: YouTube does not let apps read it. Copy its videos into a playlist of your own, or add them one by one.');
  }
  if (list === 'LL') return fail('That is your Liked videos list: add it under "Your YouTube" below, which reads it with your own Google account.');
  if (list !== null && list !== '') {
    return PLAYLIST_ID.test(list) ? { ok: true, kind: 'playlist', id: list } : fail(`${quoted(list)} in that link is not a playlist id. ${EXPECTED}`);
  }
  if (url.pathname === '/playlist') return fail(`That YouTube link has no playlist in it (no list= part). ${EXPECTED}`);
  return fromPath(url) ?? fail(`That YouTube link is not a playlist, a channel or a video. ${EXPECTED}`);
}
