// "Delete my account": the person and everything that belongs only to them. Playlists and videos
// are stored once however many libraries hold them, so a playlist goes only when no other library
// has it, and a video only when no remaining playlist holds it. Videos on a trending chart stay:
// those charts are the instance's, not anybody's library.
import { disconnectYoutube, type CredentialsDeps } from '../auth/google-credentials.ts';
import { log } from '../log.ts';

export interface DeletedAccount {
  readonly playlistsDeleted: number;
  readonly videosDeleted: number;
  /** null: there was no Google grant; false: Google could not be told, so the person should revoke it there. */
  readonly googleRevoked: boolean | null;
}

export async function deleteAccount(deps: CredentialsDeps, userId: number): Promise<DeletedAccount> {
  const { sql } = deps;
  // Google first: the tokens needed to revoke the grant go with the user row.
  const [grant] = await sql`select 1 from google_credentials where user_id = ${userId}`;
  const googleRevoked = grant ? await disconnectYoutube(deps, userId) : null;

  const deleted = await sql.begin(async (tx) => {
    const held = await tx<{ id: string }[]>`select playlist_id as id from library_playlists where user_id = ${userId}`;
    // Sessions, Google tokens, library rows, API tokens and hidden owned playlists cascade; index runs keep their history without a requester.
    await tx`delete from users where id = ${userId}`;
    // Locked, so another person adding one of these playlists right now waits for this to commit, then sees it gone.
    const orphans = (await tx<{ id: string }[]>`
      select p.id from playlists p
      where p.id = any(${tx.array(held.map((p) => p.id))}::text[])
        and not exists (select 1 from library_playlists lp where lp.playlist_id = p.id)
      for update`).map((p) => p.id);
    // Before the playlists go: their membership rows say which videos were theirs. Segments, stats and checks cascade.
    const videos = await tx`
      delete from videos v
      where v.id in (select pv.video_id from playlist_videos pv where pv.playlist_id = any(${tx.array(orphans)}::text[]))
        and not exists (select 1 from playlist_videos pv where pv.video_id = v.id and pv.playlist_id <> all(${tx.array(orphans)}::text[]))
        and not exists (select 1 from trending_entries e where e.video_id = v.id)
      returning v.id`;
    // Their membership rows and index runs cascade.
    await tx`delete from playlists where id = any(${tx.array(orphans)}::text[])`;
    return { playlistsDeleted: orphans.length, videosDeleted: videos.length };
  });
  log.info('account deleted', { userId, ...deleted, googleRevoked });
  return { ...deleted, googleRevoked };
}
