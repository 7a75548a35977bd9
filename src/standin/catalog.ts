import { DEMO_ACCOUNTS, DEMO_CHANNELS, DEMO_PLAYLISTS, DEMO_VIDEOS } from './demo-data.ts';
import type { AccountSpec, ChannelSpec, PlaylistSpec, VideoSpec } from './model.ts';
import { SYNTH_CHANNELS, synthPlaylist, syntheticVideo } from './synthetic.ts';

// One place to resolve any id, whether hand-made demo data or generated on demand.

export const VIDEO_ID = /^[A-Za-z0-9_-]{11}$/;

const SYNTH_CHANNEL_BY_ID = new Map(SYNTH_CHANNELS.map((channel) => [channel.id, channel]));

export function findVideo(id: string): VideoSpec | undefined {
  return DEMO_VIDEOS.get(id) ?? syntheticVideo(id);
}

export function findChannel(id: string): ChannelSpec | undefined {
  return DEMO_CHANNELS.get(id) ?? SYNTH_CHANNEL_BY_ID.get(id);
}

/** Handles are matched like YouTube does: case-insensitive, with or without the "@". */
export function findChannelByHandle(handle: string): ChannelSpec | undefined {
  const wanted = `@${handle.replace(/^@/, '')}`.toLowerCase();
  return [...DEMO_CHANNELS.values(), ...SYNTH_CHANNELS].find((channel) => channel.handle.toLowerCase() === wanted);
}

/** Legacy usernames are matched case-insensitively, like YouTube's forUsername. */
export function findChannelByUsername(username: string): ChannelSpec | undefined {
  const wanted = username.toLowerCase();
  return [...DEMO_CHANNELS.values(), ...SYNTH_CHANNELS].find((channel) => channel.username?.toLowerCase() === wanted);
}

export function findPlaylist(id: string): PlaylistSpec | undefined {
  return DEMO_PLAYLISTS.get(id) ?? synthPlaylist(id) ?? uploadsPlaylist(id);
}

export function findAccount(sub: string): AccountSpec | undefined {
  return DEMO_ACCOUNTS.find((account) => account.sub === sub);
}

export function accountOfChannel(channelId: string): AccountSpec | undefined {
  return DEMO_ACCOUNTS.find((account) => account.channelId === channelId);
}

export function uploadsPlaylistId(channelId: string): string {
  return `UU${channelId.slice(2)}`;
}

/** The id YouTube gives every signed-in person's liked videos (channels.list mine=true, relatedPlaylists.likes). */
export const LIKES_PLAYLIST_ID = 'LL';

/** The liked videos of the signed-in account: "LL" means a different list to each viewer, and nothing without one. */
export function likesPlaylist(viewer: AccountSpec | undefined): PlaylistSpec | undefined {
  if (!viewer) return undefined;
  const videos = viewer.likedVideoIds;
  return {
    id: LIKES_PLAYLIST_ID,
    title: 'Liked videos',
    description: '',
    channelId: viewer.channelId,
    privacy: 'private',
    publishedAt: '2015-01-01T00:00:00Z',
    itemCount: videos.length,
    videoIdAt: (position) => videos[position],
  };
}

/** A channel's uploads ("UU…"): its listed videos, newest first. Generated creators'
 * videos are not enumerable, so their uploads playlists are empty. */
function uploadsPlaylist(id: string): PlaylistSpec | undefined {
  if (!id.startsWith('UU')) return undefined;
  const channel = findChannel(`UC${id.slice(2)}`);
  if (!channel) return undefined;
  const videos = [...DEMO_VIDEOS.values()]
    .filter((video) => video.channelId === channel.id && video.playability !== 'private' && video.playability !== 'deleted')
    .sort((a, b) => b.publishedAt.localeCompare(a.publishedAt))
    .map((video) => video.id);
  return {
    id,
    title: `Uploads from ${channel.title}`,
    description: '',
    channelId: channel.id,
    privacy: 'public',
    publishedAt: channel.publishedAt,
    itemCount: videos.length,
    videoIdAt: (position) => videos[position],
  };
}
