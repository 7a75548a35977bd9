import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Polls probe until it answers something other than undefined, null or false, and returns that. An error
 * while polling (a database or server that is away for a moment) counts as "not yet"; the last one
 * is named if time runs out.
 */
export async function waitUntil<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    const value = await probe().catch((error: unknown) => {
      lastError = error;
      return undefined;
    });
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError === undefined ? '' : ` (last error: ${String(lastError)})`}`);
    }
    await sleep(100);
  }
}
