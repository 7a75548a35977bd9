-- The words of the vocabulary that complete a word being typed, shortest first ("runn": running, runner, ...).
-- SECURITY DEFINER, like subtext_transcript_languages: the read-only SQL role's queries reach this through
-- subtext_search_query without being given the vocabulary table.
CREATE OR REPLACE FUNCTION subtext_completions(prefix text, how_many int) RETURNS text[]
  LANGUAGE sql STABLE PARALLEL SAFE SECURITY DEFINER SET search_path = pg_catalog, public
  RETURN ARRAY(
    SELECT word FROM search_vocabulary
    WHERE word LIKE replace(replace(replace(prefix, '\', '\\'), '%', '\%'), '_', '\_') || '%' AND word <> prefix
    ORDER BY length(word), word LIMIT how_many);
