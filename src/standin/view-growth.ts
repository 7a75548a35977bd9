import type { GrowthCurve, VideoCounts, VideoSpec } from './model.ts';
import { hashString, rngFor } from './random.ts';

// A video's view, like and comment counts as a function of time, so repeated readings show
// growth, charts move and virality differs between videos, with nothing stored: the counts at
// any moment follow from the video's id and that moment alone.

/** Counts before this moment are the video's base counts; growth starts here. */
export const GROWTH_START = Date.UTC(2026, 0, 1);
const HOUR = 3_600_000;
/** Views come in a daily rhythm: at most this far above or below the mean rate. Below 1, so the
 * rate never turns negative and counts never fall. */
const DAILY_SWING = 0.5;

/** Mean views gained per hour, per curve, as [lowest, highest]. Viral videos reach the virality
 * baselines (10,000 to 50,000 views an hour) at least for part of each day; rising ones reach part
 * of the way. Kept modest so a year of growth still looks like a hit, not a world record. */
const VIEWS_PER_HOUR: Record<GrowthCurve, readonly [number, number]> = {
  viral: [20_000, 40_000],
  rising: [3_000, 9_000],
  steady: [3, 400],
  flat: [0, 0],
};

/** Most videos grow slowly, some rise, a few go viral and a few have stopped; the charts'
 * videos are trending, so more of them are going somewhere. */
const CURVE_SHARES: Record<'library' | 'chart', ReadonlyArray<readonly [GrowthCurve, number]>> = {
  library: [['viral', 0.08], ['rising', 0.1], ['flat', 0.12], ['steady', 1]],
  chart: [['viral', 0.3], ['rising', 0.4], ['steady', 1]],
};

export function curveFor(videoId: string, kind: 'library' | 'chart'): GrowthCurve {
  const draw = rngFor('growth-curve', videoId)();
  let below = 0;
  for (const [curve, share] of CURVE_SHARES[kind]) {
    below += share;
    if (draw < below) return curve;
  }
  return 'steady';
}

/**
 * The counts a video starts from and how they grow. `likeDraw` and `commentDraw` (0..1) place the
 * video's like and comment rates in a plausible range; viral videos are also liked more.
 */
export function videoCounts(
  videoId: string, curve: GrowthCurve, baseViews: number, likeDraw: number | undefined, commentDraw: number | undefined,
): VideoCounts {
  const rng = rngFor('growth', videoId);
  const [low, high] = VIEWS_PER_HOUR[curve];
  const loved = curve === 'viral' || curve === 'rising';
  return {
    curve,
    baseViews,
    viewsPerHour: low + rng() * (high - low),
    rhythmPhaseHours: (hashString(`rhythm:${videoId}`) % 2400) / 100,
    likesPerView: likeDraw === undefined ? undefined : loved ? 0.04 + likeDraw * 0.04 : 0.01 + likeDraw * 0.05,
    commentsPerView: commentDraw === undefined ? undefined : loved ? 0.003 + commentDraw * 0.006 : 0.0005 + commentDraw * 0.004,
  };
}

export interface CountsNow {
  readonly views: number;
  /** Absent when hidden. */
  readonly likes: number | undefined;
  /** Absent when comments are disabled. */
  readonly comments: number | undefined;
}

/** Never less than at any earlier moment; likes and comments are shares of the views. */
export function countsAt(video: Pick<VideoSpec, 'counts'>, now: number): CountsNow {
  const { baseViews, viewsPerHour, rhythmPhaseHours, likesPerView, commentsPerView } = video.counts;
  const views = Math.floor(baseViews + viewsPerHour * rhythmicHours(Math.max(0, now - GROWTH_START) / HOUR, rhythmPhaseHours));
  return {
    views,
    likes: likesPerView === undefined ? undefined : Math.floor(views * likesPerView),
    comments: commentsPerView === undefined ? undefined : Math.floor(views * commentsPerView),
  };
}

/** Hours since GROWTH_START, weighted by a daily rhythm: the integral of 1 + swing × cos(daily
 * angle), which grows at least (1 − swing) per hour. */
function rhythmicHours(hours: number, phaseHours: number): number {
  const angle = (h: number) => (2 * Math.PI * (h + phaseHours)) / 24;
  return hours + ((DAILY_SWING * 24) / (2 * Math.PI)) * (Math.sin(angle(hours)) - Math.sin(angle(0)));
}
