CREATE OR REPLACE VIEW analytics.search_segments AS
SELECT s.id AS segment_id, s.video_id, s.position, s.start_ms, s.end_ms, s.start_ms / 1000 AS start_seconds,
  s.text, s.language, s.search_vector,
  v.title AS video_title, v.channel_id, v.channel_title, v.published_at,
  'https://www.youtube.com/watch?v=' || s.video_id || '&t=' || (s.start_ms / 1000) || 's' AS url
FROM public.transcript_segments s
JOIN public.videos v ON v.id = s.video_id;
COMMENT ON VIEW analytics.search_segments IS 'One row per caption cue, with its video. Search it with search_vector @@ analytics.segment_query(''words'').';
