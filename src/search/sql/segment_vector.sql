-- A caption cue's search vector: its own words, then the next cue's words (marked), so a phrase said
-- across the two is found here and maps to this cue's second. search_text is this cue's text, a space,
-- then the next cue's text; the positions of || make the next cue's words follow on from this cue's.
CREATE OR REPLACE FUNCTION subtext_segment_vector(language text, cue_text text, search_text text) RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN to_tsvector(subtext_text_search_config(language), coalesce(cue_text, ''))
    || subtext_mark_next_cue(to_tsvector(subtext_text_search_config(language),
         CASE WHEN starts_with(search_text, cue_text) THEN substr(search_text, length(cue_text) + 1) ELSE '' END));
