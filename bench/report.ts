// Benchmark rows, and the two files every run writes: bench/results.json and docs/benchmarks.md.
import { readFile, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface BenchRow {
  /** e.g. indexing.efficiency */
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** What the value is compared with: an ideal, or a peer measured in the same run. */
  readonly reference: string;
  /** value ÷ reference (or reference ÷ value where lower is better), so 1.0 means "as good as the reference". */
  readonly ratio: number | null;
  readonly goal: string;
  readonly met: boolean | null;
}

/** What one suite measured: its rows, and optionally a Markdown section of details for docs/benchmarks.md. */
export interface BenchResult {
  readonly rows: ReadonlyArray<BenchRow>;
  readonly details?: string;
}

interface StoredResults {
  rows: BenchRow[];
  /** Per suite, the details section of its last run. */
  details?: Record<string, string>;
  /** Per suite, when its last run ended (suites run separately keep their own figures). */
  suiteRuns?: Record<string, string>;
}

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Replaces the stored rows and details of the suites that ran (a suite's rows are named `<suite>.…`;
 * other suites keep their last figures) and rewrites both files.
 */
export async function writeReport(results: Readonly<Record<string, BenchResult>>): Promise<void> {
  const resultsFile = path.join(root, 'bench/results.json');
  const previous = await readFile(resultsFile, 'utf8').then((text) => JSON.parse(text) as StoredResults, () => ({ rows: [] } as StoredResults));
  const ran = Object.keys(results);
  const byName = new Map(previous.rows.filter((r) => !ran.includes(r.name.slice(0, r.name.indexOf('.')))).map((r) => [r.name, r]));
  const details: Record<string, string> = { ...previous.details };
  const suiteRuns: Record<string, string> = { ...previous.suiteRuns };
  for (const [suite, result] of Object.entries(results)) {
    suiteRuns[suite] = new Date().toISOString();
    for (const row of result.rows) byName.set(row.name, row);
    if (result.details) details[suite] = result.details;
    else delete details[suite];
  }
  const all = [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
  const machine = `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}`;
  await writeFile(resultsFile, JSON.stringify({ updatedAt: new Date().toISOString(), machine, rows: all, details, suiteRuns }, null, 2) + '\n');
  const fmt = (n: number | null) => n === null ? '–' : Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 10 ? n.toFixed(1) : n.toFixed(3);
  const table = [
    '| benchmark | value | unit | reference | ratio | goal | met |',
    '|---|---|---|---|---|---|---|',
    ...all.map((r) => `| ${r.name} | ${fmt(r.value)} | ${r.unit} | ${r.reference} | ${fmt(r.ratio)} | ${r.goal} | ${r.met === null ? '–' : r.met ? 'yes' : 'no'} |`),
  ].join('\n');
  await writeFile(path.join(root, 'docs/benchmarks.md'), `# Benchmarks

Written by \`npm run bench\` (latest run: ${new Date().toISOString()}, on ${machine}).
Each figure is set against an ideal or a peer measured in the same run; the raw rows are in \`bench/results.json\`.
Suites last run: ${Object.entries(suiteRuns).sort().map(([suite, at]) => `${suite} ${at.slice(0, 16).replace('T', ' ')} UTC`).join(', ')}.

${table}
${Object.keys(details).sort().map((suite) => `\n## ${suite}\n\n${details[suite]}\n`).join('')}`);
}

export function printRows(rows: ReadonlyArray<BenchRow>): void {
  for (const r of rows) {
    console.log(`${r.name.padEnd(28)} ${String(Math.round(r.value * 1000) / 1000).padStart(10)} ${r.unit.padEnd(10)} ratio ${r.ratio === null ? '–' : r.ratio.toFixed(3)}  (${r.reference}; goal ${r.goal})`);
  }
}

export function percentile(values: ReadonlyArray<number>, p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}
