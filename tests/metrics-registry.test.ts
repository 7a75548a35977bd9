// The metrics registry's text exposition, checked line by line against Prometheus' format.
import { describe, expect, it } from 'vitest';
import { Registry } from '../src/metrics/registry.ts';

describe('metrics registry', () => {
  it('renders counters and gauges with labels, escaping label values and help text', () => {
    const registry = new Registry();
    const requests = registry.counter('app_requests_total', 'Requests\nanswered, by route \\ status.', ['route', 'status']);
    const depth = registry.gauge('app_queue_depth', 'Jobs waiting.');
    requests.inc({ route: '/videos/:id', status: 200 });
    requests.inc({ route: '/videos/:id', status: 200 }, 2);
    requests.inc({ route: 'say "hi"\\\n', status: 404 });
    depth.set({}, 7.5);

    expect(registry.exposition()).toBe([
      '# HELP app_requests_total Requests\\nanswered, by route \\\\ status.',
      '# TYPE app_requests_total counter',
      'app_requests_total{route="/videos/:id",status="200"} 3',
      'app_requests_total{route="say \\"hi\\"\\\\\\n",status="404"} 1',
      '# HELP app_queue_depth Jobs waiting.',
      '# TYPE app_queue_depth gauge',
      'app_queue_depth 7.5',
      '',
    ].join('\n'));
  });

  it('renders a label-less counter at zero before its first increment', () => {
    const registry = new Registry();
    registry.counter('app_starts_total', 'Starts.');
    expect(registry.exposition()).toContain('\napp_starts_total 0\n');
  });

  it('renders histograms with cumulative buckets, +Inf, sum and count', () => {
    const registry = new Registry();
    const latency = registry.histogram('app_latency_seconds', 'Latency.', ['outcome'], [0.1, 0.5, 1]);
    for (const seconds of [0.05, 0.1, 0.3, 0.7, 2]) latency.observe({ outcome: 'ok' }, seconds);
    latency.observe({ outcome: 'error' }, 0.2);

    expect(registry.exposition().split('\n')).toEqual([
      '# HELP app_latency_seconds Latency.',
      '# TYPE app_latency_seconds histogram',
      'app_latency_seconds_bucket{outcome="ok",le="0.1"} 2',
      'app_latency_seconds_bucket{outcome="ok",le="0.5"} 3',
      'app_latency_seconds_bucket{outcome="ok",le="1"} 4',
      'app_latency_seconds_bucket{outcome="ok",le="+Inf"} 5',
      'app_latency_seconds_sum{outcome="ok"} 3.15',
      'app_latency_seconds_count{outcome="ok"} 5',
      'app_latency_seconds_bucket{outcome="error",le="0.1"} 0',
      'app_latency_seconds_bucket{outcome="error",le="0.5"} 1',
      'app_latency_seconds_bucket{outcome="error",le="1"} 1',
      'app_latency_seconds_bucket{outcome="error",le="+Inf"} 1',
      'app_latency_seconds_sum{outcome="error"} 0.2',
      'app_latency_seconds_count{outcome="error"} 1',
      '',
    ]);
  });

  it('refuses what Prometheus would refuse, and labels that do not match the declaration', () => {
    const registry = new Registry();
    expect(() => registry.counter('bad-name', 'x')).toThrow(/invalid metric name/);
    expect(() => registry.counter('ok_total', 'x', ['__reserved'])).toThrow(/invalid label name/);
    expect(() => registry.histogram('h_seconds', 'x', ['le'], [1])).toThrow(/invalid label name "le"/);
    expect(() => registry.histogram('h2_seconds', 'x', [], [1, 1])).toThrow(/strictly increasing/);
    const counter = registry.counter('jobs_total', 'x', ['task']);
    expect(() => registry.counter('jobs_total', 'x')).toThrow(/registered twice/);
    expect(() => counter.inc({ task: 'a' }, -1)).toThrow(/only goes up/);
    expect(() => counter.inc({ tsak: 'a' } as never)).toThrow(/takes the labels \{task\}/);
  });
});
