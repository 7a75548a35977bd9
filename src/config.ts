// Every environment variable the app reads, parsed and validated here once.
// A bad value ends start-up with one line naming the variable and how to fix it.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { parseCronItem } from 'graphile-worker';

export interface Config {
  /** Demo mode: no Google credentials configured, so the YouTube stand-in plays Google and YouTube. */
  readonly demo: boolean;
  readonly dataDir: string;
  /** Undefined means "start an embedded PostgreSQL under dataDir". */
  readonly databaseUrl: string | undefined;
  /** False behind a PgBouncer in transaction mode, which cannot keep a prepared statement across transactions. */
  readonly databasePreparedStatements: boolean;
  readonly embeddedPostgresPort: number;
  readonly host: string;
  readonly port: number;
  readonly baseUrl: string;
  /**
   * How many reverse proxies in front of the web server append to X-Forwarded-For; the client is the
   * address that many hops from the right. 0: X-Forwarded-For is ignored and the socket's peer is the client.
   */
  readonly trustProxyHops: number;
  /** Searches (/search, /search.csv, /api/search) allowed per minute per signed-in user and per client IP; 0 = unlimited. */
  readonly searchesPerMinute: Readonly<Record<'perUser' | 'perIp', number>>;
  /** Time limit of every search statement; past it the person is asked to narrow the search. */
  readonly searchTimeoutMs: number;
  readonly sessionSecret: string;
  /** 32 bytes for AES-256-GCM. */
  readonly encryptionKey: Buffer;
  readonly googleClientId: string;
  readonly googleClientSecret: string;
  readonly youtubeApiKey: string | undefined;
  readonly youtubeApiUrl: string;
  readonly youtubeWebUrl: string;
  readonly youtubeThumbnailUrl: string;
  /** Undefined means Google's own endpoints (accounts.google.com, oauth2.googleapis.com). */
  readonly googleOauthUrl: string | undefined;
  readonly workerConcurrency: number;
  /** A worker silent this long is presumed dead and its jobs are unlocked for others. */
  readonly workerDeadAfterSeconds: number;
  /** Requests per second to YouTube's web endpoints, shared by every worker process; 0 = unlimited. */
  readonly transcriptRate: number;
  /** First pause when YouTube blocks us; each further block in a row doubles it. */
  readonly blockPauseSeconds: number;
  readonly transcriptProxyUrls: ReadonlyArray<string>;
  /**
   * The name this machine's own connection goes by as a transcript exit when it has no proxies: each
   * exit has its own rate window and circuit breaker, so a worker on another network (a home
   * connection) needs a name of its own, or it would sit out the cloud server's block with it.
   */
  readonly transcriptExitName: string;
  readonly transcriptLanguages: ReadonlyArray<string>;
  readonly transcriptTimeoutMs: number;
  /** Innertube clients the player API is asked as, in order; the next is tried when one fails. */
  readonly transcriptClients: ReadonlyArray<TranscriptClient>;
  /** A public video with captions, fetched to tell "this video has no captions" from "YouTube hides captions from this server". */
  readonly transcriptCanaryVideo: string | undefined;
  readonly dailyQuotaUnits: number;
  /** Data API units one person's own actions (refresh, add, index) may spend per clock hour; 0 = no limit. */
  readonly quotaUnitsPerUserPerHour: number;
  /** Minutes before "Run now" may queue the same tracking schedule again (admins excepted); 0 = any time. */
  readonly runNowMinIntervalMinutes: number;
  readonly standinPort: number;
  /** Regions whose YouTube "most popular" charts are fetched and kept (ISO 3166 codes). */
  readonly trackingRegions: ReadonlyArray<string>;
  /** When the tracking jobs run, as Graphile Worker cron patterns (minute hour day month weekday). */
  readonly trackingSchedules: Readonly<Record<'snapshots' | 'trending' | 'thumbnails' | 'availability', string>>;
  /** oEmbed dead-video checks per minute, shared by every worker process. */
  readonly oembedRatePerMinute: number;
  readonly thumbnailTimeoutMs: number;
  /** Jobs each worker process runs at once in each tracking pool. */
  readonly trackingPoolConcurrency: Readonly<Record<'tracking' | 'scoring' | 'thumbnails' | 'deadvideos', number>>;
  /** Per region: views per hour and engagement % that score 100. Regions not listed use GB's. */
  readonly viralityBaselines: Readonly<Record<string, ViralityBaseline>>;
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** Lower-cased emails of the accounts that may open /admin (the jobs dashboard). */
  readonly adminEmails: ReadonlyArray<string>;
  /** When set, /metrics answers only requests bearing this token. */
  readonly metricsToken: string | undefined;
}

/** An innertube client as YouTube knows it, e.g. ANDROID 20.10.38. */
export interface TranscriptClient {
  readonly name: string;
  readonly version: string;
}

/** What youtube-transcript 1.3.1 itself sends. */
export const DEFAULT_TRANSCRIPT_CLIENTS = 'ANDROID:20.10.38';

export interface ViralityBaseline {
  readonly viewsPerHour: number;
  readonly engagementPercent: number;
}

const DEFAULT_VIRALITY_BASELINES: Readonly<Record<string, ViralityBaseline>> = {
  PL: { viewsPerHour: 10_000, engagementPercent: 6.0 },
  NL: { viewsPerHour: 8_000, engagementPercent: 5.5 },
  SE: { viewsPerHour: 5_000, engagementPercent: 5.0 },
  NO: { viewsPerHour: 4_000, engagementPercent: 5.0 },
  AT: { viewsPerHour: 6_000, engagementPercent: 5.0 },
  GB: { viewsPerHour: 20_000, engagementPercent: 4.5 },
  US: { viewsPerHour: 50_000, engagementPercent: 5.0 },
};

/** Searches are answered within a second: a statement still running after this is cancelled. */
export const DEFAULT_SEARCH_TIMEOUT_MS = 800;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Readonly<Record<string, string | undefined>>;

function read(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === '' ? undefined : value;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(`${name}="${raw}" is not valid: use a whole number from ${min} to ${max}.`);
  }
  return Number(raw);
}

function nonNegativeNumber(env: Env, name: string, fallback: number): number {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) {
    throw new ConfigError(`${name}="${raw}" is not valid: use a number of 0 or more, e.g. ${fallback}.`);
  }
  return value;
}

function yesNo(env: Env, name: string, fallback: boolean): boolean {
  const raw = read(env, name)?.toLowerCase();
  if (raw === undefined) return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new ConfigError(`${name}="${raw}" is not valid: use true or false.`);
}

function url(env: Env, name: string, fallback: string | undefined, protocols = ['http:', 'https:']): string | undefined {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${name}="${raw}" is not a URL: use an absolute URL such as ${fallback ?? 'https://example.com'}.`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(`${name}="${raw}" must start with ${protocols.map((p) => p + '//').join(' or ')}.`);
  }
  return raw.replace(/\/+$/, '');
}

function cronPattern(env: Env, name: string, fallback: string): string {
  const raw = read(env, name) ?? fallback;
  try {
    parseCronItem({ task: name, match: raw, identifier: name });
  } catch (err) {
    throw new ConfigError(`${name}="${raw}" is not a cron pattern (${(err as Error).message}): use five fields, e.g. "${fallback}".`);
  }
  return raw;
}

function regionCodes(env: Env, name: string, fallback: string): string[] {
  const codes = (read(env, name) ?? fallback).split(',').map((r) => r.trim().toUpperCase()).filter(Boolean);
  const bad = codes.find((code) => !/^[A-Z]{2}$/.test(code));
  if (bad !== undefined || codes.length === 0) {
    throw new ConfigError(`${name} contains "${bad ?? ''}": use comma-separated two-letter region codes such as ${fallback}.`);
  }
  return [...new Set(codes)];
}

/** VIRALITY_BASELINES="PL=12000:6.5,DE=15000:5" overrides or adds regions; the rest keep their defaults. */
function viralityBaselines(env: Env): Record<string, ViralityBaseline> {
  const baselines = { ...DEFAULT_VIRALITY_BASELINES };
  for (const entry of (read(env, 'VIRALITY_BASELINES') ?? '').split(',').map((e) => e.trim()).filter(Boolean)) {
    const match = /^([A-Za-z]{2})=(\d+(?:\.\d+)?):(\d+(?:\.\d+)?)$/.exec(entry);
    if (!match || Number(match[2]) <= 0 || Number(match[3]) <= 0) {
      throw new ConfigError(`VIRALITY_BASELINES contains "${entry}": use REGION=VIEWS_PER_HOUR:ENGAGEMENT_PERCENT, e.g. PL=10000:6.0.`);
    }
    baselines[match[1]!.toUpperCase()] = { viewsPerHour: Number(match[2]), engagementPercent: Number(match[3]) };
  }
  return baselines;
}

function exitName(env: Env, name: string, fallback: string): string {
  const raw = read(env, name) ?? fallback;
  if (!/^[a-z0-9][a-z0-9._-]{0,39}$/i.test(raw)) throw new ConfigError(`${name}="${raw}" is not valid: use up to 40 letters, digits, dots, dashes or underscores, e.g. home.`);
  return raw;
}

/** TRANSCRIPT_CLIENTS="ANDROID:21.03.36,IOS:20.10.4": a new client version is a configuration change. */
function transcriptClients(env: Env): TranscriptClient[] {
  const entries = (read(env, 'TRANSCRIPT_CLIENTS') ?? DEFAULT_TRANSCRIPT_CLIENTS).split(',').map((e) => e.trim()).filter(Boolean);
  const clients = entries.map((entry) => {
    const match = /^([A-Za-z][A-Za-z0-9_]*):(\d+(?:\.\d+)*)$/.exec(entry);
    if (!match) throw new ConfigError(`TRANSCRIPT_CLIENTS contains "${entry}": use comma-separated NAME:VERSION innertube clients, e.g. ${DEFAULT_TRANSCRIPT_CLIENTS}.`);
    return { name: match[1]!.toUpperCase(), version: match[2]! };
  });
  if (clients.length === 0) throw new ConfigError(`TRANSCRIPT_CLIENTS is empty: name at least one client, e.g. ${DEFAULT_TRANSCRIPT_CLIENTS}.`);
  return clients;
}

function videoId(env: Env, name: string): string | undefined {
  const raw = read(env, name);
  if (raw !== undefined && !/^[A-Za-z0-9_-]{11}$/.test(raw)) throw new ConfigError(`${name}="${raw}" is not a YouTube video id: use the 11 characters after watch?v=.`);
  return raw;
}

function emails(env: Env, name: string): string[] {
  const list = (read(env, name) ?? '').split(',').map((e) => e.trim().toLowerCase()).filter(Boolean);
  const bad = list.find((email) => !/^[^\s@]+@[^\s@]+$/.test(email));
  if (bad !== undefined) throw new ConfigError(`${name} contains "${bad}": use comma-separated email addresses, e.g. ops@example.com,me@example.com.`);
  return [...new Set(list)];
}

function encryptionKey(raw: string): Buffer {
  const key = /^[0-9a-fA-F]{64}$/.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
  if (key.length !== 32) {
    throw new ConfigError('ENCRYPTION_KEY must be 32 bytes, as 64 hex digits or base64: generate one with `openssl rand -hex 32`.');
  }
  return key;
}

/** Secrets that demo mode generates on first start and keeps under the data folder (never printed). */
function demoSecrets(dataDir: string): { sessionSecret: string; encryptionKey: string } {
  const file = path.join(dataDir, 'demo-secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  const secrets = { sessionSecret: randomBytes(32).toString('hex'), encryptionKey: randomBytes(32).toString('hex') };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, JSON.stringify(secrets), { mode: 0o600 });
  return secrets;
}

export function loadConfig(env: Env = process.env): Config {
  const googleClientId = read(env, 'GOOGLE_CLIENT_ID');
  const googleClientSecret = read(env, 'GOOGLE_CLIENT_SECRET');
  if ((googleClientId === undefined) !== (googleClientSecret === undefined)) {
    const missing = googleClientId === undefined ? 'GOOGLE_CLIENT_ID' : 'GOOGLE_CLIENT_SECRET';
    throw new ConfigError(`${missing} is missing: set both GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET, or neither for demo mode.`);
  }
  const demo = googleClientId === undefined;
  const dataDir = path.resolve(read(env, 'DATA_DIR') ?? '.data');
  const port = integer(env, 'PORT', 3000, 0, 65535);
  const host = read(env, 'HOST') ?? '127.0.0.1';
  const baseUrl = url(env, 'BASE_URL', `http://localhost:${port}`)!;

  let sessionSecret = read(env, 'SESSION_SECRET');
  let rawKey = read(env, 'ENCRYPTION_KEY');
  if (demo && (sessionSecret === undefined || rawKey === undefined)) {
    const generated = demoSecrets(dataDir);
    sessionSecret ??= generated.sessionSecret;
    rawKey ??= generated.encryptionKey;
  }
  if (sessionSecret === undefined) {
    throw new ConfigError('SESSION_SECRET is missing: set it to a random string of 32+ characters (`openssl rand -hex 32`).');
  }
  if (sessionSecret.length < 32) {
    throw new ConfigError('SESSION_SECRET is too short: use 32+ random characters (`openssl rand -hex 32`).');
  }
  if (rawKey === undefined) {
    throw new ConfigError('ENCRYPTION_KEY is missing: set it to 32 random bytes as hex (`openssl rand -hex 32`).');
  }

  const logLevel = read(env, 'LOG_LEVEL') ?? 'info';
  if (!['debug', 'info', 'warn', 'error'].includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL="${logLevel}" is not valid: use debug, info, warn or error.`);
  }
  const metricsToken = read(env, 'METRICS_TOKEN');
  if (metricsToken !== undefined && metricsToken.length < 16) {
    throw new ConfigError('METRICS_TOKEN is too short: use 16+ random characters (`openssl rand -hex 32`).');
  }
  const proxies = (read(env, 'TRANSCRIPT_PROXY_URL') ?? '').split(',').map((p) => p.trim()).filter(Boolean);
  for (const proxy of proxies) url({ TRANSCRIPT_PROXY_URL: proxy }, 'TRANSCRIPT_PROXY_URL', undefined);
  const languages = (read(env, 'TRANSCRIPT_LANGUAGES') ?? 'en').split(',').map((l) => l.trim()).filter(Boolean);
  for (const language of languages) {
    if (!/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})?$/.test(language)) {
      throw new ConfigError(`TRANSCRIPT_LANGUAGES contains "${language}": use comma-separated language codes such as en,de,pt-BR.`);
    }
  }

  return {
    demo,
    dataDir,
    databaseUrl: url(env, 'DATABASE_URL', undefined, ['postgres:', 'postgresql:']),
    databasePreparedStatements: yesNo(env, 'DATABASE_PREPARED_STATEMENTS', true),
    embeddedPostgresPort: integer(env, 'EMBEDDED_POSTGRES_PORT', 54329, 1024, 65535),
    host,
    port,
    baseUrl,
    trustProxyHops: integer(env, 'TRUST_PROXY', 0, 0, 10),
    searchesPerMinute: {
      perUser: integer(env, 'SEARCHES_PER_MINUTE_PER_USER', 120, 0, 100000),
      perIp: integer(env, 'SEARCHES_PER_MINUTE_PER_IP', 600, 0, 100000),
    },
    searchTimeoutMs: integer(env, 'SEARCH_TIMEOUT_MS', DEFAULT_SEARCH_TIMEOUT_MS, 1, 60000),
    sessionSecret,
    encryptionKey: encryptionKey(rawKey),
    googleClientId: googleClientId ?? 'subtext-demo-client',
    googleClientSecret: googleClientSecret ?? 'subtext-demo-secret',
    youtubeApiKey: read(env, 'YOUTUBE_API_KEY') ?? (demo ? 'subtext-demo-key' : undefined),
    youtubeApiUrl: url(env, 'YOUTUBE_API_URL', 'https://youtube.googleapis.com')!,
    youtubeWebUrl: url(env, 'YOUTUBE_WEB_URL', 'https://www.youtube.com')!,
    youtubeThumbnailUrl: url(env, 'YOUTUBE_THUMBNAIL_URL', 'https://i.ytimg.com')!,
    googleOauthUrl: url(env, 'GOOGLE_OAUTH_URL', undefined),
    workerConcurrency: integer(env, 'WORKER_CONCURRENCY', 50, 1, 1000),
    workerDeadAfterSeconds: integer(env, 'WORKER_DEAD_AFTER_SECONDS', 60, 15, 86400),
    // The stand-in takes far more than YouTube, so the demo's 3,000-video playlist indexes in minutes.
    transcriptRate: nonNegativeNumber(env, 'TRANSCRIPT_RATE', demo ? DEMO_TRANSCRIPT_RATE : REAL_TRANSCRIPT_RATE),
    blockPauseSeconds: integer(env, 'YOUTUBE_BLOCK_PAUSE_SECONDS', 30, 1, 86400),
    transcriptProxyUrls: proxies,
    transcriptExitName: exitName(env, 'TRANSCRIPT_EXIT_NAME', 'direct'),
    transcriptLanguages: languages,
    transcriptTimeoutMs: integer(env, 'TRANSCRIPT_TIMEOUT_MS', 20000, 100, 600000),
    transcriptClients: transcriptClients(env),
    transcriptCanaryVideo: videoId(env, 'TRANSCRIPT_CANARY_VIDEO'),
    dailyQuotaUnits: integer(env, 'YOUTUBE_DAILY_QUOTA', 10000, 1, 100000000),
    quotaUnitsPerUserPerHour: integer(env, 'QUOTA_UNITS_PER_USER_PER_HOUR', 200, 0, 100000000),
    // The stand-in costs no quota, so the demo lets anyone force a schedule at any time.
    runNowMinIntervalMinutes: integer(env, 'RUN_NOW_MIN_INTERVAL_MINUTES', demo ? 0 : 60, 0, 10080),
    standinPort: integer(env, 'STANDIN_PORT', 4100, 0, 65535),
    trackingRegions: regionCodes(env, 'TRACKING_REGIONS', 'PL,NL,SE,NO,AT,GB,US'),
    // The demo runs its schedules often (the stand-in costs no quota), so there is something to see at once.
    trackingSchedules: {
      snapshots: cronPattern(env, 'SNAPSHOT_SCHEDULE', demo ? '*/2 * * * *' : '0 * * * *'),
      trending: cronPattern(env, 'TRENDING_SCHEDULE', demo ? '*/15 * * * *' : '30 * * * *'),
      thumbnails: cronPattern(env, 'THUMBNAIL_CHECK_SCHEDULE', demo ? '*/10 * * * *' : '15 3 * * *'),
      availability: cronPattern(env, 'AVAILABILITY_CHECK_SCHEDULE', demo ? '*/10 * * * *' : '45 2 * * *'),
    },
    oembedRatePerMinute: integer(env, 'OEMBED_RATE_PER_MINUTE', 20, 1, 6000),
    thumbnailTimeoutMs: integer(env, 'THUMBNAIL_TIMEOUT_MS', 10000, 100, 120000),
    trackingPoolConcurrency: {
      tracking: integer(env, 'TRACKING_CONCURRENCY', 2, 1, 100),
      scoring: integer(env, 'SCORING_CONCURRENCY', 4, 1, 100),
      thumbnails: integer(env, 'THUMBNAIL_CONCURRENCY', 8, 1, 100),
      deadvideos: integer(env, 'DEAD_VIDEO_CONCURRENCY', 2, 1, 100),
    },
    viralityBaselines: viralityBaselines(env),
    logLevel: logLevel as Config['logLevel'],
    adminEmails: emails(env, 'ADMIN_EMAILS'),
    metricsToken,
  };
}

/** Requests a second to YouTube's web endpoints: what a real server can sustain without being blocked, and what the stand-in takes. */
export const REAL_TRANSCRIPT_RATE = 5;
export const DEMO_TRANSCRIPT_RATE = 100;

/**
 * Demo mode points every YouTube and Google URL at the stand-in; its canary is a video the stand-in
 * always has captions for (passed in, so that this module does not load the demo world).
 */
export function withStandin(config: Config, standinUrl: string, canaryVideo?: string): Config {
  return {
    ...config,
    transcriptCanaryVideo: config.transcriptCanaryVideo ?? canaryVideo,
    youtubeApiUrl: standinUrl,
    youtubeWebUrl: standinUrl,
    youtubeThumbnailUrl: standinUrl,
    googleOauthUrl: standinUrl,
  };
}
