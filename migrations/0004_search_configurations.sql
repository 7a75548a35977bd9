-- Text search configurations for transcripts: accents fold inside the configuration (the unaccent
-- dictionary filters each word before the stemmer), so to_tsvector, to_tsquery and ts_headline all
-- agree that "cafe" is "café". The stemmers keep stop words: a quoted phrase such as
-- "to be or not to be" must still match word for word.
DO $$
DECLARE
  language text;
BEGIN
  CREATE TEXT SEARCH CONFIGURATION subtext_simple (COPY = pg_catalog.simple);
  ALTER TEXT SEARCH CONFIGURATION subtext_simple ALTER MAPPING FOR word, hword, hword_part WITH public.unaccent, pg_catalog.simple;
  FOREACH language IN ARRAY ARRAY['arabic', 'armenian', 'basque', 'catalan', 'danish', 'dutch', 'english', 'estonian',
    'finnish', 'french', 'german', 'greek', 'hindi', 'hungarian', 'indonesian', 'irish', 'italian', 'lithuanian', 'nepali',
    'norwegian', 'portuguese', 'romanian', 'russian', 'serbian', 'spanish', 'swedish', 'tamil', 'turkish', 'yiddish'] LOOP
    EXECUTE format('CREATE TEXT SEARCH DICTIONARY %I (TEMPLATE = pg_catalog.snowball, Language = %s)', 'subtext_' || language || '_stem', language);
    EXECUTE format('CREATE TEXT SEARCH CONFIGURATION %I (COPY = pg_catalog.simple)', 'subtext_' || language);
    EXECUTE format('ALTER TEXT SEARCH CONFIGURATION %I ALTER MAPPING FOR asciiword, asciihword, hword_asciipart WITH %I',
      'subtext_' || language, 'subtext_' || language || '_stem');
    EXECUTE format('ALTER TEXT SEARCH CONFIGURATION %I ALTER MAPPING FOR word, hword, hword_part WITH public.unaccent, %I',
      'subtext_' || language, 'subtext_' || language || '_stem');
  END LOOP;
END $$;
--> statement-breakpoint
-- The configuration for a transcript language code (en, pt-BR, ...): a stemmer where Postgres has one, otherwise simple.
CREATE OR REPLACE FUNCTION subtext_text_search_config(language text) RETURNS regconfig
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN CASE split_part(lower(coalesce(language, '')), '-', 1)
    WHEN 'ar' THEN 'subtext_arabic'::regconfig
    WHEN 'hy' THEN 'subtext_armenian'::regconfig
    WHEN 'eu' THEN 'subtext_basque'::regconfig
    WHEN 'ca' THEN 'subtext_catalan'::regconfig
    WHEN 'da' THEN 'subtext_danish'::regconfig
    WHEN 'nl' THEN 'subtext_dutch'::regconfig
    WHEN 'en' THEN 'subtext_english'::regconfig
    WHEN 'et' THEN 'subtext_estonian'::regconfig
    WHEN 'fi' THEN 'subtext_finnish'::regconfig
    WHEN 'fr' THEN 'subtext_french'::regconfig
    WHEN 'de' THEN 'subtext_german'::regconfig
    WHEN 'el' THEN 'subtext_greek'::regconfig
    WHEN 'hi' THEN 'subtext_hindi'::regconfig
    WHEN 'hu' THEN 'subtext_hungarian'::regconfig
    WHEN 'id' THEN 'subtext_indonesian'::regconfig
    WHEN 'ga' THEN 'subtext_irish'::regconfig
    WHEN 'it' THEN 'subtext_italian'::regconfig
    WHEN 'lt' THEN 'subtext_lithuanian'::regconfig
    WHEN 'ne' THEN 'subtext_nepali'::regconfig
    WHEN 'no' THEN 'subtext_norwegian'::regconfig
    WHEN 'nb' THEN 'subtext_norwegian'::regconfig
    WHEN 'nn' THEN 'subtext_norwegian'::regconfig
    WHEN 'pt' THEN 'subtext_portuguese'::regconfig
    WHEN 'ro' THEN 'subtext_romanian'::regconfig
    WHEN 'ru' THEN 'subtext_russian'::regconfig
    WHEN 'sr' THEN 'subtext_serbian'::regconfig
    WHEN 'es' THEN 'subtext_spanish'::regconfig
    WHEN 'sv' THEN 'subtext_swedish'::regconfig
    WHEN 'ta' THEN 'subtext_tamil'::regconfig
    WHEN 'tr' THEN 'subtext_turkish'::regconfig
    WHEN 'yi' THEN 'subtext_yiddish'::regconfig
    ELSE 'subtext_simple'::regconfig
  END;
--> statement-breakpoint
-- The stemming dictionary behind a language's configuration; null where the language has none (simple).
CREATE OR REPLACE FUNCTION subtext_stemmer(language text) RETURNS regdictionary
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  BEGIN ATOMIC
    SELECT m.mapdict::regdictionary FROM pg_catalog.pg_ts_config_map m
    WHERE m.mapcfg = subtext_text_search_config(language) AND m.maptokentype = 1 AND m.mapdict <> 'pg_catalog.simple'::regdictionary;
  END;
--> statement-breakpoint
-- Every word twice at the same position: as said (lower-cased, accents folded) and as its stem, so
-- "running" is found by "run" and, while typing, by "runn", and phrases keep their word distances.
-- (tsvector || tsvector would shift the second vector's positions; the text form merges them in place.)
CREATE OR REPLACE FUNCTION subtext_words_and_stems(config regconfig, body text) RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  RETURN (to_tsvector('subtext_simple', body)::text || ' ' || to_tsvector(config, body)::text)::tsvector;
--> statement-breakpoint
-- The words of the next cue, marked with a leading space (a lexeme the parser can never produce) so
-- that a query asks for them explicitly: a word alone matches only the cue it was said in.
CREATE OR REPLACE FUNCTION subtext_mark_next_cue(words tsvector) RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  RETURN regexp_replace(words::text, '(^| )''', '\1'' ', 'g')::tsvector;
--> statement-breakpoint
-- A caption cue's search vector: its own words, then the next cue's words (marked), so a phrase said
-- across the two is found here and maps to this cue's second. search_text is this cue's text, a space,
-- then the next cue's text; the positions of || make the next cue's words follow on from this cue's.
CREATE OR REPLACE FUNCTION subtext_segment_vector(language text, cue_text text, search_text text) RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN subtext_words_and_stems(subtext_text_search_config(language), coalesce(cue_text, ''))
    || subtext_mark_next_cue(subtext_words_and_stems(subtext_text_search_config(language),
         CASE WHEN starts_with(search_text, cue_text) THEN substr(search_text, length(cue_text) + 1) ELSE '' END));
--> statement-breakpoint
CREATE OR REPLACE FUNCTION subtext_quote_lexeme(lexeme text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  RETURN '''' || replace(replace(lexeme, '\', '\\'), '''', '''''') || '''';
--> statement-breakpoint
-- A word's forms as tsquery alternatives, "( 'run' | 'running':* )"; with marked, also the same forms as
-- said in the next cue (see subtext_mark_next_cue). The form equal to prefix_form also matches as a prefix.
CREATE OR REPLACE FUNCTION subtext_alternatives(forms text[], prefix_form text, marked boolean) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN '(' || array_to_string(ARRAY(
    SELECT subtext_quote_lexeme(mark || form) || CASE WHEN form = prefix_form THEN ':*' ELSE '' END
    FROM unnest(forms) AS form, unnest(CASE WHEN marked THEN ARRAY['', ' '] ELSE ARRAY[''] END) AS mark), ' | ') || ')';
--> statement-breakpoint
-- Web-search syntax ("exact phrase", or, -exclude), parsed by websearch_to_tsquery, with every word
-- widened to "as said, or its stem in any of the given languages" and, with prefix, the word being typed
-- (the last one, 3+ letters, when the query does not end in a space or a quote) matching as a prefix.
-- With segments, the query is for transcript_segments' cue windows: each phrase (or word) must start in
-- the cue's own words and may run on into the next cue's, so every moment is found exactly once.
CREATE OR REPLACE FUNCTION subtext_search_query(query text, languages text[] DEFAULT '{en}', prefix boolean DEFAULT false, segments boolean DEFAULT false)
  RETURNS tsquery LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
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
  -- The AND-group being read: its positive items as starting in this cue (heads) and anywhere in the
  -- window, its exclusions; then the groups read so far, to be joined by OR.
  heads text[] := '{}';
  anywhere text[] := '{}';
  exclusions text[] := '{}';
  groups text[] := '{}';
  forms text[];
  prefix_form text;
  item_head text;
  item_any text;
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
        FOR i IN 1 .. cardinality(lexemes) LOOP
          forms := ARRAY(SELECT lexemes[i] UNION SELECT unnest(ts_lexize(stemmer, lexemes[i])) FROM unnest(stemmers) AS stemmer);
          prefix_form := CASE WHEN typing AND t = cardinality(tokens) AND i = cardinality(lexemes) AND length(lexemes[i]) >= 3 THEN lexemes[i] END;
          IF i > 1 THEN
            item_head := item_head || ' <' || distances[i] || '> ';
            item_any := item_any || ' <' || distances[i] || '> ';
          END IF;
          item_head := item_head || subtext_alternatives(forms, prefix_form, segments AND i > 1);
          item_any := item_any || subtext_alternatives(forms, prefix_form, segments);
        END LOOP;
        IF negated THEN
          exclusions := exclusions || ('!(' || item_any || ')');
        ELSE
          heads := heads || ('(' || item_head || ')');
          anywhere := anywhere || ('(' || item_any || ')');
        END IF;
      END IF;
      negated := false;
      lexemes := '{}';
      distances := '{}';
      -- | ends the AND-group. One made only of exclusions would match nearly every row, so it is dropped.
      IF token = '|' THEN
        IF cardinality(heads) > 0 THEN
          groups := groups || ('(' || array_to_string(
            CASE WHEN cardinality(heads) = 1 OR NOT segments THEN heads
                 ELSE anywhere || ('(' || array_to_string(heads, ' | ') || ')') END || exclusions, ' & ') || ')');
        END IF;
        heads := '{}';
        anywhere := '{}';
        exclusions := '{}';
      END IF;
    END IF;
  END LOOP;
  RETURN array_to_string(groups, ' | ')::tsquery;
END $$;
--> statement-breakpoint
-- The same query asked of some fields only: every word restricted to the given weights (A, B, ...).
CREATE OR REPLACE FUNCTION subtext_query_in_fields(query tsquery, weights text) RETURNS tsquery
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  RETURN regexp_replace(query::text, '(''(?:[^''\\]|''''|\\.)*'')(?::(\*))?', '\1:\2' || weights, 'g')::tsquery;
--> statement-breakpoint
-- The languages of every indexed transcript, read by skipping through an index (one probe per language).
-- SECURITY DEFINER: the read-only SQL role (no access to videos) gets them too, and nothing else.
CREATE OR REPLACE FUNCTION subtext_transcript_languages() RETURNS text[]
  LANGUAGE sql STABLE PARALLEL SAFE SECURITY DEFINER SET search_path = pg_catalog, public
  BEGIN ATOMIC
    WITH RECURSIVE found(language) AS (
      (SELECT transcript_language FROM videos WHERE transcript_language IS NOT NULL ORDER BY 1 LIMIT 1)
      UNION ALL
      SELECT (SELECT v.transcript_language FROM videos v WHERE v.transcript_language > found.language ORDER BY 1 LIMIT 1)
      FROM found WHERE found.language IS NOT NULL
    )
    SELECT ARRAY(SELECT DISTINCT split_part(lower(language), '-', 1) FROM found WHERE language IS NOT NULL);
  END;
