import { inArray } from 'drizzle-orm';
import type { DemoContext, DemoUnitRef } from '../../demo/context';
import { createRandom, type Random } from '../../demo/random';
import { recordAudit, systemActor } from '../../platform/audit/writer';
import type { Tx } from '../../platform/db';
import { people } from '../people';
import { addDays, addMonths, quarterOf, yearsBetween } from './dates';
import { conversionDueDate } from './probation';
import { memberDecisions, memberEvents, memberTransfers, partyMembers } from './schema';
import type { EducationLevel } from './vocabulary';

const BATCH = 1000;
/** Share of adults at a residential unit (嘎查/社区) who are members; agencies have a higher share. */
const RESIDENTIAL_SHARE = 0.38;
const WORKPLACE_SHARE = 0.6;
const MIN_PER_BRANCH = 5;
const PROBATIONARY_SHARE = 0.06; // of the members young enough (≤ 45) and not on the committee
const demoActor = { ...systemActor, displayName: '系统（演示数据）' };

interface DemoPersonRow {
  id: string;
  unitId: string;
  birthDate: string;
  gender: string;
  name: string;
  idNumberMasked: string;
}

type MemberValues = typeof partyMembers.$inferInsert & { id: string };

/** The branches that keep the members of a non-Party unit: its 党支部, or the 党支部 under its 党总支. */
function branchesByHost(units: DemoUnitRef[]): Map<string, string[]> {
  const children = new Map<string, DemoUnitRef[]>();
  for (const unit of units) {
    if (!unit.parentId) continue;
    const list = children.get(unit.parentId) ?? [];
    list.push(unit);
    children.set(unit.parentId, list);
  }
  const result = new Map<string, string[]>();
  for (const unit of units) {
    if (
      [
        'branch',
        'generalBranch',
        'partyGroup',
        'partyCommittee',
        'partyWorkCommittee',
        'mobileTalentBranch',
      ].includes(unit.type)
    )
      continue;
    const kids = children.get(unit.id) ?? [];
    const branches = kids.filter((k) => k.type === 'branch').map((k) => k.id);
    for (const general of kids.filter((k) => k.type === 'generalBranch')) {
      const under = (children.get(general.id) ?? []).filter((k) => k.type === 'branch').map((k) => k.id);
      branches.push(...(under.length ? under : [general.id]));
    }
    if (branches.length) result.set(unit.id, branches);
  }
  return result;
}

function educationFor(random: Random, birthYear: number, workplace: boolean): EducationLevel {
  const young = birthYear >= 1985;
  const middle = birthYear >= 1968;
  if (workplace) {
    return random.weighted<EducationLevel>([
      ['postgraduate', young ? 12 : 4],
      ['bachelor', young ? 55 : 40],
      ['associate', 25],
      ['secondaryVocational', 6],
      ['highSchool', middle ? 3 : 8],
    ]);
  }
  return random.weighted<EducationLevel>([
    ['bachelor', young ? 14 : 3],
    ['associate', young ? 20 : 6],
    ['secondaryVocational', 10],
    ['highSchool', middle ? 24 : 18],
    ['juniorOrBelow', young ? 32 : middle ? 55 : 70],
  ]);
}

/**
 * Members for every Party branch of the demo banner (about 38% of adults in 嘎查/社区 and 60% in
 * agencies, at least five per branch), some probationary (a few due this quarter, one extended),
 * a few mobile and out-of-contact members, pending and returned transfers, and each member's history.
 */
export async function loadMembersDemo(tx: Tx, demo: DemoContext): Promise<Record<string, number>> {
  const random = createRandom(demo.seed ^ 0x6d656d62);
  const today = demo.today;
  const hosts = branchesByHost(demo.units);
  const unitById = new Map(demo.units.map((u) => [u.id, u]));
  const workplaceTypes = new Set(['agency', 'institution', 'stateEnterprise', 'newOrganization']);

  const hostIds = [...hosts.keys()];
  const persons: DemoPersonRow[] = [];
  for (let i = 0; i < hostIds.length; i += 500) {
    persons.push(
      ...(await tx
        .select({
          id: people.id,
          unitId: people.unitId,
          birthDate: people.birthDate,
          gender: people.gender,
          name: people.name,
          idNumberMasked: people.idNumberMasked,
        })
        .from(people)
        .where(inArray(people.unitId, hostIds.slice(i, i + 500)))),
    );
  }
  // A stable order (ids are random at every load) so the same seed picks the same people.
  const hostOrder = new Map(hostIds.map((id, index) => [id, index]));
  persons.sort(
    (a, b) =>
      hostOrder.get(a.unitId)! - hostOrder.get(b.unitId)! ||
      a.birthDate.localeCompare(b.birthDate) ||
      a.name.localeCompare(b.name) ||
      a.idNumberMasked.localeCompare(b.idNumberMasked),
  );
  const adults = persons.filter((p) => yearsBetween(p.birthDate, today) >= 20);
  const byHost = new Map<string, DemoPersonRow[]>();
  for (const person of adults) {
    const list = byHost.get(person.unitId) ?? [];
    list.push(person);
    byHost.set(person.unitId, list);
  }

  const chosen = new Map<string, string>(); // personId → branch id
  const branchMembers = new Map<string, DemoPersonRow[]>();
  const assign = (person: DemoPersonRow, branchId: string) => {
    chosen.set(person.id, branchId);
    const list = branchMembers.get(branchId) ?? [];
    list.push(person);
    branchMembers.set(branchId, list);
  };
  for (const [hostId, branches] of hosts) {
    const host = unitById.get(hostId)!;
    const pool = random.shuffle(byHost.get(hostId) ?? []);
    const share = workplaceTypes.has(host.type) ? WORKPLACE_SHARE : RESIDENTIAL_SHARE;
    const wanted = Math.min(
      pool.length,
      Math.max(MIN_PER_BRANCH * branches.length, Math.round(pool.length * share)),
    );
    pool.slice(0, wanted).forEach((person, index) => {
      assign(person, branches[index % branches.length]!);
    });
  }
  // Branches still short of members borrow adults from the same 苏木镇 (or anywhere), who work there.
  const leftovers = random.shuffle(adults.filter((p) => !chosen.has(p.id)));
  const townshipOf = (unitId: string) => unitById.get(unitId)?.parentId ?? null;
  for (const [hostId, branches] of hosts) {
    for (const branchId of branches) {
      const have = branchMembers.get(branchId)?.length ?? 0;
      for (let n = have; n < MIN_PER_BRANCH; n++) {
        const township = townshipOf(hostId);
        let index = leftovers.findIndex((p) => !chosen.has(p.id) && townshipOf(p.unitId) === township);
        if (index < 0) index = leftovers.findIndex((p) => !chosen.has(p.id));
        if (index < 0) break;
        const [person] = leftovers.splice(index, 1);
        assign(person!, branchId);
      }
    }
  }
  // The 流动人才党支部 keeps a few members who work away.
  for (const talent of demo.units.filter((u) => u.type === 'mobileTalentBranch')) {
    const count = demo.size === 'small' ? MIN_PER_BRANCH : 12;
    for (let n = 0; n < count; n++) {
      const index = leftovers.findIndex((p) => !chosen.has(p.id));
      if (index < 0) break;
      const [person] = leftovers.splice(index, 1);
      assign(person!, talent.id);
    }
  }

  const quarter = quarterOf(today);
  const members: MemberValues[] = [];
  const posts = ['书记', '组织委员', '宣传委员', '纪检委员'];
  for (const [branchId, list] of branchMembers) {
    const branch = unitById.get(branchId)!;
    const workplace = workplaceTypes.has(unitById.get(branch.parentId ?? '')?.type ?? '');
    // The committee posts go to full members, the oldest first among the first few picked.
    list.forEach((person, index) => {
      const age = yearsBetween(person.birthDate, today);
      const probationary = age <= 45 && random.chance(PROBATIONARY_SHARE * 2) && index >= posts.length;
      let joinedOn: string;
      if (probationary) {
        // A third of the probationary members finish probation this quarter (the reminder shows them).
        const dueThisQuarter = random.chance(0.35);
        const dueOn = dueThisQuarter
          ? addDays(quarter.from, random.int(0, 85))
          : addDays(today, random.int(20, 330));
        joinedOn = addMonths(dueOn, -12);
        if (joinedOn > today) joinedOn = addDays(today, -random.int(5, 60));
      } else {
        const joinAge = 20 + Math.floor(random.next() ** 1.4 * Math.max(1, Math.min(age, 56) - 21));
        joinedOn = addDays(addMonths(person.birthDate, joinAge * 12), random.int(0, 300));
        const latest = addMonths(today, -13);
        if (joinedOn > latest) joinedOn = addDays(latest, -random.int(0, 200));
      }
      const away = random.chance(0.035)
        ? addDays(addMonths(today, -random.int(2, 30)), -random.int(0, 27))
        : null;
      const lostContact = !probationary && random.chance(0.012);
      members.push({
        id: crypto.randomUUID(),
        bannerId: branch.bannerId,
        personId: person.id,
        unitId: branchId,
        category: probationary ? 'probationary' : 'full',
        status: 'active',
        joinedOn,
        fullOn: probationary ? null : conversionDueDate(joinedOn),
        conversionDueOn: probationary ? conversionDueDate(joinedOn) : null,
        education: educationFor(random, Number(person.birthDate.slice(0, 4)), workplace),
        post: index < posts.length && list.length >= MIN_PER_BRANCH ? posts[index]! : null,
        awaySince: away,
        lastContactOn: lostContact
          ? addDays(addMonths(today, -random.int(7, 26)), -random.int(0, 27))
          : addDays(today, -random.int(0, 120)),
      });
    });
  }

  // A few members out of contact for sure, even in the small demo (about 1% of full members).
  const lost = members.filter((m) => m.lastContactOn! < addMonths(today, -6)).length;
  const candidates = random.shuffle(
    members.filter((m) => m.category === 'full' && m.post === null && !m.awaySince),
  );
  for (const m of candidates.slice(0, Math.max(0, Math.max(2, Math.round(members.length * 0.01)) - lost))) {
    m.awaySince = addDays(addMonths(today, -random.int(8, 30)), -random.int(0, 27));
    m.lastContactOn = addDays(addMonths(today, -random.int(7, 20)), -random.int(0, 27));
  }

  // One probationary member whose probation was extended by six months.
  const extended = members.find(
    (m) => m.category === 'probationary' && m.conversionDueOn! > addDays(today, 60) && m.post === null,
  );
  const decisions: (typeof memberDecisions.$inferInsert)[] = [];
  if (extended) {
    extended.joinedOn = addMonths(today, -14);
    extended.probationExtensionMonths = 6;
    extended.conversionDueOn = conversionDueDate(extended.joinedOn, 6);
    decisions.push({
      memberId: extended.id,
      kind: 'extension',
      decidedOn: addMonths(extended.joinedOn, 12),
      approver: '支部党员大会',
      note: '预备期内参加组织生活不够经常，延长预备期六个月继续考察',
      extensionMonths: 6,
      before: { conversionDueOn: conversionDueDate(extended.joinedOn) },
      after: { conversionDueOn: extended.conversionDueOn, probationExtensionMonths: 6 },
      createdByName: demoActor.displayName,
    });
  }
  // Conversions of the last two years are on record as decisions.
  for (const m of members) {
    if (m.category === 'full' && m.fullOn! >= addMonths(today, -24)) {
      decisions.push({
        memberId: m.id,
        kind: 'conversion',
        decidedOn:
          addDays(m.fullOn!, random.int(0, 20)) > today ? m.fullOn! : addDays(m.fullOn!, random.int(0, 20)),
        approver: '支部党员大会',
        note: null,
        before: { category: 'probationary', conversionDueOn: m.fullOn },
        after: { category: 'full', fullOn: m.fullOn },
        createdByName: demoActor.displayName,
      });
    }
  }

  for (let i = 0; i < members.length; i += BATCH) {
    await tx.insert(partyMembers).values(members.slice(i, i + BATCH));
  }
  const events = members.map((m) => ({
    memberId: m.id,
    kind: 'create',
    summary: `登记为${m.category === 'full' ? '正式' : '预备'}党员（演示数据）`,
    after: { unitId: m.unitId, category: m.category, joinedOn: m.joinedOn, fullOn: m.fullOn },
    actorName: demoActor.displayName,
  }));
  for (let i = 0; i < events.length; i += BATCH)
    await tx.insert(memberEvents).values(events.slice(i, i + BATCH));
  for (let i = 0; i < decisions.length; i += BATCH) {
    await tx.insert(memberDecisions).values(decisions.slice(i, i + BATCH));
  }

  // Transfers: a few pending between branches of the banner, one out of the banner, one returned.
  const gachaBranches = [...branchMembers.keys()].filter(
    (id) => unitById.get(unitById.get(id)!.parentId ?? '')?.type === 'gacha',
  );
  const transferable = members.filter(
    (m) => m.post === null && gachaBranches.includes(m.unitId) && !m.awaySince,
  );
  const picks = random.shuffle(transferable).slice(0, demo.size === 'small' ? 3 : 6);
  const year = today.slice(0, 4);
  const transfers: (typeof memberTransfers.$inferInsert)[] = [];
  picks.forEach((m, index) => {
    const requestedOn = addDays(today, -random.int(3, 40));
    const others = gachaBranches.filter((id) => id !== m.unitId);
    const external = index === picks.length - 1;
    const returned = index === picks.length - 2;
    const to = external ? null : random.pick(others);
    transfers.push({
      bannerId: m.bannerId,
      memberId: m.id,
      fromUnitId: m.unitId,
      toUnitId: to,
      destination: external ? '中共通辽市科尔沁区西门街道工作委员会' : null,
      outsideProvince: false,
      reason: external
        ? '到通辽市工作，转往工作单位所在地'
        : random.pick(['婚后迁居', '到外嘎查务工定居', '随子女居住']),
      requestedOn,
      status: returned ? 'returned' : 'pending',
      letterNumber: `${year}-${String(index + 1).padStart(4, '0')}`,
      letterValidUntil: addMonths(requestedOn, 3),
      requestedByName: demoActor.displayName,
      decidedOn: returned ? addDays(requestedOn, 2) : null,
      decidedByName: returned ? demoActor.displayName : null,
      returnReason: returned ? '介绍信所列党员身份证号与档案不一致，请核实后重新办理' : null,
    });
  });
  if (transfers.length) await tx.insert(memberTransfers).values(transfers);

  await recordAudit(tx, demoActor, {
    entity: 'member',
    action: 'demo.load',
    after: { members: members.length, decisions: decisions.length, transfers: transfers.length },
  });
  return {
    members: members.length,
    probationaryMembers: members.filter((m) => m.category === 'probationary').length,
    memberDecisions: decisions.length,
    memberTransfers: transfers.length,
  };
}
