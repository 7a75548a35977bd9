// The database schema, which is also a public interface: people query it directly for ad hoc
// analysis, so names are plain English and every table says what one row is.
// Graphile Worker keeps its own schema (graphile_worker), outside drizzle-kit's reach.
import { sql } from 'drizzle-orm';
import {
  bigint, bigserial, boolean, customType, date, doublePrecision, index, integer, jsonb, pgTable,
  primaryKey, text, timestamp, uniqueIndex,
} from 'drizzle-orm/pg-core';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });
const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });
const timestamptz = (name: string) => timestamp(name, { withTimezone: true });

/** One row per person who signed in with Google. */
export const users = pgTable('users', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  googleSubject: text('google_subject').notNull().unique(),
  email: text('email').notNull(),
  name: text('name').notNull(),
  pictureUrl: text('picture_url'),
  /** Set when Google answered invalid_grant: the person must reconnect YouTube. */
  youtubeAccessLostAt: timestamptz('youtube_access_lost_at'),
  /** When the list of playlists this person owns on YouTube was last read (the library page refreshes it when stale). */
  ownedPlaylistsSyncedAt: timestamptz('owned_playlists_synced_at'),
  /** Google's email_verified at the latest sign-in: an unverified address never makes anyone an admin. */
  emailVerified: boolean('email_verified').notNull().default(false),
  createdAt: timestamptz('created_at').notNull().defaultNow(),
});

/**
 * Which Google account holds the admin rights of an ADMIN_EMAILS address: the subject of the first
 * verified sign-in with it. Google may hand an address to another account later; the rights stay here.
 */
export const adminSubjects = pgTable('admin_subjects', {
  email: text('email').primaryKey(),
  googleSubject: text('google_subject').notNull(),
  pinnedAt: timestamptz('pinned_at').notNull().defaultNow(),
});

/** A signed-in browser. Only the SHA-256 of the cookie's token is stored. */
export const sessions = pgTable('sessions', {
  tokenHash: bytea('token_hash').primaryKey(),
  userId: bigint('user_id', { mode: 'number' }).notNull().references(() => users.id, { onDelete: 'cascade' }),
  expiresAt: timestamptz('expires_at').notNull(),
  createdAt: timestamptz('created_at').notNull().defaultNow(),
}, (t) => [index('sessions_user_id_idx').on(t.userId)]);

/** Google OAuth tokens of a user, encrypted with AES-256-GCM under ENCRYPTION_KEY. */
export const googleCredentials = pgTable('google_credentials', {
  userId: bigint('user_id', { mode: 'number' }).primaryKey().references(() => users.id, { onDelete: 'cascade' }),
  refreshTokenEncrypted: bytea('refresh_token_encrypted'),
  accessTokenEncrypted: bytea('access_token_encrypted'),
  accessTokenExpiresAt: timestamptz('access_token_expires_at'),
  scope: text('scope').notNull(),
  updatedAt: timestamptz('updated_at').notNull().defaultNow(),
});

/**
 * A list of videos a library can hold, stored once however many libraries hold it: a YouTube
 * playlist; a channel (its uploads playlist "UU…", titled with the channel's name); a person's
 * "Single videos" (videos added one by one; no YouTube list behind it); or a person's liked videos.
 * The last two belong to one person (owner_user_id) and have ids subtext makes up.
 */
export const playlists = pgTable('playlists', {
  id: text('id').primaryKey(),
  kind: text('kind', { enum: ['playlist', 'channel', 'videos', 'likes'] }).notNull().default('playlist'),
  /** The list to page through on YouTube when it is not the id itself (the likes list "LL"); null for "videos". */
  youtubeListId: text('youtube_list_id'),
  /** The one person a "videos" or "likes" list belongs to; read with their own Google grant. */
  ownerUserId: bigint('owner_user_id', { mode: 'number' }).references(() => users.id, { onDelete: 'cascade' }),
  title: text('title').notNull(),
  description: text('description').notNull().default(''),
  channelId: text('channel_id'),
  channelTitle: text('channel_title'),
  thumbnailUrl: text('thumbnail_url'),
  /** Video count as YouTube reported it. */
  itemCount: integer('item_count').notNull().default(0),
  privacyStatus: text('privacy_status'),
  fetchedAt: timestamptz('fetched_at').notNull().defaultNow(),
});

/** Which playlists are in whose library: owned (from their channel) or added by URL. */
export const libraryPlaylists = pgTable('library_playlists', {
  userId: bigint('user_id', { mode: 'number' }).notNull().references(() => users.id, { onDelete: 'cascade' }),
  playlistId: text('playlist_id').notNull().references(() => playlists.id, { onDelete: 'cascade' }),
  source: text('source', { enum: ['owned', 'added'] }).notNull(),
  addedAt: timestamptz('added_at').notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.userId, t.playlistId] }), index('library_playlists_playlist_id_idx').on(t.playlistId)]);

/**
 * A playlist someone owns on YouTube but removed from their library, so refreshing their
 * YouTube playlists does not bring it back. Adding it again by URL deletes the row.
 */
export const removedOwnedPlaylists = pgTable('removed_owned_playlists', {
  userId: bigint('user_id', { mode: 'number' }).notNull().references(() => users.id, { onDelete: 'cascade' }),
  playlistId: text('playlist_id').notNull(),
  removedAt: timestamptz('removed_at').notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.userId, t.playlistId] })]);

/**
 * A YouTube video, stored once. transcript_status says where its transcript stands:
 * pending, indexed, unavailable (permanent reason in transcript_error), failed (transient, gave up),
 * or skipped (a private/deleted placeholder).
 */
export const videos = pgTable('videos', {
  id: text('id').primaryKey(),
  title: text('title').notNull().default(''),
  description: text('description').notNull().default(''),
  channelId: text('channel_id'),
  channelTitle: text('channel_title'),
  publishedAt: timestamptz('published_at'),
  durationSeconds: integer('duration_seconds'),
  viewCount: bigint('view_count', { mode: 'number' }),
  /** Null when the channel hides it. */
  likeCount: bigint('like_count', { mode: 'number' }),
  commentCount: bigint('comment_count', { mode: 'number' }),
  /** public, unlisted, private, or deleted (YouTube's privacyStatusUnspecified placeholder). */
  privacyStatus: text('privacy_status'),
  thumbnailUrl: text('thumbnail_url'),
  detailsFetchedAt: timestamptz('details_fetched_at'),
  transcriptStatus: text('transcript_status', { enum: ['pending', 'indexed', 'unavailable', 'failed', 'skipped'] }).notNull().default('pending'),
  transcriptError: text('transcript_error'),
  transcriptLanguage: text('transcript_language'),
  /** manual or auto (YouTube's auto-generated "asr" captions). */
  transcriptKind: text('transcript_kind', { enum: ['manual', 'auto'] }),
  transcriptFetchedAt: timestamptz('transcript_fetched_at'),
  /** Which client YouTube gave the captions to: an innertube client as NAME:VERSION, or WEB (the watch page). */
  transcriptClient: text('transcript_client'),
  /** Set with a "no captions" verdict: creators add captions, so the daily re-sync asks again after this. */
  transcriptRecheckAfter: timestamptz('transcript_recheck_after'),
  /** A worker fetching this transcript holds this lease, so two jobs never fetch one video at once. */
  transcriptLeaseUntil: timestamptz('transcript_lease_until'),
  /** The Graphile Worker job holding the lease: the same job, re-run after a crash, may take it back. */
  transcriptLeaseJobId: bigint('transcript_lease_job_id', { mode: 'number' }),
  /**
   * Title (weight A) and description (weight B): each word as said and as its stem in the transcript's
   * language (English until one is known), accents folded. Query it with subtext_search_query().
   */
  searchVector: tsvector('search_vector').generatedAlwaysAs(sql`
    setweight(subtext_words_and_stems(subtext_text_search_config(coalesce(transcript_language, 'en')), title), 'A') ||
    setweight(subtext_words_and_stems(subtext_text_search_config(coalesce(transcript_language, 'en')), description), 'B')`),
}, (t) => [
  index('videos_search_vector_idx').using('gin', t.searchVector),
  index('videos_channel_id_idx').on(t.channelId),
  // subtext_transcript_languages() skips through it: one probe per language.
  index('videos_transcript_language_idx').on(t.transcriptLanguage),
  // The jobs dashboard counts the last day's transcripts per client.
  index('videos_transcript_client_idx').on(t.transcriptFetchedAt, t.transcriptClient).where(sql`transcript_client is not null`),
  // Also videos_search_facts_idx (id) INCLUDE (published_at, channel_id, ...), for searches: made in
  // migrations/0012 because drizzle cannot declare INCLUDE.
]);

/** Membership and order of videos in a playlist. removed_at is set when a re-sync no longer finds it. */
export const playlistVideos = pgTable('playlist_videos', {
  playlistId: text('playlist_id').notNull().references(() => playlists.id, { onDelete: 'cascade' }),
  videoId: text('video_id').notNull().references(() => videos.id, { onDelete: 'cascade' }),
  position: integer('position').notNull(),
  addedAt: timestamptz('added_at').notNull().defaultNow(),
  removedAt: timestamptz('removed_at'),
}, (t) => [primaryKey({ columns: [t.playlistId, t.videoId] }), index('playlist_videos_video_id_idx').on(t.videoId)]);

/**
 * One caption cue of a video's transcript. search_text is this cue's text, a space, then the next
 * cue's text (the last cue: its own text), so a phrase said across two cues is still found and maps
 * back to the second this cue starts.
 */
export const transcriptSegments = pgTable('transcript_segments', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  videoId: text('video_id').notNull().references(() => videos.id, { onDelete: 'cascade' }),
  position: integer('position').notNull(),
  startMs: integer('start_ms').notNull(),
  endMs: integer('end_ms').notNull(),
  text: text('text').notNull(),
  searchText: text('search_text').notNull(),
  language: text('language').notNull(),
  /**
   * This cue's words stemmed in its language (weight A), then the next cue's (weight D), so a phrase said
   * across the two matches here (see subtext_segment_vector); query it with subtext_search_query(..., segments => true).
   */
  searchVector: tsvector('search_vector').generatedAlwaysAs(sql`subtext_segment_vector(language, text, search_text)`),
}, (t) => [
  uniqueIndex('transcript_segments_video_position_idx').on(t.videoId, t.position),
  /**
   * The words, keyed by the segment's bucket first (btree_gin): SEGMENT_BUCKET_BITS of consecutive ids
   * (src/search/queries.ts). A search reads one bucket at a time until it has enough cues, so a word
   * said everywhere costs the same in a library of ten million cues as in one of a million; the index
   * alone on search_vector would hand over every matching cue of the database first. Queries on
   * search_vector alone use it too.
   */
  index('transcript_segments_bucket_search_idx').using('gin', sql`(${t.id} >> 16)`, t.searchVector),
]);

/** One press of "Start indexing" (or a scheduled re-sync) for one playlist. */
export const indexRuns = pgTable('index_runs', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  playlistId: text('playlist_id').notNull().references(() => playlists.id, { onDelete: 'cascade' }),
  requestedBy: bigint('requested_by', { mode: 'number' }).references(() => users.id, { onDelete: 'set null' }),
  /** new: only videos never indexed or failed; all: re-index everything. */
  mode: text('mode', { enum: ['new', 'all'] }).notNull().default('new'),
  /** paused and cancelled are set by a person; transcript jobs skip the videos only such runs wait for. */
  status: text('status', { enum: ['queued', 'listing', 'fetching', 'paused', 'completed', 'failed', 'cancelled'] }).notNull().default('queued'),
  /** Known once paging through the playlist ends. */
  totalVideos: integer('total_videos'),
  error: text('error'),
  createdAt: timestamptz('created_at').notNull().defaultNow(),
  listedAt: timestamptz('listed_at'),
  finishedAt: timestamptz('finished_at'),
}, (t) => [index('index_runs_playlist_id_idx').on(t.playlistId, t.createdAt)]);

/** What one run did with one video; progress is counted from these rows, so it always matches them. */
export const indexRunVideos = pgTable('index_run_videos', {
  runId: bigint('run_id', { mode: 'number' }).notNull().references(() => indexRuns.id, { onDelete: 'cascade' }),
  videoId: text('video_id').notNull().references(() => videos.id, { onDelete: 'cascade' }),
  /** pending, done, failed, skipped (placeholders, or already settled in a "new" run), cancelled (pending when the run was cancelled). */
  state: text('state', { enum: ['pending', 'done', 'failed', 'skipped', 'cancelled'] }).notNull().default('pending'),
  reason: text('reason'),
  finishedAt: timestamptz('finished_at'),
}, (t) => [primaryKey({ columns: [t.runId, t.videoId] }), index('index_run_videos_video_pending_idx').on(t.videoId).where(sql`state = 'pending'`)]);

/** A circuit breaker shared by every worker process (e.g. "transcripts" opens when YouTube blocks us). */
export const circuitBreakers = pgTable('circuit_breakers', {
  name: text('name').primaryKey(),
  openUntil: timestamptz('open_until'),
  /** Consecutive openings; each one doubles the pause. */
  trips: integer('trips').notNull().default(0),
  reason: text('reason'),
  /** While half-open, the one worker allowed to probe holds this lease. */
  probeStartedAt: timestamptz('probe_started_at'),
  updatedAt: timestamptz('updated_at').notNull().defaultNow(),
});

/** Token buckets shared by every worker process: tokens refill at rate_per_second up to burst. */
export const rateLimitBuckets = pgTable('rate_limit_buckets', {
  name: text('name').primaryKey(),
  tokens: doublePrecision('tokens').notNull(),
  ratePerSecond: doublePrecision('rate_per_second').notNull(),
  burst: doublePrecision('burst').notNull(),
  refilledAt: timestamptz('refilled_at').notNull().defaultNow(),
});

/**
 * Sliding one-window logs shared by every worker process: grant times (epoch seconds) of the
 * requests sent in the current window, for limits of the form "never more than N in any window".
 */
export const requestWindows = pgTable('request_windows', {
  name: text('name').primaryKey(),
  grants: doublePrecision('grants').array().notNull().default(sql`'{}'`),
});

/** YouTube Data API quota units spent per Pacific-time day. */
export const quotaUsage = pgTable('quota_usage', {
  day: date('day').primaryKey(),
  unitsUsed: integer('units_used').notNull().default(0),
});

/**
 * Data API units one person's actions (refresh, add, index) spent per clock hour, against
 * QUOTA_UNITS_PER_USER_PER_HOUR: the day's allowance is shared, so nobody may spend it for everyone.
 */
export const userQuotaSpend = pgTable('user_quota_spend', {
  userId: bigint('user_id', { mode: 'number' }).notNull().references(() => users.id, { onDelete: 'cascade' }),
  hour: timestamptz('hour').notNull(),
  units: integer('units').notNull(),
}, (t) => [primaryKey({ columns: [t.userId, t.hour] })]);

/** When "Run now" last queued each tracking schedule, for the minimum interval between forced runs. */
export const scheduleRunRequests = pgTable('schedule_run_requests', {
  name: text('name').primaryKey(),
  requestedAt: timestamptz('requested_at').notNull(),
});

/** Personal API tokens for /api; only the SHA-256 is stored. */
export const apiTokens = pgTable('api_tokens', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  userId: bigint('user_id', { mode: 'number' }).notNull().references(() => users.id, { onDelete: 'cascade' }),
  name: text('name').notNull(),
  tokenHash: bytea('token_hash').notNull().unique(),
  createdAt: timestamptz('created_at').notNull().defaultNow(),
  lastUsedAt: timestamptz('last_used_at'),
});

/** Every worker process writes its heartbeat here; /healthz reports the latest. */
export const workerHeartbeats = pgTable('worker_heartbeats', {
  workerId: text('worker_id').primaryKey(),
  hostname: text('hostname').notNull(),
  pid: integer('pid').notNull(),
  pools: jsonb('pools').$type<string[]>().notNull().default([]),
  /** Graphile Worker's ids for this process's worker pools (what graphile_worker.jobs.locked_by holds). */
  graphileWorkerIds: jsonb('graphile_worker_ids').$type<string[]>().notNull().default([]),
  /** The transcript exits (see src/youtube/exits.ts) this process's running pools fetch through. */
  exits: jsonb('exits').$type<string[]>().notNull().default([]),
  startedAt: timestamptz('started_at').notNull().defaultNow(),
  lastSeenAt: timestamptz('last_seen_at').notNull().defaultNow(),
  stopping: boolean('stopping').notNull().default(false),
});

// ─── Tracking videos over time: statistics, trending charts, virality, thumbnails, availability ───

/**
 * One reading of a video's public counters, taken by the scheduled snapshot (or a trending fetch).
 * Null like or comment counts mean the channel hides them: unknown, never zero.
 */
export const videoStatSnapshots = pgTable('video_stat_snapshots', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  videoId: text('video_id').notNull().references(() => videos.id, { onDelete: 'cascade' }),
  takenAt: timestamptz('taken_at').notNull().defaultNow(),
  viewCount: bigint('view_count', { mode: 'number' }),
  likeCount: bigint('like_count', { mode: 'number' }),
  commentCount: bigint('comment_count', { mode: 'number' }),
}, (t) => [index('video_stat_snapshots_video_taken_idx').on(t.videoId, t.takenAt)]);

/** One fetch of YouTube's "most popular" chart for one region (ISO 3166 code such as PL). */
export const trendingCharts = pgTable('trending_charts', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  regionCode: text('region_code').notNull(),
  fetchedAt: timestamptz('fetched_at').notNull().defaultNow(),
}, (t) => [index('trending_charts_region_fetched_idx').on(t.regionCode, t.fetchedAt)]);

/** A video's place in one trending chart; rank 1 is the top. Movement compares a region's consecutive charts. */
export const trendingEntries = pgTable('trending_entries', {
  chartId: bigint('chart_id', { mode: 'number' }).notNull().references(() => trendingCharts.id, { onDelete: 'cascade' }),
  rank: integer('rank').notNull(),
  videoId: text('video_id').notNull().references(() => videos.id, { onDelete: 'cascade' }),
}, (t) => [primaryKey({ columns: [t.chartId, t.rank] }), index('trending_entries_video_id_idx').on(t.videoId)]);

/**
 * The latest virality score of a video, from its two latest snapshots against its region's baseline.
 * label insufficient_data (score null) when there are fewer than two snapshots or no time between them.
 */
export const viralityScores = pgTable('virality_scores', {
  videoId: text('video_id').primaryKey().references(() => videos.id, { onDelete: 'cascade' }),
  /** Whose baseline was used: the region of the video's latest trending chart, or the fallback region. */
  regionCode: text('region_code').notNull(),
  viewsPerHour: doublePrecision('views_per_hour'),
  /** (likes + 2 × comments) ÷ views × 100; null when likes or comments are hidden, or there are no views. */
  engagementPercent: doublePrecision('engagement_percent'),
  /** 0–100: views per hour against the regional baseline. */
  velocityScore: doublePrecision('velocity_score'),
  /** 0–100: engagement against the regional baseline. */
  engagementScore: doublePrecision('engagement_score'),
  /** 0–100: 0.55 × velocity + 0.45 × engagement (velocity alone when engagement is hidden). */
  score: doublePrecision('score'),
  label: text('label', { enum: ['viral', 'trending', 'normal', 'insufficient_data'] }).notNull(),
  computedAt: timestamptz('computed_at').notNull().defaultNow(),
}, (t) => [index('virality_scores_score_idx').on(t.score)]);

/**
 * The latest check of a video's thumbnail (the URL YouTube gave, or /vi/ID/mqdefault.jpg). valid; placeholder (answered, but smaller than 200×150,
 * like YouTube's grey stand-in picture); broken (not 200, timed out, or not an image; see problem).
 */
export const thumbnailChecks = pgTable('thumbnail_checks', {
  videoId: text('video_id').primaryKey().references(() => videos.id, { onDelete: 'cascade' }),
  url: text('url').notNull(),
  status: text('status', { enum: ['valid', 'placeholder', 'broken'] }).notNull(),
  width: integer('width'),
  height: integer('height'),
  httpStatus: integer('http_status'),
  problem: text('problem'),
  checkedAt: timestamptz('checked_at').notNull().defaultNow(),
  /** The picture from the latest valid check, kept so a video that leaves YouTube still shows its thumbnail. */
  keptImage: bytea('kept_image'),
  keptImageType: text('kept_image_type'),
}, (t) => [index('thumbnail_checks_status_idx').on(t.status)]);

/**
 * Whether a video is still on YouTube, from its oEmbed answer: public, private (401/403) or deleted (404).
 * status stays at the last definite answer (unknown until there is one); an unclear answer only
 * updates last_attempt_at and last_problem, and the check is retried later.
 */
export const videoAvailabilityChecks = pgTable('video_availability_checks', {
  videoId: text('video_id').primaryKey().references(() => videos.id, { onDelete: 'cascade' }),
  status: text('status', { enum: ['public', 'private', 'deleted', 'unknown'] }).notNull(),
  httpStatus: integer('http_status'),
  /** When the definite status was last confirmed. */
  checkedAt: timestamptz('checked_at'),
  /** When the video was first found private or deleted; null while public. */
  goneSince: timestamptz('gone_since'),
  lastAttemptAt: timestamptz('last_attempt_at').notNull().defaultNow(),
  lastProblem: text('last_problem'),
}, (t) => [index('video_availability_checks_status_idx').on(t.status)]);

// ---- Search (issue 5) ----

/**
 * Every word said in any transcript or written in a video's title or description (lower-cased, accents
 * folded, 3 to 100 characters, digits included), for "did you mean" and for the words a word being typed
 * begins (subtext_search_queries). Triggers on transcript_segments and videos add new words; nothing waits
 * on a unique index, so a word may now and then appear twice. Suggestions are checked against the person's own library before showing.
 */
export const searchVocabulary = pgTable('search_vocabulary', {
  word: text('word').notNull(),
}, (t) => [
  index('search_vocabulary_word_idx').on(t.word),
  index('search_vocabulary_word_trgm_idx').using('gist', sql`${t.word} gist_trgm_ops`),
  // "Words starting with" (LIKE 'runn%') in any database collation: the completions of a word being typed.
  index('search_vocabulary_word_prefix_idx').using('btree', sql`${t.word} text_pattern_ops`),
]);

// ---- Running in production: the jobs dashboard (issue 7) ----

/**
 * Worker pools an admin paused on /admin/jobs. Every worker process stops its runner for a paused
 * pool (running jobs finish first) and starts it again once the row is gone; queued jobs keep
 * their attempts and run_at meanwhile.
 */
export const workerPoolPauses = pgTable('worker_pool_pauses', {
  pool: text('pool').primaryKey(),
  pausedAt: timestamptz('paused_at').notNull().defaultNow(),
  /** Email of the admin who paused it. */
  pausedBy: text('paused_by').notNull(),
});

/**
 * How many job attempts ended each minute, per task and outcome: 'completed', 'errored' (it will
 * be retried) or 'failed' (its last attempt failed). Graphile Worker deletes finished jobs, so this
 * is where throughput is counted. Worker processes add their counts every few seconds; rows older
 * than a day are deleted.
 */
export const jobCompletions = pgTable('job_completions', {
  minute: timestamptz('minute').notNull(),
  task: text('task').notNull(),
  outcome: text('outcome').$type<'completed' | 'errored' | 'failed'>().notNull(),
  count: integer('count').notNull(),
}, (t) => [primaryKey({ columns: [t.minute, t.task, t.outcome] })]);
