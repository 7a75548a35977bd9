import type { VideoSpec } from './model.ts';
import { rngFor } from './random.ts';
import { createSpeech, type Lang } from './speech.ts';

// Transcripts are generated per request from the video's seed. Cue timing depends only on
// (seed, cue index), never on the text, so a phrase's start time is known without
// generating the transcript, and every language track of a video shares one timeline.

export interface CueTiming {
  startMs: number;
  durMs: number;
}

export interface Cue extends CueTiming {
  text: string;
}

/** An auto-generated cue with per-word offsets (srv3 `<s t>`). */
export interface AsrCue extends CueTiming {
  words: ReadonlyArray<{ offsetMs: number; text: string }>;
}

export type TranscriptSource = Pick<VideoSpec, 'id' | 'seed' | 'cueCount' | 'topic' | 'lang' | 'phrases'>;

const MS_PER_WORD = 360;
const ASR_REPEATED_WORDS = 2;
const MEMO_SIZE = 48;

export function cueTimings(seed: number, count: number): CueTiming[] {
  const rng = rngFor('timing', seed);
  const timings: CueTiming[] = [];
  let cursor = 300 + Math.floor(rng() * 1500);
  for (let i = 0; i < count; i++) {
    const durMs = 1400 + Math.floor(rng() * 3000);
    const pauseMs = rng() < 0.07 ? 700 + Math.floor(rng() * 2300) : 40 + Math.floor(rng() * 260);
    timings.push({ startMs: cursor, durMs });
    cursor += durMs + pauseMs;
  }
  return timings;
}

/** Video length: the speech plus a few seconds of outro. */
export function spokenDurationSeconds(seed: number, cueCount: number): number {
  const last = cueTimings(seed, cueCount).at(-1);
  return last ? Math.ceil((last.startMs + last.durMs) / 1000) + 4 + (seed % 20) : 30 + (seed % 600);
}

const memo = new Map<string, ReadonlyArray<Cue> | ReadonlyArray<AsrCue>>();

function memoised<T extends ReadonlyArray<Cue> | ReadonlyArray<AsrCue>>(key: string, build: () => T): T {
  const cached = memo.get(key);
  if (cached) {
    memo.delete(key);
    memo.set(key, cached);
    return cached as T;
  }
  const built = build();
  memo.set(key, built);
  if (memo.size > MEMO_SIZE) memo.delete(memo.keys().next().value ?? '');
  return built;
}

/** The human-made track in `lang` (also what a machine translation into `lang` looks like). */
export function manualCues(video: TranscriptSource, lang: Lang): ReadonlyArray<Cue> {
  return memoised(`${video.id}|${lang}|manual`, () => {
    const nextSentence = createSpeech(lang, video.topic, video.seed ^ lang.charCodeAt(0) ^ (lang.charCodeAt(1) << 8));
    const phrases = new Map(video.phrases.filter((p) => p.lang === lang).map((p) => [p.cueIndex, p.text]));
    const pending: string[] = [];
    return cueTimings(video.seed, video.cueCount).map((timing, index) => {
      const phrase = phrases.get(index);
      if (phrase !== undefined) return { ...timing, text: phrase };
      const wanted = Math.min(12, Math.max(3, Math.round(timing.durMs / MS_PER_WORD)));
      while (pending.length < wanted + 2) pending.push(...nextSentence().split(' '));
      if (!phrases.has(index + 1)) return { ...timing, text: pending.splice(0, cueLength(pending, wanted)).join(' ') };
      // The cue before a phrase finishes its sentence, so the phrase reads as its own sentence.
      const sentenceEnd = pending.findIndex(isSentenceEnd);
      const text = pending.slice(0, sentenceEnd + 1).join(' ');
      pending.length = 0;
      return { ...timing, text };
    });
  });
}

function isSentenceEnd(word: string): boolean {
  return /[.?!]$/.test(word);
}

/** Captioners break lines at sentence ends when one is near the wanted length. */
function cueLength(words: ReadonlyArray<string>, wanted: number): number {
  for (let length = wanted - 2; length <= wanted + 2; length++) {
    if (isSentenceEnd(words[length - 1] ?? '')) return length;
  }
  return wanted;
}

/** ASR in the spoken language: the same words, lowercased and unpunctuated, cut into
 * different cues that overlap in time and repeat the previous cue's last words. */
export function asrCues(video: TranscriptSource): ReadonlyArray<AsrCue> {
  return memoised(`${video.id}|${video.lang}|asr`, () => {
    const words = manualCues(video, video.lang).flatMap((cue) => {
      const spoken = cue.text.split(/\s+/).map(asrWord).filter((word) => word !== '');
      const step = cue.durMs / Math.max(1, spoken.length);
      return spoken.map((text, i) => ({ text, atMs: cue.startMs + Math.round(i * step), endMs: cue.startMs + Math.round((i + 1) * step) }));
    });
    const rng = rngFor('asr', video.seed);
    const cues: AsrCue[] = [];
    for (let next = 0; next < words.length; ) {
      const first = Math.max(0, next - (next === 0 ? 0 : ASR_REPEATED_WORDS));
      const end = Math.min(words.length, next + 4 + Math.floor(rng() * 5));
      const slice = words.slice(first, end);
      const startMs = slice[0]?.atMs ?? 0;
      cues.push({
        startMs,
        durMs: (slice.at(-1)?.endMs ?? startMs) - startMs,
        words: slice.map((word) => ({ offsetMs: word.atMs - startMs, text: word.text })),
      });
      next = end;
    }
    return cues;
  });
}

function asrWord(word: string): string {
  return word.toLowerCase().replace(/[.,!?¿¡;:"]/g, '');
}
