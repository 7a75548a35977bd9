// /account: the signed-in person's data. GET /account/export downloads their library as JSON;
// POST /account/delete, confirmed by typing their email address, deletes the account and every
// playlist and video no one else has.
import { Hono, type Context } from 'hono';
import { deleteCookie } from 'hono/cookie';
import { z } from 'zod';
import { accountDeletedPage, accountPage } from '../../views/account.ts';
import { cookieOptions, requireUser, SESSION_COOKIE, signedInUser } from '../auth/session.ts';
import type { AppDeps, AppEnv } from '../web/env.ts';
import { renderPage } from '../web/render.ts';
import { deleteAccount } from './delete.ts';
import { libraryExportStream } from './export.ts';
import { validate } from '../web/validate.ts';

const confirmForm = z.object({ confirm: z.string().catch('') });

export function accountRoutes(deps: AppDeps) {
  const { config } = deps;
  const { sql } = deps.database;

  async function page(c: Context<AppEnv>, confirmError?: string) {
    const user = signedInUser(c);
    const [counts] = await sql<{ playlists: number; videos: number }[]>`
      select (select count(*)::int from library_playlists where user_id = ${user.id}) as playlists,
        (select count(distinct pv.video_id)::int from playlist_videos pv join library_playlists lp on lp.playlist_id = pv.playlist_id
          where lp.user_id = ${user.id} and pv.removed_at is null) as videos`;
    return renderPage(c, config.demo, 'Your account', accountPage({
      name: user.name, email: user.email, playlistCount: counts!.playlists, videoCount: counts!.videos, confirmError,
    }), confirmError ? 400 : 200);
  }

  return new Hono<AppEnv>()
    .get('/', requireUser, (c) => page(c))

    .get('/export', requireUser, (c) => {
      const user = signedInUser(c);
      return c.body(libraryExportStream(sql, user), 200, {
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Disposition': `attachment; filename="subtext-library-${new Date().toISOString().slice(0, 10)}.json"`,
        'Cache-Control': 'no-store',
      });
    })

    .post('/delete', requireUser, validate('form', confirmForm), async (c) => {
      const user = signedInUser(c);
      if (c.req.valid('form').confirm.trim().toLowerCase() !== user.email.toLowerCase()) {
        return page(c, `Type ${user.email} exactly to confirm. Nothing was deleted.`);
      }
      const deleted = await deleteAccount({ config, sql }, user.id);
      // The session row is gone with the user; the browser's cookie goes too.
      deleteCookie(c, SESSION_COOKIE, cookieOptions(config));
      c.set('user', undefined);
      return renderPage(c, config.demo, 'Account deleted', accountDeletedPage(deleted));
    });
}
