CREATE TABLE "case_monthly" (
	"type" text NOT NULL,
	"unit_id" uuid NOT NULL,
	"month" date NOT NULL,
	"received" integer DEFAULT 0 NOT NULL,
	"repeats" integer DEFAULT 0 NOT NULL,
	"accepted" integer DEFAULT 0 NOT NULL,
	"accepted_on_time" integer DEFAULT 0 NOT NULL,
	"closed" integer DEFAULT 0 NOT NULL,
	"closed_on_time" integer DEFAULT 0 NOT NULL,
	"handled_seconds" numeric DEFAULT '0' NOT NULL,
	"rated_1" integer DEFAULT 0 NOT NULL,
	"rated_2" integer DEFAULT 0 NOT NULL,
	"rated_3" integer DEFAULT 0 NOT NULL,
	"rated_4" integer DEFAULT 0 NOT NULL,
	"rated_5" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "case_monthly_type_month_unit_id_pk" PRIMARY KEY("type","month","unit_id")
);
--> statement-breakpoint
CREATE TABLE "case_monthly_changes" (
	"type" text NOT NULL,
	"unit_id" uuid NOT NULL,
	"month" date NOT NULL,
	"received" integer DEFAULT 0 NOT NULL,
	"repeats" integer DEFAULT 0 NOT NULL,
	"accepted" integer DEFAULT 0 NOT NULL,
	"accepted_on_time" integer DEFAULT 0 NOT NULL,
	"closed" integer DEFAULT 0 NOT NULL,
	"closed_on_time" integer DEFAULT 0 NOT NULL,
	"handled_seconds" numeric DEFAULT '0' NOT NULL,
	"rated_1" integer DEFAULT 0 NOT NULL,
	"rated_2" integer DEFAULT 0 NOT NULL,
	"rated_3" integer DEFAULT 0 NOT NULL,
	"rated_4" integer DEFAULT 0 NOT NULL,
	"rated_5" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
-- The China month an instant falls in (UTC+8 all year), as its first day.
CREATE FUNCTION jiceng_china_month(t timestamptz) RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  select date_trunc('month', (t at time zone 'UTC') + interval '8 hours')::date
$$;--> statement-breakpoint
-- What one case adds to the monthly roll-up, times `sign` (1 adds it, -1 takes it away): a row for the
-- month it was created in, one for the month it was accepted in and one for the month it was closed in.
-- PL/pgSQL, so the planner never inlines it: inlined beside a lateral join, its row argument made
-- PostgreSQL fail ("variable not found in subplan target list").
CREATE FUNCTION jiceng_case_monthly_of(c cases, sign integer) RETURNS SETOF case_monthly_changes
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  RETURN QUERY
  select c.type, c.unit_id, jiceng_china_month(c.created_at), sign,
    case when c.repeat_of_id is not null then sign else 0 end,
    0, 0, 0, 0, 0::numeric, 0, 0, 0, 0, 0
  union all
  select c.type, c.unit_id, jiceng_china_month(c.accepted_at), 0, 0, sign,
    case when c.accept_by is null or c.accepted_at <= c.accept_by then sign else 0 end,
    0, 0, 0::numeric, 0, 0, 0, 0, 0
  where c.accepted_at is not null
  union all
  select c.type, c.unit_id, jiceng_china_month(c.closed_at), 0, 0, 0, 0, sign,
    case when c.close_by is null or c.closed_at <= c.close_by then sign else 0 end,
    sign * extract(epoch from (c.closed_at - c.created_at)),
    case c.rating when 1 then sign else 0 end, case c.rating when 2 then sign else 0 end,
    case c.rating when 3 then sign else 0 end, case c.rating when 4 then sign else 0 end,
    case c.rating when 5 then sign else 0 end
  where c.closed_at is not null;
END;
$$;--> statement-breakpoint
CREATE FUNCTION jiceng_case_monthly_track() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    INSERT INTO case_monthly_changes SELECT * FROM jiceng_case_monthly_of(OLD, -1);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO case_monthly_changes SELECT * FROM jiceng_case_monthly_of(NEW, 1);
  END IF;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER cases_monthly_insert_delete AFTER INSERT OR DELETE ON cases
  FOR EACH ROW EXECUTE FUNCTION jiceng_case_monthly_track();--> statement-breakpoint
CREATE TRIGGER cases_monthly_update AFTER UPDATE ON cases FOR EACH ROW
  WHEN ((OLD.type, OLD.unit_id, OLD.created_at, OLD.repeat_of_id, OLD.accepted_at, OLD.accept_by,
         OLD.closed_at, OLD.close_by, OLD.rating)
    IS DISTINCT FROM (NEW.type, NEW.unit_id, NEW.created_at, NEW.repeat_of_id, NEW.accepted_at,
         NEW.accept_by, NEW.closed_at, NEW.close_by, NEW.rating))
  EXECUTE FUNCTION jiceng_case_monthly_track();--> statement-breakpoint
CREATE FUNCTION jiceng_case_monthly_clear() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE case_monthly, case_monthly_changes;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER cases_monthly_truncate AFTER TRUNCATE ON cases
  FOR EACH STATEMENT EXECUTE FUNCTION jiceng_case_monthly_clear();--> statement-breakpoint
-- Moves the changes into the roll-up, one row per key; returns how many changes it moved. Changes that
-- a concurrent fold already moved are not seen by this one's delete, so none is counted twice.
CREATE FUNCTION jiceng_case_monthly_fold() RETURNS integer LANGUAGE sql AS $$
  with moved as (delete from case_monthly_changes returning *),
  folded as (
    insert into case_monthly
    select type, unit_id, month, sum(received), sum(repeats), sum(accepted), sum(accepted_on_time),
      sum(closed), sum(closed_on_time), sum(handled_seconds), sum(rated_1), sum(rated_2), sum(rated_3),
      sum(rated_4), sum(rated_5)
    from moved group by type, unit_id, month
    on conflict (type, month, unit_id) do update set
      received = case_monthly.received + excluded.received,
      repeats = case_monthly.repeats + excluded.repeats,
      accepted = case_monthly.accepted + excluded.accepted,
      accepted_on_time = case_monthly.accepted_on_time + excluded.accepted_on_time,
      closed = case_monthly.closed + excluded.closed,
      closed_on_time = case_monthly.closed_on_time + excluded.closed_on_time,
      handled_seconds = case_monthly.handled_seconds + excluded.handled_seconds,
      rated_1 = case_monthly.rated_1 + excluded.rated_1,
      rated_2 = case_monthly.rated_2 + excluded.rated_2,
      rated_3 = case_monthly.rated_3 + excluded.rated_3,
      rated_4 = case_monthly.rated_4 + excluded.rated_4,
      rated_5 = case_monthly.rated_5 + excluded.rated_5
    returning 1)
  select count(*)::int from moved
$$;--> statement-breakpoint
-- Builds the roll-up again from every case (after a bulk load that ran without the triggers). The first
-- truncate holds off every writer's trigger until the end, so the last one drops only what was folded,
-- and gives its pages back at once.
CREATE FUNCTION jiceng_case_monthly_rebuild() RETURNS void LANGUAGE sql AS $$
  truncate case_monthly, case_monthly_changes;
  insert into case_monthly_changes select m.* from cases c, lateral jiceng_case_monthly_of(c, 1) m;
  select jiceng_case_monthly_fold();
  truncate case_monthly_changes;
  analyze case_monthly;
$$;--> statement-breakpoint
SELECT jiceng_case_monthly_rebuild();
