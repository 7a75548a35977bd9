// Transcripts out: TXT (with and without timestamps), SRT and VTT per video, read back with real
// subtitle parsers; a list's ZIP opened with a real unzip library; the API's JSON Lines; and none of
// it reaching into another person's library.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import SrtParser from 'srt-parser-2';
import { WebVTTParser, type WebVTTNode } from 'webvtt-parser';
import yauzl from 'yauzl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../src/auth/api-tokens.ts';
import { DEMO } from '../src/standin/demo-data.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { signInAs } from './helpers/google-sign-in.ts';
import { pressStartIndexing, waitForRun } from './helpers/indexing.ts';
import { createSignedInUser } from './helpers/users.ts';

const [aliceAccount] = DEMO.accounts;
const V = DEMO.videos;
const kitchenUploads = `UU${DEMO.channels.kitchen.slice(2)}`;

let t: TestApp;
let alice: { id: number; cookie: string };
let bob: { userId: number; cookie: string };

const sql = () => t.db.database.sql;
const get = (path: string, cookie: string, headers: Record<string, string> = {}) => t.app.request(path, { headers: { cookie, ...headers } });
const post = (path: string, cookie: string, form: Record<string, string>) =>
  t.app.request(path, { method: 'POST', body: new URLSearchParams(form), headers: { cookie, origin: t.baseUrl, 'content-type': 'application/x-www-form-urlencoded' } });

async function waitForLatestRun(playlistId: string): Promise<void> {
  const [run] = await sql()<{ id: string }[]>`select id from index_runs where playlist_id = ${playlistId} order by id desc limit 1`;
  await waitForRun(sql(), Number(run!.id), 60_000);
}

beforeAll(async () => {
  t = await startTestApp();
  const jar = await signInAs(t, aliceAccount!.sub);
  const [row] = await sql()<{ id: string }[]>`select id from users where google_subject = ${aliceAccount!.sub}`;
  alice = { id: Number(row!.id), cookie: jar.header() };
  bob = await createSignedInUser(sql());

  expect((await post('/playlists', alice.cookie, { playlist: 'https://www.youtube.com/@curiouskitchen' })).status).toBe(303);
  await pressStartIndexing(t.app, t.baseUrl, alice.cookie, kitchenUploads);
  await waitForLatestRun(kitchenUploads);
  // Single videos: one whose title is not ASCII, one without captions (its reason goes in the ZIP), one saying "&".
  for (const id of [V.french, V.transcriptsDisabled, V.rockAndRoll]) {
    expect((await post('/playlists', alice.cookie, { playlist: `https://youtu.be/${id}` })).status).toBe(303);
    await waitForLatestRun(`videos-${alice.id}`);
  }
}, 120_000);
afterAll(async () => {
  await t?.stop();
});

async function storedCues(videoId: string) {
  return sql()<{ startMs: number; endMs: number; text: string }[]>`
    select start_ms as "startMs", end_ms as "endMs", text from transcript_segments where video_id = ${videoId} order by position`;
}

function vttText(node: WebVTTNode): string {
  if (node.type === 'text') return node.value ?? '';
  return (node.children ?? []).map(vttText).join('');
}

// The parser's full, spec-conformant table of character references (its built-in one lacks "&amp;" with the semicolon).
const HTML_ENTITIES = JSON.parse(readFileSync(createRequire(import.meta.url).resolve('webvtt-parser/html-entities.json'), 'utf8')) as Record<string, string>;

function parseVtt(text: string) {
  const tree = new WebVTTParser(HTML_ENTITIES).parse(text, 'metadata');
  return { errors: tree.errors, cues: tree.cues.map((cue) => ({ startMs: Math.round(cue.startTime * 1000), endMs: Math.round(cue.endTime * 1000), text: vttText(cue.tree) })) };
}

function parseSrt(text: string) {
  return new SrtParser().fromSrt(text).map((cue) => ({ startMs: Math.round(cue.startSeconds * 1000), endMs: Math.round(cue.endSeconds * 1000), text: cue.text }));
}

function unzip(buffer: Buffer): Promise<Map<string, string>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true, decodeStrings: true }, (err, zip) => {
      if (err) return reject(err);
      const files = new Map<string, string>();
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (streamErr, stream) => {
          if (streamErr) return reject(streamErr);
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('end', () => {
            files.set(entry.fileName, Buffer.concat(chunks).toString('utf8'));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(files));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

describe('one video', () => {
  it('SRT parses back with a real SRT parser to exactly the stored cues', async () => {
    const res = await get(`/videos/${V.ok}/transcript.srt`, alice.cookie);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-subrip; charset=utf-8');
    expect(res.headers.get('content-disposition')).toContain(`[${V.ok}].srt`);
    const stored = await storedCues(V.ok);
    expect(stored.length).toBeGreaterThan(50);
    expect(parseSrt(await res.text())).toEqual(stored.map((cue) => ({ ...cue, text: cue.text.trim() })));
  });

  it('VTT passes a WebVTT validator and parses back to the stored cues, escapes included', async () => {
    for (const id of [V.ok, V.french, V.rockAndRoll]) {
      const res = await get(`/videos/${id}/transcript.vtt`, alice.cookie);
      expect(res.headers.get('content-type')).toBe('text/vtt; charset=utf-8');
      const body = await res.text();
      expect(body.startsWith('WEBVTT\n\n')).toBe(true);
      const { errors, cues } = parseVtt(body);
      expect(errors).toEqual([]);
      expect(cues).toEqual((await storedCues(id)).map((cue) => ({ ...cue, text: cue.text.trim() })));
    }
    expect(await (await get(`/videos/${V.french}/transcript.vtt`, alice.cookie)).text()).toContain('Ma voisine naïve boit un café crème.');
    // "&" is escaped in VTT (the parse above read it back as "&"), and left alone in SRT.
    expect(await (await get(`/videos/${V.rockAndRoll}/transcript.vtt`, alice.cookie)).text()).toContain('Rock &amp; roll started in church basements.');
    expect(await (await get(`/videos/${V.rockAndRoll}/transcript.srt`, alice.cookie)).text()).toContain('Rock & roll started in church basements.');
    // A video without a transcript says so instead of handing out an empty file.
    const none = await get(`/videos/${V.transcriptsDisabled}/transcript.vtt`, alice.cookie);
    expect(none.status).toBe(404);
    expect(await none.text()).toContain('subtext holds no transcript of &quot;Jazz chords for guitar players&quot;');
  });

  it('TXT comes with [m:ss] timestamps, or as prose without them', async () => {
    const phrase = DEMO.phrases.paprika;
    const timed = await (await get(`/videos/${V.ok}/transcript.txt`, alice.cookie)).text();
    const seconds = Math.floor(phrase.startMs / 1000);
    expect(timed).toContain(`[${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}] ${phrase.text}`);
    expect(timed.startsWith(`Weeknight risotto without stirring all evening\nCurious Kitchen\nhttps://www.youtube.com/watch?v=${V.ok}\n\n`)).toBe(true);
    const prose = await (await get(`/videos/${V.ok}/transcript.txt?timestamps=0`, alice.cookie)).text();
    expect(prose).toContain(phrase.text);
    expect(prose).not.toMatch(/\[\d+:\d\d\]/);
    expect(prose.split('\n').length).toBeLessThan(timed.split('\n').length / 3);
  });
});

describe('a list as a ZIP', () => {
  it('holds one file per video in list order, each readable by a subtitle parser', async () => {
    const res = await get(`/playlists/${kitchenUploads}/transcripts.zip?format=srt`, alice.cookie);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(res.headers.get('content-disposition')).toContain('Curious Kitchen (srt).zip');
    const files = await unzip(Buffer.from(await res.arrayBuffer()));
    const order = await sql()<{ video_id: string; transcript_status: string }[]>`
      select pv.video_id, v.transcript_status from playlist_videos pv join videos v on v.id = pv.video_id
      where pv.playlist_id = ${kitchenUploads} order by pv.position`;
    const indexed = order.filter((v) => v.transcript_status === 'indexed').map((v) => v.video_id);
    expect(indexed.length).toBeGreaterThan(3);
    const names = [...files.keys()].filter((name) => name.endsWith('.srt'));
    expect(names.map((name) => /\[([A-Za-z0-9_-]{11})\]\.srt$/.exec(name)?.[1])).toEqual(indexed);
    expect(names.every((name) => /^\d{4} /.test(name))).toBe(true);
    for (const name of names) {
      const id = /\[([A-Za-z0-9_-]{11})\]/.exec(name)![1]!;
      expect(parseSrt(files.get(name)!)).toHaveLength((await storedCues(id)).length);
    }
  });

  it('keeps non-ASCII names, and lists the videos it has no transcript of, with the reason', async () => {
    const res = await get(`/playlists/videos-${alice.id}/transcripts.zip?format=vtt`, alice.cookie);
    const files = await unzip(Buffer.from(await res.arrayBuffer()));
    expect([...files.keys()]).toEqual([`0001 Un café à Paris [${V.french}].vtt`, `0003 Rock & roll the real story of the blues [${V.rockAndRoll}].vtt`, 'without-transcript.txt']);
    expect(parseVtt(files.get(`0001 Un café à Paris [${V.french}].vtt`)!).errors).toEqual([]);
    expect(files.get('without-transcript.txt')).toMatch(new RegExp(`Jazz chords for guitar players \\[${V.transcriptsDisabled}\\]: .+`));
  });
});

describe('JSON Lines through the API', () => {
  it('streams one line per video with a transcript, for a token or a session, optionally one list', async () => {
    const { token } = await createApiToken(sql(), alice.id, 'export');
    const res = await t.app.request('/api/transcripts.jsonl', { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    const lines = (await res.text()).trimEnd().split('\n').map((line) => JSON.parse(line) as { id: string; title: string; playlists: string[]; segments: Array<{ startMs: number; endMs: number; text: string }> });
    const [expected] = await sql()<{ n: number }[]>`
      select count(distinct v.id)::int as n from library_playlists lp join playlist_videos pv on pv.playlist_id = lp.playlist_id
      join videos v on v.id = pv.video_id where lp.user_id = ${alice.id} and v.transcript_status = 'indexed'`;
    expect(lines).toHaveLength(expected!.n);
    const ok = lines.find((line) => line.id === V.ok)!;
    expect(ok.playlists).toContain(kitchenUploads);
    expect(ok.segments).toEqual(await storedCues(V.ok));
    expect(lines.map((line) => line.id)).toEqual([...lines.map((line) => line.id)].sort());

    const one = await (await get(`/api/transcripts.jsonl?playlist=videos-${alice.id}`, alice.cookie)).text();
    expect(one.trimEnd().split('\n').map((line) => (JSON.parse(line) as { id: string }).id)).toEqual([V.french, V.rockAndRoll].sort());
  });
});

describe('isolation', () => {
  it('another person gets none of it: not a file, not a ZIP, not a line', async () => {
    for (const path of [`/videos/${V.ok}/transcript.srt`, `/videos/${V.ok}/transcript.txt?timestamps=0`, `/playlists/${kitchenUploads}/transcripts.zip`, `/playlists/videos-${alice.id}/transcripts.zip`]) {
      const res = await get(path, bob.cookie);
      expect(res.status, path).toBe(404);
      expect(await res.text()).not.toContain('paprika');
    }
    const lines = await (await get('/api/transcripts.jsonl', bob.cookie)).text();
    expect(lines).toBe('');
    const foreign = await get(`/api/transcripts.jsonl?playlist=${kitchenUploads}`, bob.cookie);
    expect(foreign.status).toBe(404);
    expect((await get('/api/transcripts.jsonl', '')).status).toBe(401);
    expect((await get(`/videos/${V.ok}/transcript.srt`, '')).status).not.toBe(200);
  });
});
