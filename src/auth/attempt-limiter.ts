// Sign-in attempts per client IP in fixed windows, held in this process's memory: enough to stop
// one client hammering Google through us. With several web processes each counts on its own, so
// the effective limit is the per-process limit times the number of processes.

export interface AttemptLimiter {
  /** Counts an attempt; returns how many seconds to wait when over the limit, else 0. */
  attempt(key: string, now?: number): number;
}

export function fixedWindowLimiter(options: { limit: number; windowMs: number }): AttemptLimiter {
  const windows = new Map<string, { startedAt: number; count: number }>();
  return {
    attempt(key, now = Date.now()) {
      // Forget finished windows now and then, so a flood of distinct IPs cannot grow the map forever.
      if (windows.size > 10_000) {
        for (const [k, w] of windows) if (now - w.startedAt >= options.windowMs) windows.delete(k);
      }
      const current = windows.get(key);
      if (!current || now - current.startedAt >= options.windowMs) {
        windows.set(key, { startedAt: now, count: 1 });
        return 0;
      }
      current.count += 1;
      return current.count > options.limit ? Math.ceil((current.startedAt + options.windowMs - now) / 1000) : 0;
    },
  };
}
