// The transcript fetcher (youtube-transcript, unmodified, through our fetch seam) against the
// stand-in in each of the states YouTube puts servers in: what it concludes, which client it used,
// and what it asked for on the wire.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TranscriptClient } from '../src/config.ts';
import { DEMO } from '../src/standin/demo-data.ts';
import type { KnobsPatch } from '../src/standin/knobs.ts';
import { startStandin, type RunningStandin } from '../src/standin/server.ts';
import { fetchVideoTranscript } from '../src/youtube/transcripts.ts';
import { createYoutubeWebFetch } from '../src/youtube/web-fetch.ts';

let standin: RunningStandin;
let webFetch: typeof fetch;
const ANDROID: TranscriptClient = { name: 'ANDROID', version: '20.10.38' };
const IOS: TranscriptClient = { name: 'IOS', version: '20.10.4' };

beforeAll(async () => {
  standin = await startStandin({ port: 0 });
  webFetch = createYoutubeWebFetch({ webUrl: standin.url, timeoutMs: 5000 });
});
afterAll(async () => standin.close());
afterEach(async () => {
  await fetch(`${standin.url}/__standin/reset`, { method: 'POST' });
});

async function knobs(patch: KnobsPatch): Promise<void> {
  const res = await fetch(`${standin.url}/__standin/knobs`, { method: 'POST', body: JSON.stringify(patch) });
  expect(res.status).toBe(200);
}

interface SentRequest {
  readonly url: URL;
  readonly headers: Headers;
  readonly body: unknown;
}

/** The stand-in's fetch, recording every request as it leaves. */
function recorded(base: typeof fetch = webFetch): { fetch: typeof fetch; sent: SentRequest[] } {
  const sent: SentRequest[] = [];
  return {
    sent,
    fetch: async (input, init) => {
      sent.push({ url: new URL(String(input)), headers: new Headers(init?.headers), body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined });
      return base(input, init);
    },
  };
}

const fetchWith = (videoId: string, options: { fetch?: typeof fetch; clients?: TranscriptClient[]; knownToHaveCaptions?: boolean } = {}) =>
  fetchVideoTranscript(videoId, { fetch: options.fetch ?? webFetch, languages: ['en'], clients: options.clients ?? [ANDROID], knownToHaveCaptions: options.knownToHaveCaptions });

describe('a server YouTube treats as a bot', () => {
  it('cloud IP mode (a bot check on the player API, a watch page without captions) is a block, never "disabled"', async () => {
    await knobs({ cloudIpClients: ['*'] });
    const result = await fetchWith(DEMO.videos.ok);
    expect(result).toMatchObject({ ok: false, failure: 'blocked', block: 'bot_check' });
    expect(result.ok ? '' : result.reason).toBe(
      'YouTube treats this server as a bot (player ANDROID 20.10.38: LOGIN_REQUIRED, \'Sign in to confirm you’re not a bot\'; watch page: OK, no captions)',
    );
    expect(result.answers.map((a) => [a.endpoint, a.client, a.httpStatus, a.status])).toEqual([
      ['player', 'ANDROID 20.10.38', 200, 'LOGIN_REQUIRED'],
      ['watch page', 'WEB', 200, 'OK'],
    ]);
  });

  it('a bot check in another language is still a block: the status decides, not the words', async () => {
    await knobs({ localLanguage: 'de', cloudIpClients: ['*'] });
    // A fetch that strips our request for English, as a proxy rewriting headers might.
    const german: typeof fetch = (input, init) => {
      const url = new URL(String(input));
      url.searchParams.delete('hl');
      const headers = new Headers(init?.headers);
      headers.delete('Accept-Language');
      const body = typeof init?.body === 'string' ? JSON.parse(init.body) as { context: { client: Record<string, unknown> } } : undefined;
      if (body) delete body.context.client['hl'];
      return webFetch(url.href, { ...init, headers, ...(body ? { body: JSON.stringify(body) } : {}) });
    };
    const result = await fetchWith(DEMO.videos.ok, { fetch: german });
    expect(result).toMatchObject({ ok: false, failure: 'blocked', block: 'bot_check' });
    expect(result.answers[0]?.reason).toBe('Melde dich an, um zu bestätigen, dass du kein Bot bist');
  });

  it('asks every endpoint in English, so a server in Germany reads English reasons', async () => {
    await knobs({ localLanguage: 'de' });
    const wire = recorded();
    const age = await fetchWith(DEMO.videos.ageRestricted, { fetch: wire.fetch });
    expect(age).toMatchObject({ ok: false, failure: 'permanent' });
    expect(age.ok ? '' : age.reason).toMatch(/^Age-restricted: .*'This video may be inappropriate for some users\.'/);
    expect(wire.sent.map((r) => r.headers.get('Accept-Language'))).toEqual(['en-US,en;q=0.9', 'en-US,en;q=0.9']);
    expect(wire.sent[0]?.body).toMatchObject({ context: { client: { clientName: 'ANDROID', clientVersion: '20.10.38', hl: 'en' } } });
    expect(wire.sent[1]?.url.searchParams.get('hl')).toBe('en');
  });
});

describe('clients from configuration', () => {
  it('asks the next client when one meets a bot check, and records which one gave the captions', async () => {
    await knobs({ cloudIpClients: ['ANDROID'] });
    const wire = recorded();
    const result = await fetchWith(DEMO.videos.ok, { fetch: wire.fetch, clients: [ANDROID, IOS] });
    expect(result).toMatchObject({ ok: true, client: 'IOS:20.10.4', language: 'en', kind: 'manual' });
    expect(wire.sent.map((r) => r.url.pathname)).toEqual(['/youtubei/v1/player', '/youtubei/v1/player', '/api/timedtext']);
    expect(wire.sent[1]?.headers.get('User-Agent')).toMatch(/^com\.google\.ios\.youtube\/20\.10\.4 /);
  });

  it('an old client version refused by YouTube is passed over', async () => {
    await knobs({ minClientVersions: { ANDROID: '21.0.0' } });
    const result = await fetchWith(DEMO.videos.ok, { clients: [ANDROID, { name: 'ANDROID', version: '21.03.36' }] });
    expect(result).toMatchObject({ ok: true, client: 'ANDROID:21.03.36' });
    expect(result.answers[0]).toMatchObject({ endpoint: 'player', httpStatus: 400, status: 'FAILED_PRECONDITION' });
  });

  it('believes a client without captions for a new video, but not for one known to have them', async () => {
    await knobs({ captionlessClients: ['ANDROID'] });
    const unknown = recorded();
    expect(await fetchWith(DEMO.videos.ok, { fetch: unknown.fetch, clients: [ANDROID, IOS] })).toMatchObject({ ok: true, client: 'WEB' });
    expect(unknown.sent.map((r) => r.url.pathname)).toEqual(['/youtubei/v1/player', '/watch', '/api/timedtext']);
    const known = recorded();
    expect(await fetchWith(DEMO.videos.ok, { fetch: known.fetch, clients: [ANDROID, IOS], knownToHaveCaptions: true })).toMatchObject({ ok: true, client: 'IOS:20.10.4' });
    expect(known.sent.map((r) => r.url.pathname)).toEqual(['/youtubei/v1/player', '/youtubei/v1/player', '/api/timedtext']);
  });

  it('a video without captions everywhere is "no captions", a verdict the indexer still has to confirm', async () => {
    const result = await fetchWith(DEMO.videos.transcriptsDisabled, { clients: [ANDROID, IOS] });
    expect(result).toMatchObject({
      ok: false, failure: 'no_captions',
      reason: 'Transcripts are disabled for this video (player ANDROID 20.10.38: OK, no captions; watch page: OK, no captions)',
    });
  });
});

describe('proof-of-origin tokens and consent', () => {
  it('recognises exp=xpv and exp=xpe caption URLs without fetching an empty file', async () => {
    await knobs({ poTokenClients: ['*'] });
    const before = standin.stats.requests.captions;
    const xpv = await fetchWith(DEMO.videos.ok);
    expect(xpv).toMatchObject({ ok: false, failure: 'blocked', block: 'po_token' });
    expect(xpv.ok ? '' : xpv.reason).toMatch(/^YouTube requires a proof-of-origin \(PO\) token for these captions \(player ANDROID 20\.10\.38: OK, 2 caption tracks, needs a proof-of-origin token; watch page: OK/);
    expect(await fetchWith(DEMO.videos.emptyCaptions)).toMatchObject({ ok: false, block: 'po_token' });
    expect(standin.stats.requests.captions).toBe(before);
    // A client whose URLs carry no token requirement is used instead.
    await knobs({ poTokenClients: ['ANDROID'] });
    expect(await fetchWith(DEMO.videos.ok, { clients: [ANDROID, IOS] })).toMatchObject({ ok: true, client: 'IOS:20.10.4' });
  });

  it('sends the consent cookies to the watch page, and names a consent page that comes back anyway', async () => {
    await knobs({ consentWall: true, innertubeFailure: true });
    const wire = recorded();
    expect(await fetchWith(DEMO.videos.ok, { fetch: wire.fetch })).toMatchObject({ ok: true, client: 'WEB' });
    const watch = wire.sent.find((r) => r.url.pathname === '/watch');
    expect(watch?.headers.get('Cookie')).toBe('SOCS=CAI; CONSENT=YES+cb');

    await knobs({ consentWall: 'always' });
    const walled = await fetchWith(DEMO.videos.ok);
    expect(walled).toMatchObject({ ok: false, failure: 'blocked', block: 'consent' });
    expect(walled.ok ? '' : walled.reason).toMatch(/^YouTube answered with its cookie consent page although the SOCS and CONSENT cookies were sent \(.*watch page: consent page\)$/);
  });
});

describe('rate limits', () => {
  it('a 429 from the player ends the conversation: no other client, no watch page', async () => {
    await knobs({ rateLimitPerSecond: 1 });
    const wire = recorded();
    // The watch page takes the one request allowed this second; the player is refused.
    await webFetch(`https://www.youtube.com/watch?v=${DEMO.videos.ok}`);
    const result = await fetchWith(DEMO.videos.ok, { fetch: wire.fetch, clients: [ANDROID, IOS] });
    expect(result).toMatchObject({ ok: false, failure: 'blocked', block: 'rate_limited' });
    expect(wire.sent.map((r) => r.url.pathname)).toEqual(['/youtubei/v1/player']);
  });
});
