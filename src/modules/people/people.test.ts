import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildTree,
  buildUser,
  createTestApp,
  loginAs,
  type Session,
  type TestContext,
} from '../../../test/support/app';
import { auditLog } from '../../platform/audit/schema';
import { makeIdNumber } from './idNumber';
import { people } from './schema';

let t: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
let staff: Session;
let clerkB: Session;
let leader: Session;
const idNumber = makeIdNumber({ regionCode: '152222', birthDate: '1985-03-08', sequence: 123 });

beforeAll(async () => {
  t = await createTestApp();
  tree = await buildTree(t);
  await buildUser(t, { username: 'staff', grants: [{ role: 'orgStaff', unit: tree.banner }] });
  await buildUser(t, { username: 'clerkB', grants: [{ role: 'unitClerk', unit: tree.sumuB }] });
  await buildUser(t, { username: 'leader', grants: [{ role: 'leader', unit: tree.banner }] });
  staff = await loginAs(t, 'staff');
  clerkB = await loginAs(t, 'clerkB');
  leader = await loginAs(t, 'leader');
});
afterAll(async () => t.close());

describe('people', () => {
  let personId: string;

  it('registers a person with birth date and gender derived from the ID number, stored encrypted', async () => {
    const response = await staff.post('/api/people', {
      name: '张三',
      idNumber,
      unitId: tree.gachaA.id,
      phone: '13812345678',
    });
    expect(response.statusCode).toBe(200);
    const person = response.json();
    personId = person.id;
    expect(person).toMatchObject({ birthDate: '1985-03-08', gender: 'male', phoneMasked: '138****5678' });
    expect(person.idNumberMasked).toBe(`152222********${idNumber.slice(-4)}`);
    const [row] = await t.database.db.select().from(people).where(eq(people.id, personId));
    expect(row!.idNumberCipher).not.toContain(idNumber.slice(6, 14));
    expect(t.cipher.decrypt(row!.idNumberCipher)).toBe(idNumber);
  });

  it('rejects an ID number with a wrong check digit, in Chinese, writing nothing', async () => {
    const bad = `${idNumber.slice(0, 17)}${idNumber.endsWith('1') ? '2' : '1'}`;
    const response = await staff.post('/api/people', { name: '李四', idNumber: bad, unitId: tree.gachaA.id });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toContain('校验位错误');
    expect(await t.database.db.select().from(people)).toHaveLength(1);
  });

  it('registers one identity once', async () => {
    const response = await staff.post('/api/people', { name: '张三丰', idNumber, unitId: tree.gachaB.id });
    expect(response.statusCode).toBe(409);
    expect(response.json().error.message).toContain('已登记（张三）');
  });

  it('finds people by pinyin initials and by exact ID number through the blind index', async () => {
    expect((await staff.get('/api/people?q=zs')).json().items.map((p: { name: string }) => p.name)).toEqual([
      '张三',
    ]);
    expect((await staff.get(`/api/people?q=${idNumber}`)).json().total).toBe(1);
  });

  it('keeps people outside the scope out of sight: 404', async () => {
    expect((await clerkB.get(`/api/people/${personId}`)).statusCode).toBe(404);
    expect((await clerkB.get('/api/people?q=zs')).json().total).toBe(0);
    expect((await clerkB.patch(`/api/people/${personId}`, { phone: '13900000000' })).statusCode).toBe(404);
  });

  it('shows the full ID number only to allowed roles, and audits the read', async () => {
    expect((await leader.get(`/api/people/${personId}/id-number`)).statusCode).toBe(403);
    const reveal = await staff.get(`/api/people/${personId}/id-number`);
    expect(reveal.json()).toEqual({ idNumber });
    const reads = await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'read.idNumber'));
    expect(reads).toHaveLength(1);
    expect(reads[0]!.entityId).toBe(personId);
  });
});

describe('people export', () => {
  it('exports the filtered list with masked ID numbers and audits the export', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const response = await staff.get('/api/people/export?q=zs');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).getCell(1).value).toBe('姓名');
    expect(sheet.rowCount).toBe(2);
    expect(String(sheet.getRow(2).getCell(5).value)).toMatch(/^152222\*{8}\d{3}[\dX]$/);
    const exports = await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'export'));
    expect(exports).toHaveLength(1);
    expect((await clerkB.get('/api/people/export')).statusCode).toBe(200);
  });
});
