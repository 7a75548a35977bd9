CREATE OR REPLACE FUNCTION analytics.video_query(query text, languages text[] DEFAULT NULL) RETURNS tsquery
  LANGUAGE sql STABLE PARALLEL SAFE
  RETURN public.subtext_search_query(query, coalesce(languages, ARRAY['en'] || public.subtext_transcript_languages()), false, false);
