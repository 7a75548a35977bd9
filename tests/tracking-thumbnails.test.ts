import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { encode } from 'jpeg-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../src/standin/demo-data.ts';
import { startStandin, type RunningStandin } from '../src/standin/server.ts';
import { probeThumbnail, readImageSize } from '../src/youtube/thumbnail-probe.ts';
import { thumbnailUrl } from '../src/youtube/thumbnail-url.ts';
import { freePort } from './helpers/ports.ts';

function jpeg(width: number, height: number): Uint8Array {
  return new Uint8Array(encode({ data: Buffer.alloc(width * height * 4, 128), width, height }, 50).data);
}

function png(width: number, height: number): Uint8Array {
  const bytes = new Uint8Array(33);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  const view = new DataView(bytes.buffer);
  view.setUint32(16, width);
  view.setUint32(20, height);
  return bytes;
}

function riff(chunk: string, payload: number[]): Uint8Array {
  const bytes = new Uint8Array(40);
  bytes.set([...'RIFF'].map((c) => c.charCodeAt(0)), 0);
  bytes.set([...'WEBP'].map((c) => c.charCodeAt(0)), 8);
  bytes.set([...chunk].map((c) => c.charCodeAt(0)), 12);
  bytes.set(payload, 20);
  return bytes;
}

/** An APP1 (Exif) segment of `length` bytes inserted before the frame header. */
function withExif(image: Uint8Array, length: number): Uint8Array {
  const segment = new Uint8Array(length + 2);
  segment.set([0xff, 0xe1, length >> 8, length & 0xff]);
  const out = new Uint8Array(image.length + segment.length);
  out.set(image.subarray(0, 2));
  out.set(segment, 2);
  out.set(image.subarray(2), 2 + segment.length);
  return out;
}

describe('readImageSize (header only)', () => {
  it('reads JPEG, PNG and the three WebP flavours', () => {
    expect(readImageSize(jpeg(320, 180))).toEqual({ format: 'jpeg', width: 320, height: 180 });
    expect(readImageSize(withExif(jpeg(640, 480), 3000))).toEqual({ format: 'jpeg', width: 640, height: 480 });
    expect(readImageSize(png(1280, 720))).toEqual({ format: 'png', width: 1280, height: 720 });
    // VP8: frame tag (3), start code 9D 01 2A, then 14-bit width/height little-endian.
    expect(readImageSize(riff('VP8 ', [0, 0, 0, 0x9d, 0x01, 0x2a, 0x40, 0x01, 0xb4, 0x00]))).toEqual({ format: 'webp', width: 320, height: 180 });
    // VP8L: 0x2F, then (width-1) | (height-1) << 14.
    const bits = (480 - 1) | ((360 - 1) << 14);
    expect(readImageSize(riff('VP8L', [0x2f, bits & 0xff, (bits >> 8) & 0xff, (bits >> 16) & 0xff, bits >>> 24])))
      .toEqual({ format: 'webp', width: 480, height: 360 });
    // VP8X: flags (4), then 24-bit width-1 and height-1.
    expect(readImageSize(riff('VP8X', [0, 0, 0, 0, 0x7f, 0x02, 0, 0x7f, 0x01, 0]))).toEqual({ format: 'webp', width: 640, height: 384 });
  });

  it('asks for more bytes while the header is incomplete, and refuses what is not an image', () => {
    const big = withExif(jpeg(640, 480), 3000);
    expect(readImageSize(big.subarray(0, 1))).toBe('need-more');
    expect(readImageSize(big.subarray(0, 1000))).toBe('need-more');
    expect(readImageSize(png(10, 10).subarray(0, 20))).toBe('need-more');
    expect(readImageSize(new TextEncoder().encode('<html><body>Thumbnail temporarily unavailable.</body></html>'))).toBe('not-image');
    expect(readImageSize(new TextEncoder().encode('GIF89a'))).toBe('not-image');
  });
});

describe('probeThumbnail against the stand-in', () => {
  let standin: RunningStandin;
  beforeAll(async () => { standin = await startStandin({ port: 0 }); });
  afterAll(async () => { await standin.close(); });
  const probe = (videoId: string, timeoutMs = 5000) =>
    probeThumbnail(thumbnailUrl(standin.url, videoId, `https://i.ytimg.com/vi/${videoId}/mqdefault.jpg`), { timeoutMs });

  it('rewrites YouTube’s own URL to the configured thumbnail origin', () => {
    expect(thumbnailUrl('http://127.0.0.1:9', 'abcdefghijk', 'https://i.ytimg.com/vi/abcdefghijk/hqdefault.jpg')).toBe('http://127.0.0.1:9/vi/abcdefghijk/hqdefault.jpg');
    expect(thumbnailUrl('https://i.ytimg.com', 'abcdefghijk', null)).toBe('https://i.ytimg.com/vi/abcdefghijk/mqdefault.jpg');
  });

  it('valid: a real 320×180 picture, kept whole', async () => {
    const result = await probe(DEMO.videos.ok);
    expect(result).toMatchObject({ status: 'valid', width: 320, height: 180, httpStatus: 200, problem: null, contentType: 'image/jpeg' });
    expect(result.image?.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
  });

  it('placeholder: a 200 answer with YouTube’s 120×90 grey picture', async () => {
    expect(await probe(DEMO.videos.placeholderThumbnail)).toMatchObject({ status: 'placeholder', width: 120, height: 90, httpStatus: 200, image: null });
  });

  it('broken: not 200 (a 500, or the 404 of a deleted video)', async () => {
    expect(await probe(DEMO.videos.brokenThumbnail)).toMatchObject({ status: 'broken', httpStatus: 500, problem: 'answered HTTP 500' });
    expect(await probe(DEMO.videos.deleted)).toMatchObject({ status: 'broken', httpStatus: 404 });
  });

  it('broken: 200 but not an image', async () => {
    const result = await probe(DEMO.videos.brokenThumbnailHtml);
    expect(result).toMatchObject({ status: 'broken', httpStatus: 200 });
    expect(result.problem).toMatch(/not with a JPEG, PNG or WebP image \(text\/html/);
  });

  it('broken: no answer before the timeout', async () => {
    standin.knobs.latencyMs.thumbnails = 3000;
    try {
      const started = Date.now();
      const result = await probe(DEMO.videos.ok, 300);
      expect(result).toMatchObject({ status: 'broken', httpStatus: null, problem: 'no answer within 300 ms' });
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      standin.knobs.latencyMs.thumbnails = 0;
    }
  });
});

describe('thumbnail URLs never leave the configured origin', () => {
  const origin = 'http://127.0.0.1:4216';
  it.each([
    ['a scheme with a bare path that would glue onto the port', 'x:0/probe'],
    ['a path starting with //', 'https://i.ytimg.com//evil.example/vi/x.jpg'],
    ['a path starting with /\\', 'https://i.ytimg.com/\\evil.example/vi/x.jpg'],
    ['a javascript: URL', 'javascript:alert(1)'],
    ['another host entirely', 'http://169.254.169.254/latest/meta-data'],
    ['a data: URL', 'data:image/png;base64,AAAA'],
  ])('%s', (_, stored) => {
    const url = new URL(thumbnailUrl(origin, 'abcdefghijk', stored));
    expect(url.origin).toBe(origin);
  });

  it('keeps the path of YouTube\'s own URL, and uses the standard picture for anything else', () => {
    expect(thumbnailUrl(origin, 'abcdefghijk', 'https://i.ytimg.com/vi/abcdefghijk/hqdefault.jpg')).toBe(`${origin}/vi/abcdefghijk/hqdefault.jpg`);
    expect(thumbnailUrl(origin, 'abcdefghijk', 'x:0/probe')).toBe(`${origin}/vi/abcdefghijk/mqdefault.jpg`);
  });
});

describe('probeThumbnail refuses redirects and keeps addresses out of its messages', () => {
  const servers: Server[] = [];
  const listen = async (handler: RequestListener) => {
    const server = createServer(handler);
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };
  afterAll(async () => {
    for (const server of servers) await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('does not follow a redirect, so the request never reaches where it points', async () => {
    let reached = false;
    const inside = await listen((_, res) => { reached = true; res.end('secret'); });
    const outside = await listen((_, res) => { res.writeHead(302, { Location: `${inside}/admin` }).end(); });
    const result = await probeThumbnail(`${outside}/vi/abcdefghijk/mqdefault.jpg`, { timeoutMs: 5000 });
    expect(result).toMatchObject({ status: 'broken', httpStatus: 302 });
    expect(result.problem).toBe('answered with a redirect (HTTP 302), which is not followed');
    expect(reached).toBe(false);
  });

  it('says why a connection failed without naming the address it tried', async () => {
    const port = await freePort();
    const result = await probeThumbnail(`http://127.0.0.1:${port}/vi/abcdefghijk/mqdefault.jpg`, { timeoutMs: 5000 });
    expect(result.status).toBe('broken');
    expect(result.problem).toBe('could not connect (ECONNREFUSED)');
    expect(result.problem).not.toContain(String(port));
  });
});
