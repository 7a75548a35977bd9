// A signed-in person without going through Google: a users row plus a live session, and the
// playlists of their library if given. Every test makes its people here.
import { randomBytes } from 'node:crypto';
import { createSession, SESSION_COOKIE } from '../../src/auth/session.ts';
import type { Sql } from '../../src/db/client.ts';

export async function createSignedInUser(
  sql: Sql,
  overrides: {
    email?: string; name?: string; googleSubject?: string; emailVerified?: boolean; playlists?: ReadonlyArray<string>;
    /** Holds the admin rights of its email, as after a first verified sign-in (it must also be in ADMIN_EMAILS). */
    admin?: boolean;
  } = {},
): Promise<{ userId: number; cookie: string }> {
  const suffix = randomBytes(4).toString('hex');
  const subject = overrides.googleSubject ?? `test-subject-${suffix}`;
  const email = overrides.email ?? `user-${suffix}@example.com`;
  const [user] = await sql<{ id: number }[]>`
    insert into users (google_subject, email, name, email_verified)
    values (${subject}, ${email}, ${overrides.name ?? `Test User ${suffix}`}, ${overrides.emailVerified ?? true})
    returning id`;
  const userId = Number(user!.id);
  if (overrides.admin) await sql`insert into admin_subjects (email, google_subject) values (${email.toLowerCase()}, ${subject})`;
  if (overrides.playlists) await addToLibrary(sql, userId, overrides.playlists);
  const { token } = await createSession(sql, userId);
  return { userId, cookie: `${SESSION_COOKIE}=${token}` };
}

/** Puts playlists in a person's library, as "Add playlist" would (playlist rows made if missing). */
export async function addToLibrary(sql: Sql, userId: number, playlistIds: ReadonlyArray<string>): Promise<void> {
  for (const id of playlistIds) {
    await sql`insert into playlists (id, title) values (${id}, ${id}) on conflict do nothing`;
    await sql`insert into library_playlists (user_id, playlist_id, source) values (${userId}, ${id}, 'added') on conflict do nothing`;
  }
}
