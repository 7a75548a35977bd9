-- "Did you mean": new words of every inserted batch of transcript segments join search_vocabulary.
-- NOT EXISTS instead of a unique index, so concurrent indexers never wait on (or deadlock over) a word.
CREATE OR REPLACE FUNCTION subtext_learn_words() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO search_vocabulary (word)
  SELECT DISTINCT w.lexeme
  FROM new_segments s, unnest(to_tsvector('subtext_simple', s.text)) w
  WHERE length(w.lexeme) BETWEEN 3 AND 40 AND w.lexeme !~ '[0-9_]'
    AND NOT EXISTS (SELECT 1 FROM search_vocabulary v WHERE v.word = w.lexeme);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER transcript_segments_learn_words AFTER INSERT ON transcript_segments
  REFERENCING NEW TABLE AS new_segments FOR EACH STATEMENT EXECUTE FUNCTION subtext_learn_words();
--> statement-breakpoint
INSERT INTO search_vocabulary (word)
SELECT DISTINCT w.lexeme FROM transcript_segments s, unnest(to_tsvector('subtext_simple', s.text)) w
WHERE length(w.lexeme) BETWEEN 3 AND 40 AND w.lexeme !~ '[0-9_]';
--> statement-breakpoint
-- SQL access for ad hoc queries: the stable, documented views live in their own schema, so a read-only
-- role (scripts/create-readonly-role.ts) can be given exactly this schema and nothing else.
CREATE SCHEMA analytics;
--> statement-breakpoint
COMMENT ON SCHEMA analytics IS 'subtext: stable views for ad hoc SQL (see README, "SQL access").';
--> statement-breakpoint
CREATE VIEW analytics.search_segments AS
SELECT s.id AS segment_id, s.video_id, s.position, s.start_ms, s.end_ms, s.start_ms / 1000 AS start_seconds,
  s.text, s.language, s.search_vector,
  v.title AS video_title, v.channel_id, v.channel_title, v.published_at,
  'https://www.youtube.com/watch?v=' || s.video_id || '&t=' || (s.start_ms / 1000) || 's' AS url
FROM public.transcript_segments s
JOIN public.videos v ON v.id = s.video_id;
--> statement-breakpoint
COMMENT ON VIEW analytics.search_segments IS 'One row per caption cue, with its video. Search it with search_vector @@ analytics.segment_query(''words'').';
--> statement-breakpoint
COMMENT ON COLUMN analytics.search_segments.search_vector IS 'This cue''s words and the next cue''s (so phrases across two cues match); use analytics.segment_query() to query it.';
--> statement-breakpoint
CREATE VIEW analytics.video_stats AS
SELECT v.id AS video_id, v.title, v.description, v.channel_id, v.channel_title, v.published_at, v.duration_seconds,
  v.view_count, v.like_count, v.comment_count, v.privacy_status, v.transcript_status, v.transcript_language, v.transcript_kind,
  coalesce(t.segment_count, 0) AS segment_count, t.transcript_end_ms, v.search_vector,
  'https://www.youtube.com/watch?v=' || v.id AS url
FROM public.videos v
LEFT JOIN LATERAL (
  SELECT count(*)::int AS segment_count, max(s.end_ms) AS transcript_end_ms FROM public.transcript_segments s WHERE s.video_id = v.id
) t ON true;
--> statement-breakpoint
COMMENT ON VIEW analytics.video_stats IS 'One row per video: YouTube''s figures and the indexed transcript''s size. search_vector holds title and description; query it with analytics.video_query().';
--> statement-breakpoint
CREATE VIEW analytics.playlist_videos AS
SELECT p.id AS playlist_id, p.title AS playlist_title, p.channel_title AS playlist_channel_title, pv.video_id, pv.position
FROM public.playlists p
JOIN public.playlist_videos pv ON pv.playlist_id = p.id AND pv.removed_at IS NULL;
--> statement-breakpoint
COMMENT ON VIEW analytics.playlist_videos IS 'Which videos each playlist holds now, in playlist order.';
--> statement-breakpoint
-- The app's query language for SQL users: web-search syntax, stemmed in the given transcript languages
-- (by default every language indexed so far).
CREATE FUNCTION analytics.segment_query(query text, languages text[] DEFAULT NULL) RETURNS tsquery
  LANGUAGE sql STABLE PARALLEL SAFE
  RETURN public.subtext_search_query(query, coalesce(languages, ARRAY['en'] || public.subtext_transcript_languages()), false, true);
--> statement-breakpoint
CREATE FUNCTION analytics.video_query(query text, languages text[] DEFAULT NULL) RETURNS tsquery
  LANGUAGE sql STABLE PARALLEL SAFE
  RETURN public.subtext_search_query(query, coalesce(languages, ARRAY['en'] || public.subtext_transcript_languages()), false, false);
