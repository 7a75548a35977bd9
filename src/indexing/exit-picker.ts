// Which exit a transcript fetch goes through: one whose breaker lets it (closed, or half-open with
// this job as the probe), the least busy in this process first, so every exit's window stays full
// and N exits carry N times the traffic. A benched exit is passed over; when every exit is benched,
// the fetch waits until the first of them may be probed, or, when another worker's exit works, it
// is put back for that worker to take.
import type { Sql } from '../db/client.ts';
import { checkBreaker, exitBreakerName } from './circuit-breaker.ts';
import { workingExitElsewhere } from './exit-handover.ts';

export type ExitPick<E> =
  | { readonly allowed: true; readonly exit: E; readonly probe: boolean; release(): void }
  | { readonly allowed: false; readonly retryAt: Date; readonly reason: string };

export interface ExitPicker<E> {
  pick(): Promise<ExitPick<E>>;
  /**
   * When a video blocked on a freshly benched exit should be tried again: soon when another exit
   * (here or in another worker) may take it, else when the benched one may be probed.
   */
  retryAfterBlock(reopensAt: Date): Promise<Date>;
}

/** A job put back for another worker's exit is due again this soon. */
const HAND_OVER_MS = 2_000;
/** A video blocked on one of this worker's exits is tried again this soon, on whichever is then free. */
const RETRY_ELSEWHERE_MS = 1_000;

export function createExitPicker<E extends { readonly name: string }>(sql: Sql, exits: ReadonlyArray<E>, options: { readonly workerDeadAfterSeconds: number }): ExitPicker<E> {
  if (exits.length === 0) throw new Error('createExitPicker needs at least one exit');
  const mine = exits.map((e) => e.name);
  // Asked once per hand-over interval at most: every parked job asks while all our exits are benched.
  let elsewhere: { until: number; working: Promise<boolean> } | undefined;
  const workingElsewhere = () => {
    if (!elsewhere || elsewhere.until < Date.now()) {
      elsewhere = { until: Date.now() + HAND_OVER_MS, working: workingExitElsewhere(sql, mine, options.workerDeadAfterSeconds).catch(() => false) };
    }
    return elsewhere.working;
  };
  const inFlight = new Map<string, number>(exits.map((e) => [e.name, 0]));
  let turn = 0;

  return {
    async pick() {
      // Least busy first; among equals, a turn that moves on, so ties do not all land on the first exit.
      const start = turn++ % exits.length;
      const order = exits
        .map((exit, i) => ({ exit, busy: inFlight.get(exit.name) ?? 0, rank: (i - start + exits.length) % exits.length }))
        .sort((a, b) => a.busy - b.busy || a.rank - b.rank);
      let soonest: { retryAt: Date; reason: string; exit: string } | undefined;
      for (const { exit } of order) {
        const decision = await checkBreaker(sql, exitBreakerName(exit.name));
        if (decision.allowed) {
          inFlight.set(exit.name, (inFlight.get(exit.name) ?? 0) + 1);
          let released = false;
          return {
            allowed: true, exit, probe: decision.probe,
            release: () => {
              if (released) return;
              released = true;
              inFlight.set(exit.name, (inFlight.get(exit.name) ?? 1) - 1);
            },
          };
        }
        if (!soonest || decision.retryAt < soonest.retryAt) soonest = { retryAt: decision.retryAt, reason: decision.reason, exit: exit.name };
      }
      const reason = exits.length === 1 ? soonest!.reason : `every exit is benched (${soonest!.exit}: ${soonest!.reason})`;
      if (await workingElsewhere()) return { allowed: false, retryAt: new Date(Date.now() + HAND_OVER_MS), reason: `${reason}; another worker's exit works` };
      return { allowed: false, retryAt: soonest!.retryAt, reason };
    },
    async retryAfterBlock(reopensAt) {
      if (exits.length > 1) return new Date(Date.now() + RETRY_ELSEWHERE_MS);
      return await workingElsewhere() ? new Date(Date.now() + HAND_OVER_MS) : reopensAt;
    },
  };
}
