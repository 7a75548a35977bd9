// `npm run doctor` and the doctor card on /admin/jobs: from this machine, is the database reachable
// and migrated, does the Data API key work and how much quota is left, and does one known public
// video's transcript come through each configured client and each exit. One line per check; a
// failing one says how to fix it.
import postgres from 'postgres';
import type { Config } from '../config.ts';
import type { Sql } from '../db/client.ts';
import { migrationStatus } from '../db/migrate.ts';
import { homeWorkerCommand } from '../indexing/home-worker.ts';
import { createDataApi } from '../youtube/data-api.ts';
import { YoutubeError } from '../youtube/errors.ts';
import { createTranscriptExits, type TranscriptExit } from '../youtube/exits.ts';
import { postgresQuotaMeter, quotaDay, type QuotaMeter } from '../youtube/quota.ts';
import { describeAnswers, fetchVideoTranscript, type TranscriptResult } from '../youtube/transcripts.ts';

export interface DoctorCheck {
  readonly ok: boolean;
  /** The whole verdict on one line, with the fix when it failed. */
  readonly line: string;
}

export interface DoctorReport {
  readonly checks: ReadonlyArray<DoctorCheck>;
  /** At least one transcript came through, by any client and exit. */
  readonly transcriptsWork: boolean;
  /** What `npm run doctor` exits with: 1 when no transcript, the database or the Data API fails. */
  readonly exitCode: 0 | 1;
}

/**
 * A public video with manual captions in many languages (yt-dlp's subtitle test video), for when
 * neither TRANSCRIPT_CANARY_VIDEO nor an indexed video is at hand.
 */
const FALLBACK_TEST_VIDEO = 'QRS8MkLhQmM';
const DATABASE_TIMEOUT_S = 5;

const pass = (line: string): DoctorCheck => ({ ok: true, line: `✓ ${line}` });
const fail = (line: string): DoctorCheck => ({ ok: false, line: `✗ ${line}` });

/** For `npm run doctor`: its own short-lived connection to the database at `databaseUrl`. */
export async function runDoctorAt(config: Config, databaseUrl: string): Promise<DoctorReport> {
  const sql = postgres(databaseUrl, { max: 2, connect_timeout: DATABASE_TIMEOUT_S, idle_timeout: 1, onnotice: () => {}, prepare: config.databasePreparedStatements });
  try {
    return await runDoctor(config, sql, new URL(databaseUrl).host);
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {});
  }
}

/** `where` names the database in the report (a host:port, never a password). */
export async function runDoctor(config: Config, sql: Sql, where: string): Promise<DoctorReport> {
  const database = await checkDatabase(sql, where, config);
  const usable = database.ok ? sql : undefined;
  const dataApi = await checkDataApi(config, usable);
  const video = config.transcriptCanaryVideo ?? (usable ? await lastIndexedVideo(usable) : undefined) ?? FALLBACK_TEST_VIDEO;
  const { checks: transcripts, transcriptsWork } = await checkTranscripts(config, usable, video);
  const checks = [database, dataApi, ...transcripts];
  return { checks, transcriptsWork, exitCode: transcriptsWork && database.ok && dataApi.ok ? 0 : 1 };
}

async function checkDatabase(sql: Sql, where: string, config: Config): Promise<DoctorCheck> {
  try {
    const { applied, expected } = await migrationStatus(sql);
    if (applied < expected) {
      return fail(`Database at ${where}: reachable, but only ${applied} of ${expected} migrations applied: start subtext once (npm start, or npm run web) and it migrates the database.`);
    }
    return pass(`Database at ${where}: reachable and migrated (${applied} of ${expected} migrations).`);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (/__drizzle_migrations|relation .* does not exist/.test(message)) {
      return fail(`Database at ${where}: reachable, but empty: start subtext once (npm start, or npm run web) and it migrates the database.`);
    }
    const fix = config.databaseUrl === undefined
      ? 'the embedded database runs only while subtext does: start it (npm start), or set DATABASE_URL to your PostgreSQL.'
      : 'check DATABASE_URL (host, port, user, password, database) and that this machine may reach it.';
    return fail(`Database at ${where}: cannot connect (${message}): ${fix}`);
  }
}

async function lastIndexedVideo(sql: Sql): Promise<string | undefined> {
  const [row] = await sql<{ id: string }[]>`
    select id from videos where transcript_status = 'indexed' and transcript_error is null order by transcript_fetched_at desc nulls last limit 1`.catch(() => []);
  return row?.id;
}

async function checkDataApi(config: Config, sql: Sql | undefined): Promise<DoctorCheck> {
  if (config.youtubeApiKey === undefined) {
    return pass('YouTube Data API: no YOUTUBE_API_KEY, so playlists are read with each person\'s own Google sign-in (set one to index public playlists for everyone).');
  }
  // One unit, counted like every other call, so the check cannot overspend the day's allowance.
  const quota: QuotaMeter = sql ? postgresQuotaMeter(sql, config.dailyQuotaUnits) : { spend: async () => {} };
  const api = createDataApi({ rootUrl: config.youtubeApiUrl, auth: { apiKey: config.youtubeApiKey }, quota });
  try {
    await api.getVideos([config.transcriptCanaryVideo ?? FALLBACK_TEST_VIDEO]);
  } catch (err) {
    const e = err instanceof YoutubeError ? err : new YoutubeError('transient', err instanceof Error ? err.message : String(err));
    switch (e.kind) {
      case 'quota': return fail(`YouTube Data API: ${e.message} Wait for the reset; raise YOUTUBE_DAILY_QUOTA only if Google granted you more.`);
      case 'invalid':
      case 'access_lost':
        return fail(`YouTube Data API: the key was refused (${e.message}): set YOUTUBE_API_KEY to a key of a Google Cloud project with the YouTube Data API v3 enabled.`);
      default: return fail(`YouTube Data API: no proper answer from ${config.youtubeApiUrl} (${e.message}): check this machine's network, then run the doctor again.`);
    }
  }
  const [used] = sql ? await sql<{ units_used: number }[]>`select units_used from quota_usage where day = ${quotaDay()}` : [];
  const units = used ? ` ${used.units_used.toLocaleString('en')} of ${config.dailyQuotaUnits.toLocaleString('en')} units used today (Pacific time).` : '';
  return pass(`YouTube Data API: the key works.${units}`);
}

async function checkTranscripts(config: Config, sql: Sql | undefined, videoId: string): Promise<{ checks: DoctorCheck[]; transcriptsWork: boolean }> {
  // Through each exit's own window when the database is there, so the checks count against its rate like any fetch.
  const exits = createTranscriptExits(config, sql);
  const checks: DoctorCheck[] = [];
  // A client can fail while the watch page still brings the transcript: that still counts as one.
  let transcriptsWork = false;
  for (const exit of exits) {
    for (const client of config.transcriptClients) {
      const label = `${client.name}:${client.version}`;
      const result = await fetchVideoTranscript(videoId, {
        fetch: exit.fetch, languages: config.transcriptLanguages, clients: [client], knownToHaveCaptions: true,
      });
      transcriptsWork ||= result.ok;
      checks.push(transcriptCheck(`Transcript of ${videoId} via ${label} through ${exit.name}`, label, result, exit, config));
    }
  }
  return { checks, transcriptsWork };
}

function transcriptCheck(what: string, client: string, result: TranscriptResult, exit: TranscriptExit, config: Config): DoctorCheck {
  const said = describeAnswers(result.answers);
  if (result.ok && result.client === client) return pass(`${what}: ${result.cues.length} lines in ${result.language}.`);
  if (result.ok) {
    // The watch page gave the captions; the client itself did not.
    return fail(`${what}: ${client} gave no captions, the watch page did (${said}): ${clientFix(result.answers)}`);
  }
  const homeWorker = homeWorkerCommand(config.databaseUrl)
    ?? 'npm run worker -- --pools=indexing, with DATABASE_URL at a PostgreSQL both machines reach and TRANSCRIPT_EXIT_NAME=home';
  const elsewhere = exit.proxyUrl
    ? `replace this proxy in TRANSCRIPT_PROXY_URL (residential proxies fare best), or run a transcript worker on a home connection: ${homeWorker}`
    : `set TRANSCRIPT_PROXY_URL, or run a transcript worker on a home connection: ${homeWorker}`;
  const whose = exit.proxyUrl ? 'this proxy' : 'this server';
  if (result.failure === 'blocked') {
    switch (result.block) {
      case 'bot_check': return fail(`${what}: YouTube treats ${whose} as a bot (${said}): ${elsewhere}`);
      case 'rate_limited': return fail(`${what}: YouTube is rate-limiting ${whose} (${said}): lower TRANSCRIPT_RATE and wait, or ${elsewhere}`);
      case 'po_token':
      case 'empty_captions':
        return fail(`${what}: YouTube wants a proof-of-origin token for these captions (${said}): put a client that needs none first in TRANSCRIPT_CLIENTS.`);
      case 'consent': return fail(`${what}: YouTube shows its cookie consent page although the consent cookies were sent (${said}): ${elsewhere}`);
    }
  }
  if (result.failure === 'no_captions') {
    return fail(`${what}: YouTube hides captions from ${whose}, the test video has them (${said}): ${elsewhere}; or ${clientFix(result.answers)}`);
  }
  if (result.failure === 'permanent') {
    return fail(`${what}: the test video gives no transcript (${result.reason}): set TRANSCRIPT_CANARY_VIDEO to a public video with captions.`);
  }
  return fail(`${what}: YouTube could not be reached (${result.reason}): check this machine's network${exit.proxyUrl ? ' and the proxy' : ''}, then run the doctor again.`);
}

function clientFix(answers: TranscriptResult['answers']): string {
  const refused = answers.find((a) => a.endpoint === 'player' && a.httpStatus === 400);
  if (refused) return `YouTube refused client ${refused.client} (HTTP 400 ${refused.status ?? ''}): set a current version in TRANSCRIPT_CLIENTS (see the README).`;
  return 'the client may no longer get captions: put a current client first in TRANSCRIPT_CLIENTS (see the README).';
}
