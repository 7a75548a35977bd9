// Transcripts as files people open elsewhere: plain text (with or without timestamps), SubRip (.srt)
// and WebVTT (.vtt), which VLC and subtitle editors read.

export interface ExportCue {
  readonly startMs: number;
  readonly endMs: number;
  readonly text: string;
}

export interface ExportVideo {
  readonly id: string;
  readonly title: string;
  readonly channelTitle: string | null;
}

export type TranscriptFormat = 'txt' | 'srt' | 'vtt';

function clock(ms: number, separator: ',' | '.'): string {
  const whole = Math.max(0, Math.round(ms));
  const hours = Math.floor(whole / 3_600_000);
  const minutes = Math.floor((whole % 3_600_000) / 60_000);
  const seconds = Math.floor((whole % 60_000) / 1000);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(hours)}:${pad(minutes)}:${pad(seconds)}${separator}${pad(whole % 1000, 3)}`;
}

/** 1:02:03 or 2:03, as YouTube shows times. */
function shortClock(ms: number): string {
  const total = Math.floor(ms / 1000);
  const [h, m, s] = [Math.floor(total / 3600), Math.floor((total % 3600) / 60), total % 60];
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}` : `${m}:${String(s).padStart(2, '0')}`;
}

/**
 * A cue's text on lines of its own: no blank line (it would end the cue), no "-->" (it would read as
 * a timing line), and an end after its start (auto-generated captions sometimes have none).
 */
function cleanCues(cues: ReadonlyArray<ExportCue>): ExportCue[] {
  return cues
    .map((cue) => ({
      startMs: cue.startMs,
      endMs: Math.max(cue.endMs, cue.startMs + 1),
      text: cue.text.replace(/\r\n?/g, '\n').split('\n').map((line) => line.trim()).filter((line) => line !== '').join('\n').replaceAll('-->', '->'),
    }))
    .filter((cue) => cue.text !== '');
}

export function toSrt(cues: ReadonlyArray<ExportCue>): string {
  return cleanCues(cues).map((cue, i) => `${i + 1}\n${clock(cue.startMs, ',')} --> ${clock(cue.endMs, ',')}\n${cue.text}\n`).join('\n');
}

function escapeVtt(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

export function toVtt(cues: ReadonlyArray<ExportCue>): string {
  const body = cleanCues(cues).map((cue) => `${clock(cue.startMs, '.')} --> ${clock(cue.endMs, '.')}\n${escapeVtt(cue.text)}\n`).join('\n');
  return `WEBVTT\n\n${body}`;
}

/** Paragraphs break after a sentence once they are this long, so prose stays readable. */
const PARAGRAPH_CHARS = 600;

export function toText(video: ExportVideo, cues: ReadonlyArray<ExportCue>, options: { timestamps: boolean }): string {
  const head = `${video.title}\n${video.channelTitle ? `${video.channelTitle}\n` : ''}https://www.youtube.com/watch?v=${video.id}\n\n`;
  const clean = cleanCues(cues);
  if (options.timestamps) return head + clean.map((cue) => `[${shortClock(cue.startMs)}] ${cue.text.replaceAll('\n', ' ')}\n`).join('');
  const paragraphs: string[] = [];
  let current = '';
  for (const cue of clean) {
    current = current === '' ? cue.text.replaceAll('\n', ' ') : `${current} ${cue.text.replaceAll('\n', ' ')}`;
    if (current.length >= PARAGRAPH_CHARS && /[.!?…]["')\]]?$/.test(current)) {
      paragraphs.push(current);
      current = '';
    }
  }
  if (current !== '') paragraphs.push(current);
  return head + paragraphs.map((p) => `${p}\n`).join('\n');
}

export function transcriptFile(format: TranscriptFormat, video: ExportVideo, cues: ReadonlyArray<ExportCue>, options: { timestamps: boolean }): string {
  switch (format) {
    case 'srt': return toSrt(cues);
    case 'vtt': return toVtt(cues);
    case 'txt': return toText(video, cues, options);
  }
}

/** A file name any system accepts: the title without path or reserved characters, then the video id. */
export function transcriptFileName(video: ExportVideo, format: TranscriptFormat, prefix = ''): string {
  const title = video.title.replace(/[\\/:*?"<>|\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 80).trim();
  return `${prefix}${title ? `${title} ` : ''}[${video.id}].${format}`;
}

/** Content-Disposition for a download: an ASCII fallback name and the UTF-8 one (RFC 6266). */
export function attachment(fileName: string): string {
  const ascii = fileName.normalize('NFKD').replace(/[^\x20-\x7e]/g, '').replace(/["\\]/g, '');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
