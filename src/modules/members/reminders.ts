// Probation reminders: probationary members whose conversion falls due within the reminder window (or
// is overdue without a decision) become inbox notices for the clerks who follow their organisation;
// the notices settle once a decision is recorded. Runs at start-up, hourly, and on demand.
import { and, eq, inArray, isNull, like, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../platform/db';
import { queryRows } from '../../platform/db';
import {
  type NewNotification,
  notifications,
  notify,
  resolveNotifications,
  responsibleUsers,
} from '../../platform/notifications';
import { todayInChina } from '../../platform/time';
import { units } from '../orgs';
import { people } from '../people';
import { addDays, daysBetween } from './dates';
import { conversionDueCondition } from './queries';
import { partyMembers } from './schema';
import { getMemberSettings } from './settings';

/** Advisory lock key: only one app instance runs the reminder tick at a time. */
export const PROBATION_REMINDER_LOCK = 7231103;

export const PROBATION_NOTICE_KIND = 'members.conversionDue';

export interface ReminderResult {
  /** False when another instance held the lock and this run was skipped. */
  ran: boolean;
  /** Probationary members due within the window or overdue. */
  open: number;
  created: number;
  resolved: number;
}

interface DueMember {
  id: string;
  name: string;
  unitId: string;
  unitName: string;
  unitPath: string;
  conversionDueOn: string;
}

/** One notice per member, due date and recipient: the same due date never notifies twice. */
const baseKey = (m: Pick<DueMember, 'id' | 'conversionDueOn'>) =>
  `${PROBATION_NOTICE_KIND}:${m.id}:${m.conversionDueOn}`;
const baseOf = (dedupeKey: string) => dedupeKey.slice(0, dedupeKey.lastIndexOf(':'));

async function dueMembers(db: DbOrTx, until: string, memberIds?: readonly string[]): Promise<DueMember[]> {
  return db
    .select({
      id: partyMembers.id,
      name: people.name,
      unitId: units.id,
      unitName: units.name,
      unitPath: units.path,
      conversionDueOn: sql<string>`${partyMembers.conversionDueOn}::text`,
    })
    .from(partyMembers)
    .innerJoin(people, eq(people.id, partyMembers.personId))
    .innerJoin(units, eq(units.id, partyMembers.unitId))
    .where(
      and(conversionDueCondition(until), memberIds ? inArray(partyMembers.id, [...memberIds]) : undefined),
    );
}

/** The text of a reminder: due in n days, due today, or n days overdue without a decision. */
export function reminderText(
  member: Pick<DueMember, 'name' | 'unitName' | 'conversionDueOn'>,
  today: string,
) {
  const days = daysBetween(today, member.conversionDueOn);
  const when =
    days > 0
      ? `还有 ${days} 天届满`
      : days === 0
        ? '今天届满'
        : `已届满 ${-days} 天，尚未作出转正、延长预备期或取消资格的决定`;
  return {
    title: `${member.name}：预备期将于 ${member.conversionDueOn} 届满，请及时讨论转正`,
    body: `${member.unitName}预备党员${member.name}的预备期至 ${member.conversionDueOn}，${when}。请按程序召开支部党员大会讨论其转正并记录组织决定。`,
  };
}

async function noticesFor(db: DbOrTx, members: DueMember[], today: string): Promise<NewNotification[]> {
  const orgs = [...new Map(members.map((m) => [m.unitId, { id: m.unitId, path: m.unitPath }])).values()];
  const followers = await responsibleUsers(db, orgs, ['members.decide', 'members.write']);
  return members.flatMap((member) => {
    const { title, body } = reminderText(member, today);
    return (followers.get(member.unitId) ?? []).map(
      (userId): NewNotification => ({
        userId,
        unitId: member.unitId,
        kind: PROBATION_NOTICE_KIND,
        title,
        body,
        link: `/members?member=${member.id}`,
        dedupeKey: `${baseKey(member)}:${userId}`,
      }),
    );
  });
}

async function syncReminders(
  tx: DbOrTx,
  today: string,
  options: { memberIds?: readonly string[]; create: boolean },
): Promise<Omit<ReminderResult, 'ran'>> {
  const settings = await getMemberSettings(tx);
  const until = addDays(today, settings['members.conversionReminderDays']);
  const due = await dueMembers(tx, until, options.memberIds);
  const created = options.create ? await notify(tx, await noticesFor(tx, due, today)) : 0;
  const open = new Set(due.map(baseKey));
  const unresolved = await tx
    .select({ id: notifications.id, dedupeKey: notifications.dedupeKey })
    .from(notifications)
    .where(
      and(
        eq(notifications.kind, PROBATION_NOTICE_KIND),
        isNull(notifications.resolvedAt),
        options.memberIds
          ? sql`(${sql.join(
              options.memberIds.map(
                (id) => sql`${notifications.dedupeKey} like ${`${PROBATION_NOTICE_KIND}:${id}:%`}`,
              ),
              sql` or `,
            )})`
          : like(notifications.dedupeKey, `${PROBATION_NOTICE_KIND}:%`),
      ),
    );
  const resolved = await resolveNotifications(
    tx,
    unresolved.filter((n) => !open.has(baseOf(n.dedupeKey))).map((n) => n.id),
  );
  return { open: due.length, created, resolved };
}

/**
 * Creates the probation reminders (deduplicated per member, due date and recipient) and settles the
 * ones whose member is no longer due (converted, extended, cancelled, left). Takes a PostgreSQL
 * advisory lock for the transaction so several app instances never run it at once.
 */
export async function runProbationReminders(db: Db, today: string = todayInChina()): Promise<ReminderResult> {
  return db.transaction(async (tx) => {
    const [lock] = await queryRows<{ ok: boolean }>(
      tx,
      sql`select pg_try_advisory_xact_lock(${PROBATION_REMINDER_LOCK}) as ok`,
    );
    if (!lock?.ok) return { ran: false, open: 0, created: 0, resolved: 0 };
    return { ran: true, ...(await syncReminders(tx, today, { create: true })) };
  });
}

/**
 * Settles the reminders of some members right after a decision about them was recorded, inside that
 * transaction, so the inbox clears without waiting for the next tick.
 */
export async function refreshProbationReminders(
  tx: DbOrTx,
  memberIds: readonly string[],
  today: string = todayInChina(),
): Promise<void> {
  if (memberIds.length === 0) return;
  await syncReminders(tx, today, { memberIds, create: false });
}
