// Thumbnail checks: fetch the picture and read its width and height from the image header alone
// (JPEG, PNG, WebP), never decoding pixels. A 200 answer is not enough: YouTube may hand back its
// small grey placeholder instead of a real picture.

export type ImageFormat = 'jpeg' | 'png' | 'webp';

export interface ImageSize {
  readonly format: ImageFormat;
  readonly width: number;
  readonly height: number;
}

/** The size, 'need-more' when the header continues past these bytes, or 'not-image'. */
export type HeaderReading = ImageSize | 'need-more' | 'not-image';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function startsWith(bytes: Uint8Array, prefix: ReadonlyArray<number>, offset = 0): boolean {
  return prefix.every((b, i) => bytes[offset + i] === b);
}

function ascii(bytes: Uint8Array, offset: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(offset, offset + length));
}

function readPng(bytes: Uint8Array, view: DataView): HeaderReading {
  // The IHDR chunk always comes first: length(4) "IHDR"(4) width(4) height(4).
  if (bytes.length < 24) return 'need-more';
  if (ascii(bytes, 12, 4) !== 'IHDR') return 'not-image';
  return { format: 'png', width: view.getUint32(16), height: view.getUint32(20) };
}

function readJpeg(bytes: Uint8Array, view: DataView): HeaderReading {
  let offset = 2;
  for (;;) {
    if (offset + 4 > bytes.length) return 'need-more';
    if (bytes[offset] !== 0xff) return 'not-image';
    const marker = bytes[offset + 1]!;
    // 0xFF fill bytes may pad before a marker.
    if (marker === 0xff) {
      offset++;
      continue;
    }
    // Standalone markers carry no length.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      offset += 2;
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return 'not-image';
    const length = view.getUint16(offset + 2);
    if (length < 2) return 'not-image';
    // Start-of-frame markers (every C0–CF except DHT C4, JPG C8 and DAC CC) hold the size.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (offset + 9 > bytes.length) return 'need-more';
      return { format: 'jpeg', height: view.getUint16(offset + 5), width: view.getUint16(offset + 7) };
    }
    offset += 2 + length;
  }
}

function readWebp(bytes: Uint8Array, view: DataView): HeaderReading {
  if (bytes.length < 30) return 'need-more';
  const chunk = ascii(bytes, 12, 4);
  if (chunk === 'VP8 ') {
    // Lossy: a 3-byte frame tag, the start code 9D 01 2A, then 14-bit width and height.
    if (!startsWith(bytes, [0x9d, 0x01, 0x2a], 23)) return 'not-image';
    return { format: 'webp', width: view.getUint16(26, true) & 0x3fff, height: view.getUint16(28, true) & 0x3fff };
  }
  if (chunk === 'VP8L') {
    // Lossless: signature 0x2F, then width-1 and height-1 as 14-bit fields.
    if (bytes[20] !== 0x2f) return 'not-image';
    const bits = view.getUint32(21, true);
    return { format: 'webp', width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (chunk === 'VP8X') {
    // Extended: 24-bit canvas width-1 and height-1.
    const width = (bytes[24]! | (bytes[25]! << 8) | (bytes[26]! << 16)) + 1;
    const height = (bytes[27]! | (bytes[28]! << 8) | (bytes[29]! << 16)) + 1;
    return { format: 'webp', width, height };
  }
  return 'not-image';
}

/** Reads an image's dimensions from the first bytes of the file. */
export function readImageSize(bytes: Uint8Array): HeaderReading {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 12) {
    const couldBe = [PNG_SIGNATURE, [0xff, 0xd8], [0x52, 0x49, 0x46, 0x46]].some((sig) => startsWith(bytes, sig.slice(0, bytes.length)));
    return couldBe ? 'need-more' : 'not-image';
  }
  if (startsWith(bytes, PNG_SIGNATURE)) return readPng(bytes, view);
  if (startsWith(bytes, [0xff, 0xd8])) return readJpeg(bytes, view);
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return readWebp(bytes, view);
  return 'not-image';
}

export type ThumbnailStatus = 'valid' | 'placeholder' | 'broken';

export interface ThumbnailProbe {
  readonly status: ThumbnailStatus;
  readonly width: number | null;
  readonly height: number | null;
  readonly httpStatus: number | null;
  /** Why it is not valid, in words a person can act on. */
  readonly problem: string | null;
  /** The whole picture when it is valid and small enough to keep (a few kB for a YouTube thumbnail). */
  readonly image: Buffer | null;
  readonly contentType: string | null;
}

/** YouTube's own rule of thumb: its grey placeholder is 120×90. */
export const PLACEHOLDER_BELOW = { width: 200, height: 150 } as const;
const MAX_HEADER_BYTES = 256 * 1024;
const MAX_KEPT_BYTES = 512 * 1024;

function broken(problem: string, httpStatus: number | null): ThumbnailProbe {
  return { status: 'broken', width: null, height: null, httpStatus, problem, image: null, contentType: null };
}

/**
 * Fetches a thumbnail and classifies it: valid, placeholder (smaller than 200×150) or broken
 * (not 200, timed out, not an image). Stops reading once the header is known, unless the picture
 * is small enough to keep.
 */
export async function probeThumbnail(url: string, options: { timeoutMs: number; signal?: AbortSignal; fetch?: typeof fetch }): Promise<ThumbnailProbe> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const doFetch = options.fetch ?? fetch;
  let response: Response;
  try {
    // Never followed: a redirect could point the worker at any address, inside the network too.
    response = await doFetch(url, { signal, redirect: 'manual' });
  } catch (err) {
    options.signal?.throwIfAborted();
    return broken(timeout.aborted ? `no answer within ${options.timeoutMs} ms` : `could not connect (${networkErrorCode(err)})`, null);
  }
  if (response.status >= 300 && response.status < 400) {
    await response.body?.cancel().catch(() => {});
    return broken(`answered with a redirect (HTTP ${response.status}), which is not followed`, response.status);
  }
  if (response.status !== 200) {
    await response.body?.cancel().catch(() => {});
    return broken(`answered HTTP ${response.status}`, response.status);
  }
  const contentType = response.headers.get('content-type');
  const reader = response.body?.getReader();
  let bytes: Uint8Array<ArrayBufferLike> = new Uint8Array(0);
  let reading: HeaderReading = 'need-more';
  let complete = false;
  try {
    while (reader) {
      const { done, value } = await reader.read();
      if (done) {
        complete = true;
        break;
      }
      bytes = concat(bytes, value);
      if (reading === 'need-more') reading = readImageSize(bytes);
      if (reading === 'not-image') break;
      if (reading === 'need-more' && bytes.length > MAX_HEADER_BYTES) break;
      if (reading !== 'need-more' && bytes.length > MAX_KEPT_BYTES) break;
    }
  } catch (err) {
    options.signal?.throwIfAborted();
    return broken(timeout.aborted ? `no answer within ${options.timeoutMs} ms` : `the download broke off (${networkErrorCode(err)})`, 200);
  } finally {
    await reader?.cancel().catch(() => {});
  }
  if (reading === 'need-more' && complete) reading = readImageSize(bytes);
  if (reading === 'not-image' || reading === 'need-more') {
    return broken(`answered 200 but not with a JPEG, PNG or WebP image (${contentType ?? 'no content type'})`, 200);
  }
  const { width, height } = reading;
  if (width < PLACEHOLDER_BELOW.width || height < PLACEHOLDER_BELOW.height) {
    return { status: 'placeholder', width, height, httpStatus: 200, problem: `only ${width}×${height}: YouTube's placeholder, not a real thumbnail`, image: null, contentType };
  }
  const image = complete ? Buffer.from(bytes) : null;
  return { status: 'valid', width, height, httpStatus: 200, problem: null, image, contentType: image ? `image/${reading.format}` : null };
}

/**
 * ECONNREFUSED, ENOTFOUND, UND_ERR_SOCKET…: what went wrong, for a page every user can read. Never
 * the error's message, which may name the address that was tried.
 */
function networkErrorCode(err: unknown): string {
  const code = (err as { cause?: { code?: unknown }; code?: unknown }).cause?.code ?? (err as { code?: unknown }).code;
  return typeof code === 'string' && /^[A-Z0-9_]{2,40}$/.test(code) ? code : 'network error';
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
