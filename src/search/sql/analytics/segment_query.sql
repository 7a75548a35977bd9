-- The app's query language for SQL users: web-search syntax, stemmed in the given transcript languages
-- (by default every language indexed so far).
CREATE OR REPLACE FUNCTION analytics.segment_query(query text, languages text[] DEFAULT NULL) RETURNS tsquery
  LANGUAGE sql STABLE PARALLEL SAFE
  RETURN public.subtext_search_query(query, coalesce(languages, ARRAY['en'] || public.subtext_transcript_languages()), false, true);
