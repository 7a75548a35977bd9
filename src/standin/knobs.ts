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
  /** Requests per second over player + watch + captions together (YouTube limits per IP); 0 = unlimited. */
  rateLimitPerSecond: number;
  /** When the rate limit trips, also block (as blockedUntil) for this long, like YouTube does. */
  rateLimitBlockMs: number;
  /** Data API units per (Pacific) day before 403 quotaExceeded. */
  quotaLimit: number;
  /** Empty = any non-empty key is accepted. */
  validApiKeys: ReadonlyArray<string>;
  /** Watch page shows the EU consent form unless the request carries a CONSENT=YES+ cookie. */
  consentWall: boolean;
  /** Innertube player answers 400 FAILED_PRECONDITION for every video (a retired client version),
   * which sends youtube-transcript through the watch page and classic XML captions. */
  innertubeFailure: boolean;
  accessTokenTtlSeconds: number;
  /** Added to the time bucket of the mostPopular charts; bump it to move the charts on. */
  trendingEpoch: number;
  /** Length of a chart time bucket; 0 freezes the charts except for trendingEpoch. */
  trendingBucketMinutes: number;
  /** Shifts the stand-in's clock (token expiry, quota day, charts) without waiting. */
  clockOffsetMs: number;
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
    quotaLimit: 10_000,
    validApiKeys: [],
    consentWall: false,
    innertubeFailure: false,
    accessTokenTtlSeconds: 3600,
    trendingEpoch: 0,
    trendingBucketMinutes: 15,
    clockOffsetMs: 0,
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
  quotaLimit: nonNegative.optional(),
  validApiKeys: z.array(z.string().min(1)).optional(),
  consentWall: z.boolean().optional(),
  innertubeFailure: z.boolean().optional(),
  accessTokenTtlSeconds: z.int().min(1).optional(),
  trendingEpoch: z.int().optional(),
  trendingBucketMinutes: nonNegative.optional(),
  clockOffsetMs: z.number().finite().optional(),
  emailClaims: z.record(z.string(), z.strictObject({ email: z.email().optional(), verified: z.boolean().optional() })).optional(),
});

function perGroup(value: number): PerGroup {
  return { dataApi: value, player: value, watch: value, captions: value, oembed: value, thumbnails: value, oauth: value };
}

function mergePerGroup(target: PerGroup, patch: number | Partial<PerGroup>): void {
  Object.assign(target, typeof patch === 'number' ? perGroup(patch) : patch);
}
