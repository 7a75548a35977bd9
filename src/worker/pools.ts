import { indexingPools } from '../indexing/pools.ts';
import { trackingPools } from '../tracking/pools.ts';
import type { WorkerDeps, WorkerPool } from './pool.ts';

/** Every feature's tasks, grouped into the pools a worker process can run (`worker --pools=a,b`). */
export function buildWorkerPools(deps: WorkerDeps): WorkerPool[] {
  return [...indexingPools(deps), ...trackingPools(deps)];
}

/** The pools named on the command line, or all of them. */
export function selectPools(all: ReadonlyArray<WorkerPool>, names: ReadonlyArray<string> | undefined): WorkerPool[] {
  if (!names || names.length === 0) return [...all];
  const unknown = names.filter((n) => !all.some((p) => p.name === n));
  if (unknown.length > 0) throw new Error(`Unknown worker pool "${unknown[0]}": use one of ${all.map((p) => p.name).join(', ')}.`);
  return all.filter((p) => names.includes(p.name));
}
