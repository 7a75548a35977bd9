-- Web-search syntax ("exact phrase", or, -exclude) as one tsquery: see subtext_search_queries.
CREATE OR REPLACE FUNCTION subtext_search_query(query text, languages text[] DEFAULT '{en}', prefix boolean DEFAULT false, segments boolean DEFAULT false)
  RETURNS tsquery LANGUAGE sql STABLE PARALLEL SAFE
  RETURN (SELECT CASE WHEN subtext_search_query.segments THEN q.segments ELSE q.videos END FROM subtext_search_queries(query, languages, prefix) AS q);
