// A tiny metrics registry: counters, gauges and histograms with labels, rendered in Prometheus'
// text exposition format (version 0.0.4). Values live in this process only.

export const EXPOSITION_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export type LabelValues<L extends string> = Readonly<Record<L, string | number>>;

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

function formatNumber(value: number): string {
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

const escapeLabelValue = (value: string) => value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const escapeHelp = (help: string) => help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');

function renderLabels(pairs: ReadonlyArray<readonly [string, string]>): string {
  return pairs.length === 0 ? '' : `{${pairs.map(([name, value]) => `${name}="${escapeLabelValue(value)}"`).join(',')}}`;
}

/** Shared by every kind: the name, help and label names, and one series per distinct label set. */
abstract class Metric<L extends string, S> {
  readonly name: string;
  readonly help: string;
  readonly labelNames: ReadonlyArray<L>;
  readonly #series = new Map<string, { pairs: Array<readonly [string, string]>; state: S }>();

  constructor(name: string, help: string, labelNames: ReadonlyArray<L>, reserved: ReadonlyArray<string> = []) {
    if (!METRIC_NAME.test(name)) throw new Error(`invalid metric name "${name}"`);
    const bad = labelNames.find((l) => !LABEL_NAME.test(l) || l.startsWith('__') || reserved.includes(l));
    if (bad !== undefined) throw new Error(`invalid label name "${bad}" on ${name}`);
    this.name = name;
    this.help = help;
    this.labelNames = labelNames;
  }

  abstract readonly type: 'counter' | 'gauge' | 'histogram';
  protected abstract initial(): S;
  protected abstract sampleLines(name: string, pairs: ReadonlyArray<readonly [string, string]>, state: S): string[];

  /** The state of one label set; a missing or unexpected label is a programming error. */
  protected series(labels: LabelValues<L>): S {
    const given = Object.keys(labels);
    if (given.length !== this.labelNames.length || !this.labelNames.every((l) => l in labels)) {
      throw new Error(`${this.name} takes the labels {${this.labelNames.join(', ')}}, got {${given.join(', ')}}`);
    }
    const pairs = this.labelNames.map((l) => [l, String(labels[l])] as const);
    const key = JSON.stringify(pairs.map(([, v]) => v));
    let found = this.#series.get(key);
    if (!found) {
      found = { pairs, state: this.initial() };
      this.#series.set(key, found);
    }
    return found.state;
  }

  render(): string {
    const lines = [`# HELP ${this.name} ${escapeHelp(this.help)}`, `# TYPE ${this.name} ${this.type}`];
    // A metric without labels has exactly one series, which exists (at zero) before its first use.
    if (this.labelNames.length === 0 && this.#series.size === 0) this.series({} as LabelValues<L>);
    for (const { pairs, state } of this.#series.values()) lines.push(...this.sampleLines(this.name, pairs, state));
    return lines.join('\n');
  }
}

export class Counter<L extends string = never> extends Metric<L, { value: number }> {
  readonly type = 'counter';
  protected initial() { return { value: 0 }; }
  protected sampleLines(name: string, pairs: ReadonlyArray<readonly [string, string]>, state: { value: number }) {
    return [`${name}${renderLabels(pairs)} ${formatNumber(state.value)}`];
  }

  inc(labels: LabelValues<L>, by = 1): void {
    if (!(by >= 0)) throw new Error(`${this.name} is a counter: it only goes up (got ${by})`);
    this.series(labels).value += by;
  }
}

export class Gauge<L extends string = never> extends Metric<L, { value: number }> {
  readonly type = 'gauge';
  protected initial() { return { value: 0 }; }
  protected sampleLines(name: string, pairs: ReadonlyArray<readonly [string, string]>, state: { value: number }) {
    return [`${name}${renderLabels(pairs)} ${formatNumber(state.value)}`];
  }

  set(labels: LabelValues<L>, value: number): void {
    this.series(labels).value = value;
  }
}

interface HistogramState {
  /** Observations per bucket (not cumulative); the last slot is +Inf. */
  readonly counts: number[];
  sum: number;
  count: number;
}

export class Histogram<L extends string = never> extends Metric<L, HistogramState> {
  readonly type = 'histogram';
  readonly buckets: ReadonlyArray<number>;

  constructor(name: string, help: string, labelNames: ReadonlyArray<L>, buckets: ReadonlyArray<number>) {
    super(name, help, labelNames, ['le']);
    if (buckets.length === 0 || buckets.some((b, i) => !Number.isFinite(b) || (i > 0 && b <= buckets[i - 1]!))) {
      throw new Error(`${name}: buckets must be finite and strictly increasing`);
    }
    this.buckets = [...buckets];
  }

  protected initial(): HistogramState { return { counts: new Array<number>(this.buckets.length + 1).fill(0), sum: 0, count: 0 }; }

  protected sampleLines(name: string, pairs: ReadonlyArray<readonly [string, string]>, state: HistogramState) {
    let cumulative = 0;
    const lines = [...this.buckets, Infinity].map((bound, i) => {
      cumulative += state.counts[i]!;
      return `${name}_bucket${renderLabels([...pairs, ['le', formatNumber(bound)]])} ${cumulative}`;
    });
    lines.push(`${name}_sum${renderLabels(pairs)} ${formatNumber(state.sum)}`, `${name}_count${renderLabels(pairs)} ${state.count}`);
    return lines;
  }

  observe(labels: LabelValues<L>, value: number): void {
    if (Number.isNaN(value)) return;
    const state = this.series(labels);
    const slot = this.buckets.findIndex((bound) => value <= bound);
    state.counts[slot === -1 ? this.buckets.length : slot]! += 1;
    state.sum += value;
    state.count += 1;
  }
}

/** A set of metrics rendered together; registering a name twice is a programming error. */
export class Registry {
  readonly #metrics = new Map<string, Metric<string, unknown>>();

  #add<M extends Metric<string, unknown>>(metric: M): M {
    if (this.#metrics.has(metric.name)) throw new Error(`metric ${metric.name} is registered twice`);
    this.#metrics.set(metric.name, metric);
    return metric;
  }

  counter<L extends string = never>(name: string, help: string, labelNames: ReadonlyArray<L> = []): Counter<L> {
    return this.#add(new Counter(name, help, labelNames));
  }

  gauge<L extends string = never>(name: string, help: string, labelNames: ReadonlyArray<L> = []): Gauge<L> {
    return this.#add(new Gauge(name, help, labelNames));
  }

  histogram<L extends string = never>(name: string, help: string, labelNames: ReadonlyArray<L>, buckets: ReadonlyArray<number>): Histogram<L> {
    return this.#add(new Histogram(name, help, labelNames, buckets));
  }

  /** Every metric in the order registered, as Prometheus text. */
  exposition(): string {
    return [...this.#metrics.values()].map((m) => m.render() + '\n').join('');
  }
}
