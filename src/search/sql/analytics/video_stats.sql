CREATE OR REPLACE VIEW analytics.video_stats AS
SELECT v.id AS video_id, v.title, v.description, v.channel_id, v.channel_title, v.published_at, v.duration_seconds,
  v.view_count, v.like_count, v.comment_count, v.privacy_status, v.transcript_status, v.transcript_language, v.transcript_kind,
  coalesce(t.segment_count, 0) AS segment_count, t.transcript_end_ms, v.search_vector,
  'https://www.youtube.com/watch?v=' || v.id AS url
FROM public.videos v
LEFT JOIN LATERAL (
  SELECT count(*)::int AS segment_count, max(s.end_ms) AS transcript_end_ms FROM public.transcript_segments s WHERE s.video_id = v.id
) t ON true;
COMMENT ON VIEW analytics.video_stats IS 'One row per video: YouTube''s figures and the indexed transcript''s size. search_vector holds title and description; query it with analytics.video_query().';
