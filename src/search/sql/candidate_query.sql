-- What the index can find for a search's cue query, as plain words: its phrases loosened to "all these
-- words in the cue window" and its exclusions left out. Every cue the full query matches matches this
-- one, and the index answers it without rechecking word positions. A search reads at most a fixed
-- number of these candidates and checks the full query on those alone, so a phrase of words said
-- everywhere ("the the the") costs no more than one such word.
CREATE OR REPLACE FUNCTION subtext_candidate_query(query tsquery) RETURNS tsquery
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  RETURN coalesce((
    SELECT string_agg(CASE WHEN m.token[1] LIKE '<%' THEN '&' ELSE m.token[1] END, ' ' ORDER BY m.place)
    FROM regexp_matches(querytree(query), '(''(?:[^''\\]|''''|\\.)*''(?::[*A-D]+)?|<->|<\d+>|[!&|()])', 'g') WITH ORDINALITY AS m(token, place)
  )::tsquery, query);
