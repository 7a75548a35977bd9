// The library dashboard (/library) and changes to it (/playlists): add a public playlist, a channel
// or a single video by link or id, remove one; a page per list (/playlists/:id); "Your YouTube":
// liked videos (/library/liked) and channels from subscriptions (/library/subscriptions, /library/channels). Every query is scoped to the signed-in user's library_playlists rows.
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { errorMessage } from '../../views/error.ts';
import { libraryPage, librarySection, type LibraryProps } from '../../views/library.ts';
import { playlistPage } from '../../views/playlist.ts';
import { subscriptionAction, subscriptionsPage } from '../../views/your-youtube.ts';
import { requireUser, signedInUser } from '../auth/session.ts';
import type { AppDeps, AppEnv } from '../web/env.ts';
import { chargeQuotaBudget } from '../web/quota-budget.ts';
import { isHtmx, renderPage } from '../web/render.ts';
import { validate } from '../web/validate.ts';
import { thumbnailUrl } from '../youtube/thumbnail-url.ts';
import { addChannel, addPlaylist, addSingleVideo, removeSingleVideo, type QuotaSpender } from './add.ts';
import { demoPlaylistSuggestions } from './demo-suggestions.ts';
import { listLibrary } from './library.ts';
import { readListPage, TRANSCRIPT_STATES } from './list-page.ts';
import { parseLibraryInput } from './library-input.ts';
import { ownedPlaylistPages, refreshOwnedPlaylists } from './owned.ts';
import { addLikedVideos, readSubscriptions } from './your-youtube.ts';

type Notice = LibraryProps['notice'];

// A missing field reads as empty, which the parser answers with "Nothing was pasted".
const addForm = z.object({ playlist: z.string().max(2000).catch('') });
const playlistParam = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{2,64}$/) });
const singleVideoParams = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{2,64}$/), videoId: z.string().regex(/^[A-Za-z0-9_-]{11}$/) });
const channelForm = z.object({ channel: z.string().regex(/^UC[A-Za-z0-9_-]{22}$/) });
const listQuery = z.object({
  state: z.enum(TRANSCRIPT_STATES).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

export function libraryRoutes(deps: AppDeps) {
  const { config } = deps;
  const { sql } = deps.database;

  /**
   * The library in the form the request needs: the section alone for htmx, the whole page otherwise.
   * htmx swaps only 2xx answers by default, so its fragment carries inline errors with status 200.
   */
  async function respond(c: Context<AppEnv>, props: Omit<LibraryProps, 'playlists' | 'youtubeConnected'>, status: 200 | 400 | 404 | 429 | 503 = 200) {
    const user = signedInUser(c);
    const playlists = await listLibrary(sql, user.id);
    // Only while the library is empty: then they are the quickest way to see what subtext does.
    const suggestions = config.demo && playlists.length === 0 ? demoPlaylistSuggestions(new Set()) : [];
    const full: LibraryProps = { ...props, playlists, suggestions, youtubeConnected: !user.youtubeAccessLost };
    if (isHtmx(c)) return c.html(librarySection(full));
    return renderPage(c, config.demo, 'Your library', libraryPage(full), status);
  }

  /** What the add paths need: each takes the Data API units it is about to spend from the person's hourly budget. */
  function withBudget(c: Context<AppEnv>): QuotaSpender {
    return { config, sql, spendQuota: (units) => chargeQuotaBudget(c, { config, sql }, units) };
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
      const input = parseLibraryInput(raw);
      if (!input.ok) return respond(c, { addError: input.error, addValue: raw }, 400);
      const deps = withBudget(c);
      const outcome = input.kind === 'playlist' ? await addPlaylist(deps, user.id, input.id)
        : input.kind === 'channel' ? await addChannel(deps, user.id, input.channel)
        : await addSingleVideo(deps, user.id, input.id);
      if (!outcome.ok) {
        if (outcome.accessLost) c.set('user', { ...user, youtubeAccessLost: true });
        return respond(c, { addError: outcome.error, addValue: raw }, outcome.status);
      }
      if (!isHtmx(c)) return c.redirect('/library', 303);
      return respond(c, { notice: { text: outcome.message, tone: 'info' } });
    })

    .get('/playlists/:id', requireUser, validate('param', playlistParam), validate('query', listQuery), async (c) => {
      const filter = c.req.valid('query');
      const list = await readListPage(sql, signedInUser(c).id, c.req.valid('param').id, filter);
      if (!list) {
        return renderPage(c, config.demo, 'Not found', errorMessage({
          heading: 'Not in your library', message: 'That playlist or channel is not in your library.', action: { href: '/library', label: 'Back to library' },
        }), 404);
      }
      return renderPage(c, config.demo, list.title, playlistPage(list, filter, (videoId, stored) => thumbnailUrl(config.youtubeThumbnailUrl, videoId, stored)));
    })

    .post('/library/liked', requireUser, async (c) => {
      const outcome = await addLikedVideos(withBudget(c), signedInUser(c).id);
      if (!outcome.ok) {
        if (outcome.accessLost) c.set('user', { ...signedInUser(c), youtubeAccessLost: true });
        return respond(c, { notice: { text: outcome.error, tone: 'problem' } }, outcome.status);
      }
      if (!isHtmx(c)) return c.redirect('/library', 303);
      return respond(c, { notice: { text: outcome.message, tone: 'info' } });
    })

    .get('/library/subscriptions', requireUser, async (c) => {
      const outcome = await readSubscriptions(withBudget(c), signedInUser(c).id);
      if (!outcome.ok) {
        if (outcome.accessLost) c.set('user', { ...signedInUser(c), youtubeAccessLost: true });
        return renderPage(c, config.demo, 'Your subscriptions', subscriptionsPage({ subscriptions: [], complete: true, problem: outcome.error }), outcome.status);
      }
      return renderPage(c, config.demo, 'Your subscriptions', subscriptionsPage(outcome));
    })

    .post('/library/channels', requireUser, validate('form', channelForm), async (c) => {
      const { channel } = c.req.valid('form');
      const outcome = await addChannel(withBudget(c), signedInUser(c).id, { by: 'id', value: channel });
      if (isHtmx(c)) return c.html(subscriptionAction(channel, outcome.ok ? 'added' : outcome.error));
      if (outcome.ok) return c.redirect('/library/subscriptions', 303);
      return respond(c, { notice: { text: outcome.error, tone: 'problem' } }, outcome.status);
    })

    .post('/playlists/:id/videos/:videoId/remove', requireUser, validate('param', singleVideoParams), async (c) => {
      const user = signedInUser(c);
      const { id, videoId } = c.req.valid('param');
      const removed = await removeSingleVideo(sql, user.id, id, videoId);
      if (!removed) {
        return renderPage(c, config.demo, 'Not found', errorMessage({
          heading: 'Not in your Single videos', message: 'That video is not in your Single videos, so there was nothing to remove.',
          action: { href: '/library', label: 'Back to library' },
        }), 404);
      }
      return isHtmx(c) ? c.html('') : c.redirect(`/playlists/${encodeURIComponent(id)}`, 303);
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
        // A person's Single videos and liked videos exist for them alone: removing is forgetting.
        if (row) await tx`delete from playlists where id = ${id} and owner_user_id = ${user.id}`;
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
