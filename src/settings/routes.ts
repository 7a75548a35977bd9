// Settings: personal API tokens for /api (/settings/tokens). Tokens are stored and checked in
// src/auth/api-tokens.ts; this is only the page that creates, lists and revokes them.
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { apiTokensPage } from '../../views/settings-tokens.ts';
import { createApiToken, listApiTokens, revokeApiToken } from '../auth/api-tokens.ts';
import { requireUser, signedInUser } from '../auth/session.ts';
import { cleanQuery } from '../search/request.ts';
import type { AppDeps, AppEnv } from '../web/env.ts';
import { renderPage } from '../web/render.ts';
import { validate } from '../web/validate.ts';

const tokenForm = z.object({ name: z.string().catch('') });
const tokenParam = z.object({ id: z.coerce.number().int().positive() });

export function settingsRoutes(deps: AppDeps) {
  const { sql } = deps.database;
  const { demo } = deps.config;

  async function tokensPage(c: Context<AppEnv>, extra: Omit<Parameters<typeof apiTokensPage>[0], 'tokens'> = {}, status: 200 | 400 | 404 = 200) {
    const tokens = await listApiTokens(sql, signedInUser(c).id);
    return renderPage(c, demo, 'API tokens', apiTokensPage({ tokens, ...extra }), status);
  }

  return new Hono<AppEnv>()
    .get('/tokens', requireUser, (c) => tokensPage(c))

    .post('/tokens', requireUser, validate('form', tokenForm), async (c) => {
      const name = cleanQuery(c.req.valid('form').name).trim();
      if (!name || name.length > 100) return tokensPage(c, { nameError: 'Give the token a name of 1 to 100 characters, e.g. "my notebook".' }, 400);
      const { token } = await createApiToken(sql, signedInUser(c).id, name);
      return tokensPage(c, { created: { name, token } });
    })

    .post('/tokens/:id/revoke', requireUser, validate('param', tokenParam, (c) => c.notFound()), async (c) => {
      const revoked = await revokeApiToken(sql, signedInUser(c).id, c.req.valid('param').id);
      return tokensPage(c, { notice: revoked ? 'Token revoked: it no longer works.' : 'That token was already revoked.' }, revoked ? 200 : 404);
    });
}
