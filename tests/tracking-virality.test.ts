import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { baselineFor, scoreVirality, type StatReading } from '../src/tracking/virality.ts';

const t0 = new Date('2026-03-01T12:00:00Z');
const at = (hours: number) => new Date(t0.getTime() + hours * 3_600_000);
const reading = (hours: number, views: number | null, likes: number | null, comments: number | null): StatReading =>
  ({ takenAt: at(hours), viewCount: views, likeCount: likes, commentCount: comments });

const baselines = loadConfig({ SESSION_SECRET: 'x'.repeat(32), ENCRYPTION_KEY: '11'.repeat(32), DATA_DIR: '/tmp/subtext-test-data' }).viralityBaselines;
const PL = baselines['PL']!; // 10,000 views/h and 6.0 %

describe('virality score', () => {
  // [case, previous, latest, expected]
  // Scores are kept to two decimals.
  const cases: Array<[string, StatReading | undefined, StatReading | undefined, { score: number | null; label: string; viewsPerHour?: number | null; engagement?: number | null }]> = [
    ['no readings', undefined, undefined, { score: null, label: 'insufficient_data', viewsPerHour: null }],
    ['one reading', undefined, reading(0, 1000, 10, 1), { score: null, label: 'insufficient_data' }],
    ['two readings at the same instant', reading(0, 1000, 10, 1), reading(0, 5000, 10, 1), { score: null, label: 'insufficient_data' }],
    ['latest older than previous', reading(1, 1000, 10, 1), reading(0, 5000, 10, 1), { score: null, label: 'insufficient_data' }],
    ['views hidden', reading(0, null, 10, 1), reading(1, null, 10, 1), { score: null, label: 'insufficient_data' }],
    // velocity 10,000/h = 100; engagement (600 + 2×150) / 15,000 = 6 % = 100 → 100
    ['at the baseline on both', reading(0, 5_000, 600, 150), reading(1, 15_000, 600, 150), { score: 100, label: 'viral', viewsPerHour: 10_000, engagement: 6 }],
    // velocity 20,000/h capped at 100; engagement 3 % = 50 → 0.55×100 + 0.45×50 = 77.5
    ['fast, half the engagement', reading(0, 0, 0, 0), reading(0.5, 10_000, 200, 50), { score: 77.5, label: 'trending', viewsPerHour: 20_000, engagement: 3 }],
    // velocity 8,500/h = 85; engagement 5.1 % = 85 → exactly 85
    ['exactly 85 is viral', reading(0, 91_500, 0, 0), reading(1, 100_000, 4_100, 500), { score: 85, label: 'viral', engagement: 5.1 }],
    // velocity 6,000/h = 60; engagement 3.6 % = 60 → exactly 60
    ['exactly 60 is trending', reading(0, 94_000, 0, 0), reading(1, 100_000, 2_600, 500), { score: 60, label: 'trending' }],
    ['slow and quiet', reading(0, 100_000, 0, 0), reading(2, 100_200, 500, 20), { score: 0.55 * 1 + 0.45 * ((540 / 100_200) * 100 / 6) * 100, label: 'normal', viewsPerHour: 100 }],
    ['no new views is a score, not missing data', reading(0, 100_000, 1000, 10), reading(3, 100_000, 1000, 10), { score: 0.45 * ((1020 / 100_000) * 100 / 6) * 100, label: 'normal', viewsPerHour: 0 }],
    ['views corrected downwards count as no speed', reading(0, 100_000, 0, 0), reading(1, 90_000, 0, 0), { score: 0, label: 'normal', viewsPerHour: 0, engagement: 0 }],
    // likes hidden: engagement unknown (not 0), the score rests on velocity alone: 9,000/h = 90
    ['likes hidden', reading(0, 0, null, 5), reading(1, 9_000, null, 5), { score: 90, label: 'viral', engagement: null }],
    ['comments hidden', reading(0, 0, 10, null), reading(1, 6_500, 10, null), { score: 65, label: 'trending', engagement: null }],
    ['both hidden, slow', reading(0, 0, null, null), reading(1, 1_000, null, null), { score: 10, label: 'normal', engagement: null }],
    ['no views at all', reading(0, 0, 0, 0), reading(1, 0, 0, 0), { score: 0, label: 'normal', engagement: null }],
  ];

  it.each(cases)('%s', (_name, previous, latest, expected) => {
    const result = scoreVirality(latest, previous, PL);
    expect(result.label).toBe(expected.label);
    if (expected.score === null) expect(result.score).toBeNull();
    else expect(result.score).toBeCloseTo(expected.score, 2);
    if (expected.viewsPerHour !== undefined) {
      if (expected.viewsPerHour === null) expect(result.viewsPerHour).toBeNull();
      else expect(result.viewsPerHour).toBeCloseTo(expected.viewsPerHour, 6);
    }
    if (expected.engagement !== undefined) {
      if (expected.engagement === null) expect(result.engagementPercent).toBeNull();
      else expect(result.engagementPercent).toBeCloseTo(expected.engagement, 6);
    }
  });

  it('normalises against the video’s region, and GB’s for regions without a baseline', () => {
    const previous = reading(0, 0, 0, 0);
    const latest = reading(1, 10_000, 0, 0);
    expect(scoreVirality(latest, previous, baselineFor(baselines, 'PL').baseline).velocityScore).toBe(100);
    expect(scoreVirality(latest, previous, baselineFor(baselines, 'US').baseline).velocityScore).toBe(20);
    expect(baselineFor(baselines, 'DE')).toEqual({ region: 'GB', baseline: { viewsPerHour: 20_000, engagementPercent: 4.5 } });
    expect(baselineFor(baselines, null).region).toBe('GB');
  });

  it('takes baseline overrides from VIRALITY_BASELINES and keeps the other defaults', () => {
    const config = loadConfig({ SESSION_SECRET: 'x'.repeat(32), ENCRYPTION_KEY: '11'.repeat(32), DATA_DIR: '/tmp/subtext-test-data', VIRALITY_BASELINES: 'pl=12000:6.5, DE=15000:5' });
    expect(config.viralityBaselines['PL']).toEqual({ viewsPerHour: 12_000, engagementPercent: 6.5 });
    expect(config.viralityBaselines['DE']).toEqual({ viewsPerHour: 15_000, engagementPercent: 5 });
    expect(config.viralityBaselines['SE']).toEqual({ viewsPerHour: 5_000, engagementPercent: 5 });
    expect(() => loadConfig({ SESSION_SECRET: 'x'.repeat(32), ENCRYPTION_KEY: '11'.repeat(32), DATA_DIR: '/tmp/subtext-test-data', VIRALITY_BASELINES: 'PL=fast' }))
      .toThrow(/VIRALITY_BASELINES contains "PL=fast"/);
  });
});
