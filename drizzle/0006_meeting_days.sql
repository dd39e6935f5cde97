CREATE TABLE "meeting_days" (
	"year" integer NOT NULL,
	"unit_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"days" integer[] NOT NULL,
	CONSTRAINT "meeting_days_year_unit_id_kind_pk" PRIMARY KEY("year","unit_id","kind")
);
--> statement-breakpoint
-- Whether a meeting of this status counts toward compliance (kinds.ts, countingStatuses).
CREATE FUNCTION jiceng_meeting_counts(status text) RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  select status in ('submitted', 'approved')
$$;--> statement-breakpoint
-- `days` without one occurrence of `day` (all of it when it is not there).
CREATE FUNCTION jiceng_without_one(days integer[], day integer) RETURNS integer[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  select case when array_position(days, day) is null then days
    else days[:array_position(days, day) - 1] || days[array_position(days, day) + 1:] end
$$;--> statement-breakpoint
-- Takes away the day of a meeting that stops counting and adds the day of one that starts to. Each
-- change is made to the row as it stands when its lock is granted (an update, or an insert's conflict),
-- so meetings written at once by several transactions all keep their days.
CREATE FUNCTION jiceng_meeting_days_track() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' AND jiceng_meeting_counts(OLD.status) THEN
    UPDATE meeting_days SET days = jiceng_without_one(days, OLD.held_on - date '1970-01-01')
      WHERE year = extract(year from OLD.held_on)::integer AND unit_id = OLD.unit_id AND kind = OLD.kind;
  END IF;
  IF TG_OP <> 'DELETE' AND jiceng_meeting_counts(NEW.status) THEN
    INSERT INTO meeting_days (year, unit_id, kind, days)
      VALUES (extract(year from NEW.held_on)::integer, NEW.unit_id, NEW.kind,
        ARRAY[NEW.held_on - date '1970-01-01'])
      ON CONFLICT (year, unit_id, kind) DO UPDATE SET days = meeting_days.days || excluded.days;
  END IF;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER meetings_days_insert_delete AFTER INSERT OR DELETE ON meetings
  FOR EACH ROW EXECUTE FUNCTION jiceng_meeting_days_track();--> statement-breakpoint
CREATE TRIGGER meetings_days_update AFTER UPDATE ON meetings FOR EACH ROW
  WHEN ((OLD.unit_id, OLD.kind, OLD.held_on, OLD.status)
    IS DISTINCT FROM (NEW.unit_id, NEW.kind, NEW.held_on, NEW.status))
  EXECUTE FUNCTION jiceng_meeting_days_track();--> statement-breakpoint
CREATE FUNCTION jiceng_meeting_days_clear() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE meeting_days;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER meetings_days_truncate AFTER TRUNCATE ON meetings
  FOR EACH STATEMENT EXECUTE FUNCTION jiceng_meeting_days_clear();--> statement-breakpoint
-- Builds the days again from every meeting (after a bulk load that ran without the triggers), a year's
-- rows together on disk, as the triggers later add them.
CREATE FUNCTION jiceng_meeting_days_rebuild() RETURNS void LANGUAGE sql AS $$
  truncate meeting_days;
  insert into meeting_days (year, unit_id, kind, days)
    select extract(year from held_on)::integer, unit_id, kind, array_agg(held_on - date '1970-01-01')
    from meetings where jiceng_meeting_counts(status)
    group by 1, 2, 3 order by 1, 2, 3;
  analyze meeting_days;
$$;--> statement-breakpoint
SELECT jiceng_meeting_days_rebuild();
