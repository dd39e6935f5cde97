// Organisational life at scale: the four years before the demo's year, so every branch has five years
// of 三会一课 — monthly 支委会, 主题党日 and 党小组会, quarterly 支部党员大会 and 党课, the annual
// 组织生活会 (with its rectification list) and 民主评议党员 (with grades). Branches keep up to a
// different degree, as in the demo. Attendance counts come from the members on the day; the named list
// is kept for the annual meetings, as the demo does for records older than a few months. Each record was
// submitted, and reviewed by the superior (a few sent back and resubmitted), with its audit rows.
import { sql } from 'drizzle-orm';
import { demoMeetingPlaces, demoMeetingTopics } from '../../modules/meetings';
import { queryRows } from '../../platform/db';
import { createRandom, type Random } from '../random';
import type { AuditDraft } from './audit';
import { StageProgress } from './progress';
import type { ScaleRun } from './run';
import type { ScaleMember, ScaleUnit } from './snapshot';
import { addDays, chinaTime, daysBetween, earlierDate, firstOfMonthsBack, laterDate } from './time';
import { absenceReasons, rectificationTopics } from './words';

/** The demo's topics by kind, read by a kind that comes from the rule rows (a plain string). */
const topicsOf: Partial<Record<string, readonly string[]>> = demoMeetingTopics;

const CHUNK = 5000;
const CLERK = '示范数据';
const REVIEWER = '示范数据（上级党委）';

type Period = 'month' | 'quarter' | 'year';
const periodOfKind: Record<string, Period> = {
  committeeMeeting: 'month',
  themeDay: 'month',
  groupMeeting: 'month',
  branchAssembly: 'quarter',
  partyLecture: 'quarter',
  lifeMeeting: 'year',
  memberReview: 'year',
};

interface Diligence {
  missMonthly: number;
  missQuarterly: number;
  missYearly: number;
}

const diligenceLevels: ReadonlyArray<readonly [Diligence, number]> = [
  [{ missMonthly: 0.02, missQuarterly: 0.03, missYearly: 0 }, 70],
  [{ missMonthly: 0.2, missQuarterly: 0.3, missYearly: 0.1 }, 20],
  [{ missMonthly: 0.45, missQuarterly: 0.55, missYearly: 0.3 }, 10],
];

interface Attendee {
  memberId: string;
  category: 'full' | 'probationary';
  present: boolean;
  absenceReason: string | null;
}

interface PlannedMeeting {
  id: string;
  branch: ScaleUnit;
  unitId: string;
  kind: string;
  heldOn: string;
  place: string;
  host: string;
  topic: string;
  expectedFull: number;
  expectedProbationary: number;
  presentFull: number;
  presentProbationary: number;
  quorumMet: boolean | null;
  /** The named list, kept for the annual meetings only. */
  attendees: Attendee[] | null;
  review: 'approved' | 'returnedThenApproved' | 'pending';
}

function periodKey(period: Period, date: string): string {
  if (period === 'month') return date.slice(0, 7);
  if (period === 'quarter')
    return `${date.slice(0, 4)}Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`;
  return date.slice(0, 4);
}

function periodsOf(period: Period, from: string, to: string): Array<{ from: string; to: string }> {
  const step = period === 'month' ? 1 : period === 'quarter' ? 3 : 12;
  const firstMonth = Number(from.slice(5, 7)) - 1;
  let start = `${from.slice(0, 4)}-${String(firstMonth - (firstMonth % step) + 1).padStart(2, '0')}-01`;
  const periods: Array<{ from: string; to: string }> = [];
  while (start < to) {
    const end = firstOfMonthsBack(start, -step);
    periods.push({ from: start, to: end });
    start = end;
  }
  return periods;
}

function dayIn(random: Random, from: string, to: string): string {
  return addDays(from, random.int(0, Math.max(0, daysBetween(from, to) - 1)));
}

/** Writes the meetings of the years before the demo's; returns how many. */
export async function seedMeetings(run: ScaleRun): Promise<{ meetings: number }> {
  const { snapshot, writer, ids } = run;
  const random = createRandom(run.seed ^ 0x3ee71e);
  const periodStart = firstOfMonthsBack(run.today, 59);
  // The demo's own year starts here (see the meetings demo): the scale years end the day before.
  const demoStart = firstOfMonthsBack(run.today, 12);

  const membersOf = new Map<string, ScaleMember[]>();
  for (const m of snapshot.members) {
    const list = membersOf.get(m.unitId);
    if (list) list.push(m);
    else membersOf.set(m.unitId, [m]);
  }
  const hostOf = (members: ScaleMember[]) =>
    [...members].sort(
      (a, b) =>
        Number(b.post === '书记') - Number(a.post === '书记') ||
        (a.joinedOn < b.joinedOn ? -1 : a.joinedOn > b.joinedOn ? 1 : 0) ||
        (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
    )[0]!.name;
  // A period the demo already covers for a branch (its first months straddle a quarter and the year).
  const existing = new Set(
    (
      await queryRows<{ unit_id: string; kind: string; held_on: string }>(
        run.tx,
        sql`select unit_id, kind, held_on::text as held_on from meetings where held_on >= ${`${demoStart.slice(0, 4)}-01-01`}::date`,
      )
    ).map((m) => `${m.unit_id}|${m.kind}|${periodKey(periodOfKind[m.kind] ?? 'month', m.held_on)}`),
  );
  const branches = snapshot.units.filter(
    (u) => (u.type === 'branch' || u.type === 'mobileTalentBranch') && (membersOf.get(u.id)?.length ?? 0) > 0,
  );

  // Each branch's planner adds its meetings of a stretch of time; the stages write a year at a time.
  const planners = branches.map((branch) => {
    const diligence = random.weighted(diligenceLevels);
    const members = membersOf.get(branch.id)!;
    const parentType = branch.parentId ? snapshot.unitById.get(branch.parentId)?.type : undefined;
    const places =
      demoMeetingPlaces[
        parentType === 'gacha' ? 'gacha' : parentType === 'community' ? 'community' : 'other'
      ];
    const host = hostOf(members);
    const groups = (snapshot.childrenOf.get(branch.id) ?? []).filter((u) => u.type === 'partyGroup');
    const established = new Date(branch.createdAt.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
    const from = laterDate(established, periodStart);
    const themeDay = random.int(5, 15);

    let planned: PlannedMeeting[] = [];
    const add = (kind: string, heldOn: string, unitId: string) => {
      const onRoll = members.filter(
        (m) => m.joinedOn <= heldOn && (kind !== 'committeeMeeting' || m.post !== null),
      );
      const counted = kind === 'groupMeeting' ? [] : onRoll;
      const rate = 0.75 + random.next() * 0.23;
      const attendees = counted.map((m): Attendee => {
        const present = random.chance(rate);
        return {
          memberId: m.id,
          category:
            m.category === 'full' && (m.fullOn === null || m.fullOn <= heldOn) ? 'full' : 'probationary',
          present,
          absenceReason: present ? null : random.pick(absenceReasons),
        };
      });
      const count = (category: string, presentOnly: boolean) =>
        attendees.filter((a) => a.category === category && (!presentOnly || a.present)).length;
      const expectedFull = count('full', false);
      const expectedProbationary = count('probationary', false);
      const presentFull = count('full', true);
      const presentProbationary = count('probationary', true);
      const roll = random.next();
      planned.push({
        id: '',
        branch,
        unitId,
        kind,
        heldOn,
        place: random.pick(places),
        host,
        topic: random.pick(topicsOf[kind] ?? ['组织生活']),
        expectedFull,
        expectedProbationary,
        presentFull,
        presentProbationary,
        quorumMet:
          kind === 'branchAssembly'
            ? presentFull * 2 > expectedFull
            : kind === 'committeeMeeting'
              ? (presentFull + presentProbationary) * 2 > expectedFull + expectedProbationary
              : null,
        attendees: kind === 'lifeMeeting' || kind === 'memberReview' ? attendees : null,
        review: roll < 0.96 ? 'approved' : roll < 0.99 ? 'returnedThenApproved' : 'pending',
      });
    };
    let rangeFrom = from;
    let rangeTo = demoStart;
    /** One meeting of a kind in a period, unless missed, covered by the demo or outside the range. */
    const hold = (
      kind: string,
      miss: number,
      choose: (from: string, to: string) => string | null,
      unitId = branch.id,
    ) => {
      for (const period of periodsOf(periodOfKind[kind]!, rangeFrom, rangeTo)) {
        if (random.chance(miss)) continue;
        const lo = laterDate(period.from, rangeFrom);
        const hi = earlierDate(period.to, rangeTo);
        if (lo >= hi || existing.has(`${unitId}|${kind}|${periodKey(periodOfKind[kind]!, lo)}`)) continue;
        const heldOn = choose(lo, hi);
        if (heldOn) add(kind, heldOn, unitId);
      }
    };
    const anyDay = (lo: string, hi: string) => dayIn(random, lo, hi);
    // Late in the year: between 20 November and 28 December, the 民主评议 a day or two after.
    // In the demo's first year only the days before the demo's start are left to it.
    const yearEnd = (lo: string, hi: string, offset: number) => {
      const start = `${lo.slice(0, 4)}-11-20`;
      const end = `${lo.slice(0, 4)}-12-30`;
      const first = laterDate(start, lo);
      const last = earlierDate(end, hi);
      if (first >= last) return null;
      const day = addDays(start, random.int(0, 38) + offset);
      return day >= first && day < last ? day : dayIn(random, first, last);
    };
    return (yearFrom: string, yearTo: string): PlannedMeeting[] => {
      rangeFrom = laterDate(from, yearFrom);
      rangeTo = earlierDate(demoStart, yearTo);
      planned = [];
      if (rangeFrom >= rangeTo) return planned;
      hold('committeeMeeting', diligence.missMonthly, anyDay);
      hold('themeDay', diligence.missMonthly, (lo, hi) => {
        const day = `${lo.slice(0, 8)}${String(themeDay + random.int(0, 3)).padStart(2, '0')}`;
        return day >= lo && day < hi ? day : dayIn(random, lo, hi);
      });
      for (const group of groups) hold('groupMeeting', diligence.missMonthly, anyDay, group.id);
      hold('branchAssembly', diligence.missQuarterly, anyDay);
      hold('partyLecture', diligence.missQuarterly, anyDay);
      hold('lifeMeeting', diligence.missYearly, (lo, hi) => yearEnd(lo, hi, 0));
      hold('memberReview', diligence.missYearly, (lo, hi) => yearEnd(lo, hi, random.int(0, 2)));
      return planned;
    };
  });

  const progress = new StageProgress(run.onProgress, 'meetings', 0);
  const rowsBefore = writer.rows;
  for (let year = Number(periodStart.slice(0, 4)); `${year}-01-01` < demoStart; year++) {
    const planned = planners.flatMap((plan) => plan(`${year}-01-01`, `${year + 1}-01-01`));
    planned.sort(
      (a, b) =>
        (a.heldOn < b.heldOn ? -1 : a.heldOn > b.heldOn ? 1 : 0) ||
        (a.branch.namePath < b.branch.namePath ? -1 : a.branch.namePath > b.branch.namePath ? 1 : 0) ||
        (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0),
    );
    for (const m of planned) m.id = ids.uuid(chinaTime(m.heldOn, 18).getTime());
    for (let i = 0; i < planned.length; i += CHUNK) {
      const chunk = planned.slice(i, i + CHUNK);
      await writeChunk(run, random, chunk);
      progress.done += chunk.length;
      progress.rows = writer.rows - rowsBefore;
      progress.report(chunk[chunk.length - 1]!.heldOn.slice(0, 7));
    }
  }
  await run.audit.settle();
  progress.rows = writer.rows - rowsBefore;
  progress.report('written', true);
  return { meetings: progress.done };
}

async function writeChunk(run: ScaleRun, random: Random, chunk: readonly PlannedMeeting[]): Promise<void> {
  const { writer, ids } = run;
  const meetingRows: object[] = [];
  const eventRows: object[] = [];
  const attendanceRows: object[] = [];
  const gradeRows: object[] = [];
  const itemRows: object[] = [];
  const audits: AuditDraft[] = [];
  for (const m of chunk) {
    const submitted = chinaTime(m.heldOn, 18);
    const at = (hours: number) => new Date(submitted.getTime() + hours * 3_600_000);
    const history: Array<{
      action: string;
      from: string | null;
      to: string;
      reason: string | null;
      actor: string;
      at: Date;
    }> = [{ action: 'submit', from: null, to: 'submitted', reason: null, actor: CLERK, at: submitted }];
    if (m.review === 'returnedThenApproved') {
      const reason = random.pick([
        '缺少会议照片和签到表，请补充后重新提交',
        '会议记录过于简单，请补充讨论内容',
      ]);
      history.push(
        { action: 'return', from: 'submitted', to: 'returned', reason, actor: REVIEWER, at: at(64) },
        {
          action: 'resubmit',
          from: 'returned',
          to: 'submitted',
          reason: null,
          actor: CLERK,
          at: at(64 + random.int(20, 120)),
        },
      );
    }
    if (m.review !== 'pending')
      history.push({
        action: 'approve',
        from: 'submitted',
        to: 'approved',
        reason: null,
        actor: REVIEWER,
        at: new Date(history[history.length - 1]!.at.getTime() + random.int(24, 72) * 3_600_000),
      });
    const last = history[history.length - 1]!;
    meetingRows.push({
      id: m.id,
      unit_id: m.unitId,
      banner_id: m.branch.bannerId,
      kind: m.kind,
      held_on: m.heldOn,
      place: m.place,
      host: m.host,
      topic: m.topic,
      expected_full: m.expectedFull,
      expected_probationary: m.expectedProbationary,
      present_full: m.presentFull,
      present_probationary: m.presentProbationary,
      quorum_met: m.quorumMet,
      status: last.to,
      status_reason: null,
      created_by_name: CLERK,
      created_at: submitted.toISOString(),
      updated_at: last.at.toISOString(),
    });
    for (const step of history) {
      eventRows.push({
        id: ids.uuid(step.at.getTime()),
        meeting_id: m.id,
        action: step.action,
        from_status: step.from,
        to_status: step.to,
        reason: step.reason,
        actor_name: step.actor,
        at: step.at.toISOString(),
      });
      const base = { at: step.at, actorName: step.actor, entity: 'meeting', entityId: m.id };
      if (step.action === 'submit')
        audits.push({
          ...base,
          action: 'create',
          after: {
            unitId: m.unitId,
            kind: m.kind,
            heldOn: m.heldOn,
            place: m.place,
            host: m.host,
            topic: m.topic,
            status: 'submitted',
            expectedFull: m.expectedFull,
            expectedProbationary: m.expectedProbationary,
            presentFull: m.presentFull,
            presentProbationary: m.presentProbationary,
            attendance: m.attendees?.length ?? 0,
            attachments: [],
          },
        });
      else
        audits.push({
          ...base,
          action: step.action,
          before: { status: step.from },
          after: { status: step.to, reason: step.reason },
        });
    }
    for (const a of m.attendees ?? [])
      attendanceRows.push({
        id: ids.uuid(submitted.getTime()),
        meeting_id: m.id,
        member_id: a.memberId,
        category: a.category,
        present: a.present,
        absence_reason: a.absenceReason,
      });
    if (m.kind === 'memberReview' && m.review !== 'pending')
      for (const a of m.attendees ?? []) {
        const roll = random.int(0, 999);
        gradeRows.push({
          id: ids.uuid(last.at.getTime()),
          meeting_id: m.id,
          member_id: a.memberId,
          grade:
            roll < 150
              ? 'excellent'
              : roll < 970
                ? 'qualified'
                : roll < 996
                  ? 'basicallyQualified'
                  : 'unqualified',
          created_at: last.at.toISOString(),
          updated_at: last.at.toISOString(),
        });
      }
    if (m.kind === 'lifeMeeting' && m.review !== 'pending') {
      const topics = random.shuffle(rectificationTopics).slice(0, random.int(2, 3));
      for (const description of topics) {
        const dueOn = addDays(m.heldOn, random.int(60, 120));
        const done = random.chance(0.97);
        const completedOn = done ? addDays(dueOn, -random.int(0, 40)) : null;
        const createdAt = chinaTime(addDays(m.heldOn, 1), 10);
        const id = ids.uuid(createdAt.getTime());
        const finished = completedOn ? chinaTime(completedOn, 16) : null;
        itemRows.push({
          id,
          meeting_id: m.id,
          description,
          responsible: m.host,
          due_on: dueOn,
          status: done ? 'done' : 'inProgress',
          completion_note: done ? '已按整改措施落实，经支委会验收' : null,
          completed_on: completedOn,
          created_at: createdAt.toISOString(),
          updated_at: (finished ?? createdAt).toISOString(),
        });
        audits.push({
          at: createdAt,
          actorName: CLERK,
          entity: 'rectificationItem',
          entityId: id,
          action: 'create',
          after: { meetingId: m.id, description, responsible: m.host, dueOn, status: 'open' },
        });
        if (finished)
          audits.push({
            at: finished,
            actorName: CLERK,
            entity: 'rectificationItem',
            entityId: id,
            action: 'update',
            before: { status: 'open' },
            after: { status: 'done', completedOn },
          });
      }
    }
  }
  await writer.insert('meetings', meetingColumns, meetingRows);
  await writer.insert('meeting_events', meetingEventColumns, eventRows);
  await writer.insert('meeting_attendance', attendanceColumns, attendanceRows);
  await writer.insert('member_review_grades', gradeColumns, gradeRows);
  await writer.insert('rectification_items', rectificationColumns, itemRows);
  await run.audit.write(audits);
}

const meetingColumns = {
  id: 'uuid',
  unit_id: 'uuid',
  banner_id: 'uuid',
  kind: 'text',
  held_on: 'date',
  place: 'text',
  host: 'text',
  topic: 'text',
  expected_full: 'integer',
  expected_probationary: 'integer',
  present_full: 'integer',
  present_probationary: 'integer',
  quorum_met: 'boolean',
  status: 'text',
  status_reason: 'text',
  created_by_name: 'text',
  created_at: 'timestamptz',
  updated_at: 'timestamptz',
} as const;

const meetingEventColumns = {
  id: 'uuid',
  meeting_id: 'uuid',
  action: 'text',
  from_status: 'text',
  to_status: 'text',
  reason: 'text',
  actor_name: 'text',
  at: 'timestamptz',
} as const;

const attendanceColumns = {
  id: 'uuid',
  meeting_id: 'uuid',
  member_id: 'uuid',
  category: 'text',
  present: 'boolean',
  absence_reason: 'text',
} as const;

const gradeColumns = {
  id: 'uuid',
  meeting_id: 'uuid',
  member_id: 'uuid',
  grade: 'text',
  created_at: 'timestamptz',
  updated_at: 'timestamptz',
} as const;

const rectificationColumns = {
  id: 'uuid',
  meeting_id: 'uuid',
  description: 'text',
  responsible: 'text',
  due_on: 'date',
  status: 'text',
  completion_note: 'text',
  completed_on: 'date',
  created_at: 'timestamptz',
  updated_at: 'timestamptz',
} as const;
