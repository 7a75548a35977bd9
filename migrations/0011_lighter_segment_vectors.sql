CREATE INDEX "search_vocabulary_word_prefix_idx" ON "search_vocabulary" USING btree ("word" text_pattern_ops);--> statement-breakpoint
-- Lighter cue vectors: each word once, stemmed in the cue's language (not also as said), and the next
-- cue's words marked with a plain replace() instead of a regex: 14 µs a cue instead of 40, and half the
-- lexemes in the GIN index. Words as said were only needed to match the word being typed as a prefix
-- ("runn" for "running", stored as "run"); subtext_search_query now widens that word with the stems of
-- its completions in search_vocabulary instead. (Weights instead of marks would be cheaper still to
-- build, but GIN does not store weights: every match would be re-read from the table to check them,
-- which doubled the time of searches for common words.)
-- analytics.search_segments shows the column, so it goes too and comes back as it was, with its grants.
CREATE TEMPORARY TABLE search_segments_grantees ON COMMIT DROP AS
  SELECT DISTINCT grantee FROM information_schema.role_table_grants
  WHERE table_schema = 'analytics' AND table_name = 'search_segments' AND privilege_type = 'SELECT' AND grantee <> current_user;
--> statement-breakpoint
DROP VIEW analytics.search_segments;
--> statement-breakpoint
ALTER TABLE "transcript_segments" DROP COLUMN "search_vector";
--> statement-breakpoint
-- The words of the next cue, marked with a leading space (a lexeme the parser can never produce) so
-- that a query asks for them explicitly: a word alone matches only the cue it was said in. In the text
-- form every lexeme starts after a space and a quote, and no lexeme holds a space.
CREATE OR REPLACE FUNCTION subtext_mark_next_cue(words tsvector) RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  RETURN replace(' ' || words::text, ' ''', ' '' ')::tsvector;
--> statement-breakpoint
-- A caption cue's search vector: its own words, then the next cue's words (marked), so a phrase said
-- across the two is found here and maps to this cue's second. search_text is this cue's text, a space,
-- then the next cue's text; the positions of || make the next cue's words follow on from this cue's.
CREATE OR REPLACE FUNCTION subtext_segment_vector(language text, cue_text text, search_text text) RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN to_tsvector(subtext_text_search_config(language), coalesce(cue_text, ''))
    || subtext_mark_next_cue(to_tsvector(subtext_text_search_config(language),
         CASE WHEN starts_with(search_text, cue_text) THEN substr(search_text, length(cue_text) + 1) ELSE '' END));
--> statement-breakpoint
ALTER TABLE "transcript_segments" ADD COLUMN "search_vector" "tsvector" GENERATED ALWAYS AS (subtext_segment_vector(language, text, search_text)) STORED;
--> statement-breakpoint
CREATE INDEX "transcript_segments_search_vector_idx" ON "transcript_segments" USING gin ("search_vector");
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
DO $$
DECLARE
  grantee text;
BEGIN
  FOR grantee IN SELECT g.grantee FROM search_segments_grantees g LOOP
    EXECUTE format('GRANT SELECT ON analytics.search_segments TO %I', grantee);
  END LOOP;
END $$;
--> statement-breakpoint
-- The words of the vocabulary that complete a word being typed, shortest first ("runn": running, runner, ...).
-- SECURITY DEFINER, like subtext_transcript_languages: the read-only SQL role's queries reach this through
-- subtext_search_query without being given the vocabulary table.
CREATE FUNCTION subtext_completions(prefix text, how_many int) RETURNS text[]
  LANGUAGE sql STABLE PARALLEL SAFE SECURITY DEFINER SET search_path = pg_catalog, public
  RETURN ARRAY(
    SELECT word FROM search_vocabulary
    WHERE word LIKE replace(replace(replace(prefix, '\', '\\'), '%', '\%'), '_', '\_') || '%' AND word <> prefix
    ORDER BY length(word), word LIMIT how_many);
--> statement-breakpoint
-- The stems (in the given stemmers) of the completions of a word being typed that the word, as a
-- prefix, does not match already: "runn" gives "run" (from "running"), "data" nothing ("database" is
-- stored as "databas", which 'data':* finds).
CREATE FUNCTION subtext_completion_stems(prefix text, stemmers regdictionary[]) RETURNS text[]
  LANGUAGE sql STABLE PARALLEL SAFE
  RETURN ARRAY(
    SELECT DISTINCT stem FROM unnest(subtext_completions(prefix, 20)) AS word, unnest(stemmers) AS stemmer, unnest(ts_lexize(stemmer, word)) AS stem
    WHERE NOT starts_with(stem, prefix));
--> statement-breakpoint
-- Web-search syntax ("exact phrase", or, -exclude), parsed by websearch_to_tsquery, with every word
-- widened to "as typed, or its stem in any of the given languages" and, with prefix, the word being typed
-- (the last one, 3+ letters, when the query does not end in a space or a quote) matching as a prefix and
-- by the stems of its completions in search_vocabulary.
-- With segments, the query is for transcript_segments' cue windows: each phrase (or word) must start in
-- the cue's own words and may run on into the next cue's (marked), so every moment is found exactly once.
CREATE OR REPLACE FUNCTION subtext_search_query(query text, languages text[] DEFAULT '{en}', prefix boolean DEFAULT false, segments boolean DEFAULT false)
  RETURNS tsquery LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
  parsed text := websearch_to_tsquery('subtext_simple', coalesce(query, ''))::text;
  typing boolean := prefix AND query ~ '(^|\s)[^\s"\-][^\s"]*$' AND (length(query) - length(replace(query, '"', ''))) % 2 = 0;
  tokens text[] := ARRAY(SELECT m[1] FROM regexp_matches(parsed || ' |', '(''(?:[^''\\]|''''|\\.)*''|<->|<\d+>|[!&|])', 'g') AS m);
  stemmers regdictionary[] := ARRAY(SELECT DISTINCT subtext_stemmer(l) FROM unnest(languages) AS l WHERE subtext_stemmer(l) IS NOT NULL);
  token text;
  t int;
  -- The item being read: a word or phrase, its lexemes and the distance before each.
  negated boolean := false;
  lexemes text[] := '{}';
  distances int[] := '{}';
  distance int := 1;
  -- The AND-group being read: its positive items as starting in this cue (heads) and anywhere in the
  -- window, its exclusions; then the groups read so far, to be joined by OR.
  heads text[] := '{}';
  anywhere text[] := '{}';
  exclusions text[] := '{}';
  groups text[] := '{}';
  forms text[];
  prefix_form text;
  item_head text;
  item_any text;
  i int;
BEGIN
  FOR t IN 1 .. cardinality(tokens) LOOP
    token := tokens[t];
    IF token = '!' THEN
      negated := true;
    ELSIF token LIKE '<%' THEN
      distance := coalesce(substring(token FROM '\d+')::int, 1);
    ELSIF token LIKE '''%' THEN
      lexemes := lexemes || replace(replace(substr(token, 2, length(token) - 2), '''''', ''''), '\\', '\');
      distances := distances || distance;
      distance := 1;
    ELSE
      -- & or |: the item read so far is complete.
      IF cardinality(lexemes) > 0 THEN
        item_head := '';
        item_any := '';
        FOR i IN 1 .. cardinality(lexemes) LOOP
          prefix_form := CASE WHEN typing AND t = cardinality(tokens) AND i = cardinality(lexemes) AND length(lexemes[i]) >= 3 THEN lexemes[i] END;
          forms := ARRAY(SELECT lexemes[i] UNION SELECT unnest(ts_lexize(stemmer, lexemes[i])) FROM unnest(stemmers) AS stemmer
            UNION SELECT unnest(subtext_completion_stems(prefix_form, stemmers)) WHERE prefix_form IS NOT NULL);
          IF i > 1 THEN
            item_head := item_head || ' <' || distances[i] || '> ';
            item_any := item_any || ' <' || distances[i] || '> ';
          END IF;
          item_head := item_head || subtext_alternatives(forms, prefix_form, segments AND i > 1);
          item_any := item_any || subtext_alternatives(forms, prefix_form, segments);
        END LOOP;
        IF negated THEN
          exclusions := exclusions || ('!(' || item_any || ')');
        ELSE
          heads := heads || ('(' || item_head || ')');
          anywhere := anywhere || ('(' || item_any || ')');
        END IF;
      END IF;
      negated := false;
      lexemes := '{}';
      distances := '{}';
      -- | ends the AND-group. One made only of exclusions would match nearly every row, so it is dropped.
      IF token = '|' THEN
        IF cardinality(heads) > 0 THEN
          groups := groups || ('(' || array_to_string(
            CASE WHEN cardinality(heads) = 1 OR NOT segments THEN heads
                 ELSE anywhere || ('(' || array_to_string(heads, ' | ') || ')') END || exclusions, ' & ') || ')');
        END IF;
        heads := '{}';
        anywhere := '{}';
        exclusions := '{}';
      END IF;
    END IF;
  END LOOP;
  RETURN array_to_string(groups, ' | ')::tsquery;
END $$;
--> statement-breakpoint
-- Indexing writes in single statements, so a worker holds a pooled connection for one round trip,
-- never for a transaction that waits on a run's lock (50 jobs in flight share a pool of 10).
--
-- Marks runs completed once listing has ended and no video is pending.
CREATE FUNCTION subtext_complete_settled_runs(run_ids bigint[]) RETURNS void
  LANGUAGE sql
  BEGIN ATOMIC
    UPDATE index_runs r SET status = 'completed', finished_at = now()
    WHERE r.id = ANY (run_ids) AND r.status = 'fetching'
      AND NOT EXISTS (SELECT 1 FROM index_run_videos rv WHERE rv.run_id = r.id AND rv.state = 'pending');
  END;
--> statement-breakpoint
-- Settles the runs waiting for some videos. Their rows in index_runs are locked first, all at once and
-- in id order (so two writers never wait on each other in a circle): the orchestrator's "listing
-- finished" takes the same lock, so whichever commits second sees the other's work and no run is left
-- "fetching" with nothing pending.
CREATE FUNCTION subtext_settle_run_videos(videos text[], new_state text, failure text) RETURNS void
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
--> statement-breakpoint
-- Replaces the transcripts of one or more videos (a worker writes the transcripts its jobs fetched
-- together: one statement, one commit, instead of fifty inserts contending for the same pages and
-- index entries). A retry or re-index never duplicates a segment, and a failure leaves the previous
-- copies. The cues of all videos come as parallel arrays; cue_video is each cue's index (1-based) into
-- videos. Each cue's search_text is its text and the next cue's.
-- The commit does not wait for its WAL flush: each job's completion, committed next by Graphile Worker
-- with a flush, makes this durable too; a crash before that re-runs the jobs, which write it again.
-- That keeps the locks on run rows (above) from being held across a disk flush.
CREATE FUNCTION subtext_store_transcripts(videos text[], transcript_languages text[], kinds text[],
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
  UPDATE videos v SET transcript_status = 'indexed', transcript_error = NULL, transcript_language = t.language,
    transcript_kind = t.kind, transcript_fetched_at = now(), transcript_lease_until = NULL
  FROM unnest(videos, transcript_languages, kinds) AS t(id, language, kind)
  WHERE v.id = t.id;
  PERFORM subtext_settle_run_videos(videos, 'done', NULL);
END $$;
--> statement-breakpoint
-- A video that will not get a transcript: permanent reasons (disabled, unavailable…) leave it 'unavailable',
-- still searchable by title and description; transient ones that ran out of attempts leave it 'failed'.
-- Segments it already had are kept.
CREATE FUNCTION subtext_record_transcript_failure(video text, new_status text, failure text) RETURNS void
  LANGUAGE plpgsql AS $$
BEGIN
  UPDATE videos SET transcript_status = CASE WHEN transcript_status = 'indexed' THEN 'indexed' ELSE new_status END,
    transcript_error = failure, transcript_fetched_at = now(), transcript_lease_until = NULL
  WHERE id = video;
  PERFORM subtext_settle_run_videos(ARRAY[video], 'failed', failure);
END $$;
--> statement-breakpoint
COMMENT ON COLUMN analytics.search_segments.search_vector IS 'This cue''s words and the next cue''s (so phrases across two cues match), stemmed; use analytics.segment_query() to query it.';
--> statement-breakpoint
-- A transcript job's first step, in one statement: whether any run still waits for the video and, if a
-- fetch made since those runs began already settled it, settling them from it; otherwise the fetch lease.
-- The video row is locked first, so a job storing this video's transcript right now finishes before
-- this one decides: a video shared by two runs is fetched once. Answers 'nothing_waiting', 'settled',
-- 'busy' (another job holds the lease) or 'leased'.
CREATE FUNCTION subtext_claim_transcript_fetch(video text, job_id bigint, lease_seconds int) RETURNS text
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
  WHERE rv.video_id = video AND rv.state = 'pending';
  IF waiting = 0 THEN
    RETURN 'nothing_waiting';
  END IF;
  IF fresh AND v.transcript_status IN ('indexed', 'unavailable') THEN
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
