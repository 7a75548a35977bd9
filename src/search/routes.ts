// Search: the active-search page (/search), a video's transcript (/videos/:id), the JSON API
// (/api/search, by session cookie or personal token) and CSV export (/search.csv). Every query
// reads only the signed-in person's library.
import { Hono, type Context } from 'hono';
import { routePath } from 'hono/route';
import { z } from 'zod';
import { errorMessage } from '../../views/error.ts';
import { searchPage, searchResultsSection, type SearchOutcome, type ThumbnailSrc } from '../../views/search.ts';
import { videoPage } from '../../views/video.ts';
import { bearerAuth } from '../auth/api-tokens.ts';
import { requireUser, signedInUser } from '../auth/session.ts';
import { searchSeconds } from '../metrics/instruments.ts';
import { clientIp } from '../web/client-ip.ts';
import type { AppDeps, AppEnv } from '../web/env.ts';
import { rateLimit, waitInWords } from '../web/rate-limit.ts';
import { isHtmx, renderPage } from '../web/render.ts';
import { thumbnailUrl } from '../youtube/thumbnail-url.ts';
import { compiledQueries } from './compiled-queries.ts';
import { resultsCsv } from './csv.ts';
import { youtubeMomentUrl } from './links.ts';
import {
  libraryFacets, libraryHasMatch, MOMENT_CAP, searchLibrary, suggestSpelling, videoTranscript, type ResultShape,
} from './queries.ts';
import {
  cleanQuery, MAX_QUERY_CHARS, RESULTS_PER_PAGE, searchParams, toSearchRequest, type SearchRequest,
} from './request.ts';
import { searchRefusal, SEARCHES_IN_FLIGHT_PER_USER } from './refusals.ts';
import { searchSlots } from './slots.ts';
import { validate } from '../web/validate.ts';

/** An export holds every matching video (up to this many) with all of its moments, in the order said. */
const EXPORT_SHAPE: ResultShape = { perPage: 1000, momentsPerVideo: MOMENT_CAP, momentOrder: 'time', snippets: false };

/** How long a search past SEARCHES_IN_FLIGHT_PER_USER waits for a turn before it is refused. */
const SLOT_WAIT_MS = 500;

/** Postgres' query_canceled, which statement_timeout raises (an abandoned request is told apart by its signal). */
function isStatementTimeout(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '57014';
}

const videoParam = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{11}$/) });
const videoQuery = z.object({ q: z.string().catch('') });
// /search?video=ID (linked from other pages) is that video's transcript page.
const searchPageParams = searchParams.extend({ video: z.string().regex(/^[A-Za-z0-9_-]{11}$/).optional().catch(undefined) });

export function searchRoutes(deps: AppDeps) {
  const { config } = deps;
  const { sql } = deps.database;
  const { demo } = config;
  const thumb: ThumbnailSrc = (videoId, storedUrl) => thumbnailUrl(config.youtubeThumbnailUrl, videoId, storedUrl);

  const { searchSql } = deps.database;
  const slots = searchSlots(SEARCHES_IN_FLIGHT_PER_USER, SLOT_WAIT_MS);
  const queries = compiledQueries();

  /** "Did you mean", only if the respelt query finds something in this person's library. */
  async function respelling(userId: number, request: SearchRequest, signal: AbortSignal): Promise<string | undefined> {
    const suggestion = await suggestSpelling(searchSql, request.searchText);
    if (suggestion === null || suggestion.length > MAX_QUERY_CHARS) return undefined;
    const compiled = await queries.compile(searchSql, suggestion);
    if (!compiled.segments) return undefined;
    return await libraryHasMatch(searchSql, userId, request, compiled, signal) ? suggestion : undefined;
  }

  async function search(c: Context<AppEnv>, request: SearchRequest, shape?: ResultShape): Promise<SearchOutcome> {
    if (request.tooLong || request.tooManyWords || !request.searchText.trim()) return { request };
    const userId = signedInUser(c).id;
    const { signal } = c.req.raw;
    const release = await slots.take(String(userId), signal);
    if (release === null) return { request, busy: !signal.aborted };
    const started = performance.now();
    try {
      const compiled = await queries.compile(searchSql, request.searchText);
      if (!compiled.segments) return { request, nothingToSearch: true };
      const results = await searchLibrary(searchSql, userId, request, compiled, { signal, shape });
      const didYouMean = results.totalVideos === 0 ? await respelling(userId, request, signal) : undefined;
      searchSeconds.observe({ route: routePath(c) }, (performance.now() - started) / 1000);
      return { request, results, didYouMean };
    } catch (err) {
      // Abandoned (the browser moved on to the next keystroke): nobody is waiting for an answer.
      if (signal.aborted) return { request };
      // Postgres cancelled it at the search pool's statement_timeout.
      if (isStatementTimeout(err)) return { request, tooBroad: true };
      throw err;
    } finally {
      release();
    }
  }

  // Every search runs full-text queries over the person's whole library: one account or one network
  // must not be able to keep the database busy for everybody else.
  const searchLimit = rateLimit({
    rules: [
      { limit: config.searchesPerMinute.perUser, windowMs: 60_000, key: (c) => c.get('user')?.id.toString() },
      { limit: config.searchesPerMinute.perIp, windowMs: 60_000, key: (c) => clientIp(c, config.trustProxyHops) },
    ],
    refuse: (c, waitSeconds) => {
      const message = `Too many searches from your account or network in the last minute: please wait ${waitInWords(waitSeconds)} and try again.`;
      if (c.req.path.startsWith('/api/')) return c.json({ error: message }, 429);
      if (c.req.path === '/search.csv') return c.text(message, 429);
      // Active search swaps #results; the notice goes inside it, so the next keystroke still has a target.
      if (isHtmx(c)) {
        c.header('HX-Reswap', 'innerHTML');
        c.header('HX-Push-Url', 'false');
      }
      return renderPage(c, demo, 'Too many searches', errorMessage({ heading: 'Too many searches', message }), 429);
    },
  });

  return new Hono<AppEnv>()
    .get('/search', requireUser, searchLimit, validate('query', searchPageParams), async (c) => {
      const params = c.req.valid('query');
      if (params.video !== undefined) {
        return c.redirect(`/videos/${params.video}${params.q ? `?${new URLSearchParams({ q: params.q })}` : ''}`, 302);
      }
      // A whole page also lists the library's playlists, channels and languages for the filters (a pass
      // over the library's videos: 15-20 ms on 3,000): read on the main pool while the search runs on its own.
      const facets = isHtmx(c) ? null : libraryFacets(sql, signedInUser(c).id);
      facets?.catch(() => { /* awaited below, unless the search failed first */ });
      const outcome = await search(c, toSearchRequest(params));
      // Only "wait for your other searches" is not an answer to this search (htmx swaps 429 too).
      const status = outcome.busy ? 429 : 200;
      if (outcome.busy) c.header('Retry-After', '1');
      if (facets === null) return c.html(searchResultsSection(outcome, thumb), status);
      return renderPage(c, demo, outcome.request.query.trim() ? `${outcome.request.query.slice(0, 60)} – Search` : 'Search', searchPage(outcome, await facets, thumb), status);
    })

    .get('/search.csv', requireUser, searchLimit, validate('query', searchParams), async (c) => {
      const outcome = await search(c, { ...toSearchRequest(c.req.valid('query')), page: 1 }, EXPORT_SHAPE);
      const refusal = searchRefusal(outcome);
      if (refusal) return c.text(refusal.message, refusal.status);
      const csv = resultsCsv(outcome.results ?? { videos: [], totalVideos: 0, totalMoments: 0, capped: false });
      return c.body(csv, 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': 'attachment; filename="subtext-search.csv"',
      });
    })

    .get('/videos/:id', requireUser, validate('param', videoParam, (c) => c.notFound()),
      validate('query', videoQuery), async (c) => {
        const { id } = c.req.valid('param');
        const query = cleanQuery(c.req.valid('query').q);
        const tooLong = query.length > MAX_QUERY_CHARS;
        const compiled = query.trim() && !tooLong ? await queries.compile(sql, query) : null;
        const found = await videoTranscript(sql, signedInUser(c).id, id, compiled?.segments ? compiled : null);
        if (!found) {
          return renderPage(c, demo, 'Not found', errorMessage({
            heading: 'Video not found', message: 'This video is not in your library.', action: { href: '/search', label: 'Back to search' },
          }), 404);
        }
        return renderPage(c, demo, found.video.title, videoPage({ ...found, query, tooLong }));
      })

    .get('/api/search', bearerAuth(sql), requireUser, searchLimit, validate('query', searchParams), async (c) => {
      const outcome = await search(c, toSearchRequest(c.req.valid('query')));
      const refusal = searchRefusal(outcome);
      if (refusal) return c.json({ error: refusal.message }, refusal.status);
      const { request, results } = outcome;
      return c.json({
        query: request.query,
        page: request.page,
        perPage: RESULTS_PER_PAGE,
        totalVideos: results?.totalVideos ?? 0,
        totalMoments: results?.totalMoments ?? 0,
        capped: results?.capped ?? false,
        didYouMean: outcome.didYouMean ?? null,
        videos: (results?.videos ?? []).map((v) => ({
          id: v.id,
          title: v.title,
          url: youtubeMomentUrl(v.id, 0),
          thumbnailUrl: thumb(v.id, v.thumbnailUrl),
          channelId: v.channelId,
          channelTitle: v.channelTitle,
          publishedAt: v.publishedAt?.toISOString() ?? null,
          viewCount: v.viewCount,
          durationSeconds: v.durationSeconds,
          captions: v.transcriptKind,
          language: v.transcriptLanguage,
          titleMatch: v.titleMatch,
          descriptionMatch: v.descriptionMatch,
          momentCount: v.momentCount,
          segments: v.moments.map((m) => ({
            startMs: m.startMs, endMs: m.endMs, text: m.text, url: youtubeMomentUrl(v.id, m.startMs), snippet: m.snippet,
          })),
        })),
      });
    });
}
