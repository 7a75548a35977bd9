-- Words as typed (simple lexemes) and their stems in the given stemmers: the lexemes the index may hold for them.
CREATE OR REPLACE FUNCTION subtext_word_forms(words text[], stemmers regdictionary[]) RETURNS text[]
  LANGUAGE sql STABLE PARALLEL SAFE
  RETURN ARRAY(
    SELECT word FROM unnest(words) AS word
    UNION SELECT unnest(ts_lexize(stemmer, word)) FROM unnest(words) AS word, unnest(stemmers) AS stemmer);
