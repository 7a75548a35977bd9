import type { ChannelSpec, PlaylistSpec, VideoSpec } from './model.ts';
import { decodeInt, encodeInt, hashString, idFromKey, intBetween, pick, rngFor, type Rng } from './random.ts';
import { createTitle, TOPICS } from './speech.ts';
import { curveFor, videoCounts } from './view-growth.ts';

// Generated families of videos for tests and benchmarks. Everything about such a video is
// encoded in its id, so nothing is stored and any id can be answered after a restart:
//   _s + seed(3) + cues(2) + index(4)       videos of PLsynth<count>x<cues>s<seed>
//   _t + region(2) + serial(5) + check(2)   videos of the mostPopular charts

const SYNTH_PLAYLIST = /^PLsynth(\d{1,8})x(\d{1,4})s(\d{1,6})$/;
const MAX_SYNTH_COUNT = 64 ** 4 - 1;
const MAX_SYNTH_CUES = 64 ** 2 - 1;
const MAX_SYNTH_SEED = 64 ** 3 - 1;
const CHART_SIZE = 200;
const CHART_ENTRIES_PER_BUCKET = 10;
const CHART_LIFETIME_BUCKETS = CHART_SIZE / CHART_ENTRIES_PER_BUCKET;

export interface SynthPlaylistParams {
  count: number;
  cues: number;
  seed: number;
}

export function synthPlaylistId({ count, cues, seed }: SynthPlaylistParams): string {
  return `PLsynth${count}x${cues}s${seed}`;
}

function parseSynthPlaylistId(id: string): SynthPlaylistParams | undefined {
  const match = SYNTH_PLAYLIST.exec(id);
  if (!match) return undefined;
  const [count, cues, seed] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (count < 1 || count > MAX_SYNTH_COUNT || cues < 1 || cues > MAX_SYNTH_CUES || seed > MAX_SYNTH_SEED) return undefined;
  return { count, cues, seed };
}

export function synthVideoId(seed: number, cues: number, index: number): string {
  return `_s${encodeInt(seed, 3)}${encodeInt(cues, 2)}${encodeInt(index, 4)}`;
}

/** Creators of generated videos; a fixed dozen so their ids can be looked up. */
export const SYNTH_CHANNELS: ReadonlyArray<ChannelSpec> = Array.from({ length: 12 }, (_, n) => ({
  id: `UC${idFromKey(`synth-channel-${n}`, 22)}`,
  title: `Generated Creator ${n + 1}`,
  handle: `@generated${n + 1}`,
  description: 'A channel of generated videos for tests and benchmarks.',
  publishedAt: new Date(Date.UTC(2012, n, 1 + n)).toISOString(),
  subscribers: 1000 * (n + 1) ** 3,
}));

export function synthPlaylist(id: string): PlaylistSpec | undefined {
  const params = parseSynthPlaylistId(id);
  if (!params) return undefined;
  return {
    id,
    title: `Synthetic playlist: ${params.count} videos of ${params.cues} cues (seed ${params.seed})`,
    description: 'Generated on demand by the stand-in.',
    channelId: pick(rngFor('synth-playlist-owner', params.seed), SYNTH_CHANNELS).id,
    privacy: 'public',
    publishedAt: '2020-02-02T02:02:02Z',
    itemCount: params.count,
    videoIdAt: (position) =>
      position >= 0 && position < params.count ? synthVideoId(params.seed, params.cues, position) : undefined,
  };
}

export function syntheticVideo(id: string): VideoSpec | undefined {
  if (id.length !== 11) return undefined;
  if (id.startsWith('_s')) {
    const [seed, cues, index] = [decodeInt(id.slice(2, 5)), decodeInt(id.slice(5, 7)), decodeInt(id.slice(7))];
    if (seed === undefined || !cues || index === undefined) return undefined;
    return generatedVideo(id, rngFor('synth-video', seed, cues, index), cues);
  }
  if (id.startsWith('_t')) {
    const [region, serial] = [decodeInt(id.slice(2, 4)), decodeInt(id.slice(4, 9))];
    if (region === undefined || serial === undefined || id !== trendingVideoId(region, serial)) return undefined;
    const rng = rngFor('trending-video', region, serial);
    return generatedVideo(id, rng, intBetween(rng, 40, 220));
  }
  return undefined;
}

function generatedVideo(id: string, rng: Rng, cueCount: number): VideoSpec {
  const topic = pick(rng, TOPICS);
  const seed = Math.floor(rng() * 2 ** 31);
  const likesHidden = rng() < 0.05;
  return {
    id,
    title: createTitle(topic, rng),
    description: `A generated ${topic} video.`,
    channelId: pick(rng, SYNTH_CHANNELS).id,
    publishedAt: new Date(Date.UTC(2015, 0, 1) + Math.floor(rng() * 3650) * 86_400_000 + Math.floor(rng() * 86_400_000)).toISOString(),
    topic,
    lang: 'en',
    seed,
    cueCount,
    playability: 'ok',
    tracks: [{ lang: 'en', auto: false }, { lang: 'en', auto: true }],
    captionsNeedPoToken: false,
    innertubeRejects: false,
    embeddable: true,
    madeForKids: false,
    counts: videoCounts(id, curveFor(id, id.startsWith('_t') ? 'chart' : 'library'), Math.floor(rng() ** 3 * 5_000_000),
      likesHidden ? undefined : rng(), rng() < 0.05 ? undefined : rng()),
    // Older uploads often lack a maxres rendition.
    thumbnails: rng() < 0.1 ? 'noMaxres' : 'normal',
    phrases: [],
  };
}

function regionIndex(regionCode: string): number {
  return (regionCode.charCodeAt(0) - 65) * 26 + (regionCode.charCodeAt(1) - 65);
}

function trendingVideoId(region: number, serial: number): string {
  return `_t${encodeInt(region, 2)}${encodeInt(serial, 5)}${encodeInt(hashString(`trend:${region}:${serial}`) % 64 ** 2, 2)}`;
}

/** The mostPopular chart of a region in a time bucket: ten videos enter each bucket and
 * each stays for twenty, rising then fading, so ranks move a little between buckets. */
export function trendingChart(regionCode: string, bucket: number): string[] {
  const region = regionIndex(regionCode);
  const newest = (bucket + 1) * CHART_ENTRIES_PER_BUCKET - 1;
  const candidates: Array<{ id: string; score: number }> = [];
  for (let serial = Math.max(0, newest - CHART_SIZE + 1); serial <= newest; serial++) {
    const age = bucket - Math.floor(serial / CHART_ENTRIES_PER_BUCKET);
    if (age < 0 || age >= CHART_LIFETIME_BUCKETS) continue;
    const appeal = 1 + (hashString(`appeal:${region}:${serial}`) % 1000) / 100;
    candidates.push({ id: trendingVideoId(region, serial), score: appeal * (age + 1) * Math.exp(-age / 5) });
  }
  return candidates.sort((a, b) => b.score - a.score).map((candidate) => candidate.id);
}

export function trendingBucket(now: number, bucketMinutes: number, epoch: number): number {
  // A large base keeps the bucket positive, so the chart is always full.
  const timeBucket = bucketMinutes > 0 ? Math.floor(now / (bucketMinutes * 60_000)) : 0;
  return 1000 + timeBucket + epoch;
}
