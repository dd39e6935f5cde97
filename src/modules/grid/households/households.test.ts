// Households (住户) and 党员中心户 through HTTP over a real database: registration and search, validation
// in Chinese, scope, the encrypted phone and care categories, links, the Excel import and export, the
// indicators and the audit trail.
import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildTree,
  buildUser,
  createTestApp,
  loginAs,
  type Session,
  type TestContext,
} from '../../../../test/support/app';
import { createTestGrid } from '../../../../test/support/grid';
import { auditLog } from '../../../platform/audit/schema';
import { waitForImport } from '../../../platform/excel';
import { addDays } from '../../../platform/indicators/period';
import { todayInChina } from '../../../platform/time';
import { makeIdNumber } from '../../people';
import { households, memberHouseholds } from '../schema';

let t: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
let staff: Session;
let clerkA: Session;
let clerkB: Session;
let gridA: string;
let gridA2: string;
let gridB: string;
let memberId: string;
let sequence = 300;

const householdCount = async () => (await t.database.db.select().from(households)).length;
const auditsOf = async (entity: string, entityId: string) =>
  t.database.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entity, entity), eq(auditLog.entityId, entityId)));

const addGrid = (session: Session, unitId: string, code: string, lng: number) =>
  createTestGrid(session, { unitId, code, lng });

async function addHousehold(session: Session, body: Record<string, unknown>) {
  const response = await session.post('/api/grid/households', {
    gridId: gridA,
    address: '乌兰嘎查一组 1 号',
    headName: '巴特尔',
    ...body,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

function uploadFile(session: Session, url: string, content: Buffer) {
  const boundary = `----jiceng${randomBytes(8).toString('hex')}`;
  const head =
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="住户.xlsx"\r\n` +
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

const importHeaders = ['网格编码', '住址', '户主姓名', '联系电话', '家庭成员', '关爱类别', '备注'];
async function importAs(session: Session, rows: string[][]) {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('网格住户');
  sheet.addRow(importHeaders);
  for (const row of rows) sheet.addRow(row);
  const response = await uploadFile(
    session,
    '/api/grid/households/import',
    Buffer.from(await workbook.xlsx.writeBuffer()),
  );
  expect(response.statusCode, response.body).toBe(200);
  await waitForImport(response.json().id);
  return (await session.get(`/api/imports/${response.json().id}`)).json();
}

async function importAndCommit(session: Session, rows: string[][]) {
  const job = await importAs(session, rows);
  expect(job.status, JSON.stringify(job.errors)).toBe('ready');
  const commit = await session.post(`/api/imports/${job.id}/commit`);
  expect(commit.statusCode, commit.body).toBe(200);
  await waitForImport(job.id);
  return (await session.get(`/api/imports/${job.id}`)).json();
}

async function addPartyMember(name: string): Promise<string> {
  sequence += 2;
  const response = await clerkA.post('/api/members', {
    name,
    idNumber: makeIdNumber({ regionCode: '152222', birthDate: '1975-04-02', sequence: sequence + 1 }),
    ethnicity: '蒙古族',
    unitId: tree.branchA.id,
    category: 'full',
    joinedOn: '2000-07-01',
    fullOn: '2001-07-01',
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json().id as string;
}

beforeAll(async () => {
  t = await createTestApp();
  tree = await buildTree(t);
  await buildUser(t, { username: 'staff', grants: [{ role: 'orgStaff', unit: tree.banner }] });
  await buildUser(t, { username: 'clerka', grants: [{ role: 'unitClerk', unit: tree.sumuA }] });
  await buildUser(t, { username: 'clerkb', grants: [{ role: 'unitClerk', unit: tree.sumuB }] });
  staff = await loginAs(t, 'staff');
  clerkA = await loginAs(t, 'clerka');
  clerkB = await loginAs(t, 'clerkb');
  gridA = await addGrid(staff, tree.gachaA.id, 'H-A1', 111.6);
  gridA2 = await addGrid(staff, tree.gachaA.id, 'H-A2', 111.62);
  gridB = await addGrid(staff, tree.gachaB.id, 'H-B1', 111.7);
  memberId = await addPartyMember('斯琴');
});
afterAll(() => t?.close());

describe('households', () => {
  it('registers, updates, searches and pages households, auditing each write', async () => {
    const created = await addHousehold(clerkA, {
      address: '乌兰嘎查二组 12 号',
      headName: '其其格',
      phone: '13812345678',
      careCategories: ['elderly', 'livingAlone'],
      members: [{ name: '巴雅尔', relation: '子女' }],
    });
    expect(created).toMatchObject({
      gridId: gridA,
      gridName: 'H-A1网格',
      unitName: '乌兰嘎查',
      headName: '其其格',
      phoneMasked: '138****5678',
      members: [{ personId: null, name: '巴雅尔', relation: '子女' }],
      lookedAfterBy: [],
    });
    const updated = await clerkA.patch(`/api/grid/households/${created.id}`, {
      address: '乌兰嘎查二组 14 号',
      note: '独居老人',
    });
    expect(updated.statusCode, updated.body).toBe(200);
    expect(updated.json()).toMatchObject({
      address: '乌兰嘎查二组 14 号',
      note: '独居老人',
      headName: '其其格',
      // A partial update leaves what it does not send: members, phone and care categories stay.
      members: [{ name: '巴雅尔', relation: '子女' }],
      phoneMasked: '138****5678',
    });
    expect((await staff.get(`/api/grid/households/${created.id}`)).json().careCategories).toEqual([
      'elderly',
      'livingAlone',
    ]);
    expect((await auditsOf('gridHousehold', created.id)).map((a) => a.action).sort()).toEqual([
      'create',
      'update',
    ]);

    for (let i = 1; i <= 5; i += 1)
      await addHousehold(clerkA, { gridId: gridA2, address: `乌兰嘎查三组 ${i} 号`, headName: `住户${i}` });
    const found = (await clerkA.get(`/api/grid/households?q=${encodeURIComponent('其其格')}`)).json();
    expect(found.total).toBe(1);
    expect(found.items[0].id).toBe(created.id);
    const byAddress = (await clerkA.get(`/api/grid/households?q=${encodeURIComponent('三组')}`)).json();
    expect(byAddress.total).toBe(5);
    const page1 = (await clerkA.get(`/api/grid/households?gridId=${gridA2}&pageSize=2&page=1`)).json();
    const page3 = (await clerkA.get(`/api/grid/households?gridId=${gridA2}&pageSize=2&page=3`)).json();
    expect(page1.total).toBe(5);
    expect(page1.items.map((h: { address: string }) => h.address)).toEqual([
      '乌兰嘎查三组 1 号',
      '乌兰嘎查三组 2 号',
    ]);
    expect(page3.items.map((h: { address: string }) => h.address)).toEqual(['乌兰嘎查三组 5 号']);
    const byUnit = (await staff.get(`/api/grid/households?unitId=${tree.sumuB.id}`)).json();
    expect(byUnit.total).toBe(0);
  });

  it('refuses bad input with a Chinese message naming the field and stores nothing', async () => {
    const before = await householdCount();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ phone: '1381234' }, '联系电话'],
      [{ address: '' }, '住址'],
      [{ headName: '   ' }, '户主姓名'],
      [{ careCategories: ['rich'] }, '关爱类别'],
      [{ gridId: 'nope' }, '所属网格'],
      [{ address: '长'.repeat(121) }, '住址不能超过 120 个字'],
    ];
    for (const [patch, text] of cases) {
      const response = await clerkA.post('/api/grid/households', {
        gridId: gridA,
        address: '乌兰嘎查一组 9 号',
        headName: '错误',
        ...patch,
      });
      expect(response.statusCode, JSON.stringify(patch)).toBe(400);
      expect(response.json().error.message, JSON.stringify(patch)).toContain(text);
      expect(response.json().error.code).toBeTruthy();
    }
    expect(await householdCount()).toBe(before);
  });

  it('hides another 苏木’s households: 404 on read and write, absent from lists', async () => {
    const other = await addHousehold(staff, { gridId: gridB, address: '哈日嘎查 3 号', headName: '额尔敦' });
    expect((await clerkA.get(`/api/grid/households/${other.id}`)).statusCode).toBe(404);
    const patched = await clerkA.patch(`/api/grid/households/${other.id}`, { note: 'x' });
    expect(patched.statusCode).toBe(404);
    expect(patched.json().error.message).toMatch(/[\u4e00-\u9fa5]/);
    expect((await clerkA.del(`/api/grid/households/${other.id}`)).statusCode).toBe(404);
    const list = (await clerkA.get(`/api/grid/households?q=${encodeURIComponent('额尔敦')}`)).json();
    expect(list.total).toBe(0);
    expect((await clerkB.get(`/api/grid/households/${other.id}`)).statusCode).toBe(200);
    // A household cannot be registered in, or moved into, a grid out of scope.
    const into = await clerkA.post('/api/grid/households', { gridId: gridB, address: 'x', headName: 'y' });
    expect(into.statusCode).toBe(404);
  });

  it('encrypts the phone and care categories at rest and shows them only with grid.readSensitive', async () => {
    const created = await addHousehold(clerkA, {
      address: '乌兰嘎查四组 1 号',
      headName: '乌云',
      phone: '13900001111',
      careCategories: ['subsistence', 'disabled'],
    });
    const [row] = await t.database.db.select().from(households).where(eq(households.id, created.id));
    const raw = JSON.stringify(row);
    expect(raw).not.toContain('13900001111');
    expect(raw).not.toContain('subsistence');
    expect(row!.phoneMasked).toBe('139****1111');
    expect(t.cipher.decrypt(row!.phoneCipher!)).toBe('13900001111');
    expect(JSON.parse(t.cipher.decrypt(row!.careCipher!))).toEqual(['disabled', 'subsistence']);

    // The clerk has no grid.readSensitive: masked phone, no care categories.
    const forClerk = (await clerkA.get(`/api/grid/households/${created.id}`)).json();
    expect(forClerk).toMatchObject({
      phone: null,
      phoneMasked: '139****1111',
      careCategories: null,
      sensitiveVisible: false,
    });
    expect(JSON.stringify(forClerk)).not.toContain('13900001111');
    const listed = (await clerkA.get(`/api/grid/households?q=${encodeURIComponent('乌云')}`)).json();
    expect(listed.items[0].careCategories).toBeNull();
    const forStaff = (await staff.get(`/api/grid/households/${created.id}`)).json();
    expect(forStaff).toMatchObject({
      phone: '13900001111',
      careCategories: ['disabled', 'subsistence'],
      sensitiveVisible: true,
    });
    // The audit trail never keeps the sensitive values.
    const audits = await auditsOf('gridHousehold', created.id);
    expect(JSON.stringify(audits)).not.toContain('13900001111');
    expect(JSON.stringify(audits)).not.toContain('disabled');
    // Clearing the phone empties both columns.
    await clerkA.patch(`/api/grid/households/${created.id}`, { phone: '', careCategories: [] });
    const [cleared] = await t.database.db.select().from(households).where(eq(households.id, created.id));
    expect(cleared).toMatchObject({ phoneCipher: null, phoneMasked: null, careCipher: null });
  });

  it('moves a household away: kept, no longer listed, audited', async () => {
    const created = await addHousehold(clerkA, { address: '乌兰嘎查五组 1 号', headName: '迁出户' });
    expect((await clerkA.del(`/api/grid/households/${created.id}`)).statusCode).toBe(204);
    expect((await clerkA.get(`/api/grid/households/${created.id}`)).statusCode).toBe(404);
    const [row] = await t.database.db.select().from(households).where(eq(households.id, created.id));
    expect(row!.active).toBe(false);
    expect((await auditsOf('gridHousehold', created.id)).map((a) => a.action)).toContain('remove');
  });
});

describe('党员中心户', () => {
  it('links and unlinks the households of one grid, refusing another grid’s or a duplicate', async () => {
    const h1 = await addHousehold(clerkA, { address: '乌兰嘎查六组 1 号', headName: '中心户甲' });
    const h2 = await addHousehold(clerkA, { address: '乌兰嘎查六组 2 号', headName: '中心户乙' });
    const elsewhere = await addHousehold(clerkA, {
      gridId: gridA2,
      address: '三组 9 号',
      headName: '外网格',
    });
    const bad = await clerkA.post('/api/grid/member-households', { gridId: gridA, partyMemberId: 'x' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('党员');
    const other = await clerkA.post('/api/grid/member-households', {
      gridId: gridA,
      partyMemberId: memberId,
      householdIds: [h1.id, elsewhere.id],
    });
    expect(other.statusCode).toBe(400);
    expect(other.json().error.message).toMatch(/[\u4e00-\u9fa5]/);
    expect((await t.database.db.select().from(memberHouseholds)).length).toBe(0);

    const created = await clerkA.post('/api/grid/member-households', {
      gridId: gridA,
      partyMemberId: memberId,
      householdIds: [h1.id, h2.id],
      note: '负责六组',
    });
    expect(created.statusCode, created.body).toBe(201);
    const mh = created.json();
    expect(mh).toMatchObject({ gridId: gridA, memberName: '斯琴', note: '负责六组' });
    expect(mh.households.map((h: { headName: string }) => h.headName).sort()).toEqual([
      '中心户乙',
      '中心户甲',
    ]);
    const again = await clerkA.post('/api/grid/member-households', {
      gridId: gridA,
      partyMemberId: memberId,
    });
    expect(again.statusCode).toBeGreaterThanOrEqual(400);
    expect(again.json().error.message).toContain('斯琴');

    expect((await clerkA.get(`/api/grid/households/${h1.id}`)).json().lookedAfterBy).toEqual([
      { id: mh.id, name: '斯琴' },
    ]);
    const unlinked = await clerkA.patch(`/api/grid/member-households/${mh.id}`, { householdIds: [h2.id] });
    expect(unlinked.statusCode, unlinked.body).toBe(200);
    expect(unlinked.json().households.map((h: { id: string }) => h.id)).toEqual([h2.id]);
    expect((await clerkA.get(`/api/grid/households/${h1.id}`)).json().lookedAfterBy).toEqual([]);
    const listed = (await clerkA.get(`/api/grid/member-households?gridId=${gridA}`)).json();
    expect(listed).toHaveLength(1);
    expect((await clerkB.get('/api/grid/member-households')).json()).toEqual([]);
    expect((await clerkB.patch(`/api/grid/member-households/${mh.id}`, { note: 'x' })).statusCode).toBe(404);

    const indicator = await staff.get(`/api/indicators/grid.memberHouseholds?unitId=${tree.banner.id}`);
    expect(indicator.statusCode, indicator.body).toBe(200);
    expect(indicator.json().value).toBe(1);
    expect(indicator.json().evidence.ids).toEqual([mh.id]);

    expect((await clerkA.del(`/api/grid/member-households/${mh.id}`)).statusCode).toBe(204);
    expect((await clerkA.get('/api/grid/member-households')).json()).toEqual([]);
    expect((await auditsOf('gridMemberHousehold', mh.id)).map((a) => a.action).sort()).toEqual([
      'create',
      'end',
      'update',
    ]);
    const after = await staff.get(`/api/indicators/grid.memberHouseholds?unitId=${tree.banner.id}`);
    expect(after.json().value).toBe(0);
  });
});

describe('Excel import and export, indicator', () => {
  it('reports every bad row in Chinese and writes nothing', async () => {
    const before = await householdCount();
    const job = await importAs(clerkA, [
      ['H-A1', '导入一组 1 号', '导入甲', '13800000000', '', '高龄', ''],
      ['H-B1', '导入一组 2 号', '越界', '', '', '', ''],
      ['H-A1', '导入一组 3 号', '电话错', '12345', '', '', ''],
      ['H-A1', '导入一组 4 号', '类别错', '', '', '富裕', ''],
      ['H-A1', '', '缺住址', '', '', '', ''],
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
    expectRow(3, '不是您管理范围内的网格编码');
    expectRow(4, '不是 11 位手机号');
    expectRow(5, '不是有效类别');
    expectRow(6, '住址');
    expect(messages.some((m: string) => m.startsWith('2 '))).toBe(false);
    expect(await householdCount()).toBe(before);
  });

  it('imports good rows (creating and updating), encrypted, then exports them', async () => {
    const before = await householdCount();
    const job = await importAndCommit(clerkA, [
      ['H-A1', '导入二组 1 号', '导入乙', '13800000001', '其其格（配偶）；巴雅尔（子女）', '高龄、独居', ''],
      ['H-A2', '导入二组 2 号', '导入丙', '', '', '', '新迁入'],
    ]);
    expect(job.status, JSON.stringify(job)).toBe('done');
    expect(await householdCount()).toBe(before + 2);
    const [row] = await t.database.db.select().from(households).where(eq(households.headName, '导入乙'));
    expect(row!.members).toEqual([
      { personId: null, name: '其其格', relation: '配偶' },
      { personId: null, name: '巴雅尔', relation: '子女' },
    ]);
    expect(JSON.parse(t.cipher.decrypt(row!.careCipher!))).toEqual(['elderly', 'livingAlone']);
    expect(row!.phoneMasked).toBe('138****0001');
    expect((await auditsOf('gridHousehold', row!.id)).map((a) => a.action)).toEqual(['create']);
    // The same grid, address and head again: updated, not duplicated.
    const again = await importAndCommit(clerkA, [
      ['H-A1', '导入二组 1 号', '导入乙', '13800000002', '', '', '改'],
    ]);
    expect(again.status).toBe('done');
    expect(await householdCount()).toBe(before + 2);
    const [changed] = await t.database.db.select().from(households).where(eq(households.id, row!.id));
    expect(changed!.note).toBe('改');
    expect(changed!.phoneMasked).toBe('138****0002');
    // The clerk cannot see care categories, so an empty cell leaves them; a masked phone (as the
    // clerk's export shows it) leaves the stored phone.
    expect(JSON.parse(t.cipher.decrypt(changed!.careCipher!))).toEqual(['elderly', 'livingAlone']);
    const masked = await importAndCommit(clerkA, [
      ['H-A1', '导入二组 1 号', '导入乙', '138****0002', '', '', '改'],
    ]);
    expect(masked.status).toBe('done');
    const [kept] = await t.database.db.select().from(households).where(eq(households.id, row!.id));
    expect(t.cipher.decrypt(kept!.phoneCipher!)).toBe('13800000002');
    expect(kept!.careCipher).toBe(changed!.careCipher);

    const exported = await staff.get(`/api/grid/households/export?gridId=${gridA}`);
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(exported.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).getCell(1).value).toBe('网格编码');
    const total = (await staff.get(`/api/grid/households?gridId=${gridA}`)).json().total;
    expect(sheet.rowCount - 1).toBe(total);
    const texts: string[] = [];
    sheet.eachRow((r) => {
      texts.push(r.values?.toString() ?? '');
    });
    expect(texts.some((x) => x.includes('13800000002') && x.includes('导入乙'))).toBe(true);
    // Without grid.readSensitive the export shows the masked phone and no care categories.
    const forClerk = await clerkA.get(`/api/grid/households/export?gridId=${gridA}`);
    const clerkBook = new ExcelJS.Workbook();
    await clerkBook.xlsx.load(forClerk.rawPayload as unknown as ArrayBuffer);
    const clerkTexts: string[] = [];
    clerkBook.worksheets[0]!.eachRow((r) => {
      clerkTexts.push(r.values?.toString() ?? '');
    });
    expect(clerkTexts.some((x) => x.includes('138****0002'))).toBe(true);
    expect(clerkTexts.join('\n')).not.toContain('13800000002');
    expect(clerkTexts.join('\n')).not.toContain('高龄');
    const exports = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entity, 'gridHousehold'), eq(auditLog.action, 'export')));
    expect(exports.length).toBeGreaterThanOrEqual(2);
  });

  it('counts the active households in scope with their ids as evidence', async () => {
    const all = await t.database.db
      .select({ id: households.id })
      .from(households)
      .where(eq(households.active, true));
    const inA = (await staff.get(`/api/grid/households?unitId=${tree.sumuA.id}&pageSize=100`)).json();
    const response = await staff.get(`/api/indicators/grid.households?unitId=${tree.sumuA.id}`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().value).toBe(inA.total);
    expect([...response.json().evidence.ids].sort()).toEqual(
      inA.items.map((h: { id: string }) => h.id).sort(),
    );
    const banner = (await staff.get(`/api/indicators/grid.households?unitId=${tree.banner.id}`)).json();
    expect(banner.value).toBe(all.length);
  });

  it('counts a household registered today in a period ending tomorrow, not in one ending today', async () => {
    // Periods are half-open: `to` is the first day after the period.
    const today = todayInChina();
    const figure = async (to: string) =>
      (
        await staff.get(`/api/indicators/grid.households?unitId=${tree.banner.id}&from=2020-01-01&to=${to}`)
      ).json().value;
    expect(await figure(today)).toBe(0);
    expect(await figure(addDays(today, 1))).toBeGreaterThan(0);
  });
});
