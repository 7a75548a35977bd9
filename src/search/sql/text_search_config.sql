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
