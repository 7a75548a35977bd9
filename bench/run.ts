// npm run bench [suite ...]: runs the benchmark suites (all by default), prints their rows and
// writes docs/benchmarks.md and bench/results.json.
import { printRows, writeReport, type BenchRow } from './report.ts';

const suites: Record<string, () => Promise<BenchRow[]>> = {
  indexing: async () => (await import('./indexing.ts')).benchIndexing(),
  search: async () => (await import('./search.ts')).benchSearch(),
  recovery: async () => (await import('./recovery.ts')).benchRecovery(),
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = wanted.filter((w) => !(w in suites));
if (unknown.length > 0) {
  console.error(`Unknown benchmark suite "${unknown[0]}": use ${Object.keys(suites).join(', ')}.`);
  process.exit(2);
}
const rows: BenchRow[] = [];
for (const name of wanted.length > 0 ? wanted : Object.keys(suites)) {
  console.log(`\n== ${name}`);
  const suiteRows = await suites[name]!();
  printRows(suiteRows);
  rows.push(...suiteRows);
}
await writeReport(rows);
console.log('\nwrote docs/benchmarks.md and bench/results.json');
process.exit(0);
