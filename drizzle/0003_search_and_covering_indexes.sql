DROP INDEX "cases_type_unit_idx";--> statement-breakpoint
DROP INDEX "grid_events_grid_idx";--> statement-breakpoint
ALTER TABLE "units" ADD COLUMN "search_text" text GENERATED ALWAYS AS (lower(name) || ' ' || pinyin || ' ' || lower(coalesce(code, ''))) STORED;--> statement-breakpoint
CREATE INDEX "grid_events_reporter_idx" ON "grid_events" USING btree ("reported_by","case_id");--> statement-breakpoint
CREATE INDEX "cases_type_unit_idx" ON "cases" USING btree ("type","unit_id","created_at","id");--> statement-breakpoint
CREATE INDEX "grid_events_grid_idx" ON "grid_events" USING btree ("grid_id","case_id");