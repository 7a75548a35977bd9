// How a moment is written and linked, the same on pages, in the JSON API and in CSV exports.

/** https://www.youtube.com/watch?v=ID&t=754s: YouTube starts playing at that second. */
export function youtubeMomentUrl(videoId: string, startMs: number): string {
  return `https://www.youtube.com/watch?v=${encodeURIComponent(videoId)}&t=${Math.floor(startMs / 1000)}s`;
}

/** 754000 ms → "12:34"; an hour or more → "1:02:03". */
export function formatTimestamp(ms: number): string {
  const total = Math.floor(ms / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}
