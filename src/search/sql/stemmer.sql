-- The stemming dictionary behind a language's configuration; null where the language has none (simple).
CREATE OR REPLACE FUNCTION subtext_stemmer(language text) RETURNS regdictionary
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  BEGIN ATOMIC
    SELECT m.mapdict::regdictionary FROM pg_catalog.pg_ts_config_map m
    WHERE m.mapcfg = subtext_text_search_config(language) AND m.maptokentype = 1 AND m.mapdict <> 'pg_catalog.simple'::regdictionary;
  END;
