// ts_headline marks matched words with StartSel/StopSel but does not escape the text around them,
// so it is told to use two private-use characters, and its output becomes plain parts that views
// escape like any other text (no raw HTML from transcripts ever reaches a page).

export const MATCH_START = '\uE000';
export const MATCH_END = '\uE001';

/** ts_headline options: the markers above, quoted as its option parser wants. */
export const HEADLINE_MARKERS = `StartSel="${MATCH_START}", StopSel="${MATCH_END}"`;

export interface TextPart {
  readonly text: string;
  readonly match: boolean;
}

/**
 * Splits headline output into parts. The snippet is highlighted twice (stems, then words as typed,
 * for prefixes), so markers may nest; a run of them counts as one.
 */
export function highlightedParts(headline: string): TextPart[] {
  const parts: TextPart[] = [];
  let depth = 0;
  let text = '';
  const flush = (match: boolean) => {
    if (text) parts.push({ text, match });
    text = '';
  };
  for (const char of headline) {
    if (char === MATCH_START) {
      if (depth === 0) flush(false);
      depth++;
    } else if (char === MATCH_END) {
      depth = Math.max(0, depth - 1);
      if (depth === 0) flush(true);
    } else {
      text += char;
    }
  }
  flush(depth > 0);
  return parts;
}
