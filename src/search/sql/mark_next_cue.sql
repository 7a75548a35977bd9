-- The words of the next cue, marked with a leading space (a lexeme the parser can never produce) so
-- that a query asks for them explicitly: a word alone matches only the cue it was said in. In the text
-- form every lexeme starts after a space and a quote, and no lexeme holds a space.
CREATE OR REPLACE FUNCTION subtext_mark_next_cue(words tsvector) RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  RETURN replace(' ' || words::text, ' ''', ' '' ')::tsvector;
