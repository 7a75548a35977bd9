ALTER TABLE "videos" ADD COLUMN "transcript_client" text;--> statement-breakpoint
ALTER TABLE "videos" ADD COLUMN "transcript_recheck_after" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "videos_transcript_client_idx" ON "videos" USING btree ("transcript_fetched_at","transcript_client") WHERE transcript_client is not null;--> statement-breakpoint
-- subtext_store_transcripts gains the clients that gave each transcript (src/indexing/sql/store_transcripts.sql).
DROP FUNCTION IF EXISTS subtext_store_transcripts(text[], text[], text[], int[], int[], int[], text[]);
