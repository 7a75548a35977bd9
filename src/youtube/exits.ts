// The ways out to YouTube ("exits"): each proxy in TRANSCRIPT_PROXY_URL, or this machine's own
// connection when there is none. YouTube limits and blocks per IP, so each exit has its own request
// window in Postgres (TRANSCRIPT_RATE each, shared by every worker process that uses the exit) and,
// in indexing, its own circuit breaker: N exits give N times the throughput, and a blocked one is
// benched alone. All requests for one video go through one exit, as caption URLs are tied to the
// IP that asked for them.
import type { Config } from '../config.ts';
import type { Sql } from '../db/client.ts';
import { windowedFetch } from './request-window.ts';
import { createYoutubeWebFetch } from './web-fetch.ts';

/** The request window's margin for an exit through a proxy (the direct connection's is 80 ms). */
const PROXY_MARGIN_S = 0.15;

export interface ExitSpec {
  /**
   * Stable, shown to people and free of credentials: "direct" (or TRANSCRIPT_EXIT_NAME) for this
   * machine's connection, "proxy host:port" for a proxy ("#2" on for a second one at the same address).
   */
  readonly name: string;
  readonly proxyUrl?: string;
}

export interface TranscriptExit extends ExitSpec {
  /** Every request to YouTube's web endpoints through this exit, each inside the exit's window. */
  readonly fetch: typeof fetch;
}

type ExitConfig = Pick<Config, 'transcriptProxyUrls' | 'transcriptExitName'>;

export function exitSpecs(config: ExitConfig): ExitSpec[] {
  if (config.transcriptProxyUrls.length === 0) return [{ name: config.transcriptExitName }];
  const seen = new Map<string, number>();
  return config.transcriptProxyUrls.map((proxyUrl) => {
    const url = new URL(proxyUrl);
    const address = `${url.hostname}:${url.port || (url.protocol === 'https:' ? '443' : '80')}`;
    const count = (seen.get(address) ?? 0) + 1;
    seen.set(address, count);
    return { name: `proxy ${address}${count > 1 ? ` #${count}` : ''}`, proxyUrl };
  });
}

/** The request window an exit's requests take their slots from. */
export const exitWindowName = (exitName: string) => `youtube-web:${exitName}`;

/** Without a database (the doctor, when it cannot reach one) the exits have no windows. */
export function createTranscriptExits(config: ExitConfig & Pick<Config, 'youtubeWebUrl' | 'transcriptTimeoutMs' | 'transcriptRate'>, sql: Sql | undefined): TranscriptExit[] {
  return exitSpecs(config).map((spec) => {
    const direct = createYoutubeWebFetch({ webUrl: config.youtubeWebUrl, timeoutMs: config.transcriptTimeoutMs, ...(spec.proxyUrl ? { proxyUrl: spec.proxyUrl } : {}) });
    return { ...spec, fetch: sql ? windowedFetch(direct, sql, {
      name: exitWindowName(spec.name),
      perSecond: config.transcriptRate,
      // A proxy is one more hop whose delay varies: requests granted apart can reach YouTube together.
      ...(spec.proxyUrl ? { marginSeconds: PROXY_MARGIN_S } : {}),
    }) : direct };
  });
}
