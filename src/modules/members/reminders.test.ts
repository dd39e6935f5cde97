// Probation reminders in the inbox: who is told, once per member and due date, and settling on decision.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildTree,
  buildUnit,
  buildUser,
  createTestApp,
  loginAs,
  type Session,
  type TestContext,
} from '../../../test/support/app';
import { notifications } from '../../platform/notifications';
import { writeSettings } from '../../platform/settings/service';
import { todayInChina } from '../../platform/time';
import { makeIdNumber } from '../people';
import { addDays, addMonths, daysBetween } from './dates';
import { PROBATION_NOTICE_KIND, reminderText, runProbationReminders } from './reminders';

interface NoticeJson {
  id: string;
  unitId: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  resolvedAt: string | null;
}

let t: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
let staff: Session;
let clerkA: Session;
let clerkB: Session;
let gachaClerk: Session;
const today = todayInChina();
const ids = new Map<string, string>();
let sequence = 500;

async function inbox(session: Session): Promise<NoticeJson[]> {
  const response = await session.get('/api/notifications?pageSize=100');
  expect(response.statusCode, response.body).toBe(200);
  return (response.json().items as NoticeJson[]).filter((n) => n.kind === PROBATION_NOTICE_KIND);
}

beforeAll(async () => {
  t = await createTestApp();
  tree = await buildTree(t);
  const branchB = await buildUnit(t, tree.gachaB, { name: '哈日嘎查党支部', type: 'branch' });
  await buildUser(t, { username: 'staff', grants: [{ role: 'orgStaff', unit: tree.banner }] });
  await buildUser(t, { username: 'clerkA', grants: [{ role: 'unitClerk', unit: tree.sumuA }] });
  await buildUser(t, { username: 'clerkB', grants: [{ role: 'unitClerk', unit: tree.sumuB }] });
  await buildUser(t, { username: 'gachaClerk', grants: [{ role: 'unitClerk', unit: tree.gachaA }] });
  staff = await loginAs(t, 'staff');
  clerkA = await loginAs(t, 'clerkA');
  clerkB = await loginAs(t, 'clerkB');
  gachaClerk = await loginAs(t, 'gachaClerk');
  const add = async (session: Session, name: string, unitId: string, joinedOn: string) => {
    sequence += 2;
    const response = await session.post('/api/members', {
      name,
      idNumber: makeIdNumber({ regionCode: '152222', birthDate: '1995-03-03', sequence }),
      unitId,
      category: 'probationary',
      joinedOn,
    });
    expect(response.statusCode, response.body).toBe(200);
    ids.set(name, response.json().id);
  };
  // Due in 10 days, overdue by a month, and far from due (苏木 A); due in 20 days (苏木 B).
  await add(clerkA, '乌云', tree.branchA.id, addMonths(addDays(today, 10), -12));
  await add(clerkA, '图雅', tree.branchA.id, addMonths(today, -13));
  await add(clerkA, '其木格', tree.branchA.id, addMonths(today, -3));
  await add(clerkB, '萨仁', branchB.id, addMonths(addDays(today, 20), -12));
});
afterAll(async () => t.close());

describe('reminder wording', () => {
  it('counts days to and past the due date', () => {
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2026-01-01', '2025-12-31')).toBe(-1);
    const member = { name: '乌云', unitName: '乌兰嘎查党支部', conversionDueOn: '2026-12-05' };
    expect(reminderText(member, '2026-11-25').title).toBe('乌云：预备期将于 2026-12-05 届满，请及时讨论转正');
    expect(reminderText(member, '2026-11-25').body).toContain('还有 10 天届满');
    expect(reminderText(member, '2026-12-05').body).toContain('今天届满');
    expect(reminderText(member, '2026-12-08').body).toContain('已届满 3 天，尚未作出');
  });
});

describe('probation reminders', () => {
  it('needs members.decide to run on demand', async () => {
    expect((await clerkA.post('/api/members/reminders/run')).statusCode).toBe(403);
  });

  it('tells the clerks of the member’s own 苏木 about due and overdue members, not the other 苏木', async () => {
    const run = await staff.post('/api/members/reminders/run');
    expect(run.statusCode, run.body).toBe(200);
    // 乌云, 图雅 (to clerkA and the 嘎查 clerk), 萨仁 (to clerkB); 其木格 is not due yet.
    expect(run.json()).toEqual({ ran: true, open: 3, created: 5, resolved: 0 });
    const a = await inbox(clerkA);
    expect(a.map((n) => n.title.split('：')[0]).sort()).toEqual(['乌云', '图雅'].sort());
    const due = a.find((n) => n.title.startsWith('乌云'))!;
    expect(due).toMatchObject({
      unitId: tree.branchA.id,
      title: `乌云：预备期将于 ${addDays(today, 10)} 届满，请及时讨论转正`,
      link: expect.stringMatching(/^\/members\?member=[0-9a-f-]{36}$/),
      resolvedAt: null,
    });
    expect(due.body).toContain('还有 10 天届满');
    expect(a.find((n) => n.title.startsWith('图雅'))!.body).toContain('尚未作出');
    expect((await inbox(gachaClerk)).map((n) => n.title.split('：')[0]).sort()).toEqual(
      ['乌云', '图雅'].sort(),
    );
    const b = await inbox(clerkB);
    expect(b.map((n) => n.title.split('：')[0])).toEqual(['萨仁']);
    // The banner's organisation department follows the overview, not the inbox.
    expect(await inbox(staff)).toEqual([]);
  });

  it('writes each reminder once however often it runs', async () => {
    expect(await runProbationReminders(t.database.db)).toEqual({
      ran: true,
      open: 3,
      created: 0,
      resolved: 0,
    });
    const rows = await t.database.db
      .select()
      .from(notifications)
      .where(eq(notifications.kind, PROBATION_NOTICE_KIND));
    expect(rows).toHaveLength(5);
  });

  it('follows the reminder window setting', async () => {
    await writeSettings(t.database.db, { 'members.conversionReminderDays': 15 }, null);
    // 萨仁 (20 days away) falls out of a 15-day window: the notice settles.
    expect(await runProbationReminders(t.database.db)).toEqual({
      ran: true,
      open: 2,
      created: 0,
      resolved: 1,
    });
    expect((await inbox(clerkB))[0]!.resolvedAt).not.toBeNull();
    await writeSettings(t.database.db, { 'members.conversionReminderDays': null }, null);
    // Back inside the default 30 days: the same notice reopens rather than a second one.
    expect(await runProbationReminders(t.database.db)).toEqual({
      ran: true,
      open: 3,
      created: 1,
      resolved: 0,
    });
    const b = await inbox(clerkB);
    expect(b).toHaveLength(1);
    expect(b[0]!.resolvedAt).toBeNull();
  });

  it('settles the reminder when the conversion decision is recorded', async () => {
    const converted = await staff.post(`/api/members/${ids.get('图雅')}/decisions`, {
      kind: 'conversion',
      decidedOn: today,
      approver: '乌兰嘎查党支部党员大会',
    });
    expect(converted.statusCode, converted.body).toBe(200);
    const a = await inbox(clerkA);
    expect(a.find((n) => n.title.startsWith('图雅'))!.resolvedAt).not.toBeNull();
    expect(a.find((n) => n.title.startsWith('乌云'))!.resolvedAt).toBeNull();
    expect((await inbox(gachaClerk)).find((n) => n.title.startsWith('图雅'))!.resolvedAt).not.toBeNull();
    // The next run neither reopens nor repeats it.
    expect(await runProbationReminders(t.database.db)).toEqual({
      ran: true,
      open: 2,
      created: 0,
      resolved: 0,
    });
  });
});
