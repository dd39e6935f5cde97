// Drill-down from the centres indicators to the centres and service items they counted, through the
// reports route, inside the viewer's scope.
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
let tree: Awaited<ReturnType<typeof buildTree>>;
let staff: Session;
let clerkA: Session;
let clerkB: Session;
const centreIds = new Map<string, string>();

interface EvidenceJson {
  entity: string;
  entityName: string;
  count: number;
  total: number;
  hidden: number;
  items: Array<{ id: string; title: string; subtitle?: string; unitPath?: string; link?: string }>;
}

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
  await buildUser(t, { username: 'staff', grants: [{ role: 'orgStaff', unit: tree.banner }] });
  await buildUser(t, { username: 'clerkA', grants: [{ role: 'unitClerk', unit: tree.sumuA }] });
  await buildUser(t, { username: 'clerkB', grants: [{ role: 'unitClerk', unit: tree.sumuB }] });
  staff = await loginAs(t, 'staff');
  clerkA = await loginAs(t, 'clerkA');
  clerkB = await loginAs(t, 'clerkB');
  const create = async (session: Session, unitId: string, name: string, address = '') => {
    const response = await session.post('/api/centers', { unitId, name, address });
    expect(response.statusCode, response.body).toBe(200);
    centreIds.set(name, response.json().id);
  };
  await create(clerkA, tree.gachaA.id, '乌兰嘎查党群服务中心', '乌兰嘎查嘎查部1号');
  await create(staff, tree.sumuA.id, '巴彦苏木党群服务中心');
  await create(clerkB, tree.gachaB.id, '哈日嘎查党群服务中心');
  const item = await clerkA.post(`/api/centers/${centreIds.get('乌兰嘎查党群服务中心')}/items`, {
    name: '低保申请代办',
    department: '旗民政局',
    channels: ['proxy'],
  });
  expect(item.statusCode, item.body).toBe(200);
});
afterAll(async () => t.close());

describe('drill-down of the centres indicators', () => {
  it('lists exactly the centres centers.count counted, in total and per unit type', async () => {
    const computed = (await staff.get('/api/indicators/centers.count')).json();
    expect(computed.value).toBe(3);
    const listed = await allEvidence(staff, '/api/reports/indicators/centers.count/evidence');
    expect(listed).toMatchObject({ entity: 'serviceCenter', entityName: '党群服务中心', count: 3, total: 3 });
    expect(listed.hidden).toBe(0);
    expect(listed.items.map((i) => i.id).sort()).toEqual([...computed.evidence.ids].sort());
    for (const group of computed.breakdown) {
      const one = await allEvidence(
        staff,
        `/api/reports/indicators/centers.count/evidence?group=${group.key}`,
      );
      expect(one.items.map((i) => i.id).sort(), group.key).toEqual([...group.evidence.ids].sort());
    }
    const id = centreIds.get('乌兰嘎查党群服务中心')!;
    expect(listed.items.find((i) => i.id === id)).toEqual({
      id,
      title: '乌兰嘎查党群服务中心',
      subtitle: '已投入使用 · 乌兰嘎查嘎查部1号',
      unitPath: '测试旗/巴彦苏木/乌兰嘎查',
      link: `/centers/${id}`,
    });
  });

  it('shows a 苏木 clerk only the centres of their 苏木', async () => {
    const listedA = await allEvidence(clerkA, '/api/reports/indicators/centers.count/evidence');
    expect(listedA.items.map((i) => i.title).sort()).toEqual(
      ['乌兰嘎查党群服务中心', '巴彦苏木党群服务中心'].sort(),
    );
    expect(listedA.total).toBe(2);
    const listedB = await allEvidence(clerkB, '/api/reports/indicators/centers.count/evidence');
    expect(listedB.items.map((i) => i.title)).toEqual(['哈日嘎查党群服务中心']);
    const foreign = await clerkA.get(
      `/api/reports/indicators/centers.count/evidence?unitId=${tree.sumuB.id}`,
    );
    expect(foreign.statusCode).toBe(404);
  });

  it('lists the service items counted, with their centre', async () => {
    const computed = (await staff.get('/api/indicators/centers.serviceItems.total')).json();
    expect(computed.value).toBe(1);
    const listed = await allEvidence(staff, '/api/reports/indicators/centers.serviceItems.total/evidence');
    expect(listed).toMatchObject({ entity: 'centerServiceItem', entityName: '便民服务事项', total: 1 });
    expect(listed.items).toEqual([
      {
        id: computed.evidence.ids[0],
        title: '低保申请代办',
        subtitle: '乌兰嘎查党群服务中心 · 旗民政局',
        unitPath: '测试旗/巴彦苏木/乌兰嘎查',
        link: `/centers/${centreIds.get('乌兰嘎查党群服务中心')}`,
      },
    ]);
    const none = await allEvidence(clerkB, '/api/reports/indicators/centers.serviceItems.total/evidence');
    expect(none.total).toBe(0);
  });
});
