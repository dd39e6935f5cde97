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
let leaderA: Session;
let staff: Session;

beforeAll(async () => {
  t = await createTestApp();
  tree = await buildTree(t);
  await buildUser(t, { username: 'leaderA', grants: [{ role: 'leader', unit: tree.sumuA }] });
  await buildUser(t, { username: 'staff', grants: [{ role: 'orgStaff', unit: tree.banner }] });
  leaderA = await loginAs(t, 'leaderA');
  staff = await loginAs(t, 'staff');
});
afterAll(async () => t.close());

describe('the indicator registry', () => {
  it('lists the registered organisation counts', async () => {
    const list = (await staff.get('/api/indicators')).json() as Array<{
      key: string;
      name: string;
      unit: string;
    }>;
    expect(list).toContainEqual({
      key: 'orgs.units.gacha',
      name: '嘎查（村）数量',
      unit: '个',
      module: 'orgs',
    });
    expect(list.map((i) => i.key)).toEqual(
      expect.arrayContaining(['orgs.partyOrgs.total', 'orgs.units.branch', 'orgs.units.sumu']),
    );
  });

  it('computes for a unit subtree and a period, with the counted records as evidence', async () => {
    const whole = (await staff.get('/api/indicators/orgs.units.sumu')).json();
    expect(whole).toMatchObject({ value: 2, evidence: { entity: 'unit', count: 2 } });
    const one = (await staff.get(`/api/indicators/orgs.units.gacha?unitId=${tree.sumuB.id}`)).json();
    expect(one.value).toBe(1);
    expect(one.evidence.ids).toEqual([tree.gachaB.id]);
    const before = (await staff.get('/api/indicators/orgs.units.sumu?from=2000-01-01&to=2001-01-01')).json();
    expect(before.value).toBe(0);
  });

  it('answers 404 for a unit outside the viewer’s scope and for an unknown key', async () => {
    expect((await leaderA.get(`/api/indicators/orgs.units.gacha?unitId=${tree.sumuB.id}`)).statusCode).toBe(
      404,
    );
    const unknown = await staff.get('/api/indicators/no.such.key');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.message).toContain('no.such.key');
  });

  it('explains bad periods in Chinese', async () => {
    const response = await staff.get('/api/indicators/orgs.units.sumu?from=2026-13-01');
    expect(response.statusCode).toBe(400);
    const reversed = await staff.get('/api/indicators/orgs.units.sumu?from=2026-06-01&to=2026-01-01');
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().error.message).toContain('开始日期应早于结束日期');
  });
});
