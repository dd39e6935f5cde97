import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { DemoContext } from '../../demo/context';
import { createRandom, type Random } from '../../demo/random';
import { queryRows, type Tx } from '../../platform/db';
import { addDays, periodContaining } from './compliance';
import type { MeetingKind } from './kinds';
import { seedMeetingRules } from './rules';

const BATCH = 2000;

/**
 * Inserts rows through one JSON parameter per batch (jsonb_to_recordset): far faster than thousands
 * of bound parameters, on PGlite especially. Column names and types are fixed by this file.
 */
async function bulkInsert(
  tx: Tx,
  table: string,
  columns: Record<string, string>,
  rows: ReadonlyArray<Record<string, unknown>>,
): Promise<void> {
  const names = Object.keys(columns);
  const list = sql.raw(names.join(', '));
  const types = sql.raw(names.map((n) => `${n} ${columns[n]}`).join(', '));
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = JSON.stringify(rows.slice(i, i + BATCH));
    await tx.execute(
      sql`insert into ${sql.raw(table)} (${list}) select ${list} from jsonb_to_recordset(${batch}::jsonb) as x(${types})`,
    );
  }
}

/** Where demo meetings are held, by the kind of unit (the scale seeder draws on these lists too). */
export const demoMeetingPlaces: Record<'gacha' | 'community' | 'other', readonly string[]> = {
  gacha: ['嘎查党群服务中心会议室', '嘎查党员活动室', '嘎查村委会议室'],
  community: ['社区党群服务中心', '社区党员活动室', '社区多功能厅'],
  other: ['单位会议室', '党员活动室', '三楼会议室'],
};

export const demoMeetingTopics: Record<MeetingKind, readonly string[]> = {
  branchAssembly: [
    '学习贯彻党的二十届四中全会精神',
    '讨论接收预备党员和预备党员转正',
    '通报上半年支部工作，部署下半年任务',
    '讨论确定发展对象',
    '研究嘎查集体经济发展项目',
    '传达学习上级党委工作会议精神',
  ],
  committeeMeeting: [
    '研究本月党建工作安排',
    '讨论党员发展计划',
    '研究困难党员帮扶事项',
    '部署主题党日活动',
    '研究党费收缴和使用情况',
    '分析党员队伍思想状况',
  ],
  groupMeeting: [
    '学习《中国共产党章程》',
    '交流党员联系服务群众情况',
    '讨论党小组工作安排',
    '学习党的创新理论',
  ],
  partyLecture: [
    '党课：弘扬蒙古马精神，奋力书写中国式现代化内蒙古新篇章',
    '党课：铸牢中华民族共同体意识',
    '党课：学习党的光辉历史，传承红色基因',
    '党课：全面从严治党永远在路上',
    '党课：做新时代合格共产党员',
  ],
  themeDay: [
    '主题党日：重温入党誓词',
    '主题党日：志愿服务进牧户',
    '主题党日：人居环境整治',
    '主题党日：政策宣讲到牧区',
    '主题党日：学习身边榜样',
    '主题党日：关爱老党员',
  ],
  lifeMeeting: ['年度组织生活会：对照检查，开展批评和自我批评'],
  memberReview: ['年度民主评议党员'],
  studyGroupSession: ['理论学习中心组学习：学习党的创新理论'],
  reportHearing: ['听取基层党组织书记抓党建工作汇报'],
};

const returnReasons = [
  '缺少会议照片和签到表，请补充后重新提交',
  '会议记录过于简单，请补充讨论内容',
  '缺席人员未注明原因',
];

/** Problems found at a 组织生活会 and the measure against each. */
export const demoRectificationTopics = [
  ['理论学习不够系统深入', '制定年度学习计划，每月集中学习不少于 1 次'],
  ['联系服务群众不够经常', '党员联系牧户全覆盖，每季度走访 1 次'],
  ['组织生活质量不高', '规范三会一课记录，上级党委每季度检查'],
  ['发挥党员先锋模范作用不够', '设立党员责任区，开展承诺践诺'],
  ['集体经济发展思路不宽', '学习先进嘎查经验，论证 1 个增收项目'],
] as const;

/** How an organisation keeps up its organisational life in the demo: most do, some deliberately not. */
interface Diligence {
  missMonthly: number;
  missLecture: number;
  missAssembly: number;
  missYearly: number;
}

const diligenceLevels: ReadonlyArray<readonly [Diligence, number]> = [
  [{ missMonthly: 0.02, missLecture: 0.03, missAssembly: 0.02, missYearly: 0 }, 70],
  [{ missMonthly: 0.2, missLecture: 0.35, missAssembly: 0.25, missYearly: 0.1 }, 20],
  [{ missMonthly: 0.45, missLecture: 0.6, missAssembly: 0.5, missYearly: 0.3 }, 10],
];

interface PlannedMeeting {
  id: string;
  unitId: string;
  bannerId: string;
  kind: MeetingKind;
  heldOn: string;
  place: string;
  host: string;
  topic: string;
  status: 'submitted' | 'approved' | 'returned';
  statusReason: string | null;
}

function firstOfMonthsBack(today: string, months: number): string {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7)) - months;
  const y = year + Math.floor((month - 1) / 12);
  const m = ((((month - 1) % 12) + 12) % 12) + 1;
  return `${y}-${String(m).padStart(2, '0')}-01`;
}

function dayIn(random: Random, from: string, to: string): string {
  return addDays(
    from,
    random.int(0, Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000) - 1)),
  );
}

function statusOf(
  random: Random,
  heldOn: string,
  today: string,
): Pick<PlannedMeeting, 'status' | 'statusReason'> {
  const recent = heldOn > addDays(today, -30);
  const roll = random.next();
  if (recent)
    return roll < 0.7
      ? { status: 'submitted', statusReason: null }
      : { status: 'approved', statusReason: null };
  if (roll < 0.03) return { status: 'returned', statusReason: random.pick(returnReasons) };
  if (roll < 0.05) return { status: 'submitted', statusReason: null };
  return { status: 'approved', statusReason: null };
}

/**
 * A year of organisational life (ending at demo.today) for every branch that has members: monthly
 * 支委会 and 主题党日, quarterly 支部党员大会 and 党课, the annual 组织生活会 (with a rectification list)
 * and 民主评议党员 (with grades), 党小组会 for branches with party groups. About a third of the branches
 * deliberately miss some (a 支部党员大会 in a quarter, 党课, months of 支委会). Attendance is generated in
 * the database from the members loaded just before (realistic 75–98 % rates, absentees with reasons).
 */
export async function loadMeetingsDemo(tx: Tx, demo: DemoContext): Promise<Record<string, number>> {
  const random = createRandom(demo.seed ^ 0x6d656574);
  const today = demo.today;
  await seedMeetingRules(tx);

  const memberCounts = await queryRows<{ unitId: string; members: number; host: string }>(
    tx,
    sql`select distinct on (pm.unit_id) pm.unit_id as "unitId",
          count(*) over (partition by pm.unit_id)::int as members, p.name as host
        from party_members pm join people p on p.id = pm.person_id
        where pm.status = 'active'
        order by pm.unit_id, (pm.post = '书记') desc nulls last, pm.joined_on, p.name`,
  );
  const hostOf = new Map(memberCounts.map((r) => [r.unitId, r.host]));
  const byId = new Map(demo.units.map((u) => [u.id, u]));
  const generatedOrder = new Map(demo.units.map((u, index) => [u.id, index]));
  const groupsOf = new Map<string, string[]>();
  for (const u of demo.units) {
    if (u.type === 'partyGroup' && u.parentId)
      groupsOf.set(u.parentId, [...(groupsOf.get(u.parentId) ?? []), u.id]);
  }
  const branches = demo.units
    .filter((u) => (u.type === 'branch' || u.type === 'mobileTalentBranch') && hostOf.has(u.id))
    // Ids (and so paths) are random at every load: keep the generator's order so one seed gives one demo.
    .sort((a, b) => generatedOrder.get(a.id)! - generatedOrder.get(b.id)!);

  const start = firstOfMonthsBack(today, 12);
  const planned: PlannedMeeting[] = [];
  // One branch is shown as newly established (36 days ago): it owes only pro rata and has few records.
  const newcomer = branches.length > 3 ? branches[branches.length - 2] : undefined;
  const newcomerSince = addDays(today, -36);
  if (newcomer)
    await tx.execute(
      sql`update units set created_at = ${`${newcomerSince}T09:00:00+08:00`}::timestamptz where id = ${newcomer.id}`,
    );

  for (const branch of branches) {
    const diligence = random.weighted(diligenceLevels);
    const parent = branch.parentId ? byId.get(branch.parentId) : undefined;
    const placeList =
      demoMeetingPlaces[
        parent?.type === 'gacha' ? 'gacha' : parent?.type === 'community' ? 'community' : 'other'
      ]!;
    const host = hostOf.get(branch.id)!;
    const from = branch === newcomer ? newcomerSince : start;
    const add = (kind: MeetingKind, heldOn: string, unitId = branch.id) => {
      if (heldOn > today || heldOn < from) return;
      planned.push({
        id: randomUUID(),
        unitId,
        bannerId: branch.bannerId,
        kind,
        heldOn,
        place: random.pick(placeList),
        host,
        topic: random.pick(demoMeetingTopics[kind]),
        ...statusOf(random, heldOn, today),
      });
    };
    const themeDay = random.int(5, 15);
    for (
      let month = periodContaining('month', from);
      month.from <= today;
      month = periodContaining('month', month.to)
    ) {
      if (!random.chance(diligence.missMonthly)) add('committeeMeeting', dayIn(random, month.from, month.to));
      if (!random.chance(diligence.missMonthly))
        add('themeDay', `${month.from.slice(0, 8)}${String(themeDay + random.int(0, 3)).padStart(2, '0')}`);
      for (const group of groupsOf.get(branch.id) ?? []) {
        if (!random.chance(diligence.missMonthly))
          add('groupMeeting', dayIn(random, month.from, month.to), group);
      }
    }
    for (
      let quarter = periodContaining('quarter', from);
      quarter.from <= today;
      quarter = periodContaining('quarter', quarter.to)
    ) {
      if (!random.chance(diligence.missAssembly))
        add('branchAssembly', dayIn(random, quarter.from, quarter.to));
      if (!random.chance(diligence.missLecture)) add('partyLecture', dayIn(random, quarter.from, quarter.to));
    }
    for (
      let year = periodContaining('year', from);
      year.from <= today;
      year = periodContaining('year', year.to)
    ) {
      // Usually late in Q4: between 20 November and 28 December.
      const lifeDay = addDays(`${year.from.slice(0, 4)}-11-20`, random.int(0, 38));
      if (!random.chance(diligence.missYearly)) add('lifeMeeting', lifeDay);
      if (!random.chance(diligence.missYearly)) add('memberReview', addDays(lifeDay, random.int(0, 2)));
    }
  }

  await bulkInsert(
    tx,
    'meetings',
    {
      id: 'uuid',
      unit_id: 'uuid',
      banner_id: 'uuid',
      kind: 'text',
      held_on: 'date',
      place: 'text',
      host: 'text',
      topic: 'text',
      status: 'text',
      status_reason: 'text',
      created_by_name: 'text',
      created_at: 'timestamptz',
      updated_at: 'timestamptz',
    },
    planned.map((m) => ({
      id: m.id,
      unit_id: m.unitId,
      banner_id: m.bannerId,
      kind: m.kind,
      held_on: m.heldOn,
      place: m.place,
      host: m.host,
      topic: m.topic,
      status: m.status,
      status_reason: m.statusReason,
      created_by_name: '示范数据',
      created_at: `${m.heldOn}T18:00:00+08:00`,
      updated_at: `${m.heldOn}T18:00:00+08:00`,
    })),
  );
  if (planned.length === 0) return { meetings: 0 };

  // Attendance, generated where the members are: a deterministic hash of meeting and member decides
  // who was present, around a per-meeting rate of 75–98 %. Every meeting gets its counts; the named
  // list (one row per member) is kept for the last four months and for the annual meetings only — the
  // older monthly and quarterly records look like the paper records they were typed from (counts), and
  // the demo stays quick to load.
  const listedFrom = firstOfMonthsBack(today, 3);
  await tx.execute(sql`
    create temp table demo_attendance on commit drop as
    select m.id as meeting_id, m.kind, m.held_on, pm.id as member_id,
      case when pm.category = 'full' and (pm.full_on is null or pm.full_on <= m.held_on) then 'full' else 'probationary' end as category,
      h.roll < r.rate as present,
      case when h.roll < r.rate then null
           else (array['外出务工','生病住院','放牧转场','年老体弱','因公外出','外出学习'])[1 + h.roll % 6] end as absence_reason
    from meetings m
    join units u on u.id = m.unit_id
    join party_members pm on pm.unit_id = m.unit_id and pm.status = 'active' and pm.joined_on <= m.held_on
    join people p on p.id = pm.person_id
    cross join lateral (select 75 + abs(hashtext(u.name || m.kind || m.held_on::text)) % 24 as rate) r
    cross join lateral (select abs(hashtext(u.name || m.kind || m.held_on::text || p.name || p.birth_date::text)) % 100 as roll) h
    where m.created_by_name = '示范数据'
      and (m.kind in ('branchAssembly', 'partyLecture', 'themeDay', 'lifeMeeting', 'memberReview')
           or (m.kind = 'committeeMeeting' and pm.post is not null))`);
  await tx.execute(sql`
    update meetings m set
      expected_full = a.expected_full, expected_probationary = a.expected_probationary,
      present_full = a.present_full, present_probationary = a.present_probationary,
      quorum_met = case
        when m.kind = 'branchAssembly' then a.present_full * 2 > a.expected_full
        when m.kind = 'committeeMeeting' then (a.present_full + a.present_probationary) * 2 > a.expected_full + a.expected_probationary
        else null end
    from (
      select meeting_id,
        count(*) filter (where category = 'full')::int as expected_full,
        count(*) filter (where category = 'probationary')::int as expected_probationary,
        count(*) filter (where category = 'full' and present)::int as present_full,
        count(*) filter (where category = 'probationary' and present)::int as present_probationary
      from demo_attendance group by meeting_id
    ) a
    where a.meeting_id = m.id`);
  const attendance = await queryRows<{ n: number }>(
    tx,
    sql`with rows as (
          insert into meeting_attendance (meeting_id, member_id, category, present, absence_reason)
          select meeting_id, member_id, category, present, absence_reason from demo_attendance
          where held_on >= ${listedFrom}::date or kind in ('lifeMeeting', 'memberReview')
          returning 1
        ) select count(*)::int as n from rows`,
  );

  // History rows: submitted by the clerk, then approved or sent back by the 苏木/镇 Party committee.
  await tx.execute(sql`
    insert into meeting_events (meeting_id, action, from_status, to_status, reason, actor_name, at)
    select id, 'submit', null, 'submitted', null, '示范数据', created_at
      from meetings where created_by_name = '示范数据'
    union all
    select id, case status when 'approved' then 'approve' else 'return' end, 'submitted', status, status_reason,
        '示范数据（上级党委）', created_at + interval '64 hours'
      from meetings where created_by_name = '示范数据' and status in ('approved', 'returned')`);

  // Rectification lists of the 组织生活会: two or three items each, most of last year's done.
  const items = planned
    .filter((m) => m.kind === 'lifeMeeting' && m.status !== 'returned')
    .flatMap((m) =>
      random
        .shuffle(demoRectificationTopics)
        .slice(0, random.int(2, 3))
        .map(([problem, measure]) => {
          const dueOn = addDays(m.heldOn, random.int(60, 120));
          const done = dueOn < today && random.chance(0.8);
          const completedOn = done ? addDays(dueOn, -random.int(0, 30)) : null;
          return {
            meeting_id: m.id,
            description: `${problem}：${measure}`,
            responsible: m.host,
            due_on: dueOn,
            status: done ? 'done' : dueOn < today || random.chance(0.5) ? 'inProgress' : 'open',
            completion_note: done ? '已按整改措施落实，经支委会验收' : null,
            completed_on: completedOn && completedOn > m.heldOn ? completedOn : done ? dueOn : null,
          };
        }),
    );
  await bulkInsert(
    tx,
    'rectification_items',
    {
      meeting_id: 'uuid',
      description: 'text',
      responsible: 'text',
      due_on: 'date',
      status: 'text',
      completion_note: 'text',
      completed_on: 'date',
    },
    items,
  );

  // Grades of the 民主评议党员: mostly 合格, some 优秀, a few 基本合格, rarely 不合格.
  const grades = await queryRows<{ n: number }>(
    tx,
    sql`with rows as (
          insert into member_review_grades (meeting_id, member_id, grade)
          select m.id, a.member_id,
            case when h.roll < 150 then 'excellent' when h.roll < 970 then 'qualified'
                 when h.roll < 996 then 'basicallyQualified' else 'unqualified' end
          from meetings m
          join demo_attendance a on a.meeting_id = m.id
          join party_members pm on pm.id = a.member_id
          join people p on p.id = pm.person_id
          cross join lateral (select abs(hashtext(m.held_on::text || p.name || p.birth_date::text)) % 1000 as roll) h
          where m.kind = 'memberReview' and m.status <> 'returned'
          returning 1
        ) select count(*)::int as n from rows`,
  );

  return {
    meetings: planned.length,
    meetingAttendance: Number(attendance[0]?.n ?? 0),
    rectificationItems: items.length,
    memberReviewGrades: Number(grades[0]?.n ?? 0),
  };
}
