// The database a command-line tool works on, found as the app finds it: DATABASE_URL, or the
// embedded PostgreSQL under DATA_DIR (the running one if `npm start` is up, else started for the
// tool and stopped after it).
import path from 'node:path';
import { ConfigError, loadConfig } from '../src/config.ts';
import { runningEmbeddedUrl, startEmbeddedPostgres } from '../src/db/embedded.ts';
import { log, setLogLevel } from '../src/log.ts';
import { StartupError } from '../src/startup-error.ts';

export async function withToolDatabase(run: (url: string) => Promise<void>): Promise<void> {
  try {
    const config = loadConfig();
    setLogLevel(config.logLevel === 'info' ? 'warn' : config.logLevel);
    if (config.databaseUrl) return await run(config.databaseUrl);
    const dir = path.join(config.dataDir, 'postgres');
    const running = await runningEmbeddedUrl({ dir, port: config.embeddedPostgresPort });
    if (running) return await run(running);
    const embedded = await startEmbeddedPostgres({ dir, port: config.embeddedPostgresPort });
    try {
      await run(embedded.url);
    } finally {
      await embedded.stop();
    }
  } catch (err) {
    if (err instanceof ConfigError || err instanceof StartupError) console.error(err.message);
    else log.error('failed', { err });
    process.exit(1);
  }
}
