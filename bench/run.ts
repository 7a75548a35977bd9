// npm run bench [suite ...]: runs the benchmark suites (the default set unless named), prints their
// rows and writes docs/benchmarks.md and bench/results.json. search-large (ten million cues) runs only
// when named.
import { printRows, writeReport, type BenchResult } from './report.ts';

const rowsOnly = (load: () => Promise<BenchResult['rows']>) => async (): Promise<BenchResult> => ({ rows: await load() });
const suites: Record<string, () => Promise<BenchResult>> = {
  indexing: rowsOnly(async () => (await import('./indexing.ts')).benchIndexing()),
  search: async () => (await import('./search.ts')).benchSearch(),
  recovery: rowsOnly(async () => (await import('./recovery.ts')).benchRecovery()),
  'search-large': async () => (await import('./search.ts')).benchSearchLarge(),
};
const DEFAULT_SUITES = ['indexing', 'search', 'recovery'];

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = wanted.filter((w) => !(w in suites));
if (unknown.length > 0) {
  console.error(`Unknown benchmark suite "${unknown[0]}": use ${Object.keys(suites).join(', ')}.`);
  process.exit(2);
}
const results: Record<string, BenchResult> = {};
for (const name of wanted.length > 0 ? wanted : DEFAULT_SUITES) {
  console.log(`\n== ${name}`);
  const started = performance.now();
  results[name] = await suites[name]!();
  printRows(results[name].rows);
  console.log(`(${name}: ${((performance.now() - started) / 60_000).toFixed(1)} min)`);
}
await writeReport(results);
console.log('\nwrote docs/benchmarks.md and bench/results.json');
process.exit(0);
