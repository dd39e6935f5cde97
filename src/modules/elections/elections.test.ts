import { randomBytes } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
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
import { workbookOf } from '../../platform/excel/testing';
import { todayInChina } from '../../platform/time';
import { makeIdNumber } from '../people';
import { committeePosts, elections } from './schema';
import { addMonths, termEndDate } from './term';

let t: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
let community: Awaited<ReturnType<typeof buildUnit>>;
let staff: Session;
let clerkA: Session;
let clerkB: Session;
let leader: Session;
const person: Record<string, string> = {};
const idNumbers: Record<string, string> = {};
let sequence = 1;

const today = todayInChina();
const threeYearsAgo = addMonths(today, -36);
const nearlyFiveYearsAgo = addMonths(today, -58);

async function register(
  session: Session,
  key: string,
  name: string,
  unitId: string,
  birthDate = '1975-05-05',
) {
  const idNumber = makeIdNumber({ regionCode: '152222', birthDate, sequence: sequence++ });
  const response = await session.post('/api/people', { name, idNumber, unitId });
  expect(response.statusCode, response.body).toBe(200);
  person[key] = response.json().id;
  idNumbers[key] = idNumber;
}

async function electionCount(): Promise<number> {
  const [row] = await t.database.db.select({ n: sql<number>`count(*)::int` }).from(elections);
  return Number(row!.n);
}

beforeAll(async () => {
  t = await createTestApp();
  tree = await buildTree(t);
  community = await buildUnit(t, tree.sumuA, { name: '新华社区', type: 'community' });
  await buildUser(t, { username: 'staff', grants: [{ role: 'orgStaff', unit: tree.banner }] });
  await buildUser(t, { username: 'clerkA', grants: [{ role: 'unitClerk', unit: tree.sumuA }] });
  await buildUser(t, { username: 'clerkB', grants: [{ role: 'unitClerk', unit: tree.sumuB }] });
  await buildUser(t, { username: 'leader', grants: [{ role: 'leader', unit: tree.banner }] });
  staff = await loginAs(t, 'staff');
  clerkA = await loginAs(t, 'clerkA');
  clerkB = await loginAs(t, 'clerkB');
  leader = await loginAs(t, 'leader');
  await register(staff, 'a1', '巴特尔', tree.gachaA.id, '1972-03-01');
  await register(staff, 'a2', '其木格', tree.gachaA.id, '1985-08-08');
  await register(staff, 'a3', '张海军', tree.gachaA.id, '1990-01-01');
  await register(staff, 'a4', '王丽', tree.gachaA.id, '1980-12-12');
  await register(staff, 'b1', '苏和', tree.gachaB.id, '1968-06-06');
  await register(staff, 'b2', '李娜', tree.gachaB.id, '1988-02-02');
});
afterAll(async () => t.close());

const gachaAPosts = () => [
  { personId: person.a1, committee: 'party', post: 'secretary', education: '大学专科' },
  { personId: person.a2, committee: 'party', post: 'member', education: '大学本科' },
  { personId: person.a4, committee: 'party', post: 'member' },
  { personId: person.a1, committee: 'villagers', post: 'director' },
  { personId: person.a2, committee: 'villagers', post: 'member' },
  { personId: person.a3, committee: 'villagers', post: 'member', education: '高中' },
  { personId: person.a1, committee: 'collective', post: 'head' },
];

let electionA: string;
let electionB: string;

describe('recording an election', () => {
  it('creates an election with its committees and computes 一肩挑 and 交叉任职', async () => {
    const response = await clerkA.post('/api/elections', {
      unitId: tree.gachaA.id,
      roundYear: Number(threeYearsAgo.slice(0, 4)),
      session: '第十二届',
      electionDate: threeYearsAgo,
      method: '直接选举',
      votesDue: 500,
      votesCast: 480,
      votesValid: 470,
      posts: gachaAPosts(),
    });
    expect(response.statusCode, response.body).toBe(200);
    const detail = response.json();
    electionA = detail.id;
    expect(detail).toMatchObject({
      unitName: '乌兰嘎查',
      pathNames: '测试旗/巴彦苏木/乌兰嘎查',
      termYears: 5,
      termEnd: termEndDate(threeYearsAgo, 5),
      termStatus: 'current',
      inOffice: true,
      composition: {
        partyCount: 3,
        villagersCount: 3,
        bothCount: 2,
        memberCount: 4,
        dualRole: true,
        tripleRole: true,
        crossRate: 50,
      },
    });
    expect(detail.posts.map((p: { name: string; postName: string }) => `${p.name}:${p.postName}`)).toEqual([
      '巴特尔:书记',
      '其木格:委员',
      '王丽:委员',
      '巴特尔:主任',
      '其木格:委员',
      '张海军:委员',
      '巴特尔:负责人',
    ]);
    const audits = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entity, 'election'), eq(auditLog.entityId, electionA)));
    expect(audits.map((a) => a.action)).toEqual(['create']);
  });

  it('refuses a second election of the same unit in the same round', async () => {
    const response = await staff.post('/api/elections', {
      unitId: tree.gachaA.id,
      roundYear: Number(threeYearsAgo.slice(0, 4)),
      electionDate: threeYearsAgo,
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().error.message).toContain('已登记');
  });

  it('refuses bad input with a Chinese message naming the field, and changes nothing', async () => {
    const before = await electionCount();
    const missing = await staff.post('/api/elections', { unitId: tree.gachaB.id, roundYear: 2021 });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.message).toContain('选举日期');
    const votes = await staff.post('/api/elections', {
      unitId: tree.gachaB.id,
      roundYear: 2021,
      electionDate: '2021-04-01',
      votesDue: 100,
      votesCast: 120,
    });
    expect(votes.statusCode).toBe(400);
    expect(votes.json().error.message).toContain('实参选人数不能多于应参选人数');
    const badDate = await staff.post('/api/elections', {
      unitId: tree.gachaB.id,
      roundYear: 2021,
      electionDate: '2021-02-30',
    });
    expect(badDate.statusCode).toBe(400);
    expect(badDate.json().error.message).toContain('选举日期');
    const future = await staff.post('/api/elections', {
      unitId: tree.gachaB.id,
      roundYear: Number(addMonths(today, 2).slice(0, 4)),
      electionDate: addMonths(today, 2),
    });
    expect(future.statusCode).toBe(400);
    expect(future.json().error.message).toContain('晚于今天');
    const mismatch = await staff.post('/api/elections', {
      unitId: tree.gachaB.id,
      roundYear: 2018,
      electionDate: '2021-04-01',
    });
    expect(mismatch.json().error.message).toContain('相差超过一年');
    const branch = await staff.post('/api/elections', {
      unitId: tree.branchA.id,
      roundYear: 2021,
      electionDate: '2021-04-01',
    });
    expect(branch.statusCode).toBe(400);
    expect(branch.json().error.message).toContain('只有嘎查（村）和社区登记两委换届');
    const twoSecretaries = await staff.post('/api/elections', {
      unitId: tree.gachaB.id,
      roundYear: 2021,
      electionDate: '2021-04-01',
      posts: [
        { personId: person.b1, committee: 'party', post: 'secretary' },
        { personId: person.b2, committee: 'party', post: 'secretary' },
      ],
    });
    expect(twoSecretaries.statusCode).toBe(400);
    expect(twoSecretaries.json().error.message).toBe('党组织委员会书记只能有一人，请删除多余的一位');
    const wrongPost = await staff.post('/api/elections', {
      unitId: tree.gachaB.id,
      roundYear: 2021,
      electionDate: '2021-04-01',
      posts: [{ personId: person.b1, committee: 'party', post: 'director' }],
    });
    expect(wrongPost.json().error.message).toBe('党组织委员会没有“主任”职务，请重新选择');
    expect(await electionCount()).toBe(before);
  });

  it('records an election of another 苏木 for the staff at the banner', async () => {
    const response = await staff.post('/api/elections', {
      unitId: tree.gachaB.id,
      roundYear: Number(nearlyFiveYearsAgo.slice(0, 4)),
      electionDate: nearlyFiveYearsAgo,
      posts: [
        { personId: person.b1, committee: 'party', post: 'secretary' },
        { personId: person.b2, committee: 'villagers', post: 'director' },
      ],
    });
    expect(response.statusCode, response.body).toBe(200);
    electionB = response.json().id;
    expect(response.json()).toMatchObject({
      termStatus: 'expiring',
      composition: { dualRole: false, crossRate: 0 },
    });
  });
});

describe('changing an election', () => {
  it('moves the term end with the date and the term length', async () => {
    const response = await clerkA.patch(`/api/elections/${electionA}`, { termYears: 3 });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({
      termYears: 3,
      termEnd: termEndDate(threeYearsAgo, 3),
      termStatus: 'expired',
    });
    const back = await clerkA.patch(`/api/elections/${electionA}`, { termYears: 5, method: '两推一选' });
    expect(back.json()).toMatchObject({ termEnd: termEndDate(threeYearsAgo, 5), method: '两推一选' });
  });

  it('refuses votes that do not add up against the stored ones', async () => {
    const response = await clerkA.patch(`/api/elections/${electionA}`, { votesValid: 490 });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toContain('有效票数');
  });

  it('replaces the committees; 一肩挑 follows the posts, never a checkbox', async () => {
    const posts = gachaAPosts().filter((p) => !(p.committee === 'villagers' && p.post === 'director'));
    posts.push({ personId: person.a3, committee: 'villagers', post: 'director' });
    const withoutA3Member = posts.filter((p) => !(p.personId === person.a3 && p.post === 'member'));
    const response = await clerkA.request('PUT', `/api/elections/${electionA}/posts`, {
      posts: withoutA3Member,
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().composition).toMatchObject({
      dualRole: false,
      bothCount: 1,
      memberCount: 4,
      crossRate: 25,
    });
    const restored = await clerkA.request('PUT', `/api/elections/${electionA}/posts`, {
      posts: gachaAPosts(),
    });
    expect(restored.json().composition.dualRole).toBe(true);
  });

  it('refuses the same person twice in one committee and changes nothing', async () => {
    const response = await clerkA.request('PUT', `/api/elections/${electionA}/posts`, {
      posts: [...gachaAPosts(), { personId: person.a3, committee: 'villagers', post: 'deputyDirector' }],
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toBe(
      '张海军在村（居）民委员会中出现了两次，一人在同一组织只担任一个职务',
    );
    const rows = await t.database.db
      .select()
      .from(committeePosts)
      .where(eq(committeePosts.electionId, electionA));
    expect(rows).toHaveLength(7);
  });

  it('refuses a person outside the clerk scope', async () => {
    const response = await clerkA.request('PUT', `/api/elections/${electionA}/posts`, {
      posts: [...gachaAPosts(), { personId: person.b1, committee: 'party', post: 'deputySecretary' }],
    });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('ELECTIONS_PERSON_NOT_FOUND');
  });
});

describe('scope', () => {
  it("keeps another 苏木's elections out of sight and out of reach: 404", async () => {
    expect((await clerkA.get(`/api/elections/${electionB}`)).statusCode).toBe(404);
    expect((await clerkA.patch(`/api/elections/${electionB}`, { method: '公推直选' })).statusCode).toBe(404);
    expect((await clerkA.request('PUT', `/api/elections/${electionB}/posts`, { posts: [] })).statusCode).toBe(
      404,
    );
    expect((await clerkA.post(`/api/elections/${electionB}/void`, { reason: '误录入' })).statusCode).toBe(
      404,
    );
    const create = await clerkA.post('/api/elections', {
      unitId: tree.gachaB.id,
      roundYear: 2020,
      electionDate: '2020-04-01',
    });
    expect(create.statusCode).toBe(404);
    expect((await clerkA.get(`/api/elections/overview?unitId=${tree.sumuB.id}`)).statusCode).toBe(404);
    const [row] = await t.database.db.select().from(elections).where(eq(elections.id, electionB));
    expect(row!.method).toBeNull();
    expect(row!.voidedAt).toBeNull();
  });

  it('lists only the elections, terms and post holders in scope', async () => {
    const list = (await clerkA.get('/api/elections')).json();
    expect(list.items.map((e: { id: string }) => e.id)).toEqual([electionA]);
    expect((await clerkB.get('/api/elections')).json().items.map((e: { id: string }) => e.id)).toEqual([
      electionB,
    ]);
    const terms = (await clerkA.get('/api/elections/terms')).json();
    expect(terms.items.map((i: { unitName: string }) => i.unitName).sort()).toEqual(['乌兰嘎查', '新华社区']);
    expect((await clerkA.get('/api/elections/posts?q=苏和')).json().total).toBe(0);
    expect((await clerkA.get('/api/elections/posts?q=bte')).json().items[0].name).toBe('巴特尔');
    const clerkBPosts = (await clerkB.get('/api/elections/posts')).json();
    expect(clerkBPosts.total).toBe(2);
  });

  it('lets a leader read but not write: 403', async () => {
    expect((await leader.get(`/api/elections/${electionA}`)).statusCode).toBe(200);
    expect((await leader.patch(`/api/elections/${electionA}`, { method: 'x' })).statusCode).toBe(403);
    expect((await leader.post('/api/elections/targets', {})).statusCode).toBe(403);
  });
});

describe('lists and filters', () => {
  it('filters by 一肩挑, name or pinyin, type and term status', async () => {
    const ids = async (query: string) =>
      (await staff.get(`/api/elections?${query}`)).json().items.map((e: { unitName: string }) => e.unitName);
    expect(await ids('dualRole=true')).toEqual(['乌兰嘎查']);
    expect(await ids('dualRole=false')).toEqual(['哈日嘎查']);
    expect(await ids('q=wl')).toEqual(['乌兰嘎查']);
    expect(await ids('q=哈日')).toEqual(['哈日嘎查']);
    expect(await ids('unitType=community')).toEqual([]);
    expect(await ids('termStatus=expiring')).toEqual(['哈日嘎查']);
    expect(await ids('termStatus=current')).toEqual(['乌兰嘎查']);
    expect(await ids(`unitId=${tree.sumuB.id}`)).toEqual(['哈日嘎查']);
    const bad = await staff.get('/api/elections?termStatus=soon');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('任期状态');
  });

  it('orders terms by urgency and counts units without any election', async () => {
    const terms = (await staff.get('/api/elections/terms')).json();
    expect(terms.counts).toEqual({ current: 1, expiring: 1, expired: 0, missing: 1 });
    expect(terms.items.map((i: { unitName: string; status: string }) => `${i.unitName}:${i.status}`)).toEqual(
      ['哈日嘎查:expiring', '新华社区:missing', '乌兰嘎查:current'],
    );
    const missing = (await staff.get('/api/elections/terms?status=missing')).json();
    expect(missing.items).toHaveLength(1);
  });

  it('lists post holders with filters and exports them with masked ID numbers', async () => {
    const secretaries = (await staff.get('/api/elections/posts?post=secretary')).json();
    expect(secretaries.items.map((p: { name: string }) => p.name).sort()).toEqual(['巴特尔', '苏和']);
    const ExcelJS = (await import('exceljs')).default;
    const response = await staff.get('/api/elections/posts/export?committee=villagers');
    expect(response.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).getCell(4).value).toBe('姓名');
    expect(sheet.rowCount).toBe(5);
    expect(String(sheet.getRow(2).getCell(5).value)).toMatch(/^152222\*{8}\d{3}[\dX]$/);
  });

  it('exports the election list and the overview', async () => {
    const ExcelJS = (await import('exceljs')).default;
    for (const url of ['/api/elections/export?dualRole=true', '/api/elections/overview/export']) {
      const response = await staff.get(url);
      expect(response.statusCode, url).toBe(200);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
      expect(workbook.worksheets[0]!.rowCount).toBe(url.includes('overview') ? 4 : 2);
    }
  });
});

describe('overview, indicators and targets', () => {
  it('shows the registered indicators, the roll-up per 苏木 and the term warnings', async () => {
    const overview = (await staff.get('/api/elections/overview')).json();
    const figure = (key: string) => overview.figures.find((f: { key: string }) => f.key === key);
    expect(figure('elections.dualRole.rate')).toMatchObject({
      value: 50,
      breakdown: [
        { key: 'gacha', value: 50 },
        { key: 'community', value: null },
      ],
    });
    expect(figure('elections.dualRole.count').value).toBe(1);
    // Units with an election in the latest round on record over all 嘎查 and 社区.
    expect(figure('elections.completed').breakdown[1]).toMatchObject({ key: 'community', value: 0 });
    // 乌兰: 2 in both of 4; 哈日: 0 of 2 → 2 ÷ 6.
    expect(figure('elections.crossAppointment.rate').value).toBe(33.3);
    expect(
      figure('elections.committee.education').breakdown.find((g: { key: string }) => g.key === '大学专科')
        .value,
    ).toBe(1);
    // Tree order: both 苏木 have sort order 0, so by name.
    expect(overview.rollup.map((r: { townshipName: string }) => r.townshipName)).toEqual([
      '好腰苏木',
      '巴彦苏木',
    ]);
    expect(overview.rollup[1]).toMatchObject({
      gacha: { units: 1, withCommittee: 1, dualRoleCount: 1, dualRoleRate: 100, crossRate: 50 },
      community: { units: 1, withCommittee: 0, dualRoleRate: null },
    });
    expect(overview.total.gacha).toMatchObject({ units: 2, dualRoleCount: 1, dualRoleRate: 50 });
    expect(overview.terms.counts).toEqual({ current: 1, expiring: 1, expired: 0, missing: 1 });
    expect(overview.terms.soonest.map((i: { unitName: string }) => i.unitName)).toEqual(['哈日嘎查']);

    const indicator = (await staff.get('/api/indicators/elections.dualRole.rate')).json();
    expect(indicator.value).toBe(50);
    expect(indicator.evidence).toEqual({ entity: 'election', ids: [electionA], count: 1 });
    const clerkView = (await clerkA.get('/api/elections/overview')).json();
    expect(clerkView.rollup.map((r: { townshipName: string }) => r.townshipName)).toEqual(['巴彦苏木']);
  });

  it('shows on the overview exactly what the indicator registry computes', async () => {
    const overview = (await clerkA.get('/api/elections/overview')).json();
    for (const figure of overview.figures as Array<{
      key: string;
      value: number | null;
      breakdown?: unknown[];
    }>) {
      const computed = (await clerkA.get(`/api/indicators/${figure.key}`)).json();
      expect(computed.value, figure.key).toBe(figure.value);
      expect(computed.breakdown?.length, figure.key).toBe(figure.breakdown?.length);
    }
  });

  it('lists the elections behind a figure, inside the viewer scope', async () => {
    const staffList = await staff.get('/api/reports/indicators/elections.dualRole.count/evidence');
    expect(staffList.statusCode, staffList.body).toBe(200);
    expect(JSON.stringify(staffList.json())).toContain(`/elections/${electionA}`);
    expect(JSON.stringify(staffList.json())).toContain('乌兰嘎查');
    const clerkList = (await clerkB.get('/api/reports/indicators/elections.dualRole.count/evidence')).json();
    expect(JSON.stringify(clerkList)).not.toContain('乌兰嘎查');
  });

  it('counts only the committees in office at the end of the period', async () => {
    const before = (
      await staff.get('/api/indicators/elections.dualRole.rate?from=2000-01-01&to=2001-01-01')
    ).json();
    expect(before.value).toBeNull();
    expect(before.evidence.count).toBe(0);
    const between = (
      await staff.get(
        `/api/indicators/elections.dualRole.count?from=${nearlyFiveYearsAgo}&to=${addMonths(nearlyFiveYearsAgo, 1)}`,
      )
    ).json();
    // Only 哈日's election had been held: no 一肩挑 yet.
    expect(between.value).toBe(0);
    const scoped = (
      await staff.get(`/api/indicators/elections.dualRole.count?unitId=${tree.sumuA.id}`)
    ).json();
    expect(scoped.value).toBe(1);
  });

  it('evaluates a configured target and names the units that miss it', async () => {
    const created = await staff.post('/api/elections/targets', {
      unitId: tree.banner.id,
      name: '一肩挑比例',
      indicatorKey: 'elections.dualRole.rate',
      comparator: 'gte',
      threshold: 100,
      unitTypes: ['gacha'],
    });
    expect(created.statusCode, created.body).toBe(200);
    expect(created.json()).toMatchObject({ indicatorName: '一肩挑比例', editable: true });
    const overview = (await staff.get('/api/elections/overview')).json();
    expect(overview.targets).toHaveLength(1);
    expect(overview.targets[0]).toMatchObject({
      value: 50,
      met: false,
      units: 2,
      missing: [{ unitName: '哈日嘎查', value: 0 }],
    });
    // The banner's target reaches the 苏木 clerk, evaluated on the 苏木's own units, and is not theirs to change.
    const clerkTargets = (await clerkA.get('/api/elections/overview')).json().targets;
    expect(clerkTargets[0]).toMatchObject({ met: true, units: 1, missing: [], editable: false });
    expect(
      (await clerkA.patch(`/api/elections/targets/${created.json().id}`, { threshold: 50 })).statusCode,
    ).toBe(403);

    const bad = await staff.post('/api/elections/targets', {
      unitId: tree.banner.id,
      name: '',
      indicatorKey: 'elections.nothing',
      comparator: 'gte',
      threshold: 1,
      unitTypes: [],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('目标名称');
    expect(bad.json().error.message).toContain('请至少选择一种适用类型');

    const changed = await staff.patch(`/api/elections/targets/${created.json().id}`, { threshold: 50 });
    expect(changed.json().threshold).toBe(50);
    expect((await staff.get('/api/elections/overview')).json().targets[0].met).toBe(true);
    expect((await staff.del(`/api/elections/targets/${created.json().id}`)).statusCode).toBe(204);
    expect((await staff.get('/api/elections/targets')).json()).toEqual([]);
  });

  it('changes the settings from the top of the tree only', async () => {
    const refused = await clerkA.request('PUT', '/api/elections/settings', {
      termYears: 5,
      warningMonths: 3,
      currentRound: null,
    });
    expect(refused.statusCode).toBe(403);
    const bad = await staff.request('PUT', '/api/elections/settings', {
      termYears: 0,
      warningMonths: 3,
      currentRound: null,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('任期（年）');
    const saved = await staff.request('PUT', '/api/elections/settings', {
      termYears: 5,
      warningMonths: 1,
      currentRound: null,
    });
    expect(saved.json()).toEqual({ termYears: 5, warningMonths: 1, currentRound: null });
    expect((await staff.get('/api/elections/terms')).json().counts).toMatchObject({
      expiring: 0,
      current: 2,
    });
    await staff.request('PUT', '/api/elections/settings', {
      termYears: 5,
      warningMonths: 6,
      currentRound: null,
    });
  });
});

describe('voiding', () => {
  it('keeps a voided election on record but stops counting it', async () => {
    const created = await staff.post('/api/elections', {
      unitId: community.id,
      roundYear: Number(threeYearsAgo.slice(0, 4)),
      electionDate: threeYearsAgo,
      posts: [{ personId: person.a4, committee: 'party', post: 'secretary' }],
    });
    const id = created.json().id;
    const voided = await staff.post(`/api/elections/${id}/void`, { reason: '误录入' });
    expect(voided.json()).toMatchObject({ voided: true, voidReason: '误录入', inOffice: false });
    expect((await staff.post(`/api/elections/${id}/void`, { reason: '误录入' })).statusCode).toBe(409);
    expect((await staff.patch(`/api/elections/${id}`, { method: 'x' })).statusCode).toBe(409);
    expect((await staff.get('/api/elections')).json().total).toBe(2);
    expect((await staff.get('/api/elections?includeVoided=true')).json().total).toBe(3);
    expect((await staff.get('/api/elections/terms?status=missing')).json().total).toBe(1);
    const short = await staff.post(`/api/elections/${electionA}/void`, { reason: '误' });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.message).toContain('作废原因');
  });
});

describe('importing election results', () => {
  function upload(session: Session, content: Buffer) {
    const boundary = `----jiceng${randomBytes(8).toString('hex')}`;
    const head =
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="换届.xlsx"\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n';
    return t.app.inject({
      method: 'POST',
      url: '/api/elections/import',
      headers: {
        cookie: session.cookie,
        'x-csrf-token': session.csrfToken,
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
      payload: Buffer.concat([Buffer.from(head), content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    });
  }
  const header = ['嘎查（村）/社区', '换届年度', '选举日期', '姓名', '身份证号', '组织', '职务', '学历'];
  const newId = makeIdNumber({ regionCode: '152222', birthDate: '1983-04-04', sequence: 800 });

  it('downloads the template', async () => {
    const response = await staff.get('/api/elections/import/template');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('spreadsheetml');
  });

  it('reports every bad row in Chinese and writes nothing', async () => {
    const before = await electionCount();
    const file = await workbookOf([
      header,
      ['测试旗/巴彦苏木/新华社区', '2022', '2022-05-01', '赵敏', newId, '党组织', '书记', '大学本科'],
      ['测试旗/巴彦苏木/不存在嘎查', '', '2022-05-01', '赵敏', newId, '党组织', '书记', ''],
      ['测试旗/巴彦苏木/新华社区', '', '2022-05-01', '钱多', '152222198304040001', '居委会', '主任', ''],
      ['测试旗/巴彦苏木/新华社区', '', '2022-05-01', '孙力', idNumbers.a3!, '村委会', '书记', ''],
      ['测试旗/巴彦苏木/新华社区', '', '2022-05-01', '错名', idNumbers.a2!, '居委会', '委员', ''],
      ['测试旗/巴彦苏木/新华社区', '', '2022-05-01', '赵敏', newId, '党组织', '委员', ''],
      ['测试旗/巴彦苏木/新华社区', '', '2022-05-01', '李四', idNumbers.a1!, '党支部', '书记', ''],
      ['测试旗/巴彦苏木/新华社区', '', '2022-05-01', '王五', idNumbers.a3!, '妇联', '主席', ''],
    ]);
    const started = await upload(clerkA, file);
    expect(started.statusCode, started.body).toBe(200);
    await waitForImport(started.json().id);
    const job = (await clerkA.get(`/api/imports/${started.json().id}`)).json();
    expect(job.status).toBe('invalid');
    const messages = job.errors.map(
      (e: { row: number; field: string; message: string }) => `${e.row}|${e.field}|${e.message}`,
    );
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^3\|嘎查（村）\/社区\|“测试旗\/巴彦苏木\/不存在嘎查”不是您管理范围内的嘎查（村）或社区/,
        ),
        '4|身份证号|身份证号校验位错误，请核对后重新填写',
        '5|职务|“书记”不是村委会的职务，可填：主任、副主任、委员',
        '6|姓名|与该身份证号已登记的姓名不一致，请核对姓名或身份证号',
        '7|身份证号|与第 2 行是同一人且在同一组织，一人在同一组织只担任一个职务',
        '8|职务|第 2 行已是该组织的“书记”，此职务只能有一人',
        '9|组织|“妇联”无效，可填：党组织、村委会、居委会、集体经济组织',
      ]),
    );
    expect(await electionCount()).toBe(before);
  });

  it('refuses units outside the uploader scope by name, as if they did not exist', async () => {
    const file = await workbookOf([
      header,
      ['测试旗/好腰苏木/哈日嘎查', '', '2022-05-01', '赵敏', newId, '党组织', '书记', ''],
    ]);
    const started = await upload(clerkA, file);
    await waitForImport(started.json().id);
    const job = (await clerkA.get(`/api/imports/${started.json().id}`)).json();
    expect(job.errors[0].message).toContain('不是您管理范围内的嘎查（村）或社区');
  });

  it('imports one election per unit and round, registering new people, all or nothing', async () => {
    const file = await workbookOf([
      header,
      ['测试旗/巴彦苏木/新华社区', '', '2022-05-01', '赵敏', newId, '党组织', '书记', '大学本科'],
      ['测试旗/巴彦苏木/新华社区', '', '2022-05-01', '赵敏', newId, '居委会', '主任', '大学本科'],
      ['测试旗/巴彦苏木/新华社区', '', '2022-05-01', '其木格', idNumbers.a2!, '居委会', '委员', ''],
      ['测试旗 / 巴彦苏木 / 新华社区', '', '2022-05-01', '王丽', idNumbers.a4!, '党组织', '委员', '高中'],
    ]);
    const started = await upload(clerkA, file);
    await waitForImport(started.json().id);
    {
      const checked = (await clerkA.get(`/api/imports/${started.json().id}`)).json();
      expect(checked.status, JSON.stringify(checked)).toBe('ready');
    }
    await clerkA.post(`/api/imports/${started.json().id}/commit`);
    await waitForImport(started.json().id);
    const done = (await clerkA.get(`/api/imports/${started.json().id}`)).json();
    expect(done.status, JSON.stringify(done)).toBe('done');
    const list = (await clerkA.get('/api/elections?unitType=community')).json();
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({
      roundYear: 2022,
      electionDate: '2022-05-01',
      termEnd: '2027-05-01',
      composition: { partyCount: 2, villagersCount: 2, bothCount: 1, dualRole: true },
    });
    const people = (await clerkA.get(`/api/people?q=${newId}`)).json();
    expect(people.items[0]).toMatchObject({ name: '赵敏', unitName: '新华社区' });

    // Importing the same unit and round again replaces its committee list.
    const again = await workbookOf([
      header,
      ['测试旗/巴彦苏木/新华社区', '2022', '2022-05-02', '赵敏', newId, '党组织', '书记', ''],
    ]);
    const second = await upload(clerkA, again);
    await waitForImport(second.json().id);
    await clerkA.post(`/api/imports/${second.json().id}/commit`);
    await waitForImport(second.json().id);
    const replaced = (await clerkA.get(`/api/elections/${list.items[0].id}`)).json();
    expect(replaced).toMatchObject({
      electionDate: '2022-05-02',
      composition: { partyCount: 1, dualRole: false },
    });
  });
});
