-- The same query asked of some fields only: every word restricted to the given weights (A, B, ...).
CREATE OR REPLACE FUNCTION subtext_query_in_fields(query tsquery, weights text) RETURNS tsquery
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  RETURN regexp_replace(query::text, '(''(?:[^''\\]|''''|\\.)*'')(?::(\*))?', '\1:\2' || weights, 'g')::tsquery;
