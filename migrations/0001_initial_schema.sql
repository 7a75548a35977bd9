CREATE TABLE "api_tokens" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"user_id" bigint NOT NULL,
	"name" text NOT NULL,
	"token_hash" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	CONSTRAINT "api_tokens_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "circuit_breakers" (
	"name" text PRIMARY KEY NOT NULL,
	"open_until" timestamp with time zone,
	"trips" integer DEFAULT 0 NOT NULL,
	"reason" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "google_credentials" (
	"user_id" bigint PRIMARY KEY NOT NULL,
	"refresh_token_encrypted" "bytea",
	"access_token_encrypted" "bytea",
	"access_token_expires_at" timestamp with time zone,
	"scope" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "index_run_videos" (
	"run_id" bigint NOT NULL,
	"video_id" text NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"reason" text,
	"finished_at" timestamp with time zone,
	CONSTRAINT "index_run_videos_run_id_video_id_pk" PRIMARY KEY("run_id","video_id")
);
--> statement-breakpoint
CREATE TABLE "index_runs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"playlist_id" text NOT NULL,
	"requested_by" bigint,
	"mode" text DEFAULT 'new' NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"total_videos" integer,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"listed_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "library_playlists" (
	"user_id" bigint NOT NULL,
	"playlist_id" text NOT NULL,
	"source" text NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "library_playlists_user_id_playlist_id_pk" PRIMARY KEY("user_id","playlist_id")
);
--> statement-breakpoint
CREATE TABLE "playlist_videos" (
	"playlist_id" text NOT NULL,
	"video_id" text NOT NULL,
	"position" integer NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	"removed_at" timestamp with time zone,
	CONSTRAINT "playlist_videos_playlist_id_video_id_pk" PRIMARY KEY("playlist_id","video_id")
);
--> statement-breakpoint
CREATE TABLE "playlists" (
	"id" text PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"channel_id" text,
	"channel_title" text,
	"thumbnail_url" text,
	"item_count" integer DEFAULT 0 NOT NULL,
	"privacy_status" text,
	"fetched_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "quota_usage" (
	"day" date PRIMARY KEY NOT NULL,
	"units_used" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rate_limit_buckets" (
	"name" text PRIMARY KEY NOT NULL,
	"tokens" double precision NOT NULL,
	"rate_per_second" double precision NOT NULL,
	"burst" double precision NOT NULL,
	"refilled_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"token_hash" "bytea" PRIMARY KEY NOT NULL,
	"user_id" bigint NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "transcript_segments" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"video_id" text NOT NULL,
	"position" integer NOT NULL,
	"start_ms" integer NOT NULL,
	"end_ms" integer NOT NULL,
	"text" text NOT NULL,
	"search_text" text NOT NULL,
	"language" text NOT NULL,
	"search_vector" "tsvector" GENERATED ALWAYS AS (
    to_tsvector(subtext_text_search_config(language), subtext_unaccent(search_text)) ||
    to_tsvector('simple', subtext_unaccent(search_text))) STORED
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"google_subject" text NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"picture_url" text,
	"youtube_access_lost_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_google_subject_unique" UNIQUE("google_subject")
);
--> statement-breakpoint
CREATE TABLE "videos" (
	"id" text PRIMARY KEY NOT NULL,
	"title" text DEFAULT '' NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"channel_id" text,
	"channel_title" text,
	"published_at" timestamp with time zone,
	"duration_seconds" integer,
	"view_count" bigint,
	"like_count" bigint,
	"comment_count" bigint,
	"privacy_status" text,
	"thumbnail_url" text,
	"details_fetched_at" timestamp with time zone,
	"transcript_status" text DEFAULT 'pending' NOT NULL,
	"transcript_error" text,
	"transcript_language" text,
	"transcript_kind" text,
	"transcript_fetched_at" timestamp with time zone,
	"search_vector" "tsvector" GENERATED ALWAYS AS (
    setweight(to_tsvector('english', subtext_unaccent(coalesce(title, ''))), 'A') ||
    setweight(to_tsvector('simple', subtext_unaccent(coalesce(title, ''))), 'A') ||
    setweight(to_tsvector('english', subtext_unaccent(coalesce(description, ''))), 'B') ||
    setweight(to_tsvector('simple', subtext_unaccent(coalesce(description, ''))), 'B')) STORED
);
--> statement-breakpoint
CREATE TABLE "worker_heartbeats" (
	"worker_id" text PRIMARY KEY NOT NULL,
	"hostname" text NOT NULL,
	"pid" integer NOT NULL,
	"pools" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"stopping" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "google_credentials" ADD CONSTRAINT "google_credentials_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "index_run_videos" ADD CONSTRAINT "index_run_videos_run_id_index_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."index_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "index_run_videos" ADD CONSTRAINT "index_run_videos_video_id_videos_id_fk" FOREIGN KEY ("video_id") REFERENCES "public"."videos"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "index_runs" ADD CONSTRAINT "index_runs_playlist_id_playlists_id_fk" FOREIGN KEY ("playlist_id") REFERENCES "public"."playlists"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "index_runs" ADD CONSTRAINT "index_runs_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "library_playlists" ADD CONSTRAINT "library_playlists_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "library_playlists" ADD CONSTRAINT "library_playlists_playlist_id_playlists_id_fk" FOREIGN KEY ("playlist_id") REFERENCES "public"."playlists"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "playlist_videos" ADD CONSTRAINT "playlist_videos_playlist_id_playlists_id_fk" FOREIGN KEY ("playlist_id") REFERENCES "public"."playlists"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "playlist_videos" ADD CONSTRAINT "playlist_videos_video_id_videos_id_fk" FOREIGN KEY ("video_id") REFERENCES "public"."videos"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transcript_segments" ADD CONSTRAINT "transcript_segments_video_id_videos_id_fk" FOREIGN KEY ("video_id") REFERENCES "public"."videos"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "index_run_videos_video_pending_idx" ON "index_run_videos" USING btree ("video_id") WHERE state = 'pending';--> statement-breakpoint
CREATE INDEX "index_runs_playlist_id_idx" ON "index_runs" USING btree ("playlist_id","created_at");--> statement-breakpoint
CREATE INDEX "library_playlists_playlist_id_idx" ON "library_playlists" USING btree ("playlist_id");--> statement-breakpoint
CREATE INDEX "playlist_videos_video_id_idx" ON "playlist_videos" USING btree ("video_id");--> statement-breakpoint
CREATE INDEX "sessions_user_id_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "transcript_segments_video_position_idx" ON "transcript_segments" USING btree ("video_id","position");--> statement-breakpoint
CREATE INDEX "transcript_segments_search_vector_idx" ON "transcript_segments" USING gin ("search_vector");--> statement-breakpoint
CREATE INDEX "videos_search_vector_idx" ON "videos" USING gin ("search_vector");--> statement-breakpoint
CREATE INDEX "videos_channel_id_idx" ON "videos" USING btree ("channel_id");