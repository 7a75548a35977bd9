-- Replaces the transcripts of one or more videos (a worker writes the transcripts its jobs fetched
-- together: one statement, one commit, instead of fifty inserts contending for the same pages and
-- index entries). A retry or re-index never duplicates a segment, and a failure leaves the previous
-- copies. The cues of all videos come as parallel arrays; cue_video is each cue's index (1-based) into
-- videos. Each cue's search_text is its text and the next cue's. clients says who YouTube gave each
-- transcript to (an innertube client as NAME:VERSION, or WEB), for the jobs dashboard.
-- The commit does not wait for its WAL flush: each job's completion, committed next by Graphile Worker
-- with a flush, makes this durable too; a crash before that re-runs the jobs, which write it again.
-- That keeps the locks on run rows (above) from being held across a disk flush.
CREATE OR REPLACE FUNCTION subtext_store_transcripts(videos text[], transcript_languages text[], kinds text[], clients text[],
  cue_video int[], starts_ms int[], ends_ms int[], texts text[]) RETURNS void
  LANGUAGE plpgsql AS $$
BEGIN
  SET LOCAL synchronous_commit = off;
  DELETE FROM transcript_segments WHERE video_id = ANY (videos);
  INSERT INTO transcript_segments (video_id, position, start_ms, end_ms, text, search_text, language)
  SELECT videos[c.v], row_number() OVER w - 1, c.start_ms, c.end_ms, c.text,
    c.text || coalesce(' ' || lead(c.text) OVER w, ''), transcript_languages[c.v]
  FROM unnest(cue_video, starts_ms, ends_ms, texts) WITH ORDINALITY AS c(v, start_ms, end_ms, text, n)
  WINDOW w AS (PARTITION BY c.v ORDER BY c.n);
  -- Rows of videos are locked in id order, as every writer of many videos' rows does (the tracking
  -- readings too), so two such statements never wait on each other in a circle.
  PERFORM 1 FROM videos v WHERE v.id = ANY (subtext_store_transcripts.videos) ORDER BY v.id FOR NO KEY UPDATE;
  UPDATE videos v SET transcript_status = 'indexed', transcript_error = NULL, transcript_language = t.language,
    transcript_kind = t.kind, transcript_client = nullif(t.client, ''), transcript_recheck_after = NULL, transcript_fetched_at = now(),
    transcript_lease_until = NULL
  FROM unnest(videos, transcript_languages, kinds, clients) AS t(id, language, kind, client)
  WHERE v.id = t.id;
  PERFORM subtext_settle_run_videos(videos, 'done', NULL);
END $$;
