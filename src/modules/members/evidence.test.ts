// Drill-down from the members indicators to the members and transfers they counted, through the
// reports route, inside the viewer's scope.
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
import { todayInChina } from '../../platform/time';
import { makeIdNumber } from '../people';
import { addMonths } from './dates';

let t: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
let staff: Session;
let clerkA: Session;
let clerkB: Session;
const today = todayInChina();
const names = { a: ['乌云', '巴特尔'], b: ['萨仁高娃'] };
const ids = new Map<string, string>();
let sequence = 300;

interface EvidenceJson {
  entity: string;
  entityName: string;
  resolvable: boolean;
  count: number;
  total: number;
  hidden: number;
  items: Array<{ id: string; title: string; subtitle?: string; unitPath?: string; link?: string }>;
}

/** Every page of a drill-down list. */
async function allEvidence(session: Session, url: string) {
  const items: EvidenceJson['items'] = [];
  let first: EvidenceJson | undefined;
  for (let page = 1; page < 50; page++) {
    const response = await session.get(`${url}${url.includes('?') ? '&' : '?'}page=${page}&pageSize=1`);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json() as EvidenceJson;
    first ??= body;
    items.push(...body.items);
    if (body.items.length === 0 || items.length >= body.total) break;
  }
  return { ...first!, items };
}

beforeAll(async () => {
  t = await createTestApp();
  tree = await buildTree(t);
  const branchB = await buildUnit(t, tree.gachaB, { name: '哈日嘎查党支部', type: 'branch' });
  await buildUser(t, { username: 'staff', grants: [{ role: 'orgStaff', unit: tree.banner }] });
  await buildUser(t, { username: 'clerkA', grants: [{ role: 'unitClerk', unit: tree.sumuA }] });
  await buildUser(t, { username: 'clerkB', grants: [{ role: 'unitClerk', unit: tree.sumuB }] });
  staff = await loginAs(t, 'staff');
  clerkA = await loginAs(t, 'clerkA');
  clerkB = await loginAs(t, 'clerkB');
  const add = async (session: Session, name: string, body: Record<string, unknown>) => {
    sequence += 2;
    const response = await session.post('/api/members', {
      name,
      idNumber: makeIdNumber({ regionCode: '152222', birthDate: '1990-05-05', sequence }),
      ...body,
    });
    expect(response.statusCode, response.body).toBe(200);
    ids.set(name, response.json().id);
  };
  await add(clerkA, '乌云', {
    unitId: tree.branchA.id,
    category: 'probationary',
    joinedOn: addMonths(today, -6),
  });
  await add(clerkA, '巴特尔', {
    unitId: tree.branchA.id,
    category: 'full',
    joinedOn: '2005-07-01',
    fullOn: '2006-07-01',
  });
  await add(clerkB, '萨仁高娃', {
    unitId: branchB.id,
    category: 'full',
    joinedOn: '1990-07-01',
    fullOn: '1991-07-01',
  });
  // One pending transfer from 苏木 A to 苏木 B: both sides count it.
  const sent = await clerkA.post(`/api/members/${ids.get('巴特尔')}/transfers`, {
    toUnitId: branchB.id,
    reason: '迁居好腰苏木',
  });
  expect(sent.statusCode, sent.body).toBe(200);
});
afterAll(async () => t.close());

describe('drill-down of the members indicators', () => {
  it('lists exactly the members members.byCategory counted, in total and per category', async () => {
    const computed = (await staff.get('/api/indicators/members.byCategory')).json();
    expect(computed.value).toBe(3);
    const listed = await allEvidence(staff, '/api/reports/indicators/members.byCategory/evidence');
    expect(listed).toMatchObject({ entity: 'member', entityName: '党员', resolvable: true, count: 3 });
    expect(listed.total).toBe(3);
    expect(listed.hidden).toBe(0);
    expect(listed.items.map((i) => i.id).sort()).toEqual([...computed.evidence.ids].sort());
    for (const group of computed.breakdown) {
      const one = await allEvidence(
        staff,
        `/api/reports/indicators/members.byCategory/evidence?group=${group.key}`,
      );
      expect(one.items.map((i) => i.id).sort(), group.key).toEqual([...group.evidence.ids].sort());
    }
    const probationary = (
      await staff.get('/api/reports/indicators/members.byCategory/evidence?group=probationary')
    ).json() as EvidenceJson;
    expect(probationary.items).toEqual([
      {
        id: ids.get('乌云'),
        title: '乌云',
        subtitle: `预备党员，预备期至 ${addMonths(addMonths(today, -6), 12)}`,
        unitPath: '测试旗/巴彦苏木/乌兰嘎查/乌兰嘎查党支部',
        link: `/members?member=${ids.get('乌云')}`,
      },
    ]);
  });

  it('shows a 苏木 clerk only the members of their 苏木', async () => {
    const listedA = await allEvidence(clerkA, '/api/reports/indicators/members.byCategory/evidence');
    expect(listedA.items.map((i) => i.title).sort()).toEqual([...names.a].sort());
    expect(listedA.total).toBe(2);
    const listedB = await allEvidence(clerkB, '/api/reports/indicators/members.byCategory/evidence');
    expect(listedB.items.map((i) => i.title)).toEqual(names.b);
    // Asking for the other 苏木 is refused as if it did not exist.
    const foreign = await clerkA.get(
      `/api/reports/indicators/members.byCategory/evidence?unitId=${tree.sumuB.id}`,
    );
    expect(foreign.statusCode).toBe(404);
  });

  it('lists the pending transfer to both the sending and the receiving 苏木', async () => {
    for (const session of [staff, clerkA, clerkB]) {
      const computed = (await session.get('/api/indicators/members.transfersPending')).json();
      expect(computed.value).toBe(1);
      const listed = await allEvidence(session, '/api/reports/indicators/members.transfersPending/evidence');
      expect(listed).toMatchObject({ entity: 'memberTransfer', entityName: '组织关系转接', total: 1 });
      expect(listed.items.map((i) => i.id)).toEqual(computed.evidence.ids);
      expect(listed.items[0]).toMatchObject({
        title: '巴特尔 组织关系转接',
        unitPath: '测试旗/巴彦苏木/乌兰嘎查/乌兰嘎查党支部',
        link: '/members/transfers',
      });
      expect(listed.items[0]!.subtitle).toContain('转往 哈日嘎查党支部');
    }
  });
});
