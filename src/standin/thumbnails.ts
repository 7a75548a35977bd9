import { Hono } from 'hono';
import { encode } from 'jpeg-js';
import { findVideo } from './catalog.ts';
import { hashString } from './random.ts';

// i.ytimg.com thumbnails and Google profile pictures: real JPEGs at the real sizes. Encoding
// is slow in pure JS, so each (size, colour) is encoded once and served from memory.

const THUMBNAIL_SIZES = {
  default: { width: 120, height: 90 },
  mqdefault: { width: 320, height: 180 },
  hqdefault: { width: 480, height: 360 },
  sddefault: { width: 640, height: 480 },
  maxresdefault: { width: 1280, height: 720 },
} as const;
type ThumbnailName = keyof typeof THUMBNAIL_SIZES;

type Rgb = readonly [number, number, number];
const PALETTE: ReadonlyArray<Rgb> = [[222, 84, 60], [52, 120, 198], [60, 160, 110], [236, 180, 60], [140, 90, 180], [70, 70, 84]];
/** Thumbnails come in this many colours: a video's is picked by a hash of its id. */
export const THUMBNAIL_COLOURS = PALETTE.length;
const PLACEHOLDER_GREY: Rgb = [204, 204, 204];
const AVATAR_SIZES = [88, 96, 240, 800] as const;

const encoded = new Map<string, Uint8Array<ArrayBuffer>>();

/** Pictures painted so far (each is kept): for tests. */
export function encodedThumbnails(): number {
  return encoded.size;
}

function cachedJpeg(key: string, width: number, height: number, paint: (x: number, y: number) => Rgb): Uint8Array<ArrayBuffer> {
  const hit = encoded.get(key);
  if (hit) return hit;
  const data = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [r, g, b] = paint(x, y);
      data.set([r, g, b, 255], (y * width + x) * 4);
    }
  }
  const jpeg = new Uint8Array(encode({ data, width, height }, 75).data);
  encoded.set(key, jpeg);
  return jpeg;
}

function shade([r, g, b]: Rgb, factor: number): Rgb {
  return [Math.round(r * factor), Math.round(g * factor), Math.round(b * factor)];
}

/** A diagonal gradient; 4:3 sizes get the black bars YouTube adds around 16:9 frames. */
function thumbnailJpeg(name: ThumbnailName, colourHash: number): Uint8Array<ArrayBuffer> {
  const { width, height } = THUMBNAIL_SIZES[name];
  // The cache is keyed by the palette entry, not the hash: one picture per size and colour.
  const colour = Math.abs(colourHash) % PALETTE.length;
  const base = PALETTE[colour] ?? PLACEHOLDER_GREY;
  const frameHeight = Math.round((width * 9) / 16);
  const bar = Math.floor((height - frameHeight) / 2);
  return cachedJpeg(`${name}:${colour}`, width, height, (x, y) => {
    if (y < bar || y >= height - bar) return [0, 0, 0];
    return shade(base, 0.55 + (0.45 * (x / width + (y - bar) / frameHeight)) / 2);
  });
}

/** YouTube's grey 120×90 stand-in picture, with a darker frame in the middle. */
function placeholderJpeg(): Uint8Array<ArrayBuffer> {
  return cachedJpeg('placeholder', 120, 90, (x, y) =>
    x > 44 && x < 76 && y > 32 && y < 58 ? shade(PLACEHOLDER_GREY, 0.8) : PLACEHOLDER_GREY,
  );
}

function avatarJpeg(size: number, colourHash: number): Uint8Array<ArrayBuffer> {
  const colour = Math.abs(colourHash) % PALETTE.length;
  const base = PALETTE[colour] ?? PLACEHOLDER_GREY;
  const centre = size / 2;
  return cachedJpeg(`avatar:${size}:${colour}`, size, size, (x, y) =>
    (x - centre) ** 2 + (y - centre * 0.8) ** 2 < (size / 5) ** 2 || ((x - centre) ** 2 < (size / 3) ** 2 && y > size * 0.65)
      ? [245, 245, 245]
      : base,
  );
}

const JPEG_HEADERS = { 'Content-Type': 'image/jpeg', 'Cache-Control': 'public, max-age=7200' };

export function thumbnailRoutes(): Hono {
  return new Hono().get('/vi/:videoId/:file', (c) => {
    const name = c.req.param('file').replace(/\.jpg$/, '');
    if (!Object.hasOwn(THUMBNAIL_SIZES, name)) return c.body('Not Found', 404);
    const video = findVideo(c.req.param('videoId'));
    // A missing picture is a 404 whose body is still the grey placeholder, as on i.ytimg.com.
    const missing = !video || video.playability === 'deleted' || video.playability === 'private' ||
      (name === 'maxresdefault' && video.thumbnails === 'noMaxres');
    if (missing) return c.body(placeholderJpeg(), 404, JPEG_HEADERS);
    switch (video.thumbnails) {
      case 'placeholder':
        return c.body(placeholderJpeg(), 200, JPEG_HEADERS);
      case 'broken500':
        return c.html('<html><body>Internal Server Error</body></html>', 500);
      case 'brokenHtml':
        return c.html('<html><body><p>Thumbnail temporarily unavailable.</p></body></html>', 200);
      default:
        return c.body(thumbnailJpeg(name as ThumbnailName, hashString(video.id)), 200, JPEG_HEADERS);
    }
  });
}

/** Profile pictures like lh3.googleusercontent.com/a/<name>=s96-c, for accounts and channels. */
export function avatarRoutes(): Hono {
  return new Hono().get('/a/:picture', (c) => {
    const [name = '', options = ''] = c.req.param('picture').split('=');
    const wanted = Number(/^s(\d+)/.exec(options)?.[1] ?? 96);
    const size = AVATAR_SIZES.find((candidate) => candidate >= wanted) ?? 800;
    return c.body(avatarJpeg(size, hashString(name)), 200, JPEG_HEADERS);
  });
}

export function thumbnailUrls(origin: string, videoId: string, withMaxres: boolean): Record<string, { url: string; width: number; height: number }> {
  const keys = { default: 'default', medium: 'mqdefault', high: 'hqdefault', standard: 'sddefault', maxres: 'maxresdefault' } as const;
  return Object.fromEntries(
    Object.entries(keys)
      .filter(([key]) => withMaxres || key !== 'maxres')
      .map(([key, name]) => [key, { url: `${origin}/vi/${videoId}/${name}.jpg`, ...THUMBNAIL_SIZES[name] }]),
  );
}
