// Demo data of grid work beyond events: households in every grid (heads from the village's people where
// there are enough, the phone and care categories encrypted as the service does), one or two 党员中心户
// per grid looking after some of its households, and co-building units paired with 嘎查/社区 with their
// needs, resources and projects. Everything is written in bulk with its own deterministic random.
import { randomUUID } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import type { DemoContext } from '../../demo/context';
import { createRandom } from '../../demo/random';
import type { Tx } from '../../platform/db';
import { partyMembers } from '../members';
import { units } from '../orgs';
import { maskPhone, people } from '../people';
import { type CareCategory, careCategories } from './households/contract';
import {
  coBuildingItems,
  coBuildingPairs,
  coBuildingUnits,
  households,
  memberHouseholdLinks,
  memberHouseholds,
} from './schema';

const BATCH = 1000;
const DAY = 86_400_000;

/** The grids the grid demo wrote, as this loader needs them. */
export interface DemoGridRef {
  id?: string;
  unitId: string;
  bannerId?: string | null;
}

const surnames = ['王', '李', '张', '刘', '赵', '陈', '杨', '高', '郭', '马', '孙', '吴'];
const givenNames = ['建国', '秀英', '桂兰', '志强', '玉梅', '海军', '丽娟', '文华', '春燕', '国庆'];
const mongolianNames = ['巴特尔', '其其格', '乌云', '斯琴', '额尔敦', '娜仁', '宝音', '图雅', '苏和', '萨仁'];
const relations = ['配偶', '子女', '子女', '父母', '孙子女', '儿媳'];

async function insertAll<T>(rows: T[], write: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += BATCH) await write(rows.slice(i, i + BATCH));
}

export async function loadGridWorkDemo(
  tx: Tx,
  demo: DemoContext,
  gridRows: DemoGridRef[],
): Promise<Record<string, number>> {
  const random = createRandom(demo.seed ^ 0x40b5e7);
  const today = new Date(`${demo.today}T08:00:00+08:00`);
  const day = (offset: number) => new Date(today.getTime() + offset * DAY).toISOString().slice(0, 10);
  const unitById = new Map(demo.units.map((u) => [u.id, u]));
  const unitIds = [...new Set(gridRows.map((g) => g.unitId))];

  // ---- households: heads from the village's people first, invented neighbours after ----
  const residents = await tx
    .select({ id: people.id, unitId: people.unitId, name: people.name })
    .from(people)
    .where(inArray(people.unitId, unitIds));
  const byUnit = new Map<string, Array<{ id: string; name: string }>>();
  for (const r of residents) byUnit.set(r.unitId, [...(byUnit.get(r.unitId) ?? []), r]);
  const usedHeads = new Set<string>();
  const householdRows: Array<typeof households.$inferInsert> = [];
  const householdsOfGrid = new Map<string, string[]>();
  const [low, high] = demo.size === 'small' ? [4, 8] : [15, 25];
  for (const grid of gridRows) {
    const village = unitById.get(grid.unitId);
    const community = village?.type === 'community';
    const count = random.int(low, high);
    const ids: string[] = [];
    const local = (byUnit.get(grid.unitId) ?? []).filter((p) => !usedHeads.has(p.id));
    for (let n = 0; n < count; n++) {
      const person = local[n];
      if (person) usedHeads.add(person.id);
      const headName =
        person?.name ??
        (random.chance(0.5)
          ? random.pick(mongolianNames)
          : `${random.pick(surnames)}${random.pick(givenNames)}`);
      const address = community
        ? `${village?.name ?? ''}${random.int(1, 12)} 号楼 ${random.int(1, 6)} 单元 ${random.int(1, 6)}0${random.int(1, 4)}`
        : `${village?.name ?? ''}${'一二三四五六'[random.int(0, 5)]}组 ${n + 1} 号`;
      const members = Array.from({ length: random.int(0, 4) }, () => ({
        personId: null,
        name: random.chance(0.5)
          ? random.pick(mongolianNames)
          : `${random.pick(surnames)}${random.pick(givenNames)}`,
        relation: random.pick(relations),
      }));
      const phone = random.chance(0.8)
        ? `1${random.pick(['35', '39', '50', '58', '87'])}${random.int(10000000, 99999999)}`
        : null;
      const care: CareCategory[] = random.chance(0.18)
        ? [
            ...new Set([
              random.pick(careCategories),
              ...(random.chance(0.3) ? [random.pick(careCategories)] : []),
            ]),
          ]
        : [];
      const id = randomUUID();
      ids.push(id);
      householdRows.push({
        id,
        bannerId: grid.bannerId ?? village?.bannerId ?? null,
        gridId: grid.id!,
        address,
        headPersonId: person?.id ?? null,
        headName,
        members,
        phoneCipher: phone ? demo.cipher.encrypt(phone) : null,
        phoneMasked: phone ? maskPhone(phone) : null,
        careCipher: care.length > 0 ? demo.cipher.encrypt(JSON.stringify([...care].sort())) : null,
        note: care.includes('livingAlone') ? '网格员每周走访' : '',
      });
    }
    householdsOfGrid.set(grid.id!, ids);
  }
  await insertAll(householdRows, (chunk) => tx.insert(households).values(chunk));

  // ---- 党员中心户: active Party members kept by a branch under the grid's 嘎查/社区 ----
  const members = await tx
    .select({ id: partyMembers.id, path: units.path })
    .from(partyMembers)
    .innerJoin(units, eq(units.id, partyMembers.unitId))
    .where(eq(partyMembers.status, 'active'));
  const membersOfVillage = new Map<string, string[]>();
  for (const unitId of unitIds) {
    const path = unitById.get(unitId)?.path;
    if (path)
      membersOfVillage.set(
        unitId,
        members.filter((m) => m.path.startsWith(path)).map((m) => m.id),
      );
  }
  const takenMembers = new Set<string>();
  const centreRows: Array<typeof memberHouseholds.$inferInsert> = [];
  const linkRows: Array<typeof memberHouseholdLinks.$inferInsert> = [];
  for (const grid of gridRows) {
    const candidates = random.shuffle(
      (membersOfVillage.get(grid.unitId) ?? []).filter((id) => !takenMembers.has(id)),
    );
    const pool = random.shuffle(householdsOfGrid.get(grid.id!) ?? []);
    const wanted = Math.min(candidates.length, random.int(1, 2));
    for (let n = 0; n < wanted; n++) {
      const memberId = candidates[n]!;
      takenMembers.add(memberId);
      const id = randomUUID();
      centreRows.push({ id, gridId: grid.id!, partyMemberId: memberId, note: '' });
      // 5–10 households each, shared out when the grid is small.
      const share = Math.max(1, Math.min(random.int(5, 10), Math.floor(pool.length / (wanted - n))));
      for (const householdId of pool.splice(0, share)) linkRows.push({ memberHouseholdId: id, householdId });
    }
  }
  await insertAll(centreRows, (chunk) => tx.insert(memberHouseholds).values(chunk));
  await insertAll(linkRows, (chunk) => tx.insert(memberHouseholdLinks).values(chunk));

  // ---- co-building units: banner departments, schools, companies, each paired with 1–3 villages ----
  const villages = demo.units.filter((u) => u.type === 'gacha' || u.type === 'community');
  const departments = demo.units.filter((u) => u.type === 'agency' && u.parentId === demo.rootUnitId);
  const townships = demo.units.filter((u) => u.type === 'sumu' || u.type === 'town');
  const plans: Array<{ name: string; kind: string; unitId: string; near: string[] }> = [];
  for (const dept of departments.slice(0, demo.size === 'small' ? 2 : 8))
    plans.push({
      name: `${dept.name}机关党支部`,
      kind: 'agency',
      unitId: dept.id,
      near: villages.map((v) => v.id),
    });
  for (const [t, town] of townships.entries()) {
    const mine = villages.filter((v) => v.path.startsWith(town.path)).map((v) => v.id);
    if (mine.length === 0) continue;
    plans.push({ name: `${town.name}中心学校`, kind: 'school', unitId: town.id, near: mine });
    if (t % 2 === 0)
      plans.push({
        name: `${town.name.replace(/(苏木|镇)$/, '')}${random.pick(['乳业', '牧业', '能源', '农牧'])}有限公司`,
        kind: 'enterprise',
        unitId: town.id,
        near: mine,
      });
    if (t % 3 === 0)
      plans.push({ name: `${town.name}卫生院`, kind: 'institution', unitId: town.id, near: mine });
  }
  const needs = [
    '老旧小区路灯维修',
    '留守儿童课后辅导',
    '牧民技能培训',
    '独居老人助餐',
    '村史馆布展',
    '网格员培训',
  ];
  const resources = [
    '志愿服务队 20 人',
    '会议室及活动场地',
    '流动医疗车',
    '法律咨询服务',
    '图书 500 册',
    '技术人员驻点',
  ];
  const projects = [
    '“红色网格”共建活动',
    '冬季送温暖',
    '草原生态保护宣传',
    '健康义诊进嘎查',
    '助学圆梦行动',
    '人居环境整治',
  ];
  const unitRows: Array<typeof coBuildingUnits.$inferInsert> = [];
  const pairRows: Array<typeof coBuildingPairs.$inferInsert> = [];
  const itemRows: Array<typeof coBuildingItems.$inferInsert> = [];
  for (const plan of plans) {
    const id = randomUUID();
    const owner = unitById.get(plan.unitId);
    unitRows.push({
      id,
      bannerId: owner?.bannerId ?? demo.rootUnitId,
      unitId: plan.unitId,
      name: plan.name,
      kind: plan.kind,
      contactName: `${random.pick(surnames)}${random.pick(['主任', '书记', '老师', '经理'])}`,
      contactPhone: `13${random.int(100000000, 999999999)}`,
    });
    const paired = random.shuffle(plan.near).slice(0, random.int(1, 3));
    for (const unitId of paired) pairRows.push({ coBuildingUnitId: id, unitId });
    const item = (kind: string, title: string, extra: Partial<typeof coBuildingItems.$inferInsert> = {}) =>
      itemRows.push({
        coBuildingUnitId: id,
        kind,
        unitId: random.pick(paired),
        title,
        description: '',
        ...extra,
      });
    for (const title of random.shuffle(needs).slice(0, random.int(1, 3))) item('need', title);
    for (const title of random.shuffle(resources).slice(0, random.int(1, 3))) item('resource', title);
    for (const title of random.shuffle(projects).slice(0, random.int(1, 3))) {
      const status = random.weighted([
        ['planned', 2],
        ['ongoing', 5],
        ['done', 4],
        ['stopped', 1],
      ] as const);
      const start = -random.int(20, 300);
      const percent =
        status === 'done'
          ? 100
          : status === 'planned'
            ? 0
            : status === 'stopped'
              ? random.int(10, 50)
              : random.int(15, 90);
      item('project', title, {
        status,
        percent,
        startOn: status === 'planned' ? day(random.int(5, 40)) : day(start),
        endOn: day(start + random.int(60, 240)),
        completedOn: status === 'done' ? day(Math.min(-1, start + random.int(15, 200))) : null,
        description: status === 'stopped' ? '因资金未落实暂停' : '',
      });
    }
  }
  await insertAll(unitRows, (chunk) => tx.insert(coBuildingUnits).values(chunk));
  await insertAll(pairRows, (chunk) => tx.insert(coBuildingPairs).values(chunk));
  await insertAll(itemRows, (chunk) => tx.insert(coBuildingItems).values(chunk));

  return {
    gridHouseholds: householdRows.length,
    gridMemberHouseholds: centreRows.length,
    coBuildingUnits: unitRows.length,
    coBuildingItems: itemRows.length,
  };
}
