-- The audit log and its hash chain are append-only: the database itself refuses changes.
CREATE OR REPLACE FUNCTION jiceng_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'table % is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION jiceng_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION jiceng_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_chain_append_only BEFORE UPDATE OR DELETE ON audit_chain
  FOR EACH ROW EXECUTE FUNCTION jiceng_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_chain_no_truncate BEFORE TRUNCATE ON audit_chain
  FOR EACH STATEMENT EXECUTE FUNCTION jiceng_refuse_change();
--> statement-breakpoint
-- A frozen indicator snapshot never changes: a locked report must stay reproducible.
CREATE TRIGGER indicator_snapshots_append_only BEFORE UPDATE OR DELETE ON indicator_snapshots
  FOR EACH ROW EXECUTE FUNCTION jiceng_refuse_change();
--> statement-breakpoint
CREATE TRIGGER indicator_snapshot_values_append_only BEFORE UPDATE OR DELETE ON indicator_snapshot_values
  FOR EACH ROW EXECUTE FUNCTION jiceng_refuse_change();
--> statement-breakpoint
-- A case's history is its truth: events are only ever added.
CREATE TRIGGER case_events_append_only BEFORE UPDATE OR DELETE ON case_events
  FOR EACH ROW EXECUTE FUNCTION jiceng_refuse_change();
