// How fast a video is spreading, as one 0–100 score: view velocity and engagement, each measured
// against what counts as exceptional in the video's region.
import type { ViralityBaseline } from '../config.ts';

export interface StatReading {
  readonly takenAt: Date;
  readonly viewCount: number | null;
  /** Null when hidden by the channel. */
  readonly likeCount: number | null;
  readonly commentCount: number | null;
}

export type ViralityLabel = 'viral' | 'trending' | 'normal' | 'insufficient_data';

export interface ViralityResult {
  readonly viewsPerHour: number | null;
  readonly engagementPercent: number | null;
  readonly velocityScore: number | null;
  readonly engagementScore: number | null;
  readonly score: number | null;
  readonly label: ViralityLabel;
}

export const FALLBACK_REGION = 'GB';
const VELOCITY_WEIGHT = 0.55;
const ENGAGEMENT_WEIGHT = 0.45;
const VIRAL_FROM = 85;
const TRENDING_FROM = 60;

/** The region's baseline, or GB's for regions without one. */
export function baselineFor(baselines: Readonly<Record<string, ViralityBaseline>>, region: string | null): { region: string; baseline: ViralityBaseline } {
  const own = region ? baselines[region] : undefined;
  if (own && region) return { region, baseline: own };
  const fallback = baselines[FALLBACK_REGION];
  if (!fallback) throw new Error(`no virality baseline for the fallback region ${FALLBACK_REGION}`);
  return { region: FALLBACK_REGION, baseline: fallback };
}

/** (likes + 2 × comments) ÷ views × 100; unknown when either count is hidden or nothing was viewed. */
export function engagementPercent(reading: StatReading): number | null {
  const { viewCount, likeCount, commentCount } = reading;
  if (viewCount === null || viewCount <= 0 || likeCount === null || commentCount === null) return null;
  return ((likeCount + 2 * commentCount) / viewCount) * 100;
}

/** Reaching the baseline scores 100; beyond it still 100. */
function normalise(value: number, baseline: number): number {
  return Math.min(100, Math.max(0, (value / baseline) * 100));
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

export function labelFor(score: number | null): ViralityLabel {
  if (score === null) return 'insufficient_data';
  return score >= VIRAL_FROM ? 'viral' : score >= TRENDING_FROM ? 'trending' : 'normal';
}

const insufficient: ViralityResult = {
  viewsPerHour: null, engagementPercent: null, velocityScore: null, engagementScore: null, score: null, label: 'insufficient_data',
};

/**
 * Scores a video from its two latest readings. Without two readings with time between them there
 * is no velocity, which is "insufficient data", not a score of 0. With likes or comments hidden,
 * engagement is unknown rather than zero, and the score rests on velocity alone.
 */
export function scoreVirality(latest: StatReading | undefined, previous: StatReading | undefined, baseline: ViralityBaseline): ViralityResult {
  if (!latest || !previous || latest.viewCount === null || previous.viewCount === null) return insufficient;
  const hours = (latest.takenAt.getTime() - previous.takenAt.getTime()) / 3_600_000;
  if (!(hours > 0)) return insufficient;
  // YouTube sometimes corrects view counts downwards; that is no speed at all, not negative speed.
  const viewsPerHour = Math.max(0, latest.viewCount - previous.viewCount) / hours;
  const engagement = engagementPercent(latest);
  const velocityScore = normalise(viewsPerHour, baseline.viewsPerHour);
  const engagementScore = engagement === null ? null : normalise(engagement, baseline.engagementPercent);
  // Rounded so that a score shown as 85 is never labelled below VIRAL by a floating-point hair.
  const score = round2(engagementScore === null ? velocityScore : VELOCITY_WEIGHT * velocityScore + ENGAGEMENT_WEIGHT * engagementScore);
  return { viewsPerHour, engagementPercent: engagement, velocityScore, engagementScore, score, label: labelFor(score) };
}
