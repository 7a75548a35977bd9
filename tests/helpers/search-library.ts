// A small fixed library for the search tests, inserted straight into the tables (not through the
// indexer), so every phrase, second and date is known. Cues are written like the indexer writes them:
// search_text is a cue's text, a space, then the next cue's text.
import type { Sql } from '../../src/db/client.ts';
import { startTestApp, type TestApp } from './app.ts';
import { createSignedInUser } from './users.ts';

export interface FixtureVideo {
  readonly id: string;
  readonly title: string;
  readonly description?: string;
  readonly channel: { id: string; title: string };
  readonly publishedAt: string;
  readonly durationSeconds: number;
  readonly views: number;
  readonly language: string | null;
  readonly kind: 'manual' | 'auto' | null;
  /** [start second, text]; each cue ends where the next starts (the last one 5 s later). */
  readonly cues: ReadonlyArray<readonly [number, string]>;
}

const KITCHEN = { id: 'UCkitchen00000000000000', title: 'Kitchen Channel' };
const TRAVEL = { id: 'UCtravel000000000000000', title: 'Travel Channel' };
const GERMAN = { id: 'UCdeutsch00000000000000', title: 'Deutscher Kanal' };
const SCIENCE = { id: 'UCscience00000000000000', title: 'Science Channel' };

export const V = {
  cooking: 'cook0000001',
  travel: 'trav0000001',
  german: 'germ0000001',
  french: 'fren0000001',
  espressoTitle: 'titl0000001',
  espressoDescription: 'desc0000001',
  removed: 'gone0000001',
  bobs: 'bobs0000001',
} as const;

export const LIBRARY: ReadonlyArray<FixtureVideo> = [
  {
    id: V.cooking, title: 'Morning coffee routine', description: 'How I make coffee at the café every day.', channel: KITCHEN,
    publishedAt: '2024-03-01T10:00:00Z', durationSeconds: 600, views: 1000, language: 'en', kind: 'manual',
    cues: [
      [0, 'Welcome back to the kitchen'],
      [5, 'today we are making a proper'],
      [10, 'espresso at home with fresh beans'],
      [15, 'the runners were running late'],
      [20, 'so we grabbed a coffee at the Café'],
      [25, 'and then we went home'],
      [30, 'to be or not to be'],
    ],
  },
  {
    id: V.travel, title: 'Walking tour of Paris', description: 'A long walk through the city.', channel: TRAVEL,
    publishedAt: '2023-06-10T08:00:00Z', durationSeconds: 1500, views: 50_000, language: 'en-GB', kind: 'auto',
    cues: [
      [0, 'bonjour and welcome to Paris'],
      [5, 'we will walk along the river'],
      [10, 'later we stop for a croissant and'],
      [15, 'a coffee near the tower'],
      [20, 'the view from up here is amazing'],
      [754, 'this bridge is the oldest in the city'],
      [759, 'it was finished in sixteen hundred and seven'],
    ],
  },
  {
    id: V.german, title: 'Kaffee und Kuchen', description: 'Ein Nachmittag in Berlin.', channel: GERMAN,
    publishedAt: '2022-01-15T12:00:00Z', durationSeconds: 300, views: 200, language: 'de', kind: 'manual',
    cues: [
      [0, 'wir trinken Kaffee im Café'],
      [5, 'die Häuser hier sind sehr alt'],
      [10, 'Laufen macht uns Spaß'],
    ],
  },
  {
    id: V.french, title: 'Le petit déjeuner', channel: TRAVEL,
    publishedAt: '2021-05-05T07:00:00Z', durationSeconds: 240, views: 75, language: 'fr', kind: 'auto',
    cues: [
      [0, 'nous mangeons des pâtes ce soir'],
      [5, 'le café est fermé le lundi'],
    ],
  },
  {
    id: V.espressoTitle, title: 'Quantum espresso physics', description: 'Lecture notes.', channel: SCIENCE,
    publishedAt: '2020-02-02T09:00:00Z', durationSeconds: 3600, views: 900, language: null, kind: null, cues: [],
  },
  {
    id: V.espressoDescription, title: 'Kitchen gadgets, reviewed', description: 'This week: an espresso machine review and more.', channel: KITCHEN,
    publishedAt: '2024-08-20T18:00:00Z', durationSeconds: 900, views: 12_000, language: 'en', kind: 'auto',
    cues: [[0, 'today we test three gadgets'], [5, 'the first one is a toaster'], [10, 'it charges over usb3 in an hour']],
  },
];

/** In a playlist of Alice's, but removed from it by a re-sync: never searchable. */
const REMOVED: FixtureVideo = {
  id: V.removed, title: 'Removed espresso video', channel: KITCHEN, publishedAt: '2024-01-01T00:00:00Z', durationSeconds: 60,
  views: 5, language: 'en', kind: 'manual', cues: [[0, 'espresso espresso espresso zebra']],
};

/** Only in Bob's library. */
const BOBS: FixtureVideo = {
  id: V.bobs, title: 'Secret zebra plans', channel: SCIENCE, publishedAt: '2024-05-05T00:00:00Z', durationSeconds: 120,
  views: 3, language: 'en', kind: 'manual', cues: [[0, 'the zebra crossing at midnight'], [5, 'with a proper espresso in hand']],
};

/** 25 short videos that all say "filler", for pagination: published one day apart, the newest with the fewest views. */
export const FILLERS: ReadonlyArray<FixtureVideo> = Array.from({ length: 25 }, (_, i) => ({
  id: `fill${String(i + 1).padStart(7, '0')}`, title: `Filler episode ${i + 1}`, channel: SCIENCE,
  publishedAt: new Date(Date.UTC(2019, 0, 1 + i)).toISOString(), durationSeconds: 100 + i, views: 10 * (25 - i), language: 'en', kind: 'auto',
  cues: [[0, `this is filler number ${i + 1}`]],
}));

export const PLAYLISTS = { main: 'PLsearchMain', extra: 'PLsearchExtra', bobs: 'PLsearchBobs' } as const;

export async function insertVideo(sql: Sql, video: FixtureVideo): Promise<void> {
  await sql`
    insert into videos (id, title, description, channel_id, channel_title, published_at, duration_seconds, view_count,
      transcript_status, transcript_language, transcript_kind, thumbnail_url)
    values (${video.id}, ${video.title}, ${video.description ?? ''}, ${video.channel.id}, ${video.channel.title}, ${video.publishedAt},
      ${video.durationSeconds}, ${video.views}, ${video.cues.length > 0 ? 'indexed' : 'unavailable'}, ${video.language}, ${video.kind},
      ${`https://i.ytimg.com/vi/${video.id}/mqdefault.jpg`})`;
  if (video.cues.length === 0) return;
  const rows = video.cues.map(([start, text], i) => {
    const next = video.cues[i + 1];
    return {
      video_id: video.id, position: i, start_ms: start * 1000, end_ms: (next ? next[0] : start + 5) * 1000, text,
      search_text: next ? `${text} ${next[1]}` : text, language: video.language ?? 'en',
    };
  });
  await sql`insert into transcript_segments ${sql(rows)}`;
}

async function playlist(sql: Sql, id: string, videos: ReadonlyArray<FixtureVideo>, removed: ReadonlyArray<FixtureVideo> = []): Promise<void> {
  await sql`insert into playlists (id, title) values (${id}, ${`Playlist ${id}`})`;
  let position = 0;
  for (const video of videos) await sql`insert into playlist_videos (playlist_id, video_id, position) values (${id}, ${video.id}, ${position++})`;
  for (const video of removed) {
    await sql`insert into playlist_videos (playlist_id, video_id, position, removed_at) values (${id}, ${video.id}, ${position++}, now())`;
  }
}

/** Alice's library: the main playlist (LIBRARY, plus a removed video) and the fillers; Bob's: his own video. */
export async function insertSearchLibrary(sql: Sql, users: { alice: number; bob: number }): Promise<void> {
  for (const video of [...LIBRARY, REMOVED, BOBS, ...FILLERS]) await insertVideo(sql, video);
  await playlist(sql, PLAYLISTS.main, LIBRARY, [REMOVED]);
  await playlist(sql, PLAYLISTS.extra, FILLERS);
  await playlist(sql, PLAYLISTS.bobs, [BOBS]);
  await sql`insert into library_playlists (user_id, playlist_id, source) values
    (${users.alice}, ${PLAYLISTS.main}, 'owned'), (${users.alice}, ${PLAYLISTS.extra}, 'added'), (${users.bob}, ${PLAYLISTS.bobs}, 'owned')`;
}

/** The whole app (no worker) with this library in it: Alice owns it, Bob has his own playlist. */
export async function startSearchApp(): Promise<{ t: TestApp; alice: SignedIn; bob: SignedIn }> {
  const t = await startTestApp({ worker: false });
  const { sql } = t.db.database;
  const alice = await createSignedInUser(sql);
  const bob = await createSignedInUser(sql);
  await insertSearchLibrary(sql, { alice: alice.userId, bob: bob.userId });
  return { t, alice, bob };
}

type SignedIn = Awaited<ReturnType<typeof createSignedInUser>>;
