-- The tree search's index: every pair of adjacent characters of a unit's search text. A query's pairs
-- all lie in the text it is part of, so "search_bigrams(search_text) @> search_bigrams(query)" narrows
-- the units to test with "like" and never drops a match. Immutable, so it can be indexed.
CREATE FUNCTION search_bigrams(t text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  select coalesce(array_agg(distinct substr(t, i, 2)), '{}'::text[]) from generate_series(1, length(t) - 1) as i
$$;--> statement-breakpoint
CREATE INDEX "units_search_idx" ON "units" USING gin (search_bigrams("search_text"));
