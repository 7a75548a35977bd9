import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../src/standin/demo-data.ts';
import { startStandin, type RunningStandin } from '../src/standin/server.ts';
import { checkOembed } from '../src/youtube/oembed.ts';

describe('checkOembed against the stand-in', () => {
  let standin: RunningStandin;
  beforeAll(async () => { standin = await startStandin({ port: 0 }); });
  afterAll(async () => { await standin.close(); });
  const check = (videoId: string, timeoutMs = 5000) => checkOembed(videoId, { webUrl: standin.url, timeoutMs });

  it('200 with oEmbed JSON: public', async () => {
    expect(await check(DEMO.videos.ok)).toEqual({ availability: 'public', httpStatus: 200, title: 'Weeknight risotto without stirring all evening', problem: null });
  });

  it('403 for a private video and 401 when embedding is disabled: not public', async () => {
    expect(await check(DEMO.videos.private)).toMatchObject({ availability: 'private', httpStatus: 403 });
    expect(await check(DEMO.videos.embeddingDisabled)).toMatchObject({ availability: 'private', httpStatus: 401 });
  });

  it('404 for deleted, unavailable and never-existing videos: deleted', async () => {
    expect(await check(DEMO.videos.deleted)).toMatchObject({ availability: 'deleted', httpStatus: 404 });
    expect(await check(DEMO.videos.unavailable)).toMatchObject({ availability: 'deleted', httpStatus: 404 });
    expect(await check('zzzzzzzzzzz')).toMatchObject({ availability: 'deleted', httpStatus: 404 });
  });

  it('400 for a malformed id, 5xx and timeouts: unknown, to be retried', async () => {
    expect(await check('not an id')).toMatchObject({ availability: 'unknown', httpStatus: 400, problem: 'oEmbed answered HTTP 400' });
    standin.knobs.errorRate.oembed = 1;
    try {
      const answer = await check(DEMO.videos.ok);
      expect(answer.availability).toBe('unknown');
      expect(answer.httpStatus).toBeGreaterThanOrEqual(500);
    } finally {
      standin.knobs.errorRate.oembed = 0;
    }
    standin.knobs.latencyMs.oembed = 3000;
    try {
      expect(await check(DEMO.videos.ok, 300)).toMatchObject({ availability: 'unknown', httpStatus: null, problem: 'oEmbed did not answer within 300 ms' });
    } finally {
      standin.knobs.latencyMs.oembed = 0;
    }
  });
});
