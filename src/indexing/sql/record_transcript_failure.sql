-- A video that will not get a transcript: permanent reasons (disabled, unavailable…) leave it 'unavailable',
-- still searchable by title and description; transient ones that ran out of attempts leave it 'failed'.
-- Segments it already had are kept.
CREATE OR REPLACE FUNCTION subtext_record_transcript_failure(video text, new_status text, failure text) RETURNS void
  LANGUAGE plpgsql AS $$
BEGIN
  UPDATE videos SET transcript_status = CASE WHEN transcript_status = 'indexed' THEN 'indexed' ELSE new_status END,
    transcript_error = failure, transcript_fetched_at = now(), transcript_lease_until = NULL, transcript_recheck_after = NULL
  WHERE id = video;
  PERFORM subtext_settle_run_videos(ARRAY[video], 'failed', failure);
END $$;
