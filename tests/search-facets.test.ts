// The search filters offer the person's own playlists, channels and languages, names in the order
// people read them ("Channel 2" before "Channel 10", case and accents aside).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { libraryFacets } from '../src/search/queries.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';
import { createSignedInUser } from './helpers/users.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

it('lists channels and playlists in natural order, and only those of the library', async () => {
  const { sql } = db.database;
  const me = await createSignedInUser(sql, { playlists: ['PLten', 'PLtwo'] });
  await sql`update playlists set title = case id when 'PLten' then 'Mix 10' else 'mix 2' end where id in ('PLten', 'PLtwo')`;
  const channels = ['Channel 10', 'channel 2', 'Émile', 'emile b', 'Zebra'];
  await sql`insert into videos (id, title, channel_id, channel_title, transcript_language)
    select 'facet' || lpad(i::text, 6, '0'), 'Video ' || i, 'UCfacet' || i, t, 'de-DE' from unnest(${channels}::text[]) with ordinality as c(t, i)`;
  await sql`insert into videos (id, title, channel_id, channel_title) values ('notmine0001', 'Elsewhere', 'UCelsewhere', 'Aardvark')`;
  await sql`insert into playlist_videos (playlist_id, video_id, position) select 'PLten', id, row_number() over (order by id) from videos where id like 'facet%'`;

  const facets = await libraryFacets(sql, me.userId);
  expect(facets.channels.map((c) => c.title)).toEqual(['channel 2', 'Channel 10', 'Émile', 'emile b', 'Zebra']);
  expect(facets.playlists.map((p) => p.title)).toEqual(['mix 2', 'Mix 10']);
  expect(facets.languages).toEqual(['de']);
});

it('offers a channel once, under its newest name, when its videos carry different names', async () => {
  const { sql } = db.database;
  const me = await createSignedInUser(sql, { playlists: ['PLrenamed'] });
  await sql`insert into videos (id, title, channel_id, channel_title, published_at) values
    ('renamed0001', 'Old video', 'UCrenamed', 'Old name', '2020-01-01'),
    ('renamed0002', 'New video', 'UCrenamed', 'New name', '2024-01-01'),
    ('renamed0003', 'Undated video', 'UCrenamed', 'Undated name', null)`;
  await sql`insert into playlist_videos (playlist_id, video_id, position) values ('PLrenamed', 'renamed0001', 1), ('PLrenamed', 'renamed0002', 2), ('PLrenamed', 'renamed0003', 3)`;
  expect((await libraryFacets(sql, me.userId)).channels).toEqual([{ id: 'UCrenamed', title: 'New name' }]);
});
