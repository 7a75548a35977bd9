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

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Merges this run's rows into the stored results (other suites keep their last figures) and rewrites both files. */
export async function writeReport(rows: ReadonlyArray<BenchRow>): Promise<void> {
  const resultsFile = path.join(root, 'bench/results.json');
  const previous = await readFile(resultsFile, 'utf8').then((text) => JSON.parse(text) as { rows: BenchRow[] }, () => ({ rows: [] as BenchRow[] }));
  const byName = new Map(previous.rows.map((r) => [r.name, r]));
  for (const row of rows) byName.set(row.name, row);
  const all = [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
  const machine = `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}`;
  await writeFile(resultsFile, JSON.stringify({ updatedAt: new Date().toISOString(), machine, rows: all }, null, 2) + '\n');
  const fmt = (n: number | null) => n === null ? '–' : Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 10 ? n.toFixed(1) : n.toFixed(3);
  const table = [
    '| benchmark | value | unit | reference | ratio | goal | met |',
    '|---|---|---|---|---|---|---|',
    ...all.map((r) => `| ${r.name} | ${fmt(r.value)} | ${r.unit} | ${r.reference} | ${fmt(r.ratio)} | ${r.goal} | ${r.met === null ? '–' : r.met ? 'yes' : 'no'} |`),
  ].join('\n');
  await writeFile(path.join(root, 'docs/benchmarks.md'), `# Benchmarks

Written by \`npm run bench\` (latest run: ${new Date().toISOString()}, on ${machine}).
Each figure is set against an ideal or a peer measured in the same run; the raw rows are in \`bench/results.json\`.

${table}
`);
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
