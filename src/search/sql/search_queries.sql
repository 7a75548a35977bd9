-- Web-search syntax ("exact phrase", or, -exclude), parsed by websearch_to_tsquery, with every word
-- widened to "as typed, or its stem in any of the given languages" and, with prefix, the word being typed
-- (the last one, 3+ letters, when the query does not end in a space or a quote) matching every word it
-- begins. segments is for transcript_segments' cue windows: each phrase (or word) must start in the
-- cue's own words and may run on into the next cue's (marked), so every moment is found exactly once.
-- videos is for titles and descriptions; titles and descriptions are it restricted to weight A and B.
CREATE OR REPLACE FUNCTION subtext_search_queries(query text, languages text[] DEFAULT '{en}', prefix boolean DEFAULT false,
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
  completions text[];
  segment_forms text[];
  segment_prefix text;
  video_forms text[];
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
          forms := subtext_word_forms(ARRAY[lexemes[i]], stemmers);
          segment_forms := forms;
          segment_prefix := NULL;
          video_forms := forms;
          IF prefix_form IS NOT NULL THEN
            -- The word being typed: a prefix, widened by the stems of its 20 shortest completions that it
            -- does not match already ("runn" gives "run", from "running").
            completions := subtext_completions(prefix_form, 20);
            video_forms := forms || ARRAY(SELECT f FROM unnest(subtext_word_forms(completions, stemmers)) AS f WHERE NOT starts_with(f, prefix_form));
            segment_forms := video_forms;
            segment_prefix := prefix_form;
            -- In transcripts, when the vocabulary knows every word it begins and they are few: their lexemes
            -- (each one more makes every cue test and rank dearer: 27 made "data" 8 ms slower, not faster).
            IF cardinality(completions) <= 10 THEN
              segment_forms := forms || subtext_word_forms(completions, stemmers);
              segment_prefix := NULL;
            END IF;
          END IF;
          joiner := CASE WHEN i > 1 THEN ' <' || distances[i] || '> ' ELSE '' END;
          item_head := item_head || joiner || subtext_alternatives(segment_forms, segment_prefix, i > 1);
          item_any := item_any || joiner || subtext_alternatives(segment_forms, segment_prefix, true);
          item_video := item_video || joiner || subtext_alternatives(video_forms, prefix_form, false);
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
