import { inArray } from 'drizzle-orm';
import type { DemoContext } from '../../demo/context';
import { createRandom, type Random } from '../../demo/random';
import type { Tx } from '../../platform/db';
import { people } from '../people';
import { committeePosts, elections, electionTargets } from './schema';
import { electionSettingDefaults } from './settings';
import { ageOn, termEndDate } from './term';
import type { Committee, Post } from './vocabulary';

const BATCH = 1000;

interface Resident {
  id: string;
  gender: string;
  birthDate: string;
}

const educationWeights: Record<'gacha' | 'community', ReadonlyArray<readonly [string, number]>> = {
  gacha: [
    ['研究生', 0.5],
    ['大学本科', 10],
    ['大学专科', 28],
    ['中专', 12],
    ['高中', 28],
    ['初中及以下', 21.5],
  ],
  community: [
    ['研究生', 3],
    ['大学本科', 38],
    ['大学专科', 40],
    ['中专', 6],
    ['高中', 11],
    ['初中及以下', 2],
  ],
};

const methods: ReadonlyArray<readonly [string, number]> = [
  ['直接选举', 50],
  ['两推一选', 30],
  ['公推直选', 20],
];

/** A 2021 date, most elections falling in the spring as the round was scheduled. */
function electionDateOf(random: Random): string {
  const month = random.weighted([
    [1, 8],
    [2, 6],
    [3, 22],
    [4, 24],
    [5, 16],
    [6, 8],
    [7, 4],
    [8, 3],
    [9, 3],
    [10, 2],
    [11, 2],
    [12, 2],
  ] as const);
  const day = random.int(1, 28);
  return `2021-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Picks `n` people, a woman with probability `womenShare` when one is left, never the same person twice. */
function pick(random: Random, pool: Resident[], n: number, womenShare: number): Resident[] {
  const chosen: Resident[] = [];
  for (let i = 0; i < n && pool.length > 0; i++) {
    const wantWoman = random.chance(womenShare);
    const candidates = pool.filter((p) => (p.gender === 'female') === wantWoman);
    const list = candidates.length > 0 ? candidates : pool;
    const person = list[random.int(0, list.length - 1)]!;
    chosen.push(person);
    pool.splice(pool.indexOf(person), 1);
  }
  return chosen;
}

/**
 * Adds the 2021 round of 两委 elections for every 嘎查 and 社区 of the demo banner: committees drawn
 * from the people living there, 一肩挑 in about four of five 嘎查 and fewer 社区, cross-posting, a
 * quarter women; plus two targets clearly labelled as local example settings.
 */
export async function loadElectionsDemo(tx: Tx, demo: DemoContext): Promise<Record<string, number>> {
  const random = createRandom(demo.seed ^ 0x2021);
  const targets = demo.units.filter((u) => u.type === 'gacha' || u.type === 'community');
  if (targets.length === 0) return {};
  const residents = new Map<string, Resident[]>();
  const ids = targets.map((u) => u.id);
  for (let i = 0; i < ids.length; i += BATCH) {
    const rows = await tx
      .select({
        id: people.id,
        unitId: people.unitId,
        gender: people.gender,
        birthDate: people.birthDate,
        name: people.name,
        masked: people.idNumberMasked,
      })
      .from(people)
      .where(inArray(people.unitId, ids.slice(i, i + BATCH)));
    // Database ids are random per load: order by what the generator fixed, so the draw is the same every time.
    rows.sort(
      (a, b) =>
        a.birthDate.localeCompare(b.birthDate) ||
        a.name.localeCompare(b.name) ||
        a.masked.localeCompare(b.masked),
    );
    for (const r of rows) residents.set(r.unitId, [...(residents.get(r.unitId) ?? []), r]);
  }

  const electionRows: Array<typeof elections.$inferInsert> = [];
  const postsByUnit = new Map<
    string,
    Array<{ personId: string; committee: Committee; post: Post; education: string }>
  >();
  for (const unit of targets) {
    const kind = unit.type === 'community' ? 'community' : 'gacha';
    const electionDate = electionDateOf(random);
    const everyone = residents.get(unit.id) ?? [];
    const eligible = everyone.filter((p) => {
      const age = ageOn(p.birthDate, electionDate);
      return age >= 25 && age <= 62;
    });
    // A small unit may have few people of working age: widen the range before taking anyone at all.
    const wider = everyone.filter((p) => {
      const age = ageOn(p.birthDate, electionDate);
      return age >= 22 && age <= 68;
    });
    const pool = [...(eligible.length >= 5 ? eligible : wider.length >= 3 ? wider : everyone)];
    if (pool.length === 0) continue;
    const womenShare = kind === 'community' ? 0.33 : 0.22;
    const partySize = Math.min(
      random.weighted([
        [3, 55],
        [5, 40],
        [4, 5],
      ] as const),
      pool.length,
    );
    const villagersSize =
      kind === 'community'
        ? random.weighted([
            [5, 60],
            [7, 40],
          ] as const)
        : random.weighted([
            [3, 40],
            [5, 45],
            [7, 15],
          ] as const);
    const dual = random.chance(kind === 'community' ? 0.6 : 0.8);
    const party = pick(random, pool, partySize, womenShare);
    if (party.length === 0) continue;
    // The secretary is more often a man in these areas; swap a man into first place most of the time.
    const manIndex = party.findIndex((p) => p.gender === 'male');
    if (manIndex > 0 && random.chance(0.8)) [party[0], party[manIndex]] = [party[manIndex]!, party[0]!];
    const villagers: Resident[] = [];
    if (dual) villagers.push(party[0]!);
    // Cross-posting: about half of the other Party committee members also sit on the villagers' committee.
    for (const member of party.slice(1))
      if (villagers.length < villagersSize - 1 && random.chance(0.5)) villagers.push(member);
    villagers.push(...pick(random, pool, villagersSize - villagers.length, womenShare));
    const educationOf = new Map<string, string>();
    const education = (p: Resident) => {
      if (!educationOf.has(p.id)) educationOf.set(p.id, random.weighted(educationWeights[kind]));
      return educationOf.get(p.id)!;
    };
    const list: Array<{ personId: string; committee: Committee; post: Post; education: string }> = [];
    for (const [i, p] of party.entries()) {
      list.push({
        personId: p.id,
        committee: 'party',
        post: i === 0 ? 'secretary' : i === 1 && party.length >= 5 ? 'deputySecretary' : 'member',
        education: education(p),
      });
    }
    // Without 一肩挑 the director is someone else: the first villagers' member who is not the secretary.
    const directorIndex = Math.max(
      0,
      villagers.findIndex((p) => p.id !== party[0]!.id),
    );
    const director = dual ? villagers[0]! : villagers[directorIndex]!;
    const ordered = director ? [director, ...villagers.filter((p) => p !== director)] : villagers;
    for (const [i, p] of ordered.entries()) {
      list.push({
        personId: p.id,
        committee: 'villagers',
        post: i === 0 ? 'director' : i === 1 && ordered.length >= 5 ? 'deputyDirector' : 'member',
        education: education(p),
      });
    }
    if (kind === 'gacha' || random.chance(0.3)) {
      const head = dual && random.chance(0.9) ? party[0]! : (director ?? party[0]!);
      list.push({ personId: head.id, committee: 'collective', post: 'head', education: education(head) });
    }
    const due = kind === 'community' ? random.int(1500, 6000) : random.int(250, 1400);
    const cast = Math.round(due * (0.85 + random.next() * 0.13));
    const sessionNumbers =
      kind === 'community' ? ['第六届', '第七届', '第八届'] : ['第十届', '第十一届', '第十二届'];
    const termYears = electionSettingDefaults.termYears;
    electionRows.push({
      bannerId: unit.bannerId,
      unitId: unit.id,
      roundYear: 2021,
      session: random.pick(sessionNumbers),
      electionDate,
      method: random.weighted(methods),
      votesDue: due,
      votesCast: cast,
      votesValid: cast - random.int(0, Math.ceil(cast * 0.02)),
      termYears,
      termEnd: termEndDate(electionDate, termYears),
    });
    postsByUnit.set(unit.id, list);
  }

  const electionIds = new Map<string, string>();
  for (let i = 0; i < electionRows.length; i += BATCH) {
    const inserted = await tx
      .insert(elections)
      .values(electionRows.slice(i, i + BATCH))
      .returning({ id: elections.id, unitId: elections.unitId });
    for (const row of inserted) electionIds.set(row.unitId, row.id);
  }
  const postRows = [...postsByUnit.entries()].flatMap(([unitId, list]) =>
    list.map((p, sortOrder) => ({ ...p, electionId: electionIds.get(unitId)!, sortOrder })),
  );
  for (let i = 0; i < postRows.length; i += BATCH) {
    await tx.insert(committeePosts).values(postRows.slice(i, i + BATCH));
  }

  // Two example targets, labelled as local settings: no published rule fixes these numbers (RULES §3).
  const owner = demo.units.find((u) => u.type === 'banner') ?? demo.units[0]!;
  await tx.insert(electionTargets).values([
    {
      unitId: owner.id,
      name: '嘎查一肩挑比例（示例本地目标）',
      indicatorKey: 'elections.dualRole.rate',
      comparator: 'gte',
      threshold: 80,
      unitTypes: ['gacha'],
      note: '示例：本地设置的目标值，并非上级规定，请按本地要求修改',
      sortOrder: 0,
    },
    {
      unitId: owner.id,
      name: '两委成员女性比例（示例本地目标）',
      indicatorKey: 'elections.committee.womenShare',
      comparator: 'gte',
      threshold: 25,
      unitTypes: ['gacha', 'community'],
      note: '示例：本地设置的目标值，并非上级规定，请按本地要求修改',
      sortOrder: 1,
    },
  ]);
  return { elections: electionRows.length, committeePosts: postRows.length, electionTargets: 2 };
}
