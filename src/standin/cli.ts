import { startStandin, type StandinOptions } from './server.ts';

const DEFAULT_PORT = 4100;

/** The one place the stand-in reads the environment (until it moves into config.ts). */
function optionsFromEnvironment(): StandinOptions {
  const port = Number(process.env['STANDIN_PORT'] ?? DEFAULT_PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`STANDIN_PORT must be a port number, got "${process.env['STANDIN_PORT']}"`);
  return { port };
}

/** `npm run standin`: serve the stand-in until the process is stopped. */
export async function runStandinCli(): Promise<void> {
  const standin = await startStandin(optionsFromEnvironment());
  console.log(`YouTube/Google stand-in listening on ${standin.url}`);
  console.log(`Point YOUTUBE_API_URL, YOUTUBE_WEB_URL, YOUTUBE_THUMBNAIL_URL and GOOGLE_OAUTH_URL at it; demo ids: ${standin.url}/__standin/demo`);
  const stop = () => {
    void standin.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
