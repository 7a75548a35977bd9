// The run page's time left: from the last minute's throughput, including YouTube's pause, never a
// countdown of seconds that lasts a minute, and never shorter than a retry the last videos wait for.
import { expect, it } from 'vitest';
import { countOutcomes } from '../src/indexing/outcomes.ts';
import type { RunProgress } from '../src/indexing/runs.ts';
import { formatSpan, timeLeft } from '../views/run.ts';

const now = new Date('2026-12-03T12:00:00Z');
const progress = (over: Partial<RunProgress>): RunProgress => ({
  runId: 1, playlistId: 'PLx', playlistTitle: 'x', status: 'fetching', mode: 'new', error: null, total: 3000,
  done: 0, failed: 0, skipped: 0, pending: 3000, outcomes: countOutcomes([]), failedByReason: [], perSecond: 0,
  lastRetryAt: null, createdAt: now, finishedAt: null, ...over,
});

it('divides what is pending by the recent throughput, in coarse words', () => {
  expect(timeLeft(progress({ pending: 3000, perSecond: 2.5 }), null, now)).toBe('about 20 min left');
  expect(timeLeft(progress({ pending: 30_000, perSecond: 2.5 }), null, now)).toBe('about 3 h 20 min left');
  expect(timeLeft(progress({ pending: 0, perSecond: 2.5 }), null, now)).toBe('');
  expect(timeLeft(progress({ perSecond: 0 }), null, now)).toBe('estimating…');
});

it('says "less than a minute" instead of counting seconds', () => {
  expect(timeLeft(progress({ pending: 3, perSecond: 3 }), null, now)).toBe('less than a minute left');
});

it('adds a pause YouTube imposed, and says it is paused', () => {
  const until = new Date(now.getTime() + 25_000);
  expect(timeLeft(progress({ pending: 10, perSecond: 0 }), until, now)).toBe('paused by YouTube, resuming in 25 s');
  expect(timeLeft(progress({ pending: 300, perSecond: 2.5 }), until, now)).toBe('paused by YouTube, resuming in 25 s · about 2 min left');
});

it('waits for a retry the last videos are due for', () => {
  const retry = new Date(now.getTime() + 4 * 60_000);
  expect(timeLeft(progress({ pending: 2, perSecond: 5, lastRetryAt: retry }), null, now)).toBe('about 4 min left');
});

it('says nothing about time for a paused or finished run', () => {
  expect(timeLeft(progress({ status: 'paused', perSecond: 1 }), null, now)).toBe('');
  expect(timeLeft(progress({ status: 'cancelled', perSecond: 1 }), null, now)).toBe('');
  expect(formatSpan(59.2)).toBe('60 s');
  expect(formatSpan(0.2)).toBe('1 s');
});
