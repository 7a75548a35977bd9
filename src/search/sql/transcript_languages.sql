-- The languages of every indexed transcript, read by skipping through an index (one probe per language).
-- SECURITY DEFINER: the read-only SQL role (no access to videos) gets them too, and nothing else.
CREATE OR REPLACE FUNCTION subtext_transcript_languages() RETURNS text[]
  LANGUAGE sql STABLE PARALLEL SAFE SECURITY DEFINER SET search_path = pg_catalog, public
  BEGIN ATOMIC
    WITH RECURSIVE found(language) AS (
      (SELECT transcript_language FROM videos WHERE transcript_language IS NOT NULL ORDER BY 1 LIMIT 1)
      UNION ALL
      SELECT (SELECT v.transcript_language FROM videos v WHERE v.transcript_language > found.language ORDER BY 1 LIMIT 1)
      FROM found WHERE found.language IS NOT NULL
    )
    SELECT ARRAY(SELECT DISTINCT split_part(lower(language), '-', 1) FROM found WHERE language IS NOT NULL);
  END;
