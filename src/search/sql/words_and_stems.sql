-- Every word twice at the same position: as said (lower-cased, accents folded) and as its stem, so
-- "running" is found by "run" and, while typing, by "runn", and phrases keep their word distances.
-- (tsvector || tsvector would shift the second vector's positions; the text form merges them in place.)
CREATE OR REPLACE FUNCTION subtext_words_and_stems(config regconfig, body text) RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  RETURN (to_tsvector('subtext_simple', body)::text || ' ' || to_tsvector(config, body)::text)::tsvector;
