// Every environment variable the app reads, parsed and validated here once.
// A bad value ends start-up with one line naming the variable and how to fix it.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';

export interface Config {
  /** Demo mode: no Google credentials configured, so the YouTube stand-in plays Google and YouTube. */
  readonly demo: boolean;
  readonly dataDir: string;
  /** Undefined means "start an embedded PostgreSQL under dataDir". */
  readonly databaseUrl: string | undefined;
  readonly embeddedPostgresPort: number;
  readonly host: string;
  readonly port: number;
  readonly baseUrl: string;
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
  /** Transcript fetches per second, shared by every worker process. */
  readonly transcriptRate: number;
  readonly transcriptProxyUrls: ReadonlyArray<string>;
  readonly transcriptLanguages: ReadonlyArray<string>;
  readonly transcriptTimeoutMs: number;
  readonly dailyQuotaUnits: number;
  readonly standinPort: number;
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error';
}

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

function positiveNumber(env: Env, name: string, fallback: number): number {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    throw new ConfigError(`${name}="${raw}" is not valid: use a number greater than 0, e.g. ${fallback}.`);
  }
  return value;
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
    embeddedPostgresPort: integer(env, 'EMBEDDED_POSTGRES_PORT', 54329, 1024, 65535),
    host,
    port,
    baseUrl,
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
    transcriptRate: positiveNumber(env, 'TRANSCRIPT_RATE', 5),
    transcriptProxyUrls: proxies,
    transcriptLanguages: languages,
    transcriptTimeoutMs: integer(env, 'TRANSCRIPT_TIMEOUT_MS', 20000, 100, 600000),
    dailyQuotaUnits: integer(env, 'YOUTUBE_DAILY_QUOTA', 10000, 1, 100000000),
    standinPort: integer(env, 'STANDIN_PORT', 4100, 0, 65535),
    logLevel: logLevel as Config['logLevel'],
  };
}

/** Demo mode points every YouTube and Google URL at the stand-in. */
export function withStandin(config: Config, standinUrl: string): Config {
  return {
    ...config,
    youtubeApiUrl: standinUrl,
    youtubeWebUrl: standinUrl,
    youtubeThumbnailUrl: standinUrl,
    googleOauthUrl: standinUrl,
  };
}
