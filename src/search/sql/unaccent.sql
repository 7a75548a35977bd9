-- unaccent() is only STABLE (it reads its dictionary from search_path); a generated column needs
-- IMMUTABLE, so pin the dictionary by schema-qualified name.
CREATE OR REPLACE FUNCTION subtext_unaccent(input text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  RETURN public.unaccent('public.unaccent'::regdictionary, input);
