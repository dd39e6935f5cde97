import { inArray } from 'drizzle-orm';
import type { DemoContext } from '../../demo/context';
import { createRandom, type Random } from '../../demo/random';
import type { Tx } from '../../platform/db';
import { people } from '../people';
import { committeePosts, elections, electionTargets } from './schema';
import { electionSettingDefaults, saveElectionSettings } from './settings';
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

type Kind = 'gacha' | 'community';

/** The two committees (and the collective economic organisation's head) drawn for one election. */
interface Committees {
  party: Resident[];
  villagers: Resident[];
  director: Resident;
  head: Resident | null;
}

/** Dates of the 2026 round: from 10 January to the end of May, most in March and April. */
function electionDate2026Of(random: Random): string {
  const month = random.weighted([
    [1, 10],
    [2, 8],
    [3, 34],
    [4, 32],
    [5, 16],
  ] as const);
  const day = random.int(month === 1 ? 10 : 1, month === 5 ? 31 : 28);
  return `2026-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The session after the one elected in 2021 (第十一届 → 第十二届). */
const nextSession: Record<string, string> = {
  第六届: '第七届',
  第七届: '第八届',
  第八届: '第九届',
  第十届: '第十一届',
  第十一届: '第十二届',
  第十二届: '第十三届',
};

/**
 * Draws the committees of one election from `pool` (removing the chosen). With `previous` (the committee
 * in office) most holders are re-elected when still of age, the rest replaced from the pool.
 */
function drawCommittees(
  random: Random,
  kind: Kind,
  pool: Resident[],
  dual: boolean,
  previous?: { committees: Committees; stays: (p: Resident) => boolean },
): Committees | null {
  const womenShare = kind === 'community' ? 0.33 : 0.22;
  const newPartySize = random.weighted([
    [3, 55],
    [5, 40],
    [4, 5],
  ] as const);
  const partySize = Math.min(
    previous && random.chance(0.85) ? previous.committees.party.length : newPartySize,
    pool.length + (previous?.committees.party.length ?? 0),
  );
  const newVillagersSize =
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
  const villagersSize =
    previous && random.chance(0.85) ? previous.committees.villagers.length : newVillagersSize;
  const take = (person: Resident) => {
    const at = pool.indexOf(person);
    if (at >= 0) pool.splice(at, 1);
    return person;
  };

  let party: Resident[];
  if (previous) {
    // Re-elected: the secretary most of the time, about three in four of the other members.
    const [secretary, ...others] = previous.committees.party;
    party = [];
    if (secretary && previous.stays(secretary) && random.chance(0.8)) party.push(secretary);
    for (const member of others) if (previous.stays(member) && random.chance(0.75)) party.push(member);
    party = party.slice(0, partySize);
    for (const p of party) take(p);
    party.push(...pick(random, pool, partySize - party.length, womenShare));
  } else {
    party = pick(random, pool, Math.min(partySize, pool.length), womenShare);
  }
  if (party.length === 0) return null;
  // The secretary is more often a man in these areas; swap a man into first place most of the time.
  const secretaryKept = previous && party[0] === previous.committees.party[0];
  const manIndex = party.findIndex((p) => p.gender === 'male');
  if (!secretaryKept && manIndex > 0 && random.chance(0.8))
    [party[0], party[manIndex]] = [party[manIndex]!, party[0]!];

  const villagers: Resident[] = [];
  if (dual) villagers.push(party[0]!);
  // Cross-posting: about half of the other Party committee members also sit on the villagers' committee.
  for (const member of party.slice(1))
    if (villagers.length < villagersSize - 1 && random.chance(0.5)) villagers.push(member);
  if (previous) {
    for (const member of previous.committees.villagers) {
      if (villagers.length >= villagersSize) break;
      if (villagers.includes(member) || party.includes(member)) continue;
      if (previous.stays(member) && pool.includes(member) && random.chance(0.7)) villagers.push(take(member));
    }
  }
  villagers.push(...pick(random, pool, villagersSize - villagers.length, womenShare));
  // A small unit short of people: more of the Party committee sits on the villagers' committee too.
  for (const member of party.slice(1)) {
    if (villagers.length >= villagersSize) break;
    if (!villagers.includes(member)) villagers.push(member);
  }
  // Without 一肩挑 the director is someone else: the previous director when re-elected, else the first
  // villagers' member who is not the secretary.
  const keptDirector =
    previous && !dual && previous.committees.director !== party[0]
      ? villagers.find((p) => p === previous.committees.director)
      : undefined;
  const directorIndex = Math.max(
    0,
    villagers.findIndex((p) => p.id !== party[0]!.id),
  );
  const director = dual ? villagers[0]! : (keptDirector ?? villagers[directorIndex]!);
  const ordered = director ? [director, ...villagers.filter((p) => p !== director)] : villagers;
  const head =
    kind === 'gacha' || random.chance(0.3)
      ? dual && random.chance(0.9)
        ? party[0]!
        : (director ?? party[0]!)
      : null;
  return { party, villagers: ordered, director: ordered[0] ?? party[0]!, head };
}

/** The posts of drawn committees, in display order. */
function postsOf(
  committees: Committees,
  education: (p: Resident) => string,
): Array<{ personId: string; committee: Committee; post: Post; education: string }> {
  const { party, villagers, head } = committees;
  const list: Array<{ personId: string; committee: Committee; post: Post; education: string }> = [];
  for (const [i, p] of party.entries()) {
    list.push({
      personId: p.id,
      committee: 'party',
      post: i === 0 ? 'secretary' : i === 1 && party.length >= 5 ? 'deputySecretary' : 'member',
      education: education(p),
    });
  }
  for (const [i, p] of villagers.entries()) {
    list.push({
      personId: p.id,
      committee: 'villagers',
      post: i === 0 ? 'director' : i === 1 && villagers.length >= 5 ? 'deputyDirector' : 'member',
      education: education(p),
    });
  }
  if (head)
    list.push({ personId: head.id, committee: 'collective', post: 'head', education: education(head) });
  return list;
}

/** Share of 嘎查/社区 that held their 2026 election by the demo's today (the rest are due, terms expired). */
const ROUND_2026_SHARE = 0.65;

/**
 * Adds two rounds of 两委 elections to the demo banner. 2021: every 嘎查 and 社区, committees drawn from
 * the people living there, 一肩挑 in about four of five 嘎查 and fewer 社区, cross-posting, a quarter
 * women. 2026 (held January–May): about two thirds of them, re-electing most holders with some
 * turnover and 一肩挑 in nearly nine of ten 嘎查; the others keep their expired 2021 committee. The
 * current round is set to 2026. Plus two targets clearly labelled as local example settings.
 */
export async function loadElectionsDemo(tx: Tx, demo: DemoContext): Promise<Record<string, number>> {
  const random = createRandom(demo.seed ^ 0x2021);
  const random2026 = createRandom(demo.seed ^ 0x2026);
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

  // The units that have held the 2026 round: a fixed share, drawn once.
  const held2026 = new Set(
    random2026.shuffle(targets.map((u) => u.id)).slice(0, Math.round(targets.length * ROUND_2026_SHARE)),
  );
  const termYears = electionSettingDefaults.termYears;
  const educationOf = new Map<string, string>();
  const electionRows: Array<typeof elections.$inferInsert> = [];
  const postsByElection = new Map<
    string,
    Array<{ personId: string; committee: Committee; post: Post; education: string }>
  >();
  const keyOf = (unitId: string, round: number) => `${unitId}:${round}`;
  /** The people of working age on a date, widened for a small unit before taking anyone at all. */
  const poolOf = (everyone: Resident[], date: string) => {
    const eligible = everyone.filter((p) => {
      const age = ageOn(p.birthDate, date);
      return age >= 25 && age <= 62;
    });
    const wider = everyone.filter((p) => {
      const age = ageOn(p.birthDate, date);
      return age >= 22 && age <= 68;
    });
    return [...(eligible.length >= 5 ? eligible : wider.length >= 3 ? wider : everyone)];
  };
  for (const unit of targets) {
    const kind: Kind = unit.type === 'community' ? 'community' : 'gacha';
    const electionDate = electionDateOf(random);
    const everyone = residents.get(unit.id) ?? [];
    const pool = poolOf(everyone, electionDate);
    if (pool.length === 0) continue;
    const dual = random.chance(kind === 'community' ? 0.6 : 0.8);
    const committees = drawCommittees(random, kind, pool, dual);
    if (!committees) continue;
    const education = (p: Resident) => {
      if (!educationOf.has(p.id)) educationOf.set(p.id, random.weighted(educationWeights[kind]));
      return educationOf.get(p.id)!;
    };
    const due = kind === 'community' ? random.int(1500, 6000) : random.int(250, 1400);
    const cast = Math.round(due * (0.85 + random.next() * 0.13));
    const sessionNumbers =
      kind === 'community' ? ['第六届', '第七届', '第八届'] : ['第十届', '第十一届', '第十二届'];
    const session = random.pick(sessionNumbers);
    electionRows.push({
      bannerId: unit.bannerId,
      unitId: unit.id,
      roundYear: 2021,
      session,
      electionDate,
      method: random.weighted(methods),
      votesDue: due,
      votesCast: cast,
      votesValid: cast - random.int(0, Math.ceil(cast * 0.02)),
      termYears,
      termEnd: termEndDate(electionDate, termYears),
    });
    postsByElection.set(keyOf(unit.id, 2021), postsOf(committees, education));

    // The 2026 round, for the units that have held it by the demo's today.
    if (!held2026.has(unit.id)) continue;
    const date2026 = electionDate2026Of(random2026);
    if (date2026 > demo.today) continue;
    const pool2026 = poolOf(everyone, date2026);
    const dual2026 = random2026.chance(kind === 'community' ? 0.7 : 0.85);
    const committees2026 = drawCommittees(random2026, kind, pool2026, dual2026, {
      committees,
      // Holders re-elected while they are of age (a little older than newcomers may be).
      stays: (p) => ageOn(p.birthDate, date2026) <= 63,
    });
    if (!committees2026) continue;
    const education2026 = (p: Resident) => {
      if (!educationOf.has(p.id)) educationOf.set(p.id, random2026.weighted(educationWeights[kind]));
      return educationOf.get(p.id)!;
    };
    const due2026 = Math.round(due * (0.97 + random2026.next() * 0.08));
    const cast2026 = Math.round(due2026 * (0.87 + random2026.next() * 0.11));
    electionRows.push({
      bannerId: unit.bannerId,
      unitId: unit.id,
      roundYear: 2026,
      session: nextSession[session] ?? session,
      electionDate: date2026,
      method: random2026.weighted(methods),
      votesDue: due2026,
      votesCast: cast2026,
      votesValid: cast2026 - random2026.int(0, Math.ceil(cast2026 * 0.015)),
      termYears,
      termEnd: termEndDate(date2026, termYears),
    });
    postsByElection.set(keyOf(unit.id, 2026), postsOf(committees2026, education2026));
  }

  const electionIds = new Map<string, string>();
  for (let i = 0; i < electionRows.length; i += BATCH) {
    const inserted = await tx
      .insert(elections)
      .values(electionRows.slice(i, i + BATCH))
      .returning({ id: elections.id, unitId: elections.unitId, roundYear: elections.roundYear });
    for (const row of inserted) electionIds.set(keyOf(row.unitId, row.roundYear), row.id);
  }
  const postRows = [...postsByElection.entries()].flatMap(([key, list]) =>
    list.map((p, sortOrder) => ({ ...p, electionId: electionIds.get(key)!, sortOrder })),
  );
  for (let i = 0; i < postRows.length; i += BATCH) {
    await tx.insert(committeePosts).values(postRows.slice(i, i + BATCH));
  }
  // "Elections completed" counts the 2026 round.
  await saveElectionSettings(tx, { ...electionSettingDefaults, currentRound: 2026 }, null);

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
  return {
    elections: electionRows.length,
    elections2026: electionRows.filter((e) => e.roundYear === 2026).length,
    committeePosts: postRows.length,
    electionTargets: 2,
  };
}
