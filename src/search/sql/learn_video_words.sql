-- Words of a video's title and description join the vocabulary too: "did you mean" then also offers words
-- only a title has (a video whose transcript is still pending is found by its title).
CREATE OR REPLACE FUNCTION subtext_learn_video_words() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO search_vocabulary (word)
  SELECT DISTINCT w.lexeme
  FROM unnest(to_tsvector('subtext_simple', concat_ws(' ', NEW.title, NEW.description))) w
  WHERE length(w.lexeme) BETWEEN 3 AND 100
    AND NOT EXISTS (SELECT 1 FROM search_vocabulary v WHERE v.word = w.lexeme);
  RETURN NULL;
END $$;
