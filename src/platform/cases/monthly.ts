// The monthly roll-up of case counts (tables case_monthly and case_monthly_changes, kept by the triggers
// of drizzle/0005_case_monthly.sql): what a period's whole months add up to, without reading their cases.
import { sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db';
import { queryRows } from '../db';
import { type Scope, unitCondition } from '../scope';

/** What happened to a type's cases in some months or days: each case counted in the month of the step. */
export interface PeriodCounts {
  received: number;
  repeats: number;
  accepted: number;
  acceptedOnTime: number;
  closed: number;
  closedOnTime: number;
  /** Days from receipt to closing, summed over the cases closed. */
  handledDays: number;
  /** Cases closed with a rating of 1 … 5 (index 0 … 4). */
  ratings: number[];
}

export const SCORES = [1, 2, 3, 4, 5] as const;

export function addCounts(a: PeriodCounts, b: PeriodCounts): PeriodCounts {
  return {
    received: a.received + b.received,
    repeats: a.repeats + b.repeats,
    accepted: a.accepted + b.accepted,
    acceptedOnTime: a.acceptedOnTime + b.acceptedOnTime,
    closed: a.closed + b.closed,
    closedOnTime: a.closedOnTime + b.closedOnTime,
    handledDays: a.handledDays + b.handledDays,
    ratings: a.ratings.map((n, i) => n + (b.ratings[i] ?? 0)),
  };
}

/** Reads a row of sums whose columns are named as PeriodCounts' (ratings as rated_1 … rated_5). */
export function countsOf(row: Record<string, string | number | null> | undefined): PeriodCounts {
  const n = (key: string) => Number(row?.[key] ?? 0);
  return {
    received: n('received'),
    repeats: n('repeats'),
    accepted: n('accepted'),
    acceptedOnTime: n('acceptedOnTime'),
    closed: n('closed'),
    closedOnTime: n('closedOnTime'),
    handledDays: n('handledDays'),
    ratings: SCORES.map((score) => n(`rated_${score}`)),
  };
}

/**
 * The counts of the type's cases in scope over the months from `fromMonth` up to (not including)
 * `toMonth` (first days of China months), from the roll-up and its changes not yet folded.
 */
export async function monthlyCounts(
  db: DbOrTx,
  type: string,
  scope: Scope,
  fromMonth: string,
  toMonth: string,
): Promise<PeriodCounts> {
  const within = sql`type = ${type} and month >= ${fromMonth}::date and month < ${toMonth}::date`;
  const [row] = await queryRows<Record<string, string | number | null>>(
    db,
    sql`
      select sum(m.received) as "received", sum(m.repeats) as "repeats", sum(m.accepted) as "accepted",
        sum(m.accepted_on_time) as "acceptedOnTime", sum(m.closed) as "closed",
        sum(m.closed_on_time) as "closedOnTime", sum(m.handled_seconds) / 86400.0 as "handledDays",
        ${sql.join(
          SCORES.map((score) => sql.raw(`sum(m.rated_${score}) as "rated_${score}"`)),
          sql`, `,
        )}
      from (
        select * from case_monthly where ${within}
        union all
        select * from case_monthly_changes where ${within}
      ) m
      where ${unitCondition(scope, sql`m.unit_id`)}`,
  );
  return countsOf(row);
}

/**
 * Moves the roll-up's pending changes into it, one row per type, unit and month; returns how many
 * changes it moved. The server runs it every few seconds; figures are the same before and after. The
 * changes' table is vacuumed after it, so its pages are reused (the embedded database has no autovacuum).
 */
export async function foldCaseMonthly(db: Db): Promise<number> {
  const [row] = await queryRows<{ moved: number }>(db, sql`select jiceng_case_monthly_fold() as moved`);
  const moved = Number(row?.moved ?? 0);
  if (moved > 0) await db.execute(sql`vacuum case_monthly_changes`);
  return moved;
}

/** Builds the roll-up again from every case: after a bulk load that ran with its triggers off. */
export async function rebuildCaseMonthly(db: DbOrTx): Promise<void> {
  await queryRows(db, sql`select jiceng_case_monthly_rebuild()`);
}
