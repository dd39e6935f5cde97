// The holiday calendar over HTTP: read by anyone signed in, set and removed under cases.configure,
// bad dates refused with a Chinese message (deadlines following it: cases.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildTree,
  buildUser,
  createTestApp,
  loginAs,
  type Session,
  type TestContext,
} from '../../../test/support/app';

let t: TestContext;
let staff: Session;
let clerk: Session;

beforeAll(async () => {
  t = await createTestApp();
  const tree = await buildTree(t);
  await buildUser(t, { username: 'staff', grants: [{ role: 'orgStaff', unit: tree.banner }] });
  await buildUser(t, { username: 'clerk', grants: [{ role: 'unitClerk', unit: tree.sumuA }] });
  staff = await loginAs(t, 'staff');
  clerk = await loginAs(t, 'clerk');
});
afterAll(() => t?.app.close());

// Test data, not the official schedule.
const days = [
  { date: '2027-10-01', isWorkday: false, name: '国庆节' },
  { date: '2027-10-04', isWorkday: false, name: '国庆节' },
  { date: '2027-09-26', isWorkday: true, name: '国庆节调休' },
];

describe('holiday calendar API', () => {
  it('sets holidays and make-up working days under cases.configure only', async () => {
    expect((await clerk.get('/api/cases/holidays?year=2027')).json()).toEqual([]);
    const forbidden = await clerk.request('PUT', '/api/cases/holidays', { days });
    expect(forbidden.statusCode).toBe(403);
    const set = await staff.request('PUT', '/api/cases/holidays', { days });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json().map((d: { date: string }) => d.date)).toEqual([
      '2027-09-26',
      '2027-10-01',
      '2027-10-04',
    ]);
    // Setting a day again replaces it.
    await staff.request('PUT', '/api/cases/holidays', {
      days: [{ date: '2027-10-04', isWorkday: false, name: '国庆节（补）' }],
    });
    const year = (await clerk.get('/api/cases/holidays?year=2027')).json();
    expect(year).toHaveLength(3);
    expect(year.find((d: { date: string }) => d.date === '2027-10-04').name).toBe('国庆节（补）');
    expect((await clerk.get('/api/cases/holidays?year=2028')).json()).toEqual([]);
  });

  it('refuses bad input with a Chinese message, changing nothing', async () => {
    const bad = await staff.request('PUT', '/api/cases/holidays', {
      days: [{ date: '2027-13-01', isWorkday: false }],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('日期格式应为 YYYY-MM-DD');
    const empty = await staff.request('PUT', '/api/cases/holidays', { days: [] });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.message).toContain('请至少填写一天');
    expect((await clerk.get('/api/cases/holidays?year=2027')).json()).toHaveLength(3);
  });

  it('removes a day, and says so when the day is not in the calendar', async () => {
    expect((await clerk.del('/api/cases/holidays/2027-09-26')).statusCode).toBe(403);
    expect((await staff.del('/api/cases/holidays/2027-09-26')).statusCode).toBe(204);
    const again = await staff.del('/api/cases/holidays/2027-09-26');
    expect(again.statusCode).toBe(404);
    expect(again.json().error.message).toContain('2027-09-26');
    expect((await clerk.get('/api/cases/holidays?year=2027')).json()).toHaveLength(2);
  });

  it('is read only by signed-in users', async () => {
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/cases/holidays?year=2027' });
    expect(anonymous.statusCode).toBe(401);
  });
});
