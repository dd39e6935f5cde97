// The compliance tick: turns open compliance items into inbox notices for the responsible clerks and
// settles notices whose matter was resolved. Runs at start-up, hourly, and on demand.
import { and, inArray, isNull, like, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../platform/db';
import { queryRows } from '../../platform/db';
import {
  type NewNotification,
  notifications,
  notify,
  resolveNotifications,
  responsibleUsers,
} from '../../platform/notifications';
import { systemScope } from '../../platform/scope';
import { todayInChina } from '../../platform/time';
import { type Evaluation, openItems, periodContaining, periodLabel, warningText } from './compliance';
import { loadComplianceInput, type OrgInfo } from './complianceData';
import { meetingKindSpecs } from './kinds';

/** Advisory lock key: only one app instance runs the tick at a time. */
export const COMPLIANCE_TICK_LOCK = 7231102;

const NOTICE_KIND = 'meetings.compliance';

export interface TickResult {
  /** False when another instance held the lock and this run was skipped. */
  ran: boolean;
  open: number;
  created: number;
  resolved: number;
}

function baseKey(item: Evaluation): string {
  return `${NOTICE_KIND}:${item.orgId}:${item.ruleId}:${item.period.from}:${item.status}`;
}

function baseOf(dedupeKey: string): string {
  return dedupeKey.slice(0, dedupeKey.lastIndexOf(':'));
}

async function noticesFor(tx: Tx, items: Evaluation[], orgs: OrgInfo[]): Promise<NewNotification[]> {
  if (items.length === 0) return [];
  const orgById = new Map(orgs.map((o) => [o.id, o]));
  // The clerks who hold meetings.write at the organisation or above it up to its 苏木/镇.
  const followers = await responsibleUsers(
    tx,
    [...new Set(items.map((i) => i.orgId))].map((id) => orgById.get(id)!),
    ['meetings.write'],
  );
  const notices: NewNotification[] = [];
  for (const item of items) {
    const org = orgById.get(item.orgId)!;
    const recipients = followers.get(org.id) ?? [];
    const spec = meetingKindSpecs[item.kind];
    const when =
      item.status === 'overdue' ? '已逾期，请尽快补充召开并记录' : `距期末还有 ${item.daysLeft} 天`;
    for (const userId of recipients) {
      notices.push({
        userId,
        unitId: org.id,
        kind: `${NOTICE_KIND}.${item.status}`,
        title: `${org.name}：${warningText(item)}`,
        body: `${periodLabel(item.period)}应${spec.verb}${spec.name} ${item.required} 次，已${spec.verb} ${item.held} 次，${when}。`,
        link: `/meetings/records/new?unitId=${org.id}&kind=${item.kind}`,
        dedupeKey: `${baseKey(item)}:${userId}`,
      });
    }
  }
  return notices;
}

async function syncNotices(
  tx: Tx,
  today: string,
  options: { orgIds?: readonly string[]; create: boolean },
): Promise<Omit<TickResult, 'ran'>> {
  const scope = systemScope('the compliance tick looks at every organisation to notify their clerks');
  const input = await loadComplianceInput(
    tx,
    scope,
    { from: today, to: periodContaining('year', today).to },
    { includePrevious: true, orgIds: options.orgIds },
  );
  const items = openItems(input.rules, input.orgs, input.meetings, today);
  const created = options.create ? await notify(tx, await noticesFor(tx, items, input.orgs)) : 0;
  const open = new Set(items.map(baseKey));
  const unresolved = await tx
    .select({ id: notifications.id, dedupeKey: notifications.dedupeKey })
    .from(notifications)
    .where(
      and(
        like(notifications.kind, `${NOTICE_KIND}.%`),
        isNull(notifications.resolvedAt),
        options.orgIds ? inArray(notifications.unitId, [...options.orgIds]) : undefined,
      ),
    );
  const resolved = await resolveNotifications(
    tx,
    unresolved.filter((n) => !open.has(baseOf(n.dedupeKey))).map((n) => n.id),
  );
  return { open: items.length, created, resolved };
}

/**
 * Creates warning and overdue notices for every organisation (deduplicated per organisation, rule,
 * period and status) and settles the ones no longer open. Takes a PostgreSQL advisory lock for the
 * transaction so several app instances never run it at once; a run that finds the lock taken is
 * skipped (`ran: false`).
 */
export async function runComplianceTick(db: Db, today: string = todayInChina()): Promise<TickResult> {
  return db.transaction(async (tx) => {
    const [lock] = await queryRows<{ ok: boolean }>(
      tx,
      sql`select pg_try_advisory_xact_lock(${COMPLIANCE_TICK_LOCK}) as ok`,
    );
    if (!lock?.ok) return { ran: false, open: 0, created: 0, resolved: 0 };
    return { ran: true, ...(await syncNotices(tx, today, { create: true })) };
  });
}

/**
 * Settles the notices of some organisations right after one of their meetings was recorded or
 * corrected, inside that transaction, so the inbox clears without waiting for the next tick.
 */
export async function refreshComplianceNotices(
  tx: Tx,
  orgIds: readonly string[],
  today: string = todayInChina(),
): Promise<void> {
  await syncNotices(tx, today, { orgIds, create: false });
}
