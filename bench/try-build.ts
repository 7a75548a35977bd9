import { DEMO_LIBRARY, MILLION_LIBRARY, SHARED_LIBRARY, openLibrary } from './library.ts';
for (const spec of [DEMO_LIBRARY, SHARED_LIBRARY, MILLION_LIBRARY]) {
  const t0 = performance.now();
  const lib = await openLibrary(spec);
  console.log(spec.name, lib.meta, ((performance.now() - t0) / 1000).toFixed(1), 's');
  await lib.close();
}
process.exit(0);
