import type { AccountSpec, ChannelSpec, GrowthCurve, Playability, PlaylistPrivacy, PlaylistSpec, ThumbnailBehaviour, TrackSpec, VideoSpec } from './model.ts';
import { hashString, idFromKey, rngFor, type Rng } from './random.ts';
import { LANGS, type Lang, type Topic } from './speech.ts';
import { SYNTH_CHANNELS, synthPlaylistId, synthVideoId } from './synthetic.ts';
import { cueTimings } from './transcript.ts';
import { curveFor, videoCounts } from './view-growth.ts';

// The hand-made demo world: three accounts, their playlists, and one video for every
// state the app must handle. Ids are derived from the keys below, so they never change.

const CREATORS = {
  kitchen: { title: 'Curious Kitchen', handle: '@curiouskitchen', username: 'CuriousKitchenTV' },
  lab: { title: 'Lab Notes', handle: '@labnotes', username: 'labnotesvideos' },
  history: { title: 'Slow History', handle: '@slowhistory' },
  travel: { title: 'Backpack Diaries', handle: '@backpackdiaries' },
  code: { title: 'Byte Sized', handle: '@bytesized' },
  music: { title: 'Chord Theory', handle: '@chordtheory' },
  polyglot: { title: 'Polyglot Corner', handle: '@polyglotcorner' },
  members: { title: 'Members Lounge', handle: '@memberslounge' },
  alice: { title: 'Alice Example', handle: '@aliceexample' },
  bob: { title: 'Bob Example', handle: '@bobexample' },
  carol: { title: 'Carol Example', handle: '@carolexample' },
} satisfies Record<string, { title: string; handle: string; username?: string }>;
type CreatorKey = keyof typeof CREATORS;

type TrackSet = 'standard' | 'asrOnly' | 'none' | 'allLanguages';

interface DemoVideoDef {
  title: string;
  channel: CreatorKey;
  topic: Topic;
  lang?: Lang;
  cues: number;
  playability?: Playability;
  tracks?: TrackSet;
  poToken?: boolean;
  innertubeRejects?: boolean;
  embeddable?: boolean;
  hiddenStats?: boolean;
  thumbnails?: ThumbnailBehaviour;
  /** Left out: drawn from the id like any video's. */
  growth?: GrowthCurve;
}

const VIDEO_DEFS = {
  // Viral, so the first playlist a demo visitor adds has a hit in it.
  ok: { title: 'Weeknight risotto without stirring all evening', channel: 'kitchen', topic: 'cooking', cues: 120, growth: 'viral' },
  straddlingPhrase: { title: 'Chocolate ganache, the honest way', channel: 'kitchen', topic: 'cooking', cues: 90 },
  classicXmlOnly: { title: 'Sourdough for impatient people', channel: 'kitchen', topic: 'cooking', cues: 80, innertubeRejects: true },
  caramelise: { title: 'Why your onions never caramelise', channel: 'kitchen', topic: 'cooking', cues: 100 },
  hiddenStats: { title: 'Knife skills in ten minutes', channel: 'kitchen', topic: 'cooking', cues: 60, hiddenStats: true },
  autoOnly: { title: 'Street food at midnight in Bangkok', channel: 'kitchen', topic: 'cooking', cues: 70, tracks: 'asrOnly' },
  long: { title: 'The whole of thermodynamics in one lecture', channel: 'lab', topic: 'physics', cues: 800 },
  running: { title: 'Centrifuges, explained by breaking one', channel: 'lab', topic: 'physics', cues: 110 },
  noMaxres: { title: 'Pendulums are weirder than you think', channel: 'lab', topic: 'physics', cues: 90, thumbnails: 'noMaxres' },
  placeholderThumbnail: { title: 'Why the sky is not actually blue', channel: 'lab', topic: 'physics', cues: 75, thumbnails: 'placeholder' },
  silkRoad: { title: 'The Silk Road in twelve objects', channel: 'history', topic: 'history', cues: 150 },
  venice: { title: 'How Venice paid for its fleet', channel: 'history', topic: 'history', cues: 130 },
  ageRestricted: { title: 'Medieval siege warfare, without the gore', channel: 'history', topic: 'history', cues: 100, playability: 'ageRestricted' },
  unavailable: { title: 'Lost documentary: the burning of the library', channel: 'history', topic: 'history', cues: 90, playability: 'unavailable' },
  cafe: { title: 'Lisbon on foot', channel: 'travel', topic: 'travel', cues: 100 },
  nightTrains: { title: 'Night trains across Europe', channel: 'travel', topic: 'travel', cues: 140 },
  brokenThumbnail: { title: 'Crossing the Andes by bus', channel: 'travel', topic: 'travel', cues: 90, thumbnails: 'broken500' },
  brokenThumbnailHtml: { title: 'Kyoto in the rain', channel: 'travel', topic: 'travel', cues: 85, thumbnails: 'brokenHtml' },
  naive: { title: 'Hash maps from scratch', channel: 'code', topic: 'programming', cues: 120 },
  postgres: { title: 'Postgres full text search in production', channel: 'code', topic: 'programming', cues: 160 },
  botCheck: { title: 'Debugging a flaky test suite', channel: 'code', topic: 'programming', cues: 100, playability: 'botCheck' },
  emptyCaptions: { title: 'Event loops without the hand waving', channel: 'code', topic: 'programming', cues: 90, poToken: true },
  rockAndRoll: { title: 'Rock & roll: the "real" story of <the> blues', channel: 'music', topic: 'music', cues: 100 },
  chorus: { title: 'Writing a catchy chorus', channel: 'music', topic: 'music', cues: 95 },
  transcriptsDisabled: { title: 'Jazz chords for guitar players', channel: 'music', topic: 'music', cues: 80, tracks: 'none' },
  embeddingDisabled: { title: 'Mixing vocals at home', channel: 'music', topic: 'music', cues: 85, embeddable: false },
  membersOnly: { title: 'Members only: studio session', channel: 'members', topic: 'music', cues: 90, playability: 'membersOnly' },
  german: { title: 'Ein Tag in Berlin', channel: 'polyglot', topic: 'travel', lang: 'de', cues: 70 },
  french: { title: 'Un café à Paris', channel: 'polyglot', topic: 'travel', lang: 'fr', cues: 70 },
  spanish: { title: 'Un paseo por Sevilla', channel: 'polyglot', topic: 'travel', lang: 'es', cues: 70 },
  polish: { title: 'Spacer po Krakowie', channel: 'polyglot', topic: 'travel', lang: 'pl', cues: 70 },
  multiLanguage: { title: 'Learning languages with street signs', channel: 'polyglot', topic: 'travel', cues: 80, tracks: 'allLanguages' },
  private: { title: 'My private rehearsal', channel: 'bob', topic: 'music', cues: 60, playability: 'private' },
  deleted: { title: 'Old vlog from 2019', channel: 'alice', topic: 'travel', cues: 60, playability: 'deleted' },
  bobsUpload: { title: "Bob's trip slideshow", channel: 'bob', topic: 'travel', cues: 60 },
} satisfies Record<string, DemoVideoDef>;
type VideoKey = keyof typeof VIDEO_DEFS;

/** Fixed sentences for search tests, each alone in one cue of the video's manual track. */
const PHRASE_DEFS = {
  paprika: { video: 'ok', cueIndex: 5, text: 'The secret ingredient is smoked paprika.' },
  dough: { video: 'classicXmlOnly', cueIndex: 7, text: "Don't overwork the dough or it turns to rubber." },
  entropy: { video: 'long', cueIndex: 640, text: 'Entropy is just counting the ways things can be arranged.' },
  running: { video: 'running', cueIndex: 9, text: 'We kept running the centrifuge overnight.' },
  cafe: { video: 'cafe', cueIndex: 4, text: 'We met at a tiny café near the harbour in Alfama.' },
  naive: { video: 'naive', cueIndex: 6, text: 'The naïve implementation allocates on every single call.' },
  rockAndRoll: { video: 'rockAndRoll', cueIndex: 3, text: 'Rock & roll started in church basements.' },
  german: { video: 'german', cueIndex: 5, text: 'Die Straße vor dem Café war nass und still.' },
  french: { video: 'french', cueIndex: 5, text: 'Ma voisine naïve boit un café crème.' },
  spanish: { video: 'spanish', cueIndex: 5, text: 'El niño come piña por la mañana.' },
  polish: { video: 'polish', cueIndex: 5, text: 'Zielony żółw je truskawki w ogrodzie.' },
} satisfies Record<string, { video: VideoKey; cueIndex: number; text: string }>;

/** One phrase split over two consecutive cues, for search across cue boundaries. */
const STRADDLING_DEF = {
  video: 'straddlingPhrase',
  cueIndex: 12,
  parts: ['And that is how you get a perfectly tempered', 'chocolate ganache every single time.'],
  text: 'perfectly tempered chocolate ganache',
} as const satisfies { video: VideoKey; cueIndex: number; parts: readonly [string, string]; text: string };

interface DemoPlaylistDef {
  title: string;
  owner: AccountKey;
  privacy: PlaylistPrivacy;
  videos: ReadonlyArray<VideoKey> | 'everything';
}

const EVERYTHING_SIZE = 3000;
/** Filler of the 3,000-video playlist: short synthetic videos, with the demo videos spread through it. */
const EVERYTHING_FILLER = { seed: 7, cues: 40 };
const EVERYTHING_DEMO_EVERY = 97;

const PLAYLIST_DEFS = {
  cooking: {
    title: 'Weeknight cooking', owner: 'alice', privacy: 'public',
    videos: ['ok', 'straddlingPhrase', 'classicXmlOnly', 'caramelise', 'hiddenStats', 'autoOnly', 'deleted', 'private'],
  },
  physics: {
    title: 'Physics for the curious', owner: 'alice', privacy: 'private',
    videos: ['long', 'running', 'noMaxres', 'placeholderThumbnail'],
  },
  everything: { title: 'Everything I watched', owner: 'alice', privacy: 'private', videos: 'everything' },
  travel: {
    title: 'Travel notes', owner: 'bob', privacy: 'public',
    videos: ['cafe', 'nightTrains', 'brokenThumbnail', 'brokenThumbnailHtml', 'bobsUpload', 'ok', 'german'],
  },
  needsAttention: {
    title: 'Needs attention', owner: 'bob', privacy: 'public',
    videos: [
      'transcriptsDisabled', 'private', 'deleted', 'unavailable', 'ageRestricted', 'botCheck', 'emptyCaptions',
      'membersOnly', 'embeddingDisabled', 'classicXmlOnly', 'placeholderThumbnail', 'brokenThumbnail',
      'brokenThumbnailHtml', 'noMaxres', 'hiddenStats', 'autoOnly', 'multiLanguage', 'ok', 'ok',
    ],
  },
  music: {
    title: 'Music theory', owner: 'bob', privacy: 'unlisted',
    videos: ['rockAndRoll', 'chorus', 'transcriptsDisabled', 'embeddingDisabled', 'membersOnly'],
  },
  languages: {
    title: 'Language practice', owner: 'carol', privacy: 'public',
    videos: ['german', 'french', 'spanish', 'polish', 'multiLanguage'],
  },
  empty: { title: 'Nothing here yet', owner: 'carol', privacy: 'public', videos: [] },
  code: {
    title: 'Programming talks', owner: 'carol', privacy: 'private',
    videos: ['naive', 'postgres', 'botCheck', 'emptyCaptions'],
  },
  history: {
    title: 'Slow history favourites', owner: 'carol', privacy: 'public',
    videos: ['silkRoad', 'venice', 'ageRestricted', 'unavailable', 'deleted'],
  },
} satisfies Record<string, DemoPlaylistDef>;
type PlaylistKey = keyof typeof PLAYLIST_DEFS;

interface DemoAccountDef {
  sub: string;
  email: string;
  givenName: string;
  familyName: string;
  /** Most recent like first; another person's private video shows as a placeholder, as on YouTube. */
  likes: ReadonlyArray<VideoKey>;
  /** Demo creators, then this many of the generated ones (enough for several pages of subscriptions). */
  subscriptions: ReadonlyArray<CreatorKey>;
  generatedSubscriptions: number;
}

const ACCOUNT_DEFS = {
  alice: {
    sub: '104736150284476185221', email: 'alice@example.com', givenName: 'Alice', familyName: 'Example',
    likes: ['naive', 'postgres', 'cafe', 'private', 'chorus'],
    subscriptions: ['kitchen', 'lab', 'history', 'code', 'music'], generatedSubscriptions: 12,
  },
  bob: {
    sub: '109283746501928374650', email: 'bob@example.com', givenName: 'Bob', familyName: 'Example',
    likes: ['rockAndRoll'], subscriptions: ['travel', 'polyglot'], generatedSubscriptions: 0,
  },
  carol: {
    sub: '112233445566778899001', email: 'carol@example.com', givenName: 'Carol', familyName: 'Example',
    likes: [], subscriptions: [], generatedSubscriptions: 0,
  },
} satisfies Record<string, DemoAccountDef>;
type AccountKey = keyof typeof ACCOUNT_DEFS;

const channelId = (key: CreatorKey): string => `UC${idFromKey(`channel-${key}`, 22)}`;
const videoId = (key: VideoKey): string => idFromKey(`video-${key}`, 11);

/** A video the stand-in always has captions for (the demo's "ok" video): demo mode's TRANSCRIPT_CANARY_VIDEO. */
export const STANDIN_CANARY_VIDEO = videoId('ok');
const playlistId = (key: PlaylistKey): string => `PL${idFromKey(`playlist-${key}`, 32)}`;

function mapValues<K extends string, T, U>(record: Record<K, T>, map: (value: T, key: K) => U): Record<K, U> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, map(value as T, key as K)])) as Record<K, U>;
}

function dateBetween(rng: Rng, fromYear: number, toYear: number): string {
  const from = Date.UTC(fromYear, 0, 1);
  return new Date(from + Math.floor(rng() * (Date.UTC(toYear, 0, 1) - from) / 1000) * 1000).toISOString();
}

function tracksFor(set: TrackSet, lang: Lang): ReadonlyArray<TrackSpec> {
  switch (set) {
    case 'standard':
      return [{ lang, auto: false }, { lang, auto: true }];
    case 'asrOnly':
      return [{ lang, auto: true }];
    case 'none':
      return [];
    case 'allLanguages':
      return [...LANGS.map((each) => ({ lang: each, auto: false })), { lang, auto: true }];
  }
}

function demoVideo(key: VideoKey, def: DemoVideoDef): VideoSpec {
  const rng = rngFor('demo-video', key);
  const lang = def.lang ?? 'en';
  const phrases = [
    ...Object.values(PHRASE_DEFS).filter((p) => p.video === key).map((p) => ({ lang, cueIndex: p.cueIndex, text: p.text })),
    ...(STRADDLING_DEF.video === key
      ? STRADDLING_DEF.parts.map((text, i) => ({ lang, cueIndex: STRADDLING_DEF.cueIndex + i, text }))
      : []),
  ];
  const id = videoId(key);
  return {
    id,
    title: def.title,
    description: `${def.title}. A ${def.topic} video from the subtext demo data.\n\nChapters are in the transcript.`,
    channelId: channelId(def.channel),
    publishedAt: dateBetween(rng, 2018, 2025),
    topic: def.topic,
    lang,
    seed: hashString(`demo-seed:${key}`),
    cueCount: def.cues,
    playability: def.playability ?? 'ok',
    tracks: tracksFor(def.tracks ?? 'standard', lang),
    captionsNeedPoToken: def.poToken ?? false,
    innertubeRejects: def.innertubeRejects ?? false,
    embeddable: def.embeddable ?? true,
    madeForKids: false,
    counts: videoCounts(id, def.growth ?? curveFor(id, 'library'), Math.floor(rng() ** 2 * 2_000_000) + 120,
      def.hiddenStats ? undefined : rng(), def.hiddenStats ? undefined : rng()),
    thumbnails: def.thumbnails ?? 'normal',
    phrases,
  };
}

const VIDEO_KEYS = Object.keys(VIDEO_DEFS) as VideoKey[];

export const DEMO_VIDEOS: ReadonlyMap<string, VideoSpec> = new Map(
  VIDEO_KEYS.map((key) => [videoId(key), demoVideo(key, VIDEO_DEFS[key])]),
);

export const DEMO_CHANNELS: ReadonlyMap<string, ChannelSpec> = new Map(
  (Object.keys(CREATORS) as CreatorKey[]).map((key) => {
    const rng = rngFor('demo-channel', key);
    const spec: ChannelSpec = {
      id: channelId(key),
      ...CREATORS[key],
      description: `${CREATORS[key].title} on YouTube (subtext demo data).`,
      publishedAt: dateBetween(rng, 2008, 2018),
      subscribers: Math.floor(rng() ** 2 * 900_000) + 10,
    };
    return [spec.id, spec];
  }),
);

function everythingVideoAt(position: number): string | undefined {
  if (position < 0 || position >= EVERYTHING_SIZE) return undefined;
  const demoKey = position % EVERYTHING_DEMO_EVERY === 0 ? VIDEO_KEYS[position / EVERYTHING_DEMO_EVERY] : undefined;
  return demoKey ? videoId(demoKey) : synthVideoId(EVERYTHING_FILLER.seed, EVERYTHING_FILLER.cues, position);
}

function demoPlaylist(key: PlaylistKey, def: DemoPlaylistDef): PlaylistSpec {
  const videos = def.videos === 'everything' ? undefined : def.videos.map(videoId);
  return {
    id: playlistId(key),
    title: def.title,
    description: `${def.title}, a playlist of ${ACCOUNT_DEFS[def.owner].givenName}'s.`,
    channelId: channelId(def.owner),
    privacy: def.privacy,
    publishedAt: dateBetween(rngFor('demo-playlist', key), 2019, 2024),
    itemCount: videos ? videos.length : EVERYTHING_SIZE,
    videoIdAt: videos ? (position) => videos[position] : everythingVideoAt,
  };
}

export const DEMO_PLAYLISTS: ReadonlyMap<string, PlaylistSpec> = new Map(
  (Object.keys(PLAYLIST_DEFS) as PlaylistKey[]).map((key) => [playlistId(key), demoPlaylist(key, PLAYLIST_DEFS[key])]),
);

const PLAYLIST_KEYS = Object.keys(PLAYLIST_DEFS) as PlaylistKey[];

export const DEMO_ACCOUNTS: ReadonlyArray<AccountSpec> = (Object.keys(ACCOUNT_DEFS) as AccountKey[]).map((key) => {
  const def: DemoAccountDef = ACCOUNT_DEFS[key];
  return {
    sub: def.sub,
    email: def.email,
    givenName: def.givenName,
    familyName: def.familyName,
    name: `${def.givenName} ${def.familyName}`,
    channelId: channelId(key),
    playlistIds: PLAYLIST_KEYS.filter((playlist) => PLAYLIST_DEFS[playlist].owner === key).map(playlistId),
    likedVideoIds: def.likes.map(videoId),
    subscribedChannelIds: [...def.subscriptions.map(channelId), ...SYNTH_CHANNELS.slice(0, def.generatedSubscriptions).map((c) => c.id)],
  };
});

function phraseStart(key: VideoKey, cueIndex: number): number {
  const timing = cueTimings(DEMO_VIDEOS.get(videoId(key))?.seed ?? 0, cueIndex + 1)[cueIndex];
  if (!timing) throw new Error(`phrase cue ${cueIndex} is outside video ${key}`);
  return timing.startMs;
}

/** The ids and facts tests and the demo rely on. */
export const DEMO = {
  accounts: DEMO_ACCOUNTS,
  playlists: mapValues(PLAYLIST_DEFS, (_, key) => playlistId(key)),
  /** Playlists another account (or an API key) may fetch by id, e.g. when added by URL. */
  publicPlaylistIds: PLAYLIST_KEYS.filter((key) => PLAYLIST_DEFS[key].privacy !== 'private').map(playlistId),
  videos: mapValues(VIDEO_DEFS, (_, key) => videoId(key)),
  channels: mapValues(CREATORS, (_, key) => channelId(key)),
  /** Each phrase is the whole text of one cue of the manual track, starting at startMs. */
  phrases: mapValues(PHRASE_DEFS, (def) => ({
    videoId: videoId(def.video),
    lang: DEMO_VIDEOS.get(videoId(def.video))?.lang ?? 'en',
    text: def.text,
    startMs: phraseStart(def.video, def.cueIndex),
  })),
  straddlingPhrase: {
    videoId: videoId(STRADDLING_DEF.video),
    lang: 'en',
    text: STRADDLING_DEF.text,
    cueTexts: STRADDLING_DEF.parts,
    startMs: phraseStart(STRADDLING_DEF.video, STRADDLING_DEF.cueIndex),
    secondCueStartMs: phraseStart(STRADDLING_DEF.video, STRADDLING_DEF.cueIndex + 1),
  },
  /** A synthetic playlist: any PLsynth<count>x<cues>s<seed> id works. */
  synthPlaylistExample: synthPlaylistId({ count: 1000, cues: 300, seed: 1 }),
  everythingSize: EVERYTHING_SIZE,
} as const;
