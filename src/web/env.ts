import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';
import type { WorkerUtils } from 'graphile-worker';

/** What route modules need, handed to them when the app is built (no globals). */
export interface AppDeps {
  readonly config: Config;
  readonly database: Database;
  /** Enqueues Graphile Worker jobs. */
  readonly queue: WorkerUtils;
}

export interface SignedInUser {
  readonly id: number;
  readonly email: string;
  readonly name: string;
  readonly youtubeAccessLost: boolean;
  /** Listed in ADMIN_EMAILS, verified, and the account that address's admin rights are pinned to (src/auth/admins.ts); API tokens never carry it. */
  readonly isAdmin?: boolean;
}

/** Per-request context variables, typed for every handler. */
export interface AppEnv {
  Variables: {
    requestId: string;
    user: SignedInUser | undefined;
    /** Demo mode: the stand-in's address, where the inline player and "Open on YouTube" go (its videos are made up). */
    demoYoutubeUrl: string | undefined;
  };
}
