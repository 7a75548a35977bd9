CREATE OR REPLACE VIEW analytics.playlist_videos AS
SELECT p.id AS playlist_id, p.title AS playlist_title, p.channel_title AS playlist_channel_title, pv.video_id, pv.position
FROM public.playlists p
JOIN public.playlist_videos pv ON pv.playlist_id = p.id AND pv.removed_at IS NULL;
COMMENT ON VIEW analytics.playlist_videos IS 'Which videos each playlist holds now, in playlist order.';
