-- Settles the runs waiting for some videos. Their rows in index_runs are locked first, all at once and
-- in id order (so two writers never wait on each other in a circle): the orchestrator's "listing
-- finished" takes the same lock, so whichever commits second sees the other's work and no run is left
-- "fetching" with nothing pending.
CREATE OR REPLACE FUNCTION subtext_settle_run_videos(videos text[], new_state text, failure text) RETURNS void
  LANGUAGE plpgsql AS $$
DECLARE
  settled bigint[];
BEGIN
  PERFORM 1 FROM index_runs WHERE id IN (SELECT run_id FROM index_run_videos WHERE video_id = ANY (videos) AND state = 'pending')
    ORDER BY id FOR UPDATE;
  WITH s AS (
    UPDATE index_run_videos SET state = new_state, reason = failure, finished_at = now()
    WHERE video_id = ANY (videos) AND state = 'pending' RETURNING run_id
  ) SELECT array_agg(DISTINCT run_id) INTO settled FROM s;
  IF settled IS NOT NULL THEN
    PERFORM subtext_complete_settled_runs(settled);
  END IF;
END $$;
