CREATE TABLE "removed_owned_playlists" (
	"user_id" bigint NOT NULL,
	"playlist_id" text NOT NULL,
	"removed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "removed_owned_playlists_user_id_playlist_id_pk" PRIMARY KEY("user_id","playlist_id")
);
--> statement-breakpoint
CREATE TABLE "thumbnail_checks" (
	"video_id" text PRIMARY KEY NOT NULL,
	"url" text NOT NULL,
	"status" text NOT NULL,
	"width" integer,
	"height" integer,
	"http_status" integer,
	"problem" text,
	"checked_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "trending_charts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"region_code" text NOT NULL,
	"fetched_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "trending_entries" (
	"chart_id" bigint NOT NULL,
	"rank" integer NOT NULL,
	"video_id" text NOT NULL,
	CONSTRAINT "trending_entries_chart_id_rank_pk" PRIMARY KEY("chart_id","rank")
);
--> statement-breakpoint
CREATE TABLE "video_availability_checks" (
	"video_id" text PRIMARY KEY NOT NULL,
	"status" text NOT NULL,
	"http_status" integer,
	"checked_at" timestamp with time zone,
	"gone_since" timestamp with time zone,
	"last_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_problem" text
);
--> statement-breakpoint
CREATE TABLE "video_stat_snapshots" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"video_id" text NOT NULL,
	"taken_at" timestamp with time zone DEFAULT now() NOT NULL,
	"view_count" bigint,
	"like_count" bigint,
	"comment_count" bigint
);
--> statement-breakpoint
CREATE TABLE "virality_scores" (
	"video_id" text PRIMARY KEY NOT NULL,
	"region_code" text NOT NULL,
	"views_per_hour" double precision,
	"engagement_percent" double precision,
	"velocity_score" double precision,
	"engagement_score" double precision,
	"score" double precision,
	"label" text NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "circuit_breakers" ADD COLUMN "probe_started_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "owned_playlists_synced_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "videos" ADD COLUMN "transcript_lease_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "videos" ADD COLUMN "transcript_lease_job_id" bigint;--> statement-breakpoint
ALTER TABLE "removed_owned_playlists" ADD CONSTRAINT "removed_owned_playlists_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "thumbnail_checks" ADD CONSTRAINT "thumbnail_checks_video_id_videos_id_fk" FOREIGN KEY ("video_id") REFERENCES "public"."videos"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trending_entries" ADD CONSTRAINT "trending_entries_chart_id_trending_charts_id_fk" FOREIGN KEY ("chart_id") REFERENCES "public"."trending_charts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trending_entries" ADD CONSTRAINT "trending_entries_video_id_videos_id_fk" FOREIGN KEY ("video_id") REFERENCES "public"."videos"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "video_availability_checks" ADD CONSTRAINT "video_availability_checks_video_id_videos_id_fk" FOREIGN KEY ("video_id") REFERENCES "public"."videos"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "video_stat_snapshots" ADD CONSTRAINT "video_stat_snapshots_video_id_videos_id_fk" FOREIGN KEY ("video_id") REFERENCES "public"."videos"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "virality_scores" ADD CONSTRAINT "virality_scores_video_id_videos_id_fk" FOREIGN KEY ("video_id") REFERENCES "public"."videos"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "thumbnail_checks_status_idx" ON "thumbnail_checks" USING btree ("status");--> statement-breakpoint
CREATE INDEX "trending_charts_region_fetched_idx" ON "trending_charts" USING btree ("region_code","fetched_at");--> statement-breakpoint
CREATE INDEX "trending_entries_video_id_idx" ON "trending_entries" USING btree ("video_id");--> statement-breakpoint
CREATE INDEX "video_availability_checks_status_idx" ON "video_availability_checks" USING btree ("status");--> statement-breakpoint
CREATE INDEX "video_stat_snapshots_video_taken_idx" ON "video_stat_snapshots" USING btree ("video_id","taken_at");--> statement-breakpoint
CREATE INDEX "virality_scores_score_idx" ON "virality_scores" USING btree ("score");