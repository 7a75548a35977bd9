import { z } from 'zod';

// Route groups share latency, error injection and request counting.
export const ROUTE_GROUPS = ['dataApi', 'player', 'watch', 'captions', 'oembed', 'thumbnails', 'oauth'] as const;
export type RouteGroup = (typeof ROUTE_GROUPS)[number];
export type PerGroup = Record<RouteGroup, number>;

export interface Knobs {
  /** Added before answering, per route group (async, never blocks other requests). */
  latencyMs: PerGroup;
  /** Probability (0..1) of answering 500 or 503 instead, per route group. */
  errorRate: PerGroup;
  /** Seeds the error-injection RNG so a failing run can be replayed. */
  randomSeed: number;
  /** Epoch ms. Until then the player answers the bot check, the watch page a recaptcha and captions 429. */
  blockedUntil: number;
  /** Requests per second over player + watch + captions together, per exit (YouTube limits per IP); 0 = unlimited. */
  rateLimitPerSecond: number;
  /**
   * Exits (source addresses, as the stand-in sees them: a test proxy bound to 127.0.0.3 is the
   * exit "127.0.0.3") that YouTube has flagged: their player asks for the bot check, their watch
   * page is a recaptcha and their caption URLs answer 429, while every other exit goes on.
   */
  blockedExits: ReadonlyArray<string>;
  /** When the rate limit trips, also block (as blockedUntil) for this long, like YouTube does. */
  rateLimitBlockMs: number;
  /** Data API units per (Pacific) day before 403 quotaExceeded. */
  quotaLimit: number;
  /** Empty = any non-empty key is accepted. */
  validApiKeys: ReadonlyArray<string>;
  /** Watch page shows the EU consent form: true unless the request carries a SOCS=CAI or
   * CONSENT=YES+ cookie; 'always' even with one (the cookie no longer works). */
  consentWall: boolean | 'always';
  /** Innertube player answers 400 FAILED_PRECONDITION for every video (a retired client version),
   * which sends youtube-transcript through the watch page and classic XML captions. */
  innertubeFailure: boolean;
  /**
   * "Cloud IP" mode, per client: innertube clientNames (e.g. 'ANDROID'), 'WEB' for the watch page,
   * '*' for all. Such a player answers LOGIN_REQUIRED "Sign in to confirm you're not a bot"; such a
   * watch page answers OK without captions (what YouTube does to data-centre IPs in 2025-2026).
   */
  cloudIpClients: ReadonlyArray<string>;
  /** Clients (same names) whose player answers OK without captions: a decayed client version. */
  captionlessClients: ReadonlyArray<string>;
  /** Clients (same names) whose caption URLs carry exp=xpv: without a proof-of-origin token
   * (&pot=) the caption URL answers 200 with an empty body. */
  poTokenClients: ReadonlyArray<string>;
  /** Oldest clientVersion accepted per innertube clientName, e.g. { ANDROID: '21.0.0' }: older
   * versions are refused with 400 FAILED_PRECONDITION. */
  minClientVersions: Readonly<Record<string, string>>;
  /** Language of reasons and pages when a request does not ask for English (innertube
   * context.client.hl, the watch page's hl=, else Accept-Language): 'de' plays a server in Germany. */
  localLanguage: 'en' | 'de';
  accessTokenTtlSeconds: number;
  /** Added to the time bucket of the mostPopular charts; bump it to move the charts on. */
  trendingEpoch: number;
  /** Length of a chart time bucket; 0 freezes the charts except for trendingEpoch. */
  trendingBucketMinutes: number;
  /** Shifts the stand-in's clock (token expiry, quota day, charts) without waiting. */
  clockOffsetMs: number;
  /** Epoch ms at which video statistics are read; 0 = the stand-in's clock, so counts grow as
   * time passes. Tests pin it to read known counts, or step it to watch them grow. */
  statsAt: number;
  /** Per account sub: the email (and email_verified) Google reports instead of the account's own, as when an address changes hands. */
  emailClaims: Readonly<Record<string, { readonly email?: string; readonly verified?: boolean }>>;
}

export type KnobsPatch = {
  [K in keyof Knobs]?: Knobs[K] extends PerGroup ? number | Partial<PerGroup> : Knobs[K];
};

export function defaultKnobs(): Knobs {
  return {
    latencyMs: perGroup(0),
    errorRate: perGroup(0),
    randomSeed: 1,
    blockedUntil: 0,
    rateLimitPerSecond: 0,
    rateLimitBlockMs: 0,
    blockedExits: [],
    quotaLimit: 10_000,
    validApiKeys: [],
    consentWall: false,
    innertubeFailure: false,
    cloudIpClients: [],
    captionlessClients: [],
    poTokenClients: [],
    minClientVersions: {},
    localLanguage: 'en',
    accessTokenTtlSeconds: 3600,
    trendingEpoch: 0,
    trendingBucketMinutes: 15,
    clockOffsetMs: 0,
    statsAt: 0,
    emailClaims: {},
  };
}

/** Mutates in place so every holder of the live object sees the change. */
export function applyKnobsPatch(knobs: Knobs, patch: KnobsPatch): void {
  const { latencyMs, errorRate, ...flat } = patch;
  if (latencyMs !== undefined) mergePerGroup(knobs.latencyMs, latencyMs);
  if (errorRate !== undefined) mergePerGroup(knobs.errorRate, errorRate);
  for (const [key, value] of Object.entries(flat)) {
    if (value !== undefined) Object.assign(knobs, { [key]: value });
  }
}

const nonNegative = z.number().finite().min(0);
const perGroupPatch = (value: z.ZodNumber) =>
  z.union([value, z.strictObject(Object.fromEntries(ROUTE_GROUPS.map((group) => [group, value.optional()])))]);

/** The shape accepted by POST /__standin/knobs. */
export const knobsPatchSchema = z.strictObject({
  latencyMs: perGroupPatch(nonNegative).optional(),
  errorRate: perGroupPatch(nonNegative.max(1)).optional(),
  randomSeed: z.int().optional(),
  blockedUntil: nonNegative.optional(),
  rateLimitPerSecond: nonNegative.optional(),
  rateLimitBlockMs: nonNegative.optional(),
  blockedExits: z.array(z.string().min(1)).optional(),
  quotaLimit: nonNegative.optional(),
  validApiKeys: z.array(z.string().min(1)).optional(),
  consentWall: z.union([z.boolean(), z.literal('always')]).optional(),
  innertubeFailure: z.boolean().optional(),
  cloudIpClients: z.array(z.string().min(1)).optional(),
  captionlessClients: z.array(z.string().min(1)).optional(),
  poTokenClients: z.array(z.string().min(1)).optional(),
  minClientVersions: z.record(z.string().min(1), z.string().regex(/^\d+(\.\d+)*$/)).optional(),
  localLanguage: z.enum(['en', 'de']).optional(),
  accessTokenTtlSeconds: z.int().min(1).optional(),
  trendingEpoch: z.int().optional(),
  trendingBucketMinutes: nonNegative.optional(),
  clockOffsetMs: z.number().finite().optional(),
  statsAt: nonNegative.optional(),
  emailClaims: z.record(z.string(), z.strictObject({ email: z.email().optional(), verified: z.boolean().optional() })).optional(),
});

function perGroup(value: number): PerGroup {
  return { dataApi: value, player: value, watch: value, captions: value, oembed: value, thumbnails: value, oauth: value };
}

function mergePerGroup(target: PerGroup, patch: number | Partial<PerGroup>): void {
  Object.assign(target, typeof patch === 'number' ? perGroup(patch) : patch);
}
