-- Every word said, digits and long words included: the completions of a word being typed stand for it in
-- cue queries (see subtext_search_queries).
CREATE OR REPLACE FUNCTION subtext_learn_words() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO search_vocabulary (word)
  SELECT DISTINCT w.lexeme
  FROM new_segments s, unnest(to_tsvector('subtext_simple', s.text)) w
  WHERE length(w.lexeme) BETWEEN 3 AND 100
    AND NOT EXISTS (SELECT 1 FROM search_vocabulary v WHERE v.word = w.lexeme);
  RETURN NULL;
END $$;
