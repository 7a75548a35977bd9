// How the exits to YouTube fare (src/youtube/exits.ts), for the run page and the jobs dashboard:
// how many work and how many are benched, and when every one is, what the operator can do about it.
import { html } from 'hono/html';
import type { ExitState } from '../src/indexing/circuit-breaker.ts';
import type { Html } from './layout.ts';
import { localTime } from './local-time.ts';

const timeOfDay = (d: Date) => localTime(d, 'time');

export interface ExitsView {
  readonly exits: ReadonlyArray<ExitState>;
  /** See src/indexing/home-worker.ts; undefined with the embedded database. */
  readonly homeWorkerCommand: string | undefined;
  /**
   * An admin (ADMIN_EMAILS) sees which exits are benched and why, and the remedies with the command;
   * everyone else only the counts: proxies and the database's address are the operator's business.
   */
  readonly forOperator: boolean;
}

function benchedList(exits: ReadonlyArray<ExitState>): Html {
  return html`<ul class="exits">${exits.filter((e) => e.state !== 'working').map((e) => html`<li data-exit="${e.exit}" data-state="${e.state}">${e.exit}:
    ${e.state === 'benched' ? html`benched until ${timeOfDay(e.until!)}` : 'being probed'}${e.reason ? html` (${e.reason})` : ''}</li>`)}</ul>`;
}

/** The three remedies, with the command for the one that needs a command. */
function remedies(view: ExitsView, retryAt: Date | null): Html {
  return html`<p>To get transcripts again sooner:</p><ul class="remedies">
    <li>Run a transcript worker on a computer with a home internet connection, with subtext installed and this server's settings:
      ${view.homeWorkerCommand
        ? html`<br><code data-command="home-worker">${view.homeWorkerCommand}</code>`
        : html`this server uses its embedded database, which other computers cannot reach: move it to a shared PostgreSQL first (see the README, “When YouTube blocks your server”).`}</li>
    <li>Or give the workers proxies to go out through: set <code>TRANSCRIPT_PROXY_URL</code> (comma-separated) and restart them.</li>
    <li>Or wait: subtext tries YouTube again ${retryAt ? html`at ${timeOfDay(retryAt)}` : 'shortly'} and resumes by itself.</li></ul>`;
}

/** One status block; empty when every exit works and nothing needs saying. */
export function exitsStatus(view: ExitsView): Html {
  const { exits } = view;
  if (exits.length === 0) {
    return html`<div id="exits" data-working="0" data-benched="0" class="notice" role="status"><p>No transcript worker is running: start one with <code>npm run worker</code>.</p></div>`;
  }
  const working = exits.filter((e) => e.state === 'working').length;
  const benched = exits.length - working;
  const counts = html`<strong>${working}</strong> of ${exits.length} ${exits.length === 1 ? 'exit' : 'exits'} to YouTube working, <strong>${benched}</strong> benched`;
  if (working > 0) {
    return html`<div id="exits" data-working="${working}" data-benched="${benched}"><p>${counts}.</p>${benched > 0 && view.forOperator ? benchedList(exits) : ''}</div>`;
  }
  const retryAt = exits.map((e) => e.until).filter((d): d is Date => d !== null).sort((a, b) => a.getTime() - b.getTime())[0] ?? null;
  return html`<div id="exits" data-working="0" data-benched="${benched}" class="alert" role="alert">
    <p>YouTube is blocking every way out of this server (${counts}): transcript fetching is paused; nothing is marked failed.</p>
    ${view.forOperator
      ? html`${benchedList(exits)}${remedies(view, retryAt)}`
      : html`<p>subtext tries YouTube again ${retryAt ? html`at ${timeOfDay(retryAt)}` : 'shortly'} and resumes by itself; the administrator can get it going sooner (see the jobs dashboard).</p>`}</div>`;
}
