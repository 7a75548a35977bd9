import type { Lang, Topic } from './speech.ts';

/** What the player reports for a video; drives the Data API, oEmbed and transcript answers. */
export type Playability = 'ok' | 'private' | 'deleted' | 'unavailable' | 'ageRestricted' | 'botCheck' | 'membersOnly';

export type ThumbnailBehaviour = 'normal' | 'noMaxres' | 'placeholder' | 'broken500' | 'brokenHtml';

export interface TrackSpec {
  lang: Lang;
  /** Auto-generated (ASR) track: kind=asr, vssId "a.xx". */
  auto: boolean;
}

/** A fixed sentence placed at a known cue of the video's manual track in `lang`. */
export interface PhraseSpec {
  lang: Lang;
  cueIndex: number;
  text: string;
}

export interface VideoSpec {
  id: string;
  title: string;
  description: string;
  channelId: string;
  publishedAt: string;
  topic: Topic;
  /** Spoken language: defaultAudioLanguage and the language of the ASR track. */
  lang: Lang;
  seed: number;
  /** Cues of the manual track; also sets the video's duration. */
  cueCount: number;
  playability: Playability;
  /** Empty: transcripts disabled. */
  tracks: ReadonlyArray<TrackSpec>;
  /** Caption URLs carry exp=xpe and answer 200 with an empty body. */
  captionsNeedPoToken: boolean;
  /** Innertube answers 400 for this video, so youtube-transcript falls back to the watch page. */
  innertubeRejects: boolean;
  embeddable: boolean;
  madeForKids: boolean;
  /** How its view, like and comment counts grow (read them with countsAt in view-growth.ts). */
  counts: VideoCounts;
  thumbnails: ThumbnailBehaviour;
  phrases: ReadonlyArray<PhraseSpec>;
}

/** Viral videos outrun the virality baselines, rising ones approach them, steady ones gain a
 * few hundred views an hour at most, and flat ones nothing. */
export type GrowthCurve = 'viral' | 'rising' | 'steady' | 'flat';

export interface VideoCounts {
  curve: GrowthCurve;
  /** Views when growth starts (GROWTH_START). */
  baseViews: number;
  /** The mean; the actual rate follows a daily rhythm around it. */
  viewsPerHour: number;
  /** Where in the day this video's audience peaks. */
  rhythmPhaseHours: number;
  /** Absent when the channel hides likes. */
  likesPerView: number | undefined;
  /** Absent when comments are disabled. */
  commentsPerView: number | undefined;
}

export interface ChannelSpec {
  id: string;
  title: string;
  handle: string;
  /** The legacy username of channels from before handles (youtube.com/user/NAME); few have one. */
  username?: string;
  description: string;
  publishedAt: string;
  subscribers: number;
}

export type PlaylistPrivacy = 'public' | 'unlisted' | 'private';

export interface PlaylistSpec {
  id: string;
  title: string;
  description: string;
  channelId: string;
  privacy: PlaylistPrivacy;
  publishedAt: string;
  itemCount: number;
  /** Items are produced on demand so a million-item playlist costs nothing until read. */
  videoIdAt(position: number): string | undefined;
}

export interface AccountSpec {
  /** Google's stable numeric subject id. */
  sub: string;
  email: string;
  name: string;
  givenName: string;
  familyName: string;
  channelId: string;
  playlistIds: ReadonlyArray<string>;
  /** The "LL" list this account sees: most recent like first. */
  likedVideoIds: ReadonlyArray<string>;
  subscribedChannelIds: ReadonlyArray<string>;
}
