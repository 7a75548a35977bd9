import { Hono } from 'hono';
import { findVideo } from './catalog.ts';
import { isBlocked, type StandinContext } from './context.ts';
import type { TrackSpec, VideoSpec } from './model.ts';
import { hexFromKey, rngFor } from './random.ts';
import { LANG_NAMES, LANGS, type Lang } from './speech.ts';
import { asrCues, manualCues, type AsrCue, type Cue } from './transcript.ts';

/** Which player asked: the Android innertube client gets srv3 caption URLs, the watch page
 * (web) gets format-less URLs that answer the classic XML. */
export type PlayerClient = 'android' | 'web';

const XML_HEADER = '<?xml version="1.0" encoding="utf-8" ?>';

/** @param poToken the exp= experiment that marks URLs needing a proof-of-origin token. */
export function captionTracks(video: VideoSpec, client: PlayerClient, now: number, poToken: 'xpe' | 'xpv' | undefined): ReadonlyArray<Record<string, unknown>> {
  return video.tracks.map((track) => {
    const name = track.auto ? `${LANG_NAMES[track.lang]} (auto-generated)` : LANG_NAMES[track.lang];
    return {
      baseUrl: captionUrl(video, track, client, now, poToken),
      name: client === 'android' ? { runs: [{ text: name }] } : { simpleText: name },
      vssId: `${track.auto ? 'a' : ''}.${track.lang}`,
      languageCode: track.lang,
      ...(track.auto ? { kind: 'asr' } : {}),
      isTranslatable: true,
      trackName: '',
    };
  });
}

export function translationLanguages(client: PlayerClient): ReadonlyArray<Record<string, unknown>> {
  return LANGS.map((lang) => ({
    languageCode: lang,
    languageName: client === 'android' ? { runs: [{ text: LANG_NAMES[lang] }] } : { simpleText: LANG_NAMES[lang] },
  }));
}

/** Always on www.youtube.com: youtube-transcript refuses caption hosts outside .youtube.com,
 * and the app's fetch seam routes them back to the stand-in. */
function captionUrl(video: VideoSpec, track: TrackSpec, client: PlayerClient, now: number, poToken: 'xpe' | 'xpv' | undefined): string {
  const expire = Math.floor(now / 1000) + 6 * 3600;
  const signed = `v=${video.id}&ei=${hexFromKey(`ei:${video.id}:${expire}`, 22)}&caps=asr&opi=112496729&xoaf=5&hl=en&ip=0.0.0.0&ipbits=0&expire=${expire}`;
  const signature = `${hexFromKey(`sig1:${signed}`, 40).toUpperCase()}.${hexFromKey(`sig2:${signed}`, 40).toUpperCase()}`;
  return (
    `https://www.youtube.com/api/timedtext?${signed}&sparams=ip,ipbits,expire,v,ei,caps,opi,xoaf&signature=${signature}&key=yt8` +
    (track.auto ? '&kind=asr' : '') +
    `&lang=${track.lang}` +
    (poToken ? `&exp=${poToken}` : '') +
    (client === 'android' ? '&fmt=srv3' : '')
  );
}

export function captionRoutes(ctx: StandinContext): Hono {
  return new Hono().get('/api/timedtext', (c) => {
    if (isBlocked(ctx)) return c.html('<html><body><h1>429 Too Many Requests</h1></body></html>', 429);
    const q = c.req.query();
    // Without a proof-of-origin token YouTube answers such URLs with an empty 200.
    if (/xp[ev]/.test(q['exp'] ?? '') && !q['pot']) return c.body('', 200, { 'Content-Type': 'text/xml; charset=UTF-8' });
    const video = findVideo(q['v'] ?? '');
    const auto = q['kind'] === 'asr';
    const track = video?.playability === 'ok' ? video.tracks.find((t) => t.lang === q['lang'] && t.auto === auto) : undefined;
    const tlang = q['tlang'];
    // Like YouTube, a track that does not exist is an empty 200, not an error.
    if (!video || !track || (tlang !== undefined && !isLang(tlang))) return c.body('', 200, { 'Content-Type': 'text/xml; charset=UTF-8' });
    const srv3 = q['fmt'] === 'srv3';
    const phraseCues = new Set(video.phrases.filter((p) => p.lang === track.lang).map((p) => p.cueIndex));
    let xml: string;
    if (tlang !== undefined) {
      const cues = manualCues(video, tlang);
      xml = srv3 ? srv3Manual(cues) : classic(cues, video.seed, new Set());
    } else if (track.auto) {
      const cues = asrCues(video);
      xml = srv3 ? srv3Asr(cues) : classic(cues.map(asrText), video.seed, new Set());
    } else {
      const cues = manualCues(video, track.lang);
      xml = srv3 ? srv3Manual(cues) : classic(cues, video.seed, phraseCues);
    }
    return c.body(xml, 200, { 'Content-Type': 'text/xml; charset=UTF-8' });
  });
}

function isLang(value: string): value is Lang {
  return (LANGS as ReadonlyArray<string>).includes(value);
}

function asrText(cue: AsrCue): Cue {
  return { startMs: cue.startMs, durMs: cue.durMs, text: cue.words.map((w) => w.text).join(' ') };
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function srv3Manual(cues: ReadonlyArray<Cue>): string {
  const body = cues.map((cue) => `<p t="${cue.startMs}" d="${cue.durMs}">${escapeXml(cue.text)}</p>`).join('\n');
  return `${XML_HEADER}<timedtext format="3">\n<body>\n${body}\n</body>\n</timedtext>\n`;
}

function srv3Asr(cues: ReadonlyArray<AsrCue>): string {
  const body = cues
    .map((cue) => {
      const words = cue.words
        .map((word, i) => (i === 0 ? `<s ac="255">${escapeXml(word.text)}</s>` : `<s t="${word.offsetMs}" ac="255"> ${escapeXml(word.text)}</s>`))
        .join('');
      return `<p t="${cue.startMs}" d="${cue.durMs}" w="1">${words}</p>`;
    })
    .join('\n');
  const head = '<head>\n<ws id="0"/>\n<ws id="1" mh="2" ju="0" sd="3"/>\n<wp id="0"/>\n<wp id="1" ap="6" ah="20" av="100" rc="2" cc="40"/>\n</head>';
  return `${XML_HEADER}<timedtext format="3">\n${head}\n<body>\n<w t="0" id="1" wp="1" ws="1"/>\n${body}\n</body>\n</timedtext>\n`;
}

/** Classic format: seconds, the text HTML-escaped and then escaped again for XML (so an
 * apostrophe arrives as &amp;#39;), long cues on two lines, and now and then the inline
 * <i>/<font> markup captioners leave in. Phrase cues stay clean so search tests can rely on them. */
function classic(cues: ReadonlyArray<Cue>, seed: number, cleanCues: ReadonlySet<number>): string {
  const rng = rngFor('classic-markup', seed);
  const texts = cues.map((cue, index) => {
    const roll = rng();
    const words = cue.text.split(' ').map((word) => escapeXml(escapeXml(word)));
    if (cleanCues.has(index)) return words.join(' ');
    if (roll < 0.05 && words.length > 1) words[1] = `&lt;i&gt;${words[1]}&lt;/i&gt;`;
    if (words.length > 7) words.splice(Math.ceil(words.length / 2), 0, '\n');
    const text = words.join(' ').replace(/ \n /, '\n');
    return roll > 0.97 ? `&lt;font color=&quot;#E5E5E5&quot;&gt;${text}&lt;/font&gt;` : text;
  });
  const body = cues.map((cue, index) => `<text start="${seconds(cue.startMs)}" dur="${seconds(cue.durMs)}">${texts[index]}</text>`).join('');
  return `${XML_HEADER}<transcript>${body}</transcript>`;
}

function seconds(ms: number): string {
  return String(Math.round(ms) / 1000);
}
