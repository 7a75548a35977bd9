// How many searches one person may have running at once (per web process). Active search sends a
// request per pause in typing; a script, or a stuck tab, could send hundreds. Past the limit a search
// waits a moment for a turn (the one before usually finishes or is abandoned by then), then gives up.

/** Gives the turn back; calling it again does nothing. */
export type ReleaseSlot = () => void;

export interface SearchSlots {
  /** A turn for this key, or null when none came free within the wait (or the request was abandoned). */
  take(key: string, signal?: AbortSignal): Promise<ReleaseSlot | null>;
}

export function searchSlots(perKey: number, waitMs: number): SearchSlots {
  const running = new Map<string, number>();
  const waiting = new Map<string, Array<() => void>>();

  const release = (key: string) => {
    const queue = waiting.get(key);
    const next = queue?.shift();
    if (queue?.length === 0) waiting.delete(key);
    // The turn passes straight to the next in line: the running count stays as it is.
    if (next) return next();
    const count = (running.get(key) ?? 1) - 1;
    if (count > 0) running.set(key, count);
    else running.delete(key);
  };
  const releaser = (key: string): ReleaseSlot => {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      release(key);
    };
  };

  return {
    take(key, signal) {
      const count = running.get(key) ?? 0;
      if (count < perKey) {
        running.set(key, count + 1);
        return Promise.resolve(releaser(key));
      }
      return new Promise((resolve) => {
        const queue = waiting.get(key) ?? [];
        waiting.set(key, queue);
        const leave = () => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', leave);
          const at = queue.indexOf(grant);
          if (at >= 0) queue.splice(at, 1);
          if (queue.length === 0 && waiting.get(key) === queue) waiting.delete(key);
          resolve(null);
        };
        const grant = () => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', leave);
          resolve(releaser(key));
        };
        const timer = setTimeout(leave, waitMs);
        signal?.addEventListener('abort', leave, { once: true });
        queue.push(grant);
      });
    },
  };
}
