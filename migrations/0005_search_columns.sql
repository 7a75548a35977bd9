CREATE TABLE "search_vocabulary" (
	"word" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "transcript_segments" drop column "search_vector";--> statement-breakpoint
ALTER TABLE "transcript_segments" ADD COLUMN "search_vector" "tsvector" GENERATED ALWAYS AS (subtext_segment_vector(language, text, search_text)) STORED;--> statement-breakpoint
ALTER TABLE "videos" drop column "search_vector";--> statement-breakpoint
ALTER TABLE "videos" ADD COLUMN "search_vector" "tsvector" GENERATED ALWAYS AS (
    setweight(subtext_words_and_stems(subtext_text_search_config(coalesce(transcript_language, 'en')), title), 'A') ||
    setweight(subtext_words_and_stems(subtext_text_search_config(coalesce(transcript_language, 'en')), description), 'B')) STORED;--> statement-breakpoint
CREATE INDEX "search_vocabulary_word_idx" ON "search_vocabulary" USING btree ("word");--> statement-breakpoint
CREATE INDEX "search_vocabulary_word_trgm_idx" ON "search_vocabulary" USING gist ("word" gist_trgm_ops);--> statement-breakpoint
CREATE INDEX "videos_transcript_language_idx" ON "videos" USING btree ("transcript_language");--> statement-breakpoint
-- Dropping the columns dropped their GIN indexes; the schema still declares them.
CREATE INDEX "transcript_segments_search_vector_idx" ON "transcript_segments" USING gin ("search_vector");--> statement-breakpoint
CREATE INDEX "videos_search_vector_idx" ON "videos" USING gin ("search_vector");
