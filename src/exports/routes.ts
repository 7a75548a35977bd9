// Transcripts out: one video as TXT (with or without timestamps), SRT or VTT; one list of the
// library as a ZIP of those; the whole library (or one list) as JSON Lines through the API.
// Everything is read through the person's own library.
import { zValidator } from '@hono/zod-validator';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { errorMessage } from '../../views/error.ts';
import { requireUser, signedInUser } from '../auth/session.ts';
import { userCanSeePlaylist } from '../playlists/library.ts';
import { bearerAuth } from '../auth/api-tokens.ts';
import type { AppDeps, AppEnv } from '../web/env.ts';
import { rateLimit, waitInWords } from '../web/rate-limit.ts';
import { renderPage } from '../web/render.ts';
import { attachment, transcriptFile, transcriptFileName, type TranscriptFormat } from './formats.ts';
import { cuesOf, libraryTranscriptsAfter, listVideosAfter, videoInLibrary } from './queries.ts';
import { zipStream, type ZipEntry } from './zip.ts';

/** Whole-list exports read every transcript of a list: a person gets this many a minute. */
const COLLECTION_EXPORTS_PER_MINUTE = 6;
/** Videos read per step of a streamed export. */
const BATCH = 50;

const formatParam = z.enum(['txt', 'srt', 'vtt']).catch('srt');
const videoParams = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{11}$/), file: z.string() });
const listParam = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{2,64}$/) });
const fileQuery = z.object({ timestamps: z.enum(['0', '1']).catch('1').transform((v) => v === '1') });
const zipQuery = fileQuery.extend({ format: formatParam });
const jsonlQuery = z.object({ playlist: z.string().regex(/^[A-Za-z0-9_-]{2,64}$/).optional().catch(undefined) });

const notFound = (c: Context<AppEnv>, demo: boolean, heading: string, message: string) =>
  renderPage(c, demo, 'Not found', errorMessage({ heading, message, action: { href: '/library', label: 'Back to library' } }), 404);

export function exportRoutes(deps: AppDeps) {
  const { sql } = deps.database;
  const { demo } = deps.config;

  const collectionLimit = rateLimit({
    rules: [{ limit: COLLECTION_EXPORTS_PER_MINUTE, windowMs: 60_000, key: (c) => c.get('user')?.id.toString() }],
    refuse: (c, waitSeconds) => {
      const message = `Too many exports in the last minute: please wait ${waitInWords(waitSeconds)} and try again.`;
      return c.req.path.startsWith('/api/') ? c.json({ error: message }, 429) : c.text(message, 429);
    },
  });

  return new Hono<AppEnv>()
    .get('/videos/:id/:file{transcript\\.(?:txt|srt|vtt)}', requireUser, zValidator('param', videoParams), zValidator('query', fileQuery), async (c) => {
      const { id, file } = c.req.valid('param');
      const format = file.slice('transcript.'.length) as TranscriptFormat;
      const video = await videoInLibrary(sql, signedInUser(c).id, id);
      if (!video) return notFound(c, demo, 'Video not found', 'This video is not in your library.');
      const cues = (await cuesOf(sql, [id])).get(id) ?? [];
      if (cues.length === 0) {
        return notFound(c, demo, 'No transcript', `subtext holds no transcript of "${video.title}"${video.transcriptError ? `: ${video.transcriptError}` : ' yet'}.`);
      }
      const body = transcriptFile(format, video, cues, { timestamps: c.req.valid('query').timestamps });
      return c.body(body, 200, {
        'Content-Type': `${format === 'vtt' ? 'text/vtt' : format === 'srt' ? 'application/x-subrip' : 'text/plain'}; charset=utf-8`,
        'Content-Disposition': attachment(transcriptFileName(video, format)),
      });
    })

    .get('/playlists/:id/transcripts.zip', requireUser, collectionLimit, zValidator('param', listParam), zValidator('query', zipQuery), async (c) => {
      const { id } = c.req.valid('param');
      const { format, timestamps } = c.req.valid('query');
      if (!(await userCanSeePlaylist(sql, signedInUser(c).id, id))) return notFound(c, demo, 'Not in your library', 'That list is not in your library.');
      const [list] = await sql<{ title: string }[]>`select title from playlists where id = ${id}`;
      let after = -1;
      const missing: string[] = [];
      let finished = false;
      const stream = zipStream(async () => {
        if (finished) return null;
        const videos = await listVideosAfter(sql, id, after, BATCH);
        if (videos.length === 0) {
          finished = true;
          // Which videos have no file, and why, so the archive explains its gaps.
          return missing.length === 0 ? null : [{ name: 'without-transcript.txt', text: missing.join('\n') + '\n' }];
        }
        after = videos.at(-1)!.position;
        const cues = await cuesOf(sql, videos.filter((v) => v.transcriptStatus === 'indexed').map((v) => v.id));
        const entries: ZipEntry[] = [];
        for (const video of videos) {
          const videoCues = cues.get(video.id) ?? [];
          if (videoCues.length === 0) {
            missing.push(`${video.title || video.id} [${video.id}]: ${video.transcriptError ?? video.transcriptStatus}`);
            continue;
          }
          const prefix = `${String(video.position + 1).padStart(4, '0')} `;
          entries.push({ name: transcriptFileName(video, format, prefix), text: transcriptFile(format, video, videoCues, { timestamps }) });
        }
        return entries;
      });
      return c.body(stream, 200, {
        'Content-Type': 'application/zip',
        'Content-Disposition': attachment(`${(list?.title ?? id).replace(/[\\/:*?"<>|\u0000-\u001f]+/g, ' ').trim().slice(0, 80)} (${format}).zip`),
      });
    })

    .get('/api/transcripts.jsonl', bearerAuth(sql), requireUser, collectionLimit, zValidator('query', jsonlQuery), async (c) => {
      const userId = signedInUser(c).id;
      const { playlist } = c.req.valid('query');
      if (playlist !== undefined && !(await userCanSeePlaylist(sql, userId, playlist))) {
        return c.json({ error: `The list ${playlist} is not in your library.` }, 404);
      }
      const encoder = new TextEncoder();
      let after = '';
      const stream = new ReadableStream<Uint8Array>({
        async pull(controller) {
          const videos = await libraryTranscriptsAfter(sql, userId, playlist, after, BATCH);
          if (videos.length === 0) {
            controller.close();
            return;
          }
          after = videos.at(-1)!.id;
          const cues = await cuesOf(sql, videos.map((v) => v.id));
          const lines = videos.map((v) => JSON.stringify({
            id: v.id,
            url: `https://www.youtube.com/watch?v=${v.id}`,
            title: v.title,
            channelId: v.channelId,
            channelTitle: v.channelTitle,
            publishedAt: v.publishedAtMs === null ? null : new Date(v.publishedAtMs).toISOString(),
            durationSeconds: v.durationSeconds,
            language: v.transcriptLanguage,
            captions: v.transcriptKind,
            playlists: v.playlistIds,
            segments: cues.get(v.id) ?? [],
          }) + '\n');
          controller.enqueue(encoder.encode(lines.join('')));
        },
      }, { highWaterMark: 1 });
      return c.body(stream, 200, { 'Content-Type': 'application/x-ndjson; charset=utf-8' });
    });
}
