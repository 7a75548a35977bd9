import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: ['tests/helpers/global-setup.ts'],
    // Files run in parallel processes, each against its own database in one shared embedded cluster.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // A browser's htmx request waits 300 ms for typing to stop and then for the server: on 2 busy
    // cores, expect.poll's default 1 s ends before a correct answer arrives.
    expect: { poll: { timeout: 10_000 } },
    projects: [
      { extends: true, test: { name: 'main', include: ['tests/**/*.test.ts'], exclude: ['tests/**/*.timing.test.ts'], sequence: { groupOrder: 0 } } },
      // Timing tests measure requests per second at the stand-in: they run alone, once the rest is done.
      { extends: true, test: { name: 'timing', include: ['tests/**/*.timing.test.ts'], fileParallelism: false, sequence: { groupOrder: 1 } } },
    ],
  },
});
