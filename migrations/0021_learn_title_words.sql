-- "Did you mean" learns words from titles and descriptions too, not only from what is said: a video
-- whose transcript is still pending is found by its title, so a misspelt title word deserves a
-- suggestion. The function's live text is src/search/sql/learn_video_words.sql; it is made here too
-- because the triggers need it before the live SQL is applied.
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
--> statement-breakpoint
CREATE TRIGGER videos_learn_words AFTER INSERT ON videos
  FOR EACH ROW EXECUTE FUNCTION subtext_learn_video_words();
--> statement-breakpoint
-- Upserts name the title in every SET: only a title or description that really changed is read again.
CREATE TRIGGER videos_learn_changed_words AFTER UPDATE OF title, description ON videos
  FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title OR OLD.description IS DISTINCT FROM NEW.description)
  EXECUTE FUNCTION subtext_learn_video_words();
--> statement-breakpoint
-- The titles and descriptions stored before this release.
INSERT INTO search_vocabulary (word)
SELECT DISTINCT w.lexeme FROM videos v, unnest(to_tsvector('subtext_simple', concat_ws(' ', v.title, v.description))) w
WHERE length(w.lexeme) BETWEEN 3 AND 100
  AND NOT EXISTS (SELECT 1 FROM search_vocabulary s WHERE s.word = w.lexeme);
