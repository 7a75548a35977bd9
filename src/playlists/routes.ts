// The library dashboard (/library) and changes to it (/playlists): add a public playlist by URL or
// id, remove one. Every query is scoped to the signed-in user's library_playlists rows.
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { errorMessage } from '../../views/error.ts';
import { libraryPage, librarySection, type LibraryProps } from '../../views/library.ts';
import { requireUser, signedInUser } from '../auth/session.ts';
import { dataApiForPlaylist } from '../youtube/data-api-for-playlist.ts';
import type { AppDeps, AppEnv } from '../web/env.ts';
import { chargeQuotaBudget } from '../web/quota-budget.ts';
import { isHtmx, renderPage } from '../web/render.ts';
import { classifyGoogleError, type YoutubeError } from '../youtube/errors.ts';
import type { PlaylistSummary } from '../youtube/data-api.ts';
import { listLibrary, upsertPlaylists } from './library.ts';
import { ownedPlaylistPages, refreshOwnedPlaylists } from './owned.ts';
import { parsePlaylistInput } from './playlist-input.ts';
import { validate } from '../web/validate.ts';

type Notice = LibraryProps['notice'];

// A missing field reads as empty, which the parser answers with "Nothing was pasted".
const addForm = z.object({ playlist: z.string().max(2000).catch('') });
const playlistParam = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{2,64}$/) });

function lookupProblem(error: YoutubeError): string {
  switch (error.kind) {
    case 'access_lost': return 'YouTube access lost: reconnect your Google account, then add the playlist again.';
    case 'quota': return error.message;
    case 'transient': return 'YouTube did not answer just now, so the playlist was not added. Please try again in a moment.';
    default: return `YouTube refused to look up that playlist: ${error.message}`;
  }
}

export function libraryRoutes(deps: AppDeps) {
  const { config } = deps;
  const { sql } = deps.database;

  /**
   * The library in the form the request needs: the section alone for htmx, the whole page otherwise.
   * htmx swaps only 2xx answers by default, so its fragment carries inline errors with status 200.
   */
  async function respond(c: Context<AppEnv>, props: Omit<LibraryProps, 'playlists' | 'youtubeConnected'>, status: 200 | 400 | 404 | 429 | 503 = 200) {
    const user = signedInUser(c);
    const full: LibraryProps = { ...props, playlists: await listLibrary(sql, user.id), youtubeConnected: !user.youtubeAccessLost };
    if (isHtmx(c)) return c.html(librarySection(full));
    return renderPage(c, config.demo, 'Your library', libraryPage(full), status);
  }

  /** Re-reads the owned playlists; a lost grant turns on the reconnect banner for this very page. */
  async function refreshOwned(c: Context<AppEnv>, force: boolean): Promise<Notice> {
    const user = signedInUser(c);
    if (user.youtubeAccessLost) return force ? { text: 'Reconnect YouTube first: subtext cannot read your account right now.', tone: 'problem' } : undefined;
    const problem = await refreshOwnedPlaylists({ config, sql }, user.id, { force });
    if (problem?.kind === 'access_lost') {
      c.set('user', { ...user, youtubeAccessLost: true });
      return undefined;
    }
    if (problem) return { text: `Your YouTube playlists could not be refreshed, so this list may be out of date: ${problem.message}`, tone: 'problem' };
    return force ? { text: 'Your YouTube playlists are up to date.', tone: 'info' } : undefined;
  }

  return new Hono<AppEnv>()
    .get('/library', requireUser, async (c) => respond(c, { notice: await refreshOwned(c, false) }))

    .post('/library/refresh', requireUser, async (c) => {
      if (!signedInUser(c).youtubeAccessLost) {
        const refused = await chargeQuotaBudget(c, { config, sql }, await ownedPlaylistPages(sql, signedInUser(c).id));
        if (refused) return respond(c, { notice: { text: refused, tone: 'problem' } }, 429);
      }
      return respond(c, { notice: await refreshOwned(c, true) });
    })

    .post('/playlists', requireUser, validate('form', addForm), async (c) => {
      const user = signedInUser(c);
      const raw = c.req.valid('form').playlist;
      const input = parsePlaylistInput(raw);
      if (!input.ok) return respond(c, { addError: input.error, addValue: raw }, 400);

      const [existing] = await sql<{ title: string }[]>`
        select p.title from library_playlists lp join playlists p on p.id = lp.playlist_id
        where lp.user_id = ${user.id} and lp.playlist_id = ${input.id}`;
      if (existing) return respond(c, { notice: { text: `"${existing.title}" is already in your library.`, tone: 'info' } });

      // One of the person's own playlists they removed earlier (maybe private, so no public lookup): bring it back.
      const restored = await sql.begin(async (tx) => {
        const [removed] = await tx`delete from removed_owned_playlists where user_id = ${user.id} and playlist_id = ${input.id} returning 1`;
        const [playlist] = removed ? await tx<{ title: string }[]>`select title from playlists where id = ${input.id}` : [];
        if (!playlist) return null;
        await tx`insert into library_playlists (user_id, playlist_id, source) values (${user.id}, ${input.id}, 'owned')`;
        return playlist;
      });
      if (restored) {
        if (!isHtmx(c)) return c.redirect('/library', 303);
        return respond(c, { notice: { text: `Added "${restored.title}" back to your library.`, tone: 'info' } });
      }

      // One playlists.list call.
      const refused = await chargeQuotaBudget(c, { config, sql }, 1);
      if (refused) return respond(c, { addError: refused, addValue: raw }, 429);

      let summary: PlaylistSummary | null;
      try {
        summary = await (await dataApiForPlaylist({ config, sql }, input.id, user.id)).getPlaylist(input.id);
      } catch (err) {
        const error = classifyGoogleError(err);
        if (error.kind === 'access_lost') c.set('user', { ...user, youtubeAccessLost: true });
        summary = null;
        if (error.kind !== 'not_found') return respond(c, { addError: lookupProblem(error), addValue: raw }, 503);
      }
      if (summary === null) {
        return respond(c, {
          addError: `YouTube has no public playlist with the id ${input.id}: it does not exist, was deleted, or is private to its owner.`,
          addValue: raw,
        }, 404);
      }
      const added = summary;
      await sql.begin(async (tx) => {
        await upsertPlaylists(tx, [added]);
        await tx`insert into library_playlists (user_id, playlist_id, source) values (${user.id}, ${added.id}, 'added') on conflict do nothing`;
      });
      if (!isHtmx(c)) return c.redirect('/library', 303);
      return respond(c, { notice: { text: `Added "${added.title}" to your library.`, tone: 'info' } });
    })

    .post('/playlists/:id/remove', requireUser, validate('param', playlistParam), async (c) => {
      const user = signedInUser(c);
      const { id } = c.req.valid('param');
      const removed = await sql.begin(async (tx) => {
        const [row] = await tx<{ source: 'owned' | 'added' }[]>`
          delete from library_playlists where user_id = ${user.id} and playlist_id = ${id} returning source`;
        if (row?.source === 'owned') {
          await tx`insert into removed_owned_playlists (user_id, playlist_id) values (${user.id}, ${id}) on conflict do nothing`;
        }
        return row !== undefined;
      });
      if (!removed) {
        return renderPage(c, config.demo, 'Not found', errorMessage({
          heading: 'Not in your library', message: 'That playlist is not in your library, so there was nothing to remove.',
          action: { href: '/library', label: 'Back to library' },
        }), 404);
      }
      // htmx swaps the row with this empty answer; a plain form goes back to the list.
      return isHtmx(c) ? c.html('') : c.redirect('/library', 303);
    });
}
