// A library made the way people make one: playlists in a person's library, "Start indexing" pressed,
// the worker fetching every transcript from the stand-in. For tests that need a library big enough
// for the database's choices (plans, counts) to matter, which a hand-inserted fixture cannot show.
import type { TestApp } from './app.ts';
import { pressStartIndexing, waitForRun } from './indexing.ts';
import { addToLibrary } from './users.ts';

export async function indexPlaylists(t: TestApp, user: { userId: number; cookie: string }, playlistIds: ReadonlyArray<string>): Promise<void> {
  const { sql } = t.db.database;
  await addToLibrary(sql, user.userId, playlistIds);
  for (const id of playlistIds) await waitForRun(sql, await pressStartIndexing(t.app, t.baseUrl, user.cookie, id), 300_000);
  // What autovacuum does soon after a big indexing run: the planner sees the new rows.
  await sql`analyze`;
}
