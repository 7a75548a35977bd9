// A result list as CSV (RFC 4180), one row per moment (or per title/description match), for spreadsheets.
import { formatTimestamp, youtubeMomentUrl } from './links.ts';
import type { SearchResults } from './queries.ts';

const HEADER = ['video_id', 'video_title', 'channel', 'published_at', 'matched_in', 'start_seconds', 'time', 'url', 'text'];

/**
 * What a spreadsheet may run as a formula: = + - @ (or their full-width forms ＝ ＋ － ＠, which some
 * spreadsheets fold into them), also behind leading whitespace, which they skip; or a leading tab,
 * carriage return or line feed.
 */
const FORMULA_START = /^(?:[\t\r\n]|\s*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20])/u;

/**
 * Quotes every cell; a cell that a spreadsheet would run as a formula gets a leading apostrophe,
 * since transcripts and titles are written by strangers.
 */
function cell(value: string | number | null): string {
  const text = value === null ? '' : String(value);
  const safe = FORMULA_START.test(text) ? `'${text}` : text;
  return `"${safe.replaceAll('"', '""')}"`;
}

export function resultsCsv(results: SearchResults): string {
  const rows: Array<Array<string | number | null>> = [HEADER];
  for (const video of results.videos) {
    const common = [video.id, video.title, video.channelTitle, video.publishedAt?.toISOString() ?? null];
    if (video.titleMatch) rows.push([...common, 'title', null, null, youtubeMomentUrl(video.id, 0), video.title]);
    if (video.descriptionMatch) rows.push([...common, 'description', null, null, youtubeMomentUrl(video.id, 0), null]);
    for (const m of video.moments) {
      rows.push([...common, 'transcript', Math.floor(m.startMs / 1000), formatTimestamp(m.startMs), youtubeMomentUrl(video.id, m.startMs), m.text]);
    }
  }
  return rows.map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}
