import { eq, inArray, sql } from 'drizzle-orm';
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
import { auditLog } from '../../platform/audit/schema';
import { notifications } from '../../platform/notifications';
import { todayInChina } from '../../platform/time';
import { partyMembers } from '../members/schema';
import { units } from '../orgs/schema';
import { makeIdNumber, people, protectIdentity } from '../people';
import { addDays } from './compliance';
import { allowedActions, isSuperiorReviewer, ownLevelPath } from './policy';
import { meetingAttendance, meetingEvents, meetings } from './schema';
import { runComplianceTick } from './tick';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

let t: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
let branchB: typeof units.$inferSelect;
let branchT: typeof units.$inferSelect;
let staff: Session;
let clerkA: Session;
let clerkB: Session;
let gachaClerk: Session;
let leader: Session;
const members: Record<string, { id: string; name: string }> = {};
let sequence = 0;

async function addMember(
  unitId: string,
  name: string,
  category: 'full' | 'probationary',
  joinedOn = '2015-07-01',
) {
  sequence += 1;
  const idNumber = makeIdNumber({
    regionCode: '152223',
    birthDate: `1980-05-0${(sequence % 9) + 1}`,
    sequence,
  });
  const { gender: _g, birthDate: _b, ...identity } = protectIdentity(t.cipher, { idNumber });
  const [person] = await t.database.db
    .insert(people)
    .values({ unitId, name, namePinyin: name, gender: 'male', birthDate: '1980-05-01', ...identity })
    .returning();
  const [member] = await t.database.db
    .insert(partyMembers)
    .values({
      personId: person!.id,
      unitId,
      category,
      joinedOn,
      fullOn: category === 'full' ? addDays(joinedOn, 365) : null,
    })
    .returning();
  members[name] = { id: member!.id, name };
  return member!;
}

function multipart(name: string, content: Buffer) {
  const boundary = '----jiceng-meetings-test';
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: image/png\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

async function upload(session: Session, unitId: string): Promise<string> {
  const { body, headers } = multipart('photo.png', PNG);
  const response = await t.app.inject({
    method: 'POST',
    url: `/api/files?unitId=${unitId}`,
    payload: body,
    headers: { ...headers, cookie: session.cookie, 'x-csrf-token': session.csrfToken },
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json().id as string;
}

const today = todayInChina();
const yesterday = addDays(today, -1);

function assembly(over: Record<string, unknown> = {}) {
  return {
    unitId: tree.branchA.id,
    kind: 'branchAssembly',
    heldOn: yesterday,
    place: '嘎查党群服务中心',
    host: '巴特尔',
    topic: '学习贯彻党的二十届四中全会精神',
    minutes: '会议传达学习了……',
    presentMemberIds: [members.巴特尔!.id, members.其其格!.id, members.乌日娜!.id, members.阿拉坦!.id],
    absences: [{ memberId: members.朝鲁!.id, reason: '外出务工' }],
    ...over,
  };
}

beforeAll(async () => {
  t = await createTestApp();
  tree = await buildTree(t);
  branchB = await buildUnit(t, tree.gachaB, { name: '哈日嘎查党支部', type: 'branch' });
  branchT = await buildUnit(t, tree.gachaA, { name: '乌兰嘎查第二党支部', type: 'branch' });
  // The organisations existed long before the periods under test (pro rata is tested in compliance.test.ts).
  await t.database.db.update(units).set({ createdAt: '2020-01-01T00:00:00Z' });
  await addMember(tree.branchA.id, '巴特尔', 'full');
  await addMember(tree.branchA.id, '其其格', 'full');
  await addMember(tree.branchA.id, '朝鲁', 'full');
  await addMember(tree.branchA.id, '乌日娜', 'full');
  await addMember(tree.branchA.id, '阿拉坦', 'probationary', addDays(today, -100));
  await addMember(branchB.id, '斯琴', 'full');
  await addMember(branchT.id, '额尔敦', 'full');
  await buildUser(t, { username: 'staff', grants: [{ role: 'orgStaff', unit: tree.banner }] });
  await buildUser(t, { username: 'clerkA', grants: [{ role: 'unitClerk', unit: tree.sumuA }] });
  await buildUser(t, { username: 'clerkB', grants: [{ role: 'unitClerk', unit: tree.sumuB }] });
  await buildUser(t, { username: 'gachaClerk', grants: [{ role: 'unitClerk', unit: tree.gachaA }] });
  await buildUser(t, { username: 'leader', grants: [{ role: 'leader', unit: tree.banner }] });
  staff = await loginAs(t, 'staff');
  clerkA = await loginAs(t, 'clerkA');
  clerkB = await loginAs(t, 'clerkB');
  gachaClerk = await loginAs(t, 'gachaClerk');
  leader = await loginAs(t, 'leader');
});
afterAll(async () => t.close());

describe('the superior-organisation rule', () => {
  it('puts a village branch at the village level and a party group below its branch', () => {
    const gacha = { path: '/b/s/g/', type: 'gacha' };
    expect(ownLevelPath({ path: '/b/s/g/br/' }, gacha)).toBe('/b/s/g/');
    expect(ownLevelPath({ path: '/b/s/g/br/pg/' }, { path: '/b/s/g/br/', type: 'branch' })).toBe(
      '/b/s/g/br/pg/',
    );
    expect(isSuperiorReviewer({ paths: ['/b/s/'] }, '/b/s/g/')).toBe(true);
    expect(isSuperiorReviewer({ paths: ['/b/s/g/'] }, '/b/s/g/')).toBe(false);
    expect(isSuperiorReviewer({ paths: ['/b/t/'] }, '/b/s/g/')).toBe(false);
    const allowed = allowedActions({
      status: 'approved',
      orgPath: '/b/s/g/br/',
      ownLevel: '/b/s/g/',
      writeScope: { paths: ['/b/'] },
      reviewScope: { paths: ['/b/'] },
    });
    expect(allowed).toEqual({ edit: false, review: false, void: false });
  });
});

describe('recording a meeting', () => {
  it('offers the roster with full and probationary members apart', async () => {
    const response = await clerkA.get(`/api/meetings/roster?unitId=${tree.branchA.id}&on=${yesterday}`);
    expect(response.statusCode).toBe(200);
    const roster = response.json();
    expect(roster.members).toHaveLength(5);
    expect(roster.members.filter((m: { category: string }) => m.category === 'probationary')).toHaveLength(1);
    // Before the probationary member joined, they were not expected.
    const earlier = (
      await clerkA.get(`/api/meetings/roster?unitId=${tree.branchA.id}&on=${addDays(today, -200)}`)
    ).json();
    expect(earlier.members).toHaveLength(4);
  });

  it('records a 支部党员大会 with attendance, a photo, history and audit', async () => {
    const photoId = await upload(clerkA, tree.branchA.id);
    const response = await clerkA.post('/api/meetings', assembly({ photoIds: [photoId] }));
    expect(response.statusCode, response.body).toBe(200);
    const meeting = response.json();
    expect(meeting).toMatchObject({
      kindName: '支部党员大会',
      status: 'submitted',
      statusName: '待审核',
      expectedFull: 4,
      presentFull: 3,
      expectedProbationary: 1,
      presentProbationary: 1,
      attendanceRate: 80,
      quorumMet: true,
      pathNames: '测试旗/巴彦苏木/乌兰嘎查/乌兰嘎查党支部',
      allowed: { edit: true, review: true, void: true },
    });
    expect(meeting.photos).toHaveLength(1);
    expect(meeting.attendance.find((a: { name: string }) => a.name === '朝鲁')).toMatchObject({
      present: false,
      absenceReason: '外出务工',
    });
    const events = await t.database.db
      .select()
      .from(meetingEvents)
      .where(eq(meetingEvents.meetingId, meeting.id));
    expect(events.map((e) => e.action)).toEqual(['submit']);
    const audit = await t.database.db.select().from(auditLog).where(eq(auditLog.entityId, meeting.id));
    expect(audit.map((a) => a.action)).toEqual(['create']);
  });

  it('flags a 支部党员大会 without a quorum of full members, without refusing it', async () => {
    const response = await clerkA.post(
      '/api/meetings',
      assembly({
        presentMemberIds: [members.巴特尔!.id, members.其其格!.id, members.阿拉坦!.id],
        absences: [],
      }),
    );
    expect(response.statusCode).toBe(200);
    // 2 of 4 full members is not more than half; the probationary member has no vote.
    expect(response.json()).toMatchObject({ presentFull: 2, expectedFull: 4, quorumMet: false });
  });

  it('expects the committee at a 支委会 and only the listed members at a 党小组会', async () => {
    await t.database.db
      .update(partyMembers)
      .set({ post: '书记' })
      .where(eq(partyMembers.id, members.巴特尔!.id));
    await t.database.db
      .update(partyMembers)
      .set({ post: '组织委员' })
      .where(eq(partyMembers.id, members.其其格!.id));
    const committee = await clerkA.post(
      '/api/meetings',
      assembly({ kind: 'committeeMeeting', presentMemberIds: [members.巴特尔!.id], absences: [] }),
    );
    expect(committee.json()).toMatchObject({ expectedFull: 2, presentFull: 1, quorumMet: false });
    const group = await clerkA.post(
      '/api/meetings',
      assembly({
        kind: 'groupMeeting',
        presentMemberIds: [members.乌日娜!.id],
        absences: [{ memberId: members.朝鲁!.id, reason: '放牧转场' }],
      }),
    );
    expect(group.json()).toMatchObject({
      expectedFull: 2,
      presentFull: 1,
      expectedProbationary: 0,
      quorumMet: null,
    });
    await t.database.db.update(partyMembers).set({ post: null });
  });

  it('refuses attendees who are not members of the organisation, and writes nothing', async () => {
    const before = await t.database.db.select({ n: sql<number>`count(*)::int` }).from(meetings);
    const response = await clerkA.post(
      '/api/meetings',
      assembly({ presentMemberIds: [members.巴特尔!.id, members.斯琴!.id] }),
    );
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('MEETINGS_NOT_IN_ROSTER');
    expect(response.json().error.message).toContain('斯琴');
    const twice = await clerkA.post(
      '/api/meetings',
      assembly({ absences: [{ memberId: members.巴特尔!.id, reason: '病假' }] }),
    );
    expect(twice.statusCode).toBe(400);
    expect(twice.json().error.message).toContain('巴特尔');
    const after = await t.database.db.select({ n: sql<number>`count(*)::int` }).from(meetings);
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it('refuses bad input with a Chinese message naming the field', async () => {
    const noTopic = await clerkA.post('/api/meetings', assembly({ topic: '  ' }));
    expect(noTopic.statusCode).toBe(400);
    expect(noTopic.json().error.message).toContain('主题');
    const badKind = await clerkA.post('/api/meetings', assembly({ kind: 'party' }));
    expect(badKind.statusCode).toBe(400);
    expect(badKind.json().error.message).toContain('会议类型');
    const badDate = await clerkA.post('/api/meetings', assembly({ heldOn: '2026-02-30' }));
    expect(badDate.statusCode).toBe(400);
    expect(badDate.json().error.message).toContain('召开日期');
    const future = await clerkA.post('/api/meetings', assembly({ heldOn: addDays(today, 1) }));
    expect(future.statusCode).toBe(400);
    expect(future.json().error.code).toBe('MEETINGS_DATE_IN_FUTURE');
    const notParty = await clerkA.post('/api/meetings', assembly({ unitId: tree.gachaA.id }));
    expect(notParty.statusCode).toBe(400);
    expect(notParty.json().error.message).toContain('不是党组织');
    const hearing = await clerkA.post('/api/meetings', assembly({ kind: 'reportHearing' }));
    expect(hearing.statusCode).toBe(400);
    expect(hearing.json().error.code).toBe('MEETINGS_REPORTING_UNIT_REQUIRED');
  });

  it('records a hearing with the unit that reported', async () => {
    const response = await clerkA.post(
      '/api/meetings',
      assembly({
        kind: 'reportHearing',
        reportingUnitId: tree.gachaA.id,
        presentMemberIds: [],
        absences: [],
      }),
    );
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({
      kindName: '听取汇报',
      reportingUnitName: '乌兰嘎查',
      quorumMet: null,
    });
    const outside = await clerkA.post(
      '/api/meetings',
      assembly({ kind: 'reportHearing', reportingUnitId: tree.gachaB.id }),
    );
    expect(outside.statusCode).toBe(404);
  });

  it('refuses attachments uploaded for another unit', async () => {
    const foreign = await upload(clerkB, branchB.id);
    const response = await clerkA.post('/api/meetings', assembly({ photoIds: [foreign] }));
    expect(response.statusCode).toBe(404);
  });
});

describe('scope', () => {
  let meetingB: string;
  beforeAll(async () => {
    const response = await clerkB.post(
      '/api/meetings',
      assembly({ unitId: branchB.id, presentMemberIds: [members.斯琴!.id], absences: [] }),
    );
    expect(response.statusCode, response.body).toBe(200);
    meetingB = response.json().id;
  });

  it('hides another 苏木’s meetings from a 苏木 clerk: 404 to read, change, review or void', async () => {
    expect((await clerkA.get(`/api/meetings/${meetingB}`)).statusCode).toBe(404);
    expect((await clerkA.request('PUT', `/api/meetings/${meetingB}`, assembly())).statusCode).toBe(404);
    expect((await clerkA.post(`/api/meetings/${meetingB}/review`, { decision: 'approve' })).statusCode).toBe(
      404,
    );
    expect((await clerkA.post(`/api/meetings/${meetingB}/void`, { reason: '误录入' })).statusCode).toBe(404);
    expect((await clerkA.post('/api/meetings', assembly({ unitId: branchB.id }))).statusCode).toBe(404);
    expect((await clerkA.get(`/api/meetings/roster?unitId=${branchB.id}`)).statusCode).toBe(404);
    expect((await clerkA.get(`/api/meetings/compliance/units/${branchB.id}`)).statusCode).toBe(404);
    const list = (await clerkA.get('/api/meetings?pageSize=100')).json();
    expect(list.items.map((m: { id: string }) => m.id)).not.toContain(meetingB);
    expect(list.items.every((m: { pathNames: string }) => m.pathNames.includes('巴彦苏木'))).toBe(true);
  });

  it('lets a reader without write rights see but not record', async () => {
    expect((await leader.get(`/api/meetings/${meetingB}`)).statusCode).toBe(200);
    expect((await leader.post('/api/meetings', assembly())).statusCode).toBe(403);
  });
});

describe('review by the superior organisation', () => {
  let id: string;
  beforeAll(async () => {
    id = (
      await gachaClerk.post(
        '/api/meetings',
        assembly({ kind: 'partyLecture', topic: '党课：弘扬蒙古马精神' }),
      )
    ).json().id;
  });

  it('shows the record in the superior’s queue only', async () => {
    const queueA = (await clerkA.get('/api/meetings/review-queue')).json();
    expect(queueA.items.map((m: { id: string }) => m.id)).toContain(id);
    const queueGacha = (await gachaClerk.get('/api/meetings/review-queue')).json();
    expect(queueGacha.items.map((m: { id: string }) => m.id)).not.toContain(id);
    const detail = (await gachaClerk.get(`/api/meetings/${id}`)).json();
    expect(detail.allowed).toEqual({ edit: true, review: false, void: true });
  });

  it('refuses review at the organisation’s own level', async () => {
    const response = await gachaClerk.post(`/api/meetings/${id}/review`, { decision: 'approve' });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.message).toContain('上级党组织');
  });

  it('sends back with a reason, takes a correction as resubmission, then approves and locks', async () => {
    const noReason = await clerkA.post(`/api/meetings/${id}/review`, { decision: 'return' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.message).toContain('退回原因');
    const returned = await clerkA.post(`/api/meetings/${id}/review`, {
      decision: 'return',
      reason: '缺少签到表',
    });
    expect(returned.statusCode).toBe(200);
    expect(returned.json()).toMatchObject({ status: 'returned', statusReason: '缺少签到表' });
    expect((await clerkA.post(`/api/meetings/${id}/review`, { decision: 'approve' })).statusCode).toBe(409);

    const sheet = await upload(gachaClerk, tree.branchA.id);
    const { unitId: _unit, ...input } = assembly({
      kind: 'partyLecture',
      topic: '党课：弘扬蒙古马精神',
      signInSheetIds: [sheet],
    });
    const corrected = await gachaClerk.request('PUT', `/api/meetings/${id}`, input);
    expect(corrected.statusCode, corrected.body).toBe(200);
    expect(corrected.json()).toMatchObject({ status: 'submitted', statusReason: null });
    expect(corrected.json().signInSheets).toHaveLength(1);

    const approved = await clerkA.post(`/api/meetings/${id}/review`, { decision: 'approve' });
    expect(approved.json()).toMatchObject({ status: 'approved' });
    expect(approved.json().events.map((e: { action: string }) => e.action)).toEqual([
      'submit',
      'return',
      'resubmit',
      'approve',
    ]);
    const locked = await gachaClerk.request('PUT', `/api/meetings/${id}`, input);
    expect(locked.statusCode).toBe(409);
    expect((await gachaClerk.post(`/api/meetings/${id}/void`, { reason: '重复' })).statusCode).toBe(409);
  });

  it('voids a record with a reason; it no longer counts', async () => {
    const created = (await gachaClerk.post('/api/meetings', assembly({ kind: 'themeDay' }))).json();
    const voided = await gachaClerk.post(`/api/meetings/${created.id}/void`, { reason: '重复录入' });
    expect(voided.json()).toMatchObject({ status: 'voided', statusReason: '重复录入' });
    const rows = await t.database.db
      .select()
      .from(meetingAttendance)
      .where(eq(meetingAttendance.meetingId, created.id));
    expect(rows).toHaveLength(5);
  });
});

describe('compliance', () => {
  it('shows an unmet requirement of the running period, and clears it when the meeting is recorded', async () => {
    const before = (await clerkA.get(`/api/meetings/compliance/units/${branchT.id}`)).json();
    const item = before.items.find(
      (i: { kind: string; periodTo: string }) => i.kind === 'branchAssembly' && i.periodTo > today,
    );
    expect(item).toMatchObject({ held: 0, required: 1, text: '本季度尚未召开支部党员大会' });
    expect(['pending', 'warning']).toContain(item.status);
    await clerkA.post('/api/meetings', {
      ...assembly({ unitId: branchT.id, presentMemberIds: [members.额尔敦!.id], absences: [] }),
    });
    const after = (await clerkA.get(`/api/meetings/compliance/units/${branchT.id}`)).json();
    const met = after.items.find(
      (i: { kind: string; periodTo: string }) => i.kind === 'branchAssembly' && i.periodTo > today,
    );
    expect(met).toMatchObject({ held: 1, status: 'met' });
  });

  it('fills the matrix per organisation and activity', async () => {
    const year = Number(today.slice(0, 4));
    const response = await staff.get(`/api/meetings/compliance?year=${year}&unitId=${tree.sumuA.id}`);
    expect(response.statusCode, response.body).toBe(200);
    const matrix = response.json();
    expect(matrix.rules.map((r: { kindName: string }) => r.kindName)).toContain('支部党员大会');
    expect(matrix.items.map((r: { name: string }) => r.name).sort()).toEqual([
      '乌兰嘎查党支部',
      '乌兰嘎查第二党支部',
    ]);
    const ruleId = matrix.rules.find((r: { kind: string }) => r.kind === 'committeeMeeting').id;
    const second = matrix.items.find((r: { name: string }) => r.name === '乌兰嘎查第二党支部');
    const cell = second.cells.find((c: { ruleId: string }) => c.ruleId === ruleId);
    // Monthly 支委会: one requirement per month that has started this year, none held.
    expect(cell).toMatchObject({ held: 0, status: 'overdue', periods: Number(today.slice(5, 7)) });
    expect(cell.required).toBe(Number(today.slice(5, 7)));
    const bad = await staff.get('/api/meetings/compliance?year=abc');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('年度');
  });

  it('lists open overdue items for the department overview', async () => {
    const response = await staff.get(
      `/api/meetings/compliance/open?status=overdue&unitId=${tree.sumuA.id}&pageSize=100`,
    );
    expect(response.statusCode).toBe(200);
    const open = response.json();
    expect(open.total).toBeGreaterThan(0);
    expect(open.items.every((i: { status: string }) => i.status === 'overdue')).toBe(true);
    expect(open.items[0].text).toMatch(/未按要求/);
  });
});

describe('the compliance tick and the inbox', () => {
  // A fixed day inside the December warning window of the annual 组织生活会 and of Q4.
  const tickDay = '2025-12-20';

  it('notifies the responsible clerks once per organisation, rule and period, and settles met items', async () => {
    const first = await runComplianceTick(t.database.db, tickDay);
    expect(first.ran).toBe(true);
    expect(first.created).toBeGreaterThan(0);
    const again = await runComplianceTick(t.database.db, tickDay);
    expect(again.created).toBe(0);

    const inboxA = (await clerkA.get('/api/notifications?pageSize=100')).json();
    const titles = inboxA.items.map((n: { title: string }) => n.title);
    expect(titles).toContain('乌兰嘎查第二党支部：本季度尚未召开支部党员大会');
    expect(titles).toContain('乌兰嘎查第二党支部：本年度尚未召开组织生活会');
    expect(inboxA.unread).toBe(inboxA.total);
    const gachaInbox = (await gachaClerk.get('/api/notifications?pageSize=100')).json();
    expect(gachaInbox.total).toBe(inboxA.total);
    // The banner's organisation department watches the overview, not the inbox; 苏木 B sees its own only.
    expect((await staff.get('/api/notifications')).json().total).toBe(0);
    const inboxB = (await clerkB.get('/api/notifications?pageSize=100')).json();
    expect(inboxB.items.every((n: { title: string }) => n.title.startsWith('哈日嘎查党支部'))).toBe(true);

    const notice = inboxA.items.find((n: { title: string }) =>
      n.title.includes('第二党支部：本季度尚未召开支部党员大会'),
    );
    expect(notice.link).toBe(`/meetings/records/new?unitId=${branchT.id}&kind=branchAssembly`);
    expect((await clerkA.post(`/api/notifications/${notice.id}/read`)).statusCode).toBe(200);
    expect((await clerkA.get('/api/notifications')).json().unread).toBe(inboxA.unread - 1);
    expect((await clerkB.post(`/api/notifications/${notice.id}/read`)).statusCode).toBe(404);

    // The missing 支部党员大会 is recorded (back-dated into the period): its notice is settled at once,
    // in the same transaction, and the tick of that day does not bring it back.
    const lifeNotice = inboxA.items.find((n: { title: string }) =>
      n.title.includes('第二党支部：本年度尚未召开组织生活会'),
    );
    await clerkA.post('/api/meetings', {
      ...assembly({
        unitId: branchT.id,
        heldOn: '2025-12-10',
        presentMemberIds: [members.额尔敦!.id],
        absences: [],
      }),
    });
    const resolvedAt = async (id: string) =>
      (
        await t.database.db
          .select()
          .from(notifications)
          .where(inArray(notifications.id, [id]))
      )[0]!.resolvedAt;
    expect(await resolvedAt(notice.id)).not.toBeNull();
    await runComplianceTick(t.database.db, tickDay);
    expect(await resolvedAt(notice.id)).not.toBeNull();
    // A notice settled while its matter is still open on the tick's day is reopened, not duplicated.
    expect(await resolvedAt(lifeNotice.id)).toBeNull();
    const inboxAfter = (await clerkA.get('/api/notifications?unreadOnly=true&pageSize=100')).json();
    expect(inboxAfter.items.map((n: { id: string }) => n.id)).not.toContain(notice.id);
    expect(inboxAfter.items.map((n: { id: string }) => n.id)).toContain(lifeNotice.id);
  });

  it('runs on demand for configurers only', async () => {
    expect((await clerkA.post('/api/meetings/compliance/run')).statusCode).toBe(403);
    const response = await staff.post('/api/meetings/compliance/run');
    expect(response.statusCode).toBe(200);
    expect(response.json().ran).toBe(true);
  });
});

describe('rules as local settings', () => {
  it('seeds the defaults of RULES §1 and lets configurers edit them', async () => {
    const rules = (await clerkA.get('/api/meetings/rules')).json();
    expect(rules.map((r: { kindName: string }) => r.kindName).sort()).toEqual(
      ['支部党员大会', '支委会', '党小组会', '党课', '主题党日', '组织生活会', '民主评议党员'].sort(),
    );
    expect(rules).toHaveLength(7);
    const lecture = rules.find((r: { kind: string }) => r.kind === 'partyLecture');
    expect(lecture).toMatchObject({ period: 'quarter', requiredCount: 1, warningDays: 15, enabled: true });
    expect((await clerkA.patch(`/api/meetings/rules/${lecture.id}`, { warningDays: 30 })).statusCode).toBe(
      403,
    );
    const edited = await staff.patch(`/api/meetings/rules/${lecture.id}`, { warningDays: 30 });
    // Fields left out of an edit stay as they were.
    expect(edited.json()).toMatchObject({ warningDays: 30, note: lecture.note, period: 'quarter' });
    expect(lecture.note).toContain('本地设置');
    const bad = await staff.patch(`/api/meetings/rules/${lecture.id}`, { unitTypes: ['gacha'] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('不是党组织类型');
    const negative = await staff.patch(`/api/meetings/rules/${lecture.id}`, { warningDays: -1 });
    expect(negative.statusCode).toBe(400);
    expect(negative.json().error.message).toContain('提前预警天数');
    const added = await staff.post('/api/meetings/rules', {
      kind: 'studyGroupSession',
      requiredCount: 1,
      period: 'month',
      unitTypes: ['partyCommittee'],
    });
    expect(added.statusCode, added.body).toBe(200);
    expect((await clerkA.get('/api/meetings/rules')).json()).toHaveLength(8);
  });
});

describe('rectification items and grades', () => {
  it('tracks a 组织生活会 rectification item to completion', async () => {
    const life = (await clerkA.post('/api/meetings', assembly({ kind: 'lifeMeeting' }))).json();
    const item = await clerkA.post(`/api/meetings/${life.id}/rectifications`, {
      description: '理论学习不够系统',
      responsible: '巴特尔',
      dueOn: addDays(today, 30),
    });
    expect(item.statusCode, item.body).toBe(200);
    const id = item.json().id;
    const incomplete = await clerkA.patch(`/api/meetings/rectifications/${id}`, { status: 'done' });
    expect(incomplete.statusCode).toBe(400);
    expect(incomplete.json().error.code).toBe('MEETINGS_COMPLETION_REQUIRED');
    const done = await clerkA.patch(`/api/meetings/rectifications/${id}`, {
      status: 'done',
      completionNote: '制定学习计划并按月落实',
      completedOn: today,
    });
    expect(done.json()).toMatchObject({ status: 'done', statusName: '已完成', overdue: false });
    const renamed = await clerkA.patch(`/api/meetings/rectifications/${id}`, { responsible: '其其格' });
    expect(renamed.json()).toMatchObject({
      status: 'done',
      completionNote: '制定学习计划并按月落实',
      responsible: '其其格',
    });
    expect((await clerkB.patch(`/api/meetings/rectifications/${id}`, { status: 'open' })).statusCode).toBe(
      404,
    );
    const notLife = await clerkA.post(
      `/api/meetings/${(await clerkA.post('/api/meetings', assembly())).json().id}/rectifications`,
      {
        description: '某事项',
        responsible: '某人',
        dueOn: today,
      },
    );
    expect(notLife.statusCode).toBe(400);
    const list = (await clerkA.get('/api/meetings/rectifications')).json();
    expect(list.items.map((i: { id: string }) => i.id)).toContain(id);
  });

  it('records 民主评议 grades for members of the roster only', async () => {
    const review = (await clerkA.post('/api/meetings', assembly({ kind: 'memberReview' }))).json();
    const graded = await clerkA.request('PUT', `/api/meetings/${review.id}/grades`, {
      grades: [
        { memberId: members.巴特尔!.id, grade: 'excellent' },
        { memberId: members.朝鲁!.id, grade: 'qualified' },
      ],
    });
    expect(graded.statusCode, graded.body).toBe(200);
    expect(
      graded
        .json()
        .grades.map((g: { name: string; grade: string }) => `${g.name}:${g.grade}`)
        .sort(),
    ).toEqual(['巴特尔:excellent', '朝鲁:qualified']);
    const stranger = await clerkA.request('PUT', `/api/meetings/${review.id}/grades`, {
      grades: [{ memberId: members.斯琴!.id, grade: 'qualified' }],
    });
    expect(stranger.statusCode).toBe(400);
    const badGrade = await clerkA.request('PUT', `/api/meetings/${review.id}/grades`, {
      grades: [{ memberId: members.巴特尔!.id, grade: 'great' }],
    });
    expect(badGrade.statusCode).toBe(400);
    expect(badGrade.json().error.message).toContain('评议等次');
  });
});

describe('lists, export and indicators', () => {
  it('filters and searches the list', async () => {
    const byKind = (await clerkA.get('/api/meetings?kind=partyLecture')).json();
    expect(byKind.items.every((m: { kind: string }) => m.kind === 'partyLecture')).toBe(true);
    const bySearch = (await clerkA.get(`/api/meetings?q=${encodeURIComponent('蒙古马')}`)).json();
    expect(bySearch.total).toBe(1);
    const byStatus = (await clerkA.get('/api/meetings?status=approved')).json();
    expect(byStatus.total).toBe(1);
    expect((await clerkA.get('/api/meetings?status=done')).statusCode).toBe(400);
  });

  it('exports the filtered list as xlsx', async () => {
    const response = await clerkA.get('/api/meetings/export?kind=branchAssembly');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('spreadsheetml');
    expect(response.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });

  it('computes the registered indicators with evidence', async () => {
    const held = (await staff.get(`/api/indicators/meetings.held.byKind?unitId=${tree.sumuA.id}`)).json();
    expect(held.value).toBeGreaterThan(3);
    expect(held.breakdown.find((g: { key: string }) => g.key === 'branchAssembly').value).toBeGreaterThan(0);
    const attendance = (
      await staff.get(`/api/indicators/meetings.attendanceRate?unitId=${tree.sumuA.id}`)
    ).json();
    expect(attendance.value).toBeGreaterThan(0);
    expect(attendance.value).toBeLessThanOrEqual(100);
    const rate = (
      await staff.get(`/api/indicators/meetings.complianceRate.byKind?unitId=${tree.sumuA.id}`)
    ).json();
    expect(rate.breakdown.map((g: { label: string }) => g.label)).toContain('支委会');
    const byType = (await staff.get('/api/indicators/meetings.complianceRate.byOrgType')).json();
    expect(byType.breakdown.map((g: { label: string }) => g.label)).toContain('党支部');
    const overdue = (await staff.get('/api/indicators/meetings.overdueOpen')).json();
    expect(overdue.value).toBeGreaterThan(0);
  });
});
