-- A search needs the typed words as two tsqueries: for transcript cue windows and for titles and
-- descriptions. subtext_search_query built one per call, so every search parsed the words, looked up
-- their stems and asked the vocabulary for completions twice (about 1.5 ms of each search's 3 ms
-- compile). subtext_search_queries builds both in one pass, with the title-only and description-only
-- forms of the second; subtext_search_query keeps its signature (the analytics functions call it) and
-- now reads one of them.
CREATE FUNCTION subtext_search_queries(query text, languages text[] DEFAULT '{en}', prefix boolean DEFAULT false,
  OUT segments tsquery, OUT videos tsquery, OUT titles tsquery, OUT descriptions tsquery)
  LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
  parsed text := websearch_to_tsquery('subtext_simple', coalesce(query, ''))::text;
  typing boolean := prefix AND query ~ '(^|\s)[^\s"\-][^\s"]*$' AND (length(query) - length(replace(query, '"', ''))) % 2 = 0;
  tokens text[] := ARRAY(SELECT m[1] FROM regexp_matches(parsed || ' |', '(''(?:[^''\\]|''''|\\.)*''|<->|<\d+>|[!&|])', 'g') AS m);
  stemmers regdictionary[] := ARRAY(SELECT DISTINCT subtext_stemmer(l) FROM unnest(languages) AS l WHERE subtext_stemmer(l) IS NOT NULL);
  token text;
  t int;
  -- The item being read: a word or phrase, its lexemes and the distance before each.
  negated boolean := false;
  lexemes text[] := '{}';
  distances int[] := '{}';
  distance int := 1;
  -- The AND-group being read. For cue windows: its positive items as starting in this cue (heads) and
  -- anywhere in the window, and its exclusions; for videos: its items and exclusions. Then the groups
  -- read so far, to be joined by OR.
  heads text[] := '{}';
  anywhere text[] := '{}';
  exclusions text[] := '{}';
  video_items text[] := '{}';
  video_exclusions text[] := '{}';
  groups text[] := '{}';
  video_groups text[] := '{}';
  forms text[];
  prefix_form text;
  item_head text;
  item_any text;
  item_video text;
  joiner text;
  i int;
BEGIN
  FOR t IN 1 .. cardinality(tokens) LOOP
    token := tokens[t];
    IF token = '!' THEN
      negated := true;
    ELSIF token LIKE '<%' THEN
      distance := coalesce(substring(token FROM '\d+')::int, 1);
    ELSIF token LIKE '''%' THEN
      lexemes := lexemes || replace(replace(substr(token, 2, length(token) - 2), '''''', ''''), '\\', '\');
      distances := distances || distance;
      distance := 1;
    ELSE
      -- & or |: the item read so far is complete.
      IF cardinality(lexemes) > 0 THEN
        item_head := '';
        item_any := '';
        item_video := '';
        FOR i IN 1 .. cardinality(lexemes) LOOP
          prefix_form := CASE WHEN typing AND t = cardinality(tokens) AND i = cardinality(lexemes) AND length(lexemes[i]) >= 3 THEN lexemes[i] END;
          forms := ARRAY(SELECT lexemes[i] UNION SELECT unnest(ts_lexize(stemmer, lexemes[i])) FROM unnest(stemmers) AS stemmer
            UNION SELECT unnest(subtext_completion_stems(prefix_form, stemmers)) WHERE prefix_form IS NOT NULL);
          joiner := CASE WHEN i > 1 THEN ' <' || distances[i] || '> ' ELSE '' END;
          item_head := item_head || joiner || subtext_alternatives(forms, prefix_form, i > 1);
          item_any := item_any || joiner || subtext_alternatives(forms, prefix_form, true);
          item_video := item_video || joiner || subtext_alternatives(forms, prefix_form, false);
        END LOOP;
        IF negated THEN
          exclusions := exclusions || ('!(' || item_any || ')');
          video_exclusions := video_exclusions || ('!(' || item_video || ')');
        ELSE
          heads := heads || ('(' || item_head || ')');
          anywhere := anywhere || ('(' || item_any || ')');
          video_items := video_items || ('(' || item_video || ')');
        END IF;
      END IF;
      negated := false;
      lexemes := '{}';
      distances := '{}';
      -- | ends the AND-group. One made only of exclusions would match nearly every row, so it is dropped.
      IF token = '|' THEN
        IF cardinality(heads) > 0 THEN
          groups := groups || ('(' || array_to_string(
            CASE WHEN cardinality(heads) = 1 THEN heads
                 ELSE anywhere || ('(' || array_to_string(heads, ' | ') || ')') END || exclusions, ' & ') || ')');
          video_groups := video_groups || ('(' || array_to_string(video_items || video_exclusions, ' & ') || ')');
        END IF;
        heads := '{}';
        anywhere := '{}';
        exclusions := '{}';
        video_items := '{}';
        video_exclusions := '{}';
      END IF;
    END IF;
  END LOOP;
  segments := array_to_string(groups, ' | ')::tsquery;
  videos := array_to_string(video_groups, ' | ')::tsquery;
  titles := subtext_query_in_fields(videos, 'A');
  descriptions := subtext_query_in_fields(videos, 'B');
END $$;
--> statement-breakpoint
-- Web-search syntax ("exact phrase", or, -exclude) as one tsquery: see subtext_search_queries.
CREATE OR REPLACE FUNCTION subtext_search_query(query text, languages text[] DEFAULT '{en}', prefix boolean DEFAULT false, segments boolean DEFAULT false)
  RETURNS tsquery LANGUAGE sql STABLE PARALLEL SAFE
  RETURN (SELECT CASE WHEN subtext_search_query.segments THEN q.segments ELSE q.videos END FROM subtext_search_queries(query, languages, prefix) AS q);
