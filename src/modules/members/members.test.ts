import { randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
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
import { auditLog } from '../../platform/audit/schema';
import { waitForImport } from '../../platform/excel';
import { todayInChina } from '../../platform/time';
import { makeIdNumber, people } from '../people';
import { addDays, addMonths } from './dates';
import { ageBandOf, ageBands } from './flags';
import { memberEvents, memberTransfers, partyMembers } from './schema';

let t: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
let branchB: Awaited<ReturnType<typeof buildUnit>>;
let staff: Session;
let clerkA: Session;
let clerkB: Session;
let leader: Session;
const today = todayInChina();
let sequence = 100;
/** A valid ID number of someone born on the given day (odd sequence: a man, even: a woman). */
function idOf(birthDate: string, female = false): string {
  sequence += 2;
  return makeIdNumber({ regionCode: '152222', birthDate, sequence: female ? sequence : sequence + 1 });
}

beforeAll(async () => {
  t = await createTestApp();
  tree = await buildTree(t);
  branchB = await buildUnit(t, tree.gachaB, { name: '哈日嘎查党支部', type: 'branch' });
  await buildUser(t, { username: 'staff', grants: [{ role: 'orgStaff', unit: tree.banner }] });
  await buildUser(t, { username: 'clerkA', grants: [{ role: 'unitClerk', unit: tree.sumuA }] });
  await buildUser(t, { username: 'clerkB', grants: [{ role: 'unitClerk', unit: tree.sumuB }] });
  await buildUser(t, { username: 'leader', grants: [{ role: 'leader', unit: tree.banner }] });
  staff = await loginAs(t, 'staff');
  clerkA = await loginAs(t, 'clerkA');
  clerkB = await loginAs(t, 'clerkB');
  leader = await loginAs(t, 'leader');
});
afterAll(async () => t.close());

async function memberCount(): Promise<number> {
  return (await t.database.db.select().from(partyMembers)).length;
}

async function addMember(session: Session, body: Record<string, unknown>) {
  return session.post('/api/members', body);
}

describe('adding members', () => {
  it('registers a new person and makes them a probationary member, due one year after approval', async () => {
    const joinedOn = addMonths(today, -3);
    const idNumber = idOf('1990-05-04');
    const response = await addMember(clerkA, {
      name: '巴特尔',
      idNumber,
      ethnicity: '蒙古族',
      phone: '13912345678',
      unitId: tree.branchA.id,
      category: 'probationary',
      joinedOn,
      education: 'bachelor',
    });
    expect(response.statusCode, response.body).toBe(200);
    const member = response.json();
    expect(member).toMatchObject({
      name: '巴特尔',
      gender: 'male',
      birthDate: '1990-05-04',
      category: 'probationary',
      conversionDueOn: addMonths(joinedOn, 12),
      unitPath: '测试旗/巴彦苏木/乌兰嘎查/乌兰嘎查党支部',
      allowedDecisions: ['conversion', 'extension', 'cancellation', 'death'],
    });
    expect(member.idNumberMasked).toMatch(/^152222\*{8}/);
    expect(member.events).toHaveLength(1);
    expect(member.events[0]).toMatchObject({ kind: 'create', actorName: '测试clerkA' });
    const [person] = await t.database.db.select().from(people).where(eq(people.id, member.personId));
    expect(t.cipher.decrypt(person!.idNumberCipher)).toBe(idNumber);
  });

  it('links a registered person by ID number, and refuses a second membership or a different name', async () => {
    const idNumber = idOf('1975-11-20', true);
    const created = await staff.post('/api/people', { name: '其其格', idNumber, unitId: tree.gachaA.id });
    expect(created.statusCode).toBe(200);
    const wrongName = await addMember(clerkA, {
      name: '其其',
      idNumber,
      unitId: tree.branchA.id,
      category: 'full',
      joinedOn: '2000-07-01',
      fullOn: '2001-07-01',
    });
    expect(wrongName.statusCode).toBe(400);
    expect(wrongName.json().error.message).toContain('姓名与登记的不一致');
    const linked = await addMember(clerkA, {
      name: '其其格',
      idNumber,
      unitId: tree.branchA.id,
      category: 'full',
      joinedOn: '2000-07-01',
      fullOn: '2001-07-01',
      post: '书记',
    });
    expect(linked.statusCode, linked.body).toBe(200);
    expect(linked.json()).toMatchObject({ personId: created.json().id, post: '书记', conversionDueOn: null });
    const again = await addMember(staff, {
      personId: created.json().id,
      unitId: branchB.id,
      category: 'full',
      joinedOn: '2000-07-01',
      fullOn: '2001-07-01',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toContain('其其格已有党员记录（乌兰嘎查党支部）');
  });

  it('refuses bad input in Chinese, naming the field, and writes nothing', async () => {
    const before = await memberCount();
    const base = { name: '张三', idNumber: idOf('1988-01-01'), unitId: tree.branchA.id, category: 'full' };
    const missing = await addMember(clerkA, { ...base, fullOn: '2010-01-01' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.message).toContain('入党日期');
    const noFull = await addMember(clerkA, { ...base, joinedOn: '2009-01-01' });
    expect(noFull.json().error.message).toBe('正式党员请填写转正日期');
    const early = await addMember(clerkA, { ...base, joinedOn: '2009-01-01', fullOn: '2008-01-01' });
    expect(early.json().error.message).toBe('转正日期不能早于入党日期');
    const future = await addMember(clerkA, {
      ...base,
      joinedOn: addDays(today, 1),
      fullOn: addDays(today, 2),
    });
    expect(future.json().error.message).toBe('入党日期不能晚于今天');
    const badDate = await addMember(clerkA, { ...base, joinedOn: '2009-02-30', fullOn: '2010-01-01' });
    expect(badDate.statusCode).toBe(400);
    expect(badDate.json().error.message).toContain('入党日期');
    const badId = await addMember(clerkA, {
      ...base,
      idNumber: `${base.idNumber.slice(0, 17)}${base.idNumber.endsWith('1') ? '2' : '1'}`,
      joinedOn: '2009-01-01',
      fullOn: '2010-01-01',
    });
    expect(badId.json().error.message).toContain('校验位错误');
    const probationaryWithFull = await addMember(clerkA, {
      ...base,
      category: 'probationary',
      joinedOn: addMonths(today, -2),
      fullOn: addMonths(today, -1),
    });
    expect(probationaryWithFull.json().error.message).toContain('预备党员没有转正日期');
    const notParty = await addMember(clerkA, {
      ...base,
      unitId: tree.gachaA.id,
      joinedOn: '2009-01-01',
      fullOn: '2010-01-01',
    });
    expect(notParty.statusCode).toBe(400);
    expect(notParty.json().error.message).toContain('“乌兰嘎查”不是党组织');
    expect(await memberCount()).toBe(before);
  });

  it('keeps organisations outside the scope out of reach: 404', async () => {
    const response = await addMember(clerkA, {
      name: '张三',
      idNumber: idOf('1988-01-01'),
      unitId: branchB.id,
      category: 'full',
      joinedOn: '2009-01-01',
      fullOn: '2010-01-01',
    });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.message).toContain('党组织不存在或不在您的管理范围内');
  });

  it('needs members.write to add', async () => {
    const response = await addMember(leader, { name: '张三', unitId: tree.branchA.id });
    expect(response.statusCode).toBe(403);
  });
});

describe('roster', () => {
  let awayId: string;

  beforeAll(async () => {
    // Sumu B: one woman far away for eight months and out of contact; one young member.
    const away = await addMember(clerkB, {
      name: '萨仁高娃',
      idNumber: idOf('1962-03-03', true),
      ethnicity: '蒙古族',
      unitId: branchB.id,
      category: 'full',
      joinedOn: '1990-07-01',
      fullOn: '1991-07-01',
      education: 'juniorOrBelow',
      awaySince: addMonths(today, -8),
      lastContactOn: addMonths(today, -7),
    });
    expect(away.statusCode, away.body).toBe(200);
    awayId = away.json().id;
    const young = await addMember(clerkB, {
      name: '王小明',
      idNumber: idOf('2001-09-09'),
      ethnicity: '汉族',
      unitId: branchB.id,
      category: 'full',
      joinedOn: '2021-06-01',
      fullOn: '2022-06-01',
      education: 'bachelor',
      awaySince: addMonths(today, -2),
      lastContactOn: addDays(today, -3),
    });
    expect(young.statusCode, young.body).toBe(200);
  });

  it('filters by category, gender, ethnicity, age band, education, join dates, post and flags', async () => {
    const names = async (query: string) =>
      ((await staff.get(`/api/members?${query}`)).json().items as { name: string }[])
        .map((m) => m.name)
        .sort();
    expect(await names('category=probationary')).toEqual(['巴特尔']);
    expect(await names('gender=female')).toEqual(['其其格', '萨仁高娃']);
    expect(await names('ethnicity=汉族')).toEqual(['王小明']);
    expect(await names('ageBand=upTo30')).toEqual(['王小明']);
    expect(await names('ageBand=61plus')).toEqual(['萨仁高娃']);
    expect(await names('education=bachelor')).toEqual(['巴特尔', '王小明']);
    expect(await names('joinedFrom=1990-01-01&joinedTo=2000-12-31')).toEqual(['其其格', '萨仁高娃']);
    expect(await names('post=书记')).toEqual(['其其格']);
    expect(await names('flag=mobile')).toEqual(['萨仁高娃']);
    expect(await names('flag=outOfContact')).toEqual(['萨仁高娃']);
    expect(await names(`unitId=${branchB.id}`)).toEqual(['王小明', '萨仁高娃']);
  });

  it('searches by name, pinyin initials and exact ID number, with paging', async () => {
    const page = (await staff.get('/api/members?q=bte')).json();
    expect(page.items.map((m: { name: string }) => m.name)).toEqual(['巴特尔']);
    const paged = (await staff.get('/api/members?pageSize=2&page=2')).json();
    expect(paged).toMatchObject({ total: 4, page: 2, pageSize: 2 });
    expect(paged.items).toHaveLength(2);
    const first = (await staff.get('/api/members?pageSize=2&page=1')).json();
    const pinyinOrder = [...first.items, ...paged.items].map((m: { id: string }) => m.id);
    expect(new Set(pinyinOrder).size).toBe(4);
    const past = (await staff.get('/api/members?pageSize=2&page=3')).json();
    expect(past).toMatchObject({ total: 4, items: [] });
    const badRange = await staff.get('/api/members?joinedFrom=2020-01-01&joinedTo=2019-01-01');
    expect(badRange.statusCode).toBe(400);
    expect(badRange.json().error.message).toContain('入党日期起不能晚于入党日期止');
  });

  it('shows flags computed from dates on each row', async () => {
    const row = (await staff.get('/api/members?q=萨仁')).json().items[0];
    expect(row.flags).toEqual({ mobile: true, outOfContact: true, conversion: null });
    const young = (await staff.get('/api/members?q=王小明')).json().items[0];
    expect(young.flags).toEqual({ mobile: false, outOfContact: false, conversion: null });
  });

  it('shows a sumu clerk only the members of their sumu', async () => {
    const a = (await clerkA.get('/api/members')).json();
    expect(a.items.map((m: { name: string }) => m.name).sort()).toEqual(['其其格', '巴特尔']);
    expect((await clerkA.get(`/api/members/${awayId}`)).statusCode).toBe(404);
    expect((await clerkA.patch(`/api/members/${awayId}`, { post: '书记' })).statusCode).toBe(404);
    expect((await clerkA.get(`/api/members?unitId=${branchB.id}`)).statusCode).toBe(404);
    expect(
      (await clerkA.post(`/api/members/${awayId}/transfers`, { toUnitId: tree.branchA.id, reason: '迁居' }))
        .statusCode,
    ).toBe(404);
  });

  it('exports the filtered roster with masked ID numbers, and audits the export', async () => {
    const response = await staff.get('/api/members/export?gender=female');
    expect(response.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.rowCount).toBe(3);
    expect(sheet.getRow(1).getCell(1).value).toBe('姓名');
    const ids = [2, 3].map((r) => String(sheet.getRow(r).getCell(6).value));
    for (const id of ids) expect(id).toMatch(/^152222\*{8}\d{3}[\dX]$/);
    const away = [2, 3].find((r) => sheet.getRow(r).getCell(1).value === '萨仁高娃')!;
    expect(String(sheet.getRow(away).getCell(16).value)).toBe('流动党员、失联');
    const audits = await t.database.db.select().from(auditLog).where(eq(auditLog.entity, 'member'));
    expect(audits.some((a) => a.action === 'export')).toBe(true);
  });

  it('summarises the roster through the registered indicators', async () => {
    const summary = (await staff.get(`/api/members/summary?unitId=${tree.sumuB.id}`)).json();
    const byKey = Object.fromEntries(summary.map((s: { key: string }) => [s.key, s]));
    expect(byKey['members.total'].value).toBe(2);
    expect(byKey['members.mobile'].value).toBe(1);
    expect(byKey['members.outOfContact'].value).toBe(1);
    const indicator = (await staff.get('/api/indicators/members.byEthnicity')).json();
    expect(indicator.breakdown.map((g: { label: string; value: number }) => [g.label, g.value])).toEqual([
      ['蒙古族', 2],
      ['汉族', 1],
      ['未填写', 1],
    ]);
    const byOrg = (await staff.get('/api/indicators/members.byOrganisation')).json();
    expect(byOrg.breakdown.map((g: { label: string; value: number }) => [g.label, g.value])).toEqual([
      ['巴彦苏木', 2],
      ['好腰苏木', 2],
    ]);
    const ages = (await staff.get('/api/indicators/members.byAgeBand')).json();
    const births = ['1990-05-04', '1975-11-20', '1962-03-03', '2001-09-09'];
    expect(ages.breakdown.map((g: { value: number }) => g.value)).toEqual(
      ageBands.map((band) => births.filter((b) => ageBandOf(b, today) === band.key).length),
    );
  });
});

describe('editing and decisions', () => {
  let memberId: string;
  const joinedOn = addMonths(addDays(today, -10), -12);

  beforeAll(async () => {
    const response = await addMember(clerkA, {
      name: '乌云',
      idNumber: idOf('1995-02-28', true),
      unitId: tree.branchA.id,
      category: 'probationary',
      joinedOn,
    });
    expect(response.statusCode, response.body).toBe(200);
    memberId = response.json().id;
  });

  it('changes category or status only through a decision', async () => {
    const response = await clerkA.patch(`/api/members/${memberId}`, { category: 'full' });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toContain('党员类别只能通过“组织决定”变更');
    const status = await clerkA.patch(`/api/members/${memberId}`, { status: 'removed' });
    expect(status.json().error.message).toContain('党员状态只能通过“组织决定”变更');
    const [row] = await t.database.db.select().from(partyMembers).where(eq(partyMembers.id, memberId));
    expect(row!.category).toBe('probationary');
  });

  it('records each edit in the history with before and after', async () => {
    const response = await clerkA.patch(`/api/members/${memberId}`, {
      post: '组织委员',
      lastContactOn: today,
    });
    expect(response.statusCode, response.body).toBe(200);
    const detail = response.json();
    expect(detail.events[0]).toMatchObject({
      kind: 'update',
      before: { post: null, lastContactOn: null },
      after: { post: '组织委员', lastContactOn: today },
    });
  });

  it('needs members.decide: a clerk may not decide', async () => {
    const response = await clerkA.post(`/api/members/${memberId}/decisions`, {
      kind: 'conversion',
      decidedOn: today,
      approver: '支部党员大会',
    });
    expect(response.statusCode).toBe(403);
  });

  it('extends probation once by 6–12 months and refuses a second extension', async () => {
    const outOfRange = await staff.post(`/api/members/${memberId}/decisions`, {
      kind: 'extension',
      decidedOn: today,
      approver: '支部党员大会',
      extensionMonths: 13,
    });
    expect(outOfRange.statusCode).toBe(400);
    expect(outOfRange.json().error.message).toContain('6 至 12 个月');
    const extended = await staff.post(`/api/members/${memberId}/decisions`, {
      kind: 'extension',
      decidedOn: today,
      approver: '支部党员大会',
      extensionMonths: 6,
      note: '考察期内表现一般',
    });
    expect(extended.statusCode, extended.body).toBe(200);
    expect(extended.json()).toMatchObject({
      category: 'probationary',
      probationExtensionMonths: 6,
      conversionDueOn: addMonths(joinedOn, 18),
      allowedDecisions: ['conversion', 'cancellation', 'death'],
    });
    expect(extended.json().decisions[0]).toMatchObject({ kind: 'extension', extensionMonths: 6 });
    const twice = await staff.post(`/api/members/${memberId}/decisions`, {
      kind: 'extension',
      decidedOn: today,
      approver: '支部党员大会',
      extensionMonths: 6,
    });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.message).toContain('预备期只能延长一次');
    const early = await staff.post(`/api/members/${memberId}/decisions`, {
      kind: 'conversion',
      decidedOn: today,
      approver: '支部党员大会',
    });
    expect(early.statusCode).toBe(400);
    expect(early.json().error.message).toContain('转正须在预备期满后');
  });

  it('converts a member whose probation has ended; 党龄 from the end of probation', async () => {
    const other = await addMember(clerkA, {
      name: '图雅',
      idNumber: idOf('1993-06-06', true),
      unitId: tree.branchA.id,
      category: 'probationary',
      joinedOn: addMonths(today, -13),
    });
    const id = other.json().id;
    const missingApprover = await staff.post(`/api/members/${id}/decisions`, {
      kind: 'conversion',
      decidedOn: today,
    });
    expect(missingApprover.statusCode).toBe(400);
    expect(missingApprover.json().error.message).toContain('批准组织');
    const converted = await staff.post(`/api/members/${id}/decisions`, {
      kind: 'conversion',
      decidedOn: today,
      approver: '乌兰嘎查党支部党员大会',
    });
    expect(converted.statusCode, converted.body).toBe(200);
    expect(converted.json()).toMatchObject({
      category: 'full',
      fullOn: addMonths(today, -1),
      conversionDueOn: null,
    });
    expect(converted.json().events[0]).toMatchObject({
      kind: 'decision',
      before: { category: 'probationary' },
      after: { category: 'full' },
    });
    const audits = await t.database.db.select().from(auditLog).where(eq(auditLog.entityId, id));
    expect(audits.map((a) => a.action)).toContain('decision.conversion');
  });
});

describe('transfers', () => {
  let memberId: string;
  let snapshot: typeof partyMembers.$inferSelect;

  beforeAll(async () => {
    const response = await addMember(clerkA, {
      name: '宝音',
      idNumber: idOf('1980-08-08'),
      unitId: tree.branchA.id,
      category: 'full',
      joinedOn: '2005-07-01',
      fullOn: '2006-07-01',
      post: '宣传委员',
      lastContactOn: addDays(today, -5),
    });
    expect(response.statusCode, response.body).toBe(200);
    memberId = response.json().id;
    [snapshot] = (await t.database.db.select().from(partyMembers).where(eq(partyMembers.id, memberId))) as [
      typeof partyMembers.$inferSelect,
    ];
  });

  it('refuses unknown, non-Party or same receivers', async () => {
    const unknown = await clerkA.post(`/api/members/${memberId}/transfers`, {
      toUnitId: '11111111-1111-4111-8111-111111111111',
      reason: '迁居',
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.message).toContain('接收党组织不存在');
    const notParty = await clerkA.post(`/api/members/${memberId}/transfers`, {
      toUnitId: tree.gachaB.id,
      reason: '迁居',
    });
    expect(notParty.statusCode).toBe(404);
    const same = await clerkA.post(`/api/members/${memberId}/transfers`, {
      toUnitId: tree.branchA.id,
      reason: '迁居',
    });
    expect(same.statusCode).toBe(400);
    const none = await clerkA.post(`/api/members/${memberId}/transfers`, { reason: '迁居' });
    expect(none.statusCode).toBe(400);
    expect(none.json().error.message).toContain('请选择接收党组织');
    const noReason = await clerkA.post(`/api/members/${memberId}/transfers`, { toUnitId: branchB.id });
    expect(noReason.json().error.message).toContain('转接原因');
    expect(await t.database.db.select().from(memberTransfers)).toHaveLength(0);
  });

  it('sends to a branch outside the sender’s scope; one open transfer per member; the receiver sees it', async () => {
    const sent = await clerkA.post(`/api/members/${memberId}/transfers`, {
      toUnitId: branchB.id,
      reason: '婚后迁居好腰苏木',
    });
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json()).toMatchObject({
      status: 'pending',
      toUnitName: '哈日嘎查党支部',
      letterNumber: `${today.slice(0, 4)}-0001`,
      letterValidUntil: addMonths(today, 3),
      canSend: true,
      canReceive: false,
    });
    const second = await clerkA.post(`/api/members/${memberId}/transfers`, {
      toUnitId: branchB.id,
      reason: '再次申请',
    });
    expect(second.statusCode).toBe(409);
    expect(second.json().error.message).toContain('已有一项未办结的组织关系转接');
    const incoming = (await clerkB.get('/api/members/transfers?box=incoming')).json();
    expect(incoming.items).toHaveLength(1);
    expect(incoming.items[0]).toMatchObject({ memberName: '宝音', canReceive: true, canSend: false });
    expect((await clerkA.get('/api/members/transfers?box=incoming')).json().total).toBe(0);
    expect((await clerkA.get('/api/members/transfers?box=outgoing')).json().total).toBe(1);
  });

  it('lets only the receiving side accept or return (sumu A clerk: 404)', async () => {
    const [transfer] = await t.database.db.select().from(memberTransfers);
    expect((await clerkA.post(`/api/members/transfers/${transfer!.id}/accept`)).statusCode).toBe(404);
    expect(
      (await clerkA.post(`/api/members/transfers/${transfer!.id}/return`, { reason: '不接收' })).statusCode,
    ).toBe(404);
    expect((await leader.post(`/api/members/transfers/${transfer!.id}/accept`)).statusCode).toBe(403);
  });

  it('prints the letter for both sides, and for nobody else', async () => {
    const [transfer] = await t.database.db.select().from(memberTransfers);
    const letter = await clerkA.get(`/api/members/transfers/${transfer!.id}/letter`);
    expect(letter.statusCode).toBe(200);
    expect(letter.headers['content-type']).toContain('text/html');
    expect(letter.body).toContain('中国共产党党员组织关系介绍信');
    expect(letter.body).toContain(transfer!.letterNumber);
    expect(letter.body).toContain('由 乌兰嘎查党支部 去 哈日嘎查党支部');
    expect(letter.body).not.toMatch(/\d{17}[\dX]/);
    expect((await clerkB.get(`/api/members/transfers/${transfer!.id}/letter`)).statusCode).toBe(200);
    const outsider = await buildUser(t, {
      username: 'clerkBanner',
      grants: [{ role: 'unitClerk', unit: tree.gachaB }],
    });
    expect(outsider.id).toBeTruthy();
    const gachaClerk = await loginAs(t, 'clerkBanner');
    // The gacha B clerk's scope holds the receiving branch; an unrelated subtree sees nothing.
    expect((await gachaClerk.get(`/api/members/transfers/${transfer!.id}/letter`)).statusCode).toBe(200);
    const sumuAonly = await buildUnit(t, tree.sumuA, { name: '另一嘎查', type: 'gacha' });
    await buildUser(t, { username: 'otherClerk', grants: [{ role: 'unitClerk', unit: sumuAonly }] });
    const otherClerk = await loginAs(t, 'otherClerk');
    expect((await otherClerk.get(`/api/members/transfers/${transfer!.id}/letter`)).statusCode).toBe(404);
  });

  it('returned with a reason: the member stays with the sender, unchanged, nothing lost', async () => {
    const [transfer] = await t.database.db.select().from(memberTransfers);
    const noReason = await clerkB.post(`/api/members/transfers/${transfer!.id}/return`, {});
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.message).toContain('退回原因');
    const returned = await clerkB.post(`/api/members/transfers/${transfer!.id}/return`, {
      reason: '介绍信信息有误',
    });
    expect(returned.statusCode, returned.body).toBe(200);
    expect(returned.json()).toMatchObject({ status: 'returned', returnReason: '介绍信信息有误' });
    const [after] = await t.database.db.select().from(partyMembers).where(eq(partyMembers.id, memberId));
    expect(after).toEqual(snapshot);
    expect((await clerkA.get(`/api/members/${memberId}`)).statusCode).toBe(200);
    expect((await clerkB.get(`/api/members/${memberId}`)).statusCode).toBe(404);
    const again = await clerkB.post(`/api/members/transfers/${transfer!.id}/accept`);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toBe('该转接已退回，不能再办理');
    const events = await t.database.db.select().from(memberEvents).where(eq(memberEvents.memberId, memberId));
    expect(events.map((e) => e.kind).sort()).toEqual(['create', 'transferRequested', 'transferReturned']);
  });

  it('accepted: the member moves to the receiver, posts at the old branch end', async () => {
    const sent = await clerkA.post(`/api/members/${memberId}/transfers`, {
      toUnitId: branchB.id,
      reason: '重新办理',
    });
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json().letterNumber).toBe(`${today.slice(0, 4)}-0002`);
    const accepted = await clerkB.post(`/api/members/transfers/${sent.json().id}/accept`);
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toMatchObject({ status: 'accepted', decidedOn: today });
    const detail = (await clerkB.get(`/api/members/${memberId}`)).json();
    expect(detail).toMatchObject({
      unitId: branchB.id,
      post: null,
      category: 'full',
      joinedOn: '2005-07-01',
    });
    expect(detail.events[0].kind).toBe('transferAccepted');
    expect((await clerkA.get(`/api/members/${memberId}`)).statusCode).toBe(404);
  });

  it('out of the banner: the sender confirms the receipt, and the member leaves the roster as transferred out', async () => {
    const sent = await clerkB.post(`/api/members/${memberId}/transfers`, {
      destination: '中共北京市海淀区某街道工委',
      outsideProvince: true,
      reason: '赴京工作',
    });
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json()).toMatchObject({ internal: false, letterValidUntil: addMonths(today, 6) });
    const decision = await staff.post(`/api/members/${memberId}/decisions`, {
      kind: 'suspension',
      decidedOn: today,
      approver: '支部党员大会',
    });
    expect(decision.statusCode).toBe(409);
    const confirmed = await clerkB.post(`/api/members/transfers/${sent.json().id}/confirm`);
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    const detail = (await staff.get(`/api/members/${memberId}`)).json();
    expect(detail.status).toBe('transferredOut');
    expect((await staff.get('/api/members?q=宝音')).json().total).toBe(0);
    expect((await staff.get('/api/members?q=宝音&status=transferredOut')).json().total).toBe(1);
  });
});

function uploadFile(session: Session, url: string, content: Buffer) {
  const boundary = `----jiceng${randomBytes(8).toString('hex')}`;
  const head =
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="党员名册.xlsx"\r\n` +
    'Content-Type: application/octet-stream\r\n\r\n';
  return t.app.inject({
    method: 'POST',
    url,
    headers: {
      cookie: session.cookie,
      'x-csrf-token': session.csrfToken,
      'content-type': `multipart/form-data; boundary=${boundary}`,
    },
    payload: Buffer.concat([Buffer.from(head), content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
  });
}

const headers = [
  '姓名',
  '身份证号',
  '性别',
  '民族',
  '学历',
  '入党日期',
  '转正日期',
  '所在党组织',
  '联系电话',
];
async function rosterFile(rows: (string | null)[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('党员名册');
  sheet.addRow(headers);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function importAs(session: Session, rows: (string | null)[][]) {
  const response = await uploadFile(session, '/api/members/import', await rosterFile(rows));
  expect(response.statusCode, response.body).toBe(200);
  await waitForImport(response.json().id);
  return (await session.get(`/api/imports/${response.json().id}`)).json();
}

describe('roster import', () => {
  const pathA = '测试旗/巴彦苏木/乌兰嘎查/乌兰嘎查党支部';
  const pathB = '测试旗/好腰苏木/哈日嘎查/哈日嘎查党支部';

  it('serves the template with the roster columns', async () => {
    const response = await clerkA.get('/api/members/import/template');
    expect(response.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const texts: string[] = [];
    workbook.worksheets[0]!.getRow(1).eachCell((cell) => {
      texts.push(cell.text);
    });
    for (const header of headers) expect(texts.some((text) => text.includes(header))).toBe(true);
  });

  it('reports every bad row in Chinese and writes nothing', async () => {
    const before = await memberCount();
    const peopleBefore = (await t.database.db.select().from(people)).length;
    const good = idOf('1985-03-08');
    const bad = `${good.slice(0, 17)}${good.endsWith('1') ? '2' : '1'}`;
    const dup = idOf('1970-01-01');
    const qiqige = await t.database.db.select().from(people).where(eq(people.name, '其其格'));
    const existingId = t.cipher.decrypt(qiqige[0]!.idNumberCipher);
    const job = await importAs(clerkA, [
      ['校验错', bad, '男', '汉族', '高中', '2010-07-01', '2011-07-01', pathA, '13800000000'],
      [
        '无组织',
        idOf('1980-01-01'),
        '',
        '汉族',
        '高中',
        '2010-07-01',
        '2011-07-01',
        '测试旗/巴彦苏木/不存在党支部',
        '',
      ],
      ['越界', idOf('1980-01-02'), '', '汉族', '高中', '2010-07-01', '2011-07-01', pathB, ''],
      ['重复甲', dup, '', '汉族', '高中', '2010-07-01', '2011-07-01', pathA, ''],
      ['重复甲', dup, '', '汉族', '高中', '2010-07-01', '2011-07-01', pathA, ''],
      ['其其格', existingId, '女', '蒙古族', '初中及以下', '2000-07-01', '2001-07-01', pathA, ''],
      ['日期错', idOf('1980-01-03'), '', '汉族', '高中', '2012-07-01', '2011-07-01', pathA, ''],
      ['非党组织', idOf('1980-01-04'), '', '汉族', '高中', '2012-07-01', '', '测试旗/巴彦苏木/乌兰嘎查', ''],
      ['性别错', idOf('1980-01-05'), '女', '汉族', '高中', '2012-07-01', '', pathA, ''],
      ['学历错', idOf('1980-01-06'), '', '汉族', '博士后', '2012-07-01', '', pathA, ''],
    ]);
    expect(job.status).toBe('invalid');
    const messages = job.errors.map(
      (e: { row: number; field: string; message: string }) => `${e.row} ${e.field} ${e.message}`,
    );
    const expectRow = (row: number, text: string) =>
      expect(
        messages.some((m: string) => m.startsWith(`${row} `) && m.includes(text)),
        `${row}: ${text}\n${messages.join('\n')}`,
      ).toBe(true);
    expectRow(2, '校验位错误');
    expectRow(3, '不存在');
    expectRow(4, '不在您的管理范围内');
    expectRow(6, '与第 5 行的身份证号重复');
    expectRow(7, '已是党员（乌兰嘎查党支部）');
    expectRow(8, '不能早于入党日期');
    expectRow(9, '不是党组织');
    expectRow(10, '与身份证号不一致');
    expectRow(11, '学历');
    expect(await memberCount()).toBe(before);
    expect((await t.database.db.select().from(people)).length).toBe(peopleBefore);
  });

  it('imports a clean file all at once: new people created, registered people linked', async () => {
    const before = await memberCount();
    const existing = idOf('1966-12-12');
    const registered = await staff.post('/api/people', {
      name: '额尔敦',
      idNumber: existing,
      unitId: tree.gachaA.id,
    });
    expect(registered.statusCode).toBe(200);
    const job = await importAs(clerkA, [
      ['额尔敦', existing, '男', '蒙古族', '高中', '1990-07-01', '1991-07-01', pathA, ''],
      [
        '新党员',
        idOf('1999-10-10', true),
        '女',
        '汉族',
        '大学本科',
        addMonths(today, -2),
        '',
        ` ${pathA.replace(/\//g, ' / ')} `,
        '13700000000',
      ],
    ]);
    expect(job.status, JSON.stringify(job.errors)).toBe('ready');
    const commit = await clerkA.post(`/api/imports/${job.id}/commit`);
    expect(commit.statusCode, commit.body).toBe(200);
    await waitForImport(job.id);
    const done = (await clerkA.get(`/api/imports/${job.id}`)).json();
    expect(done.status, done.message).toBe('done');
    expect(await memberCount()).toBe(before + 2);
    const erdun = (await clerkA.get('/api/members?q=额尔敦')).json().items[0];
    expect(erdun).toMatchObject({ personId: registered.json().id, category: 'full', fullOn: '1991-07-01' });
    const fresh = (await clerkA.get('/api/members?q=新党员')).json().items[0];
    expect(fresh).toMatchObject({
      category: 'probationary',
      conversionDueOn: addMonths(addMonths(today, -2), 12),
      education: 'bachelor',
    });
    const detail = (await clerkA.get(`/api/members/${fresh.id}`)).json();
    expect(detail.events[0]).toMatchObject({ kind: 'import' });
  });
  it('checks the rows again in the commit and writes nothing when they changed since the preview', async () => {
    const before = await memberCount();
    const twice = idOf('1980-03-03');
    const row = (name: string, idNumber: string) => [
      name,
      idNumber,
      '男',
      '汉族',
      '',
      '2010-07-01',
      '2011-07-01',
      pathA,
      '',
    ];
    const first = await importAs(clerkA, [row('先导入', twice)]);
    const second = await importAs(clerkA, [row('后导入', idOf('1981-04-04')), row('先导入', twice)]);
    expect([first.status, second.status]).toEqual(['ready', 'ready']);
    await clerkA.post(`/api/imports/${first.id}/commit`);
    await waitForImport(first.id);
    expect((await clerkA.get(`/api/imports/${first.id}`)).json().status).toBe('done');
    await clerkA.post(`/api/imports/${second.id}/commit`);
    await waitForImport(second.id);
    const changed = (await clerkA.get(`/api/imports/${second.id}`)).json();
    expect(changed.status).toBe('invalid');
    expect(changed.message).toContain('数据在预览后发生了变化');
    expect(changed.errors).toMatchObject([{ row: 3, field: '身份证号' }]);
    expect(changed.errors[0].message).toContain('已是党员');
    expect(await memberCount()).toBe(before + 1);
    expect((await clerkA.get(`/api/members?q=${encodeURIComponent('后导入')}`)).json().total).toBe(0);
  });
});

describe('party organisation pickers', () => {
  it('lists Party organisations in scope, and every one of the banner as transfer targets', async () => {
    const mine = (await clerkA.get('/api/members/units')).json();
    expect(mine.items.map((u: { name: string }) => u.name)).toEqual(['乌兰嘎查党支部']);
    const targets = (await clerkA.get('/api/members/transfer-targets?q=hr')).json();
    expect(targets.items.map((u: { name: string }) => u.name)).toEqual(['哈日嘎查党支部']);
    expect(targets.items[0].pathNames).toBe('测试旗/好腰苏木/哈日嘎查/哈日嘎查党支部');
  });
});

describe('local settings', () => {
  it('lets the banner’s organisation department change the reminder and letter rules, audited', async () => {
    expect(
      (await clerkA.request('PUT', '/api/members/settings', { conversionReminderDays: 10 })).statusCode,
    ).toBe(403);
    await buildUser(t, { username: 'sumuStaff', grants: [{ role: 'orgStaff', unit: tree.sumuA }] });
    const sumuStaff = await loginAs(t, 'sumuStaff');
    expect(
      (await sumuStaff.request('PUT', '/api/members/settings', { conversionReminderDays: 10 })).statusCode,
    ).toBe(403);
    const bad = await staff.request('PUT', '/api/members/settings', { conversionReminderDays: 999 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('转正提醒提前天数');
    const saved = await staff.request('PUT', '/api/members/settings', { letterValidMonths: 2 });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ letterValidMonths: 2, conversionReminderDays: 30 });
    expect((await leader.get('/api/members/settings')).json().letterValidMonths).toBe(2);
    const audits = await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'update.members'));
    expect(audits).toHaveLength(1);
    await staff.request('PUT', '/api/members/settings', { letterValidMonths: 3 });
  });
});
