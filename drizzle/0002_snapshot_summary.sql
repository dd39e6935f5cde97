-- A frozen figure's groups as the snapshot page shows them: each group's value and how many records it
-- counted, without the ids, so reading a snapshot never loads its evidence lists.
CREATE FUNCTION jiceng_frozen_groups(breakdown jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN breakdown IS NULL OR jsonb_typeof(breakdown) <> 'array' THEN NULL ELSE (
    SELECT coalesce(jsonb_agg(jsonb_build_object(
      'key', g.item->'key', 'label', g.item->'label', 'value', g.item->'value',
      'entity', g.item->'evidence'->'entity', 'count', jsonb_array_length(g.item->'evidence'->'ids')
    ) ORDER BY g.position), '[]'::jsonb)
    FROM jsonb_array_elements(breakdown) WITH ORDINALITY AS g(item, position)
  ) END
$$;--> statement-breakpoint
ALTER TABLE "indicator_snapshot_values" ADD COLUMN "evidence_entity" text GENERATED ALWAYS AS (evidence->>'entity') STORED;--> statement-breakpoint
ALTER TABLE "indicator_snapshot_values" ADD COLUMN "evidence_count" integer GENERATED ALWAYS AS (jsonb_array_length(evidence->'ids')) STORED;--> statement-breakpoint
ALTER TABLE "indicator_snapshot_values" ADD COLUMN "groups" jsonb GENERATED ALWAYS AS (jiceng_frozen_groups(breakdown)) STORED;