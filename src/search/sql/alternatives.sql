-- A word's forms as tsquery alternatives, "( 'run' | 'running':* )"; with marked, also the same forms as
-- said in the next cue (see subtext_mark_next_cue). The form equal to prefix_form also matches as a prefix.
CREATE OR REPLACE FUNCTION subtext_alternatives(forms text[], prefix_form text, marked boolean) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN '(' || array_to_string(ARRAY(
    SELECT subtext_quote_lexeme(mark || form) || CASE WHEN form = prefix_form THEN ':*' ELSE '' END
    FROM unnest(forms) AS form, unnest(CASE WHEN marked THEN ARRAY['', ' '] ELSE ARRAY[''] END) AS mark), ' | ') || ')';
