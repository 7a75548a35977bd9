import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';

const run = promisify(execFile);
const key = 'a'.repeat(64);
const real = { GOOGLE_CLIENT_ID: 'id.apps.googleusercontent.com', GOOGLE_CLIENT_SECRET: 'secret', SESSION_SECRET: 's'.repeat(40), ENCRYPTION_KEY: key };

describe('configuration', () => {
  it('reads a complete real-Google configuration with defaults', () => {
    const config = loadConfig({ ...real, DATA_DIR: '/tmp/x' });
    expect(config.demo).toBe(false);
    expect(config.port).toBe(3000);
    expect(config.workerConcurrency).toBe(50);
    expect(config.encryptionKey).toHaveLength(32);
    expect(config.youtubeApiUrl).toBe('https://youtube.googleapis.com');
    expect(config.googleOauthUrl).toBeUndefined();
    expect(config.transcriptClients).toEqual([{ name: 'ANDROID', version: '20.10.38' }]);
    expect(config.transcriptCanaryVideo).toBeUndefined();
  });

  it('reads transcript clients in order and a canary video', () => {
    const config = loadConfig({ ...real, TRANSCRIPT_CLIENTS: 'android:21.03.36, IOS:20.10.4', TRANSCRIPT_CANARY_VIDEO: 'dQw4w9WgXcQ' });
    expect(config.transcriptClients).toEqual([{ name: 'ANDROID', version: '21.03.36' }, { name: 'IOS', version: '20.10.4' }]);
    expect(config.transcriptCanaryVideo).toBe('dQw4w9WgXcQ');
  });

  it('names this machine\'s own exit "direct" unless told otherwise', () => {
    expect(loadConfig(real).transcriptExitName).toBe('direct');
    expect(loadConfig({ ...real, TRANSCRIPT_EXIT_NAME: 'home' }).transcriptExitName).toBe('home');
  });

  it.each([
    [{ ...real, PORT: 'eighty' }, /^PORT="eighty" is not valid/],
    [{ ...real, PORT: '70000' }, /^PORT="70000" is not valid: use a whole number from 0 to 65535/],
    [{ ...real, DATABASE_URL: 'mysql://x' }, /^DATABASE_URL="mysql:\/\/x" must start with postgres:\/\/ or postgresql:\/\//],
    [{ ...real, BASE_URL: 'not a url' }, /^BASE_URL="not a url" is not a URL/],
    [{ ...real, ENCRYPTION_KEY: 'short' }, /^ENCRYPTION_KEY must be 32 bytes/],
    [{ ...real, SESSION_SECRET: undefined }, /^SESSION_SECRET is missing/],
    [{ ...real, SESSION_SECRET: 'tiny' }, /^SESSION_SECRET is too short/],
    [{ ...real, GOOGLE_CLIENT_SECRET: undefined }, /^GOOGLE_CLIENT_SECRET is missing/],
    [{ ...real, WORKER_CONCURRENCY: '0' }, /^WORKER_CONCURRENCY="0" is not valid/],
    [{ ...real, TRANSCRIPT_RATE: '-1' }, /^TRANSCRIPT_RATE="-1" is not valid: use a number of 0 or more/],
    [{ ...real, YOUTUBE_BLOCK_PAUSE_SECONDS: '0' }, /^YOUTUBE_BLOCK_PAUSE_SECONDS="0" is not valid/],
    [{ ...real, TRANSCRIPT_PROXY_URL: 'http://ok:8080, nope' }, /^TRANSCRIPT_PROXY_URL="nope" is not a URL/],
    [{ ...real, TRANSCRIPT_LANGUAGES: 'en,english!' }, /^TRANSCRIPT_LANGUAGES contains "english!"/],
    [{ ...real, LOG_LEVEL: 'loud' }, /^LOG_LEVEL="loud" is not valid/],
    [{ ...real, TRANSCRIPT_CLIENTS: 'ANDROID' }, /^TRANSCRIPT_CLIENTS contains "ANDROID": use comma-separated NAME:VERSION/],
    [{ ...real, TRANSCRIPT_CANARY_VIDEO: 'https://youtu.be/x' }, /^TRANSCRIPT_CANARY_VIDEO="https:\/\/youtu.be\/x" is not a YouTube video id/],
    [{ ...real, TRANSCRIPT_EXIT_NAME: 'my home' }, /^TRANSCRIPT_EXIT_NAME="my home" is not valid: use up to 40 letters, digits, dots, dashes or underscores/],
  ])('rejects %o with a message naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('generates demo secrets once, keeps them under the data folder, and reuses them', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'subtext-config-'));
    const first = loadConfig({ DATA_DIR: dir });
    const second = loadConfig({ DATA_DIR: dir });
    expect(first.demo).toBe(true);
    expect(first.encryptionKey.equals(second.encryptionKey)).toBe(true);
    expect(first.sessionSecret).toBe(second.sessionSecret);
    const stored = JSON.parse(await readFile(path.join(dir, 'demo-secrets.json'), 'utf8'));
    expect(stored.sessionSecret).toBe(first.sessionSecret);
  });

  it('exits non-zero with one line naming the variable when started with a bad value', async () => {
    const failure = await run(process.execPath, ['src/main.ts', 'web'], { env: { ...process.env, ...real, PORT: 'abc' } }).then(
      () => undefined,
      (err: { code: number; stderr: string }) => err,
    );
    expect(failure?.code).toBe(1);
    const lines = failure!.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Configuration error: PORT="abc" is not valid/);
  });
});
