-- A lexeme as a quoted tsquery operand (backslashes and quotes escaped).
CREATE OR REPLACE FUNCTION subtext_quote_lexeme(lexeme text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  RETURN '''' || replace(replace(lexeme, '\', '\\'), '''', '''''') || '''';
