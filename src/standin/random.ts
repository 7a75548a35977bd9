// Deterministic randomness. Everything the stand-in invents derives from a string key,
// so the same id always yields the same data without anything being stored.

export type Rng = () => number;

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** 32-bit FNV-1a with a murmur finaliser, so neighbouring keys ("v1", "v2") land far apart. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/** mulberry32: tiny, fast, and good enough for generating plausible data. */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function rngFor(...parts: ReadonlyArray<string | number>): Rng {
  return createRng(hashString(parts.join('\u0000')));
}

export function intBetween(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

export function pick<T>(rng: Rng, items: ReadonlyArray<T>): T {
  const item = items[Math.floor(rng() * items.length)];
  if (item === undefined) throw new Error('pick() needs a non-empty list');
  return item;
}

/** A YouTube-looking id (base64url alphabet). The first character is kept alphanumeric
 * because ids starting with "_" are reserved for the synthetic families (see synthetic.ts). */
export function idFromKey(key: string, length: number): string {
  const rng = rngFor('id', key);
  let id = ID_ALPHABET[Math.floor(rng() * 62)] ?? 'A';
  while (id.length < length) id += ID_ALPHABET[Math.floor(rng() * 64)] ?? 'A';
  return id;
}

/** Fixed-width base64url encoding of a non-negative integer (6 bits per character). */
export function encodeInt(value: number, width: number): string {
  let out = '';
  let rest = value;
  for (let i = 0; i < width; i++) {
    out = (ID_ALPHABET[rest % 64] ?? 'A') + out;
    rest = Math.floor(rest / 64);
  }
  return out;
}

export function decodeInt(text: string): number | undefined {
  let value = 0;
  for (const char of text) {
    const digit = ID_ALPHABET.indexOf(char);
    if (digit < 0) return undefined;
    value = value * 64 + digit;
  }
  return value;
}

export function hexFromKey(key: string, length: number): string {
  const rng = rngFor('hex', key);
  let out = '';
  while (out.length < length) out += Math.floor(rng() * 16).toString(16);
  return out;
}
