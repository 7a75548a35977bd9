-- A "no captions" verdict that a canary confirmed (this server still gets captions for a video that has
-- them): recorded like any permanent failure, and asked again by the daily re-sync once recheck_days
-- have passed, because creators do add captions.
CREATE OR REPLACE FUNCTION subtext_record_no_captions(video text, failure text, recheck_days int) RETURNS void
  LANGUAGE plpgsql AS $$
BEGIN
  PERFORM subtext_record_transcript_failure(video, 'unavailable', failure);
  UPDATE videos SET transcript_recheck_after = now() + make_interval(days => recheck_days)
  WHERE id = video AND transcript_status = 'unavailable';
END $$;
