-- The transcript words' index, keyed first by the segment's bucket (65,536 consecutive ids): a search
-- reads bucket by bucket and stops once it has enough cues, instead of being handed every matching cue
-- of the database by the index first (src/search/queries.ts). btree_gin gives GIN the bucket's integer
-- key. Built before the old index goes, so searches always have one.
CREATE EXTENSION IF NOT EXISTS btree_gin;
--> statement-breakpoint
CREATE INDEX "transcript_segments_bucket_search_idx" ON "transcript_segments" USING gin (("id" >> 16),"search_vector");
--> statement-breakpoint
DROP INDEX "transcript_segments_search_vector_idx";
