import { describe, expect, it } from 'vitest';
import { cleanCaptionText, normaliseCues } from '../src/youtube/caption-cues.ts';
import { chooseTrack } from '../src/youtube/transcripts.ts';

describe('caption cleanup', () => {
  it.each([
    ['it&#39;s', "it's"],
    ['rock &amp; roll', 'rock & roll'],
    ['double &amp;#39;escaped&amp;#39;', "double 'escaped'"],
    ['<i>whispered</i> words', 'whispered words'],
    ['<font color="#E5E5E5">grey</font>  text\n here', 'grey text here'],
    ['&lt;not a tag&gt;', '<not a tag>'],
    ['caf&#233;', 'café'],
  ])('cleans %j into %j', (input, output) => {
    expect(cleanCaptionText(input)).toBe(output);
  });

  it('converts classic XML seconds to milliseconds and keeps srv3 milliseconds', () => {
    expect(normaliseCues([{ text: 'hello', offset: 1.54, duration: 4.16 }], 's', false)).toEqual([{ startMs: 1540, endMs: 5700, text: 'hello' }]);
    expect(normaliseCues([{ text: 'hello', offset: 320, duration: 1700 }], 'ms', false)).toEqual([{ startMs: 320, endMs: 2020, text: 'hello' }]);
  });

  it('merges the rolling repeats of auto-generated captions without losing words', () => {
    const cues = normaliseCues([
      { text: 'so today we are', offset: 0, duration: 3000 },
      { text: 'today we are going to', offset: 1500, duration: 3000 },
      { text: 'going to', offset: 3000, duration: 1000 },
      { text: 'going to cook pasta', offset: 3500, duration: 3000 },
    ], 'ms', true);
    expect(cues.map((c) => c.text).join(' ')).toBe('so today we are going to cook pasta');
    expect(cues[0]).toEqual({ startMs: 0, endMs: 1500, text: 'so today we are' });
    for (let i = 1; i < cues.length; i++) expect(cues[i]!.startMs).toBeGreaterThanOrEqual(cues[i - 1]!.endMs);
  });

  it('drops empty cues and leaves manual captions alone', () => {
    const cues = normaliseCues([
      { text: 'one two', offset: 0, duration: 1000 },
      { text: '   ', offset: 1000, duration: 1000 },
      { text: 'one two', offset: 2000, duration: 1000 },
    ], 'ms', false);
    expect(cues.map((c) => c.text)).toEqual(['one two', 'one two']);
  });
});

describe('caption track choice', () => {
  const tracks = [
    { baseUrl: 'a', languageCode: 'de', kind: 'asr' },
    { baseUrl: 'b', languageCode: 'de' },
    { baseUrl: 'c', languageCode: 'en', kind: 'asr' },
    { baseUrl: 'd', languageCode: 'en-GB' },
  ];
  it('takes the first preferred language, manual over auto-generated', () => {
    expect(chooseTrack(tracks, ['en'])?.baseUrl).toBe('d');
    expect(chooseTrack(tracks, ['fr', 'de'])?.baseUrl).toBe('b');
  });
  it('falls back to the first manual track, then the default track', () => {
    expect(chooseTrack(tracks, ['fr'])?.baseUrl).toBe('b');
    expect(chooseTrack([{ baseUrl: 'x', languageCode: 'pl', kind: 'asr' }], ['en'])?.baseUrl).toBe('x');
  });
});
