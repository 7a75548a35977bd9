-- A transcript job's first step, in one statement: whether any run still waits for the video and, if a
-- fetch made since those runs began already settled it, settling them from it; otherwise the fetch lease.
-- The video row is locked first, so a job storing this video's transcript right now finishes before
-- this one decides: a video shared by two runs is fetched once. Answers 'nothing_waiting', 'settled',
-- 'busy' (another job holds the lease) or 'leased'. Runs a person paused or cancelled wait for nothing:
-- a video only they hold is not fetched (resuming queues it again).
CREATE OR REPLACE FUNCTION subtext_claim_transcript_fetch(video text, job_id bigint, lease_seconds int) RETURNS text
  LANGUAGE plpgsql AS $$
DECLARE
  v videos%ROWTYPE;
  waiting int;
  fresh boolean;
BEGIN
  SELECT * INTO v FROM videos WHERE id = video FOR UPDATE;
  IF NOT FOUND THEN
    RETURN 'nothing_waiting';
  END IF;
  -- "New" runs take any settled result (the video was not settled when they listed it, so it was
  -- fetched since); "re-index everything" runs need a fetch made after they started.
  SELECT count(*), coalesce(v.transcript_fetched_at >= max(r.created_at) FILTER (WHERE r.mode = 'all'), v.transcript_fetched_at IS NOT NULL)
    INTO waiting, fresh
  FROM index_run_videos rv JOIN index_runs r ON r.id = rv.run_id
  WHERE rv.video_id = video AND rv.state = 'pending' AND r.status NOT IN ('paused', 'cancelled');
  IF waiting = 0 THEN
    RETURN 'nothing_waiting';
  END IF;
  -- A "no captions" verdict whose re-check is due (subtext_record_no_captions) settles nothing: ask again.
  IF fresh AND (v.transcript_status = 'indexed' OR (v.transcript_status = 'unavailable' AND NOT coalesce(v.transcript_recheck_after <= now(), false))) THEN
    PERFORM subtext_settle_run_videos(ARRAY[video], CASE WHEN v.transcript_status = 'indexed' THEN 'done' ELSE 'failed' END,
      CASE WHEN v.transcript_status = 'indexed' THEN NULL ELSE v.transcript_error END);
    RETURN 'settled';
  END IF;
  IF v.transcript_lease_until > now() AND v.transcript_lease_job_id IS DISTINCT FROM job_id THEN
    RETURN 'busy';
  END IF;
  UPDATE videos SET transcript_lease_until = now() + make_interval(secs => lease_seconds), transcript_lease_job_id = job_id
  WHERE id = video;
  RETURN 'leased';
END $$;
