// Demo data of the grid module: grids for every 嘎查/社区 with plausible, non-overlapping boundaries
// laid out township by township around the demo banner, a grid worker each, and a year of events in
// every state. Events are lived through the case engine's pure state machine (the same clocks and
// rules as the running app) and written in bulk, so loading stays fast.
import { createHash, randomUUID } from 'node:crypto';
import { inArray } from 'drizzle-orm';
import type { DemoContext, DemoUnitRef } from '../../demo/context';
import { createRandom, type Random } from '../../demo/random';
import {
  type CaseClocks,
  caseEvents,
  cases,
  dueEscalation,
  initialClocks,
  loadCalendar,
  newTrackingCode,
  planTransition,
} from '../../platform/cases';
import type { Tx } from '../../platform/db';
import { storedFiles } from '../../platform/files';
import { maskPhone, people } from '../people';
import { defaultEventCategories } from './events/categories';
import { GRID_EVENT_TYPE, gridEventType } from './events/type';
import { loadPatrolDemo } from './demoPatrols';
import { loadGridWorkDemo } from './demoWork';
import { centreOf, boxOf } from './geo';
import { type GridBoundary, gridEvents, grids, gridWorkers } from './schema';

const BATCH = 500;
const DAY = 86_400_000;

/** The smallest valid PNG (1×1), standing in for the photos handlers attach to replies. */
const DEMO_PHOTO = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/** A slightly irregular quadrilateral inside the cell [lng, lng+w] × [lat, lat+h]. */
function plot(random: Random, lng: number, lat: number, w: number, h: number): GridBoundary {
  const j = () => (random.next() - 0.5) * Math.min(w, h) * 0.12;
  const ring = [
    [lng + w * 0.06 + j(), lat + h * 0.06 + j()],
    [lng + w * 0.94 + j(), lat + h * 0.06 + j()],
    [lng + w * 0.94 + j(), lat + h * 0.94 + j()],
    [lng + w * 0.06 + j(), lat + h * 0.94 + j()],
  ].map(([x, y]) => [Math.round(x! * 1e6) / 1e6, Math.round(y! * 1e6) / 1e6]);
  return { type: 'Polygon', coordinates: [[...ring, ring[0]!]] };
}

const titles: Record<string, string[]> = {
  dispute: ['邻里因排水发生争执', '草场边界纠纷', '拖欠务工工资'],
  safety: ['楼道堆放杂物', '电动车楼内充电', '燃气管道老化', '危房需要排查'],
  environment: ['垃圾点满溢', '生活污水外排', '畜禽粪污乱堆'],
  infrastructure: ['路灯不亮', '道路塌陷', '自来水停水', '桥梁护栏损坏'],
  livelihood: ['独居老人需要照护', '困难家庭申请救助', '适龄儿童入学咨询'],
  order: ['发现可疑人员', '老人接到诈骗电话'],
  pasture: ['禁牧期有人放牧', '草原被车辆碾压'],
  other: ['群众反映其他问题'],
};

interface Actors {
  village: string;
  department: DemoUnitRef;
}

/** One event's life: actions in order with their times; returns the events written. */
const FATES = ['closed', 'replied', 'handling', 'waiting', 'submitted', 'rejected', 'reopened'] as const;
type Fate = (typeof FATES)[number];

function liveThrough(
  fate: Fate,
  random: Random,
  start: Date,
  today: Date,
  clocksIn: CaseClocks,
  actors: Actors,
  photoId: string,
  calendar: Awaited<ReturnType<typeof loadCalendar>>,
) {
  let clocks = clocksIn;
  const events: Array<{
    action: string;
    from: string;
    to: string;
    unitId: string;
    at: Date;
    note: string | null;
    attachmentIds: string[];
    actorName: string;
    payload: Record<string, unknown>;
    level?: number;
    cycle?: number;
  }> = [];
  let at = start;
  let stopped = false;
  const step = (
    action: string,
    hours: number,
    input: Parameters<typeof planTransition>[2],
    actorName: string,
  ) => {
    // The life stops at today: a step that would happen later, and everything after it, never happens.
    const next = new Date(at.getTime() + hours * 3_600_000);
    if (stopped || next > today) {
      stopped = true;
      return false;
    }
    const plan = planTransition(gridEventType, clocks, input, next, calendar);
    events.push({
      action,
      from: plan.from,
      to: plan.to,
      unitId: plan.next.unitId,
      at: next,
      note: input.note ?? null,
      attachmentIds: [...(input.attachmentIds ?? [])],
      actorName,
      payload: input.rating ? { rating: input.rating } : {},
    });
    clocks = plan.next;
    at = next;
    return true;
  };
  const slow = random.chance(0.15);
  const late = (base: number) => (slow ? base * 4 : base);
  if (fate === 'submitted') {
    // Not yet accepted: nothing has happened since intake.
  } else if (fate === 'rejected') {
    step(
      'reject',
      random.int(1, 20),
      { action: 'reject', note: '不属于网格事件受理范围，已告知群众向相关部门反映' },
      actors.village,
    );
  } else {
    step('accept', random.int(1, slow ? 40 : 20), { action: 'accept' }, actors.village);
    const dispatched = random.chance(0.45);
    if (dispatched)
      step(
        'dispatch',
        random.int(2, 24),
        { action: 'dispatch', unitId: actors.department.id, note: '请按职责办理' },
        '旗网格化服务管理中心',
      );
    const handlerName = dispatched ? `${actors.department.name}经办人` : actors.village;
    if (fate === 'waiting') {
      step(
        'pause',
        random.int(4, 30),
        { action: 'pause', note: '需群众补充现场照片和具体位置' },
        handlerName,
      );
    } else if (fate !== 'handling') {
      const replied = step(
        'reply',
        late(random.int(12, 90)),
        { action: 'reply', note: '已到现场核实并处理完毕，处理前后照片见附件', attachmentIds: [photoId] },
        handlerName,
      );
      if (replied && (fate === 'closed' || fate === 'reopened')) {
        const notSolved = fate === 'reopened';
        step(
          'rate',
          random.int(6, 72),
          {
            action: 'rate',
            note: notSolved ? '问题又出现了，请再处理' : null,
            rating: notSolved
              ? { score: random.int(1, 2), reasons: ['notSolved'] }
              : {
                  score: random.weighted([
                    [5, 60],
                    [4, 28],
                    [3, 9],
                    [2, 3],
                  ] as const),
                  reasons: [random.pick(['solved', 'fast', 'attitude'])],
                },
          },
          '群众',
        );
      }
    }
  }
  // Overdue events climb the escalation ladder, as the hourly tick would have done.
  for (let guard = 0; guard < gridEventType.escalationLadder.length; guard++) {
    const due = dueEscalation(gridEventType, clocks, today, calendar);
    if (!due) break;
    clocks = { ...clocks, escalationLevel: due.level };
    events.push({
      action: 'escalate',
      from: clocks.state,
      to: clocks.state,
      unitId: clocks.unitId,
      at: today,
      note: `超期未办结，升级至${due.name}`,
      attachmentIds: [],
      actorName: '系统',
      payload: {},
      level: due.level,
      cycle: clocks.cycle,
    });
  }
  return { clocks, events };
}

export async function loadGridDemo(tx: Tx, demo: DemoContext): Promise<Record<string, number>> {
  const random = createRandom(demo.seed ^ 0x6121d0);
  const byParent = new Map<string, DemoUnitRef[]>();
  for (const unit of demo.units)
    if (unit.parentId) byParent.set(unit.parentId, [...(byParent.get(unit.parentId) ?? []), unit]);
  const townships = demo.units.filter((u) => u.type === 'sumu' || u.type === 'town');
  const departments = demo.units.filter((u) => u.type === 'agency' && u.parentId === demo.rootUnitId);
  const fallbackDepartment = departments[0] ?? demo.units.find((u) => u.id === demo.rootUnitId)!;

  // ---- grids: townships on a 4-wide layout, their villages in 0.06° × 0.05° cells, 2–3 grids each ----
  const gridRows: Array<typeof grids.$inferInsert> = [];
  townships.forEach((town, t) => {
    const villages = (byParent.get(town.id) ?? []).filter(
      (u) => u.type === 'gacha' || u.type === 'community',
    );
    const baseLng = 110.9 + (t % 4) * 0.36;
    const baseLat = 40.45 + Math.floor(t / 4) * 0.32;
    villages.forEach((village, v) => {
      const cellLng = baseLng + (v % 5) * 0.066;
      const cellLat = baseLat + Math.floor(v / 5) * 0.055;
      const count = village.type === 'community' ? 3 : random.int(2, 3);
      for (let g = 0; g < count; g++) {
        const boundary = plot(random, cellLng + g * 0.02, cellLat, 0.02, 0.045);
        const centre = centreOf(boundary);
        const code = `G${String(t + 1).padStart(2, '0')}${String(v + 1).padStart(2, '0')}-${String(g + 1).padStart(2, '0')}`;
        gridRows.push({
          id: randomUUID(),
          bannerId: village.bannerId,
          unitId: village.id,
          name: `第${'一二三四五'[g]}网格`,
          code,
          networkCodes: [
            { network: '综治网格', code: `ZZ${code.slice(1)}` },
            ...(village.type === 'community' ? [{ network: '城管网格', code: `CG${code.slice(1)}` }] : []),
          ],
          boundary,
          centerLat: centre.lat,
          centerLng: centre.lng,
          ...boxOf(boundary),
          description: village.type === 'community' ? '城镇社区网格' : '农牧区网格（含周边草场）',
        });
      }
    });
  });
  for (let i = 0; i < gridRows.length; i += BATCH)
    await tx.insert(grids).values(gridRows.slice(i, i + BATCH));

  // ---- a worker per grid, from the people of the grid's 嘎查/社区 ----
  const unitIds = [...new Set(gridRows.map((g) => g.unitId))];
  const residents = await tx
    .select({ id: people.id, unitId: people.unitId })
    .from(people)
    .where(inArray(people.unitId, unitIds));
  const byUnit = new Map<string, string[]>();
  for (const r of residents) byUnit.set(r.unitId, [...(byUnit.get(r.unitId) ?? []), r.id]);
  const workerRows: Array<typeof gridWorkers.$inferInsert> = [];
  const used = new Set<string>();
  for (const grid of gridRows) {
    const candidate = (byUnit.get(grid.unitId) ?? []).find((id) => !used.has(id));
    if (!candidate || random.chance(0.06)) continue; // a few grids still wait for a worker
    used.add(candidate);
    workerRows.push({
      gridId: grid.id!,
      personId: candidate,
      kind: random.chance(0.8) ? 'fullTime' : 'partTime',
      phone: `13${random.int(100000000, 999999999)}`,
    });
  }
  for (let i = 0; i < workerRows.length; i += BATCH)
    await tx.insert(gridWorkers).values(workerRows.slice(i, i + BATCH));

  // ---- a year of events ----
  const calendar = await loadCalendar(tx);
  // Events happen before 08:00 of the demo's today, so none is dated later than the first start.
  const today = new Date(`${demo.today}T08:00:00+08:00`);
  const photos = new Map<string, string>();
  const photoFor = async (unitId: string) => {
    if (!photos.has(unitId)) {
      const [row] = await tx
        .insert(storedFiles)
        .values({
          unitId,
          name: '处理结果.png',
          mime: 'image/png',
          size: DEMO_PHOTO.length,
          sha256: createHash('sha256').update(DEMO_PHOTO).digest('hex'),
          content: DEMO_PHOTO,
        })
        .returning({ id: storedFiles.id });
      photos.set(unitId, row!.id);
    }
    return photos.get(unitId)!;
  };
  const caseRows: Array<typeof cases.$inferInsert> = [];
  const eventRows: Array<typeof caseEvents.$inferInsert> = [];
  const gridEventRows: Array<typeof gridEvents.$inferInsert> = [];
  const unitName = new Map(demo.units.map((u) => [u.id, u.name]));
  const perGrid = demo.size === 'small' ? 2 : 5;
  for (const [index, grid] of gridRows.entries()) {
    const previous: Array<{ id: string; title: string; at: Date; chain: string }> = [];
    for (let n = 0; n < perGrid; n++) {
      const top = random.pick(defaultEventCategories);
      const child = top.children.length > 0 ? random.pick(top.children)[0] : top.key;
      // About one grid in nine sees the same matter reported again: a repeat linked into a chain.
      const repeatOf =
        previous.length > 0 && (index % 9 === 0 || random.chance(0.05)) ? random.pick(previous) : null;
      const title = repeatOf?.title ?? random.pick(titles[top.key] ?? titles.other!);
      // The first few events take every fate once, so even the small demo shows each state.
      const fate =
        caseRows.length < FATES.length
          ? FATES[caseRows.length]!
          : random.weighted<Fate>([
              ['closed', 58],
              ['replied', 8],
              ['handling', 12],
              ['waiting', 4],
              ['submitted', 6],
              ['rejected', 5],
              ['reopened', 7],
            ]);
      // Open events are recent (some already past their deadline); settled ones spread over the year.
      const open = fate === 'handling' || fate === 'waiting' || fate === 'submitted';
      const daysAgo = open ? random.int(0, 16) : random.int(8, 364);
      const created = repeatOf
        ? new Date(Math.min(today.getTime() - DAY, repeatOf.at.getTime() + random.int(2, 20) * DAY))
        : new Date(today.getTime() - daysAgo * DAY - random.int(0, 10) * 3_600_000);
      const department = random.pick(departments.length > 0 ? departments : [fallbackDepartment]);
      const photoUnit = department.id;
      const clocks0 = initialClocks(gridEventType, grid.unitId, created, calendar);
      const { clocks, events } = liveThrough(
        fate,
        random,
        created,
        today,
        clocks0,
        { village: unitName.get(grid.unitId) ?? '嘎查', department },
        await photoFor(photoUnit),
        calendar,
      );
      // Replies by the village itself attach a photo of the village's own.
      for (const e of events) if (e.action === 'reply') e.attachmentIds = [await photoFor(e.unitId)];
      const id = randomUUID();
      const phone = random.chance(0.5) ? `139${random.int(10000000, 99999999)}` : null;
      const lat = grid.centerLat! + (random.next() - 0.5) * 0.01;
      const lng = grid.centerLng! + (random.next() - 0.5) * 0.006;
      caseRows.push({
        id,
        bannerId: grid.bannerId,
        type: GRID_EVENT_TYPE,
        code: newTrackingCode(),
        unitId: clocks.unitId,
        state: clocks.state,
        submitterName: phone ? random.pick(['王女士', '李大爷', '其木格', '张先生', '巴图']) : null,
        submitterIndex: phone ? demo.cipher.blindIndex(phone) : null,
        submitterContactCipher: phone ? demo.cipher.encrypt(phone) : null,
        submitterContactMasked: phone ? maskPhone(phone) : null,
        title,
        description: `${grid.name}网格员巡查发现：${title}，请及时处理。`,
        category: child,
        lat,
        lng,
        details: { gridId: grid.id, gridName: grid.name, source: phone ? 'portal' : 'gridWorker' },
        version: events.length + 1,
        acceptBy: clocks.acceptBy,
        acceptedAt: clocks.acceptedAt,
        closeClockStart: clocks.closeClockStart,
        closeBy: clocks.closeBy,
        closedAt: clocks.closedAt,
        pausedSince: clocks.pausedSince,
        pauses: clocks.pauses.map((p) => ({ from: p.from.toISOString(), to: p.to.toISOString() })),
        extended: clocks.extended,
        escalationLevel: clocks.escalationLevel,
        cycle: clocks.cycle,
        rating: clocks.rating,
        ratingReasons: clocks.ratingReasons,
        ratedAt: clocks.ratedAt,
        reopenedCount: clocks.reopenedCount,
        repeatOfId: repeatOf?.id ?? null,
        chainId: repeatOf ? repeatOf.chain : null,
        createdAt: created,
        updatedAt: events.at(-1)?.at ?? created,
      });
      eventRows.push(
        {
          caseId: id,
          action: 'create',
          fromState: null,
          toState: 'submitted',
          unitId: grid.unitId,
          actorName: phone ? '群众' : '网格员',
          at: created,
        },
        ...events.map((e) => ({
          caseId: id,
          action: e.action,
          fromState: e.from,
          toState: e.to,
          unitId: e.unitId,
          actorName: e.actorName,
          at: e.at,
          note: e.note,
          attachmentIds: e.attachmentIds,
          payload: e.payload,
          escalationCycle: e.level ? e.cycle : null,
          escalationLevel: e.level ?? null,
        })),
      );
      gridEventRows.push({
        caseId: id,
        gridId: grid.id!,
        categoryKey: child,
        source: phone ? 'portal' : 'gridWorker',
        reporterKey: phone ? 'portal' : 'demo',
        // Most reports come within hours, some a day or two late (reporting timeliness); no random draw,
        // so the rest of the demo stays as it was.
        occurredAt: new Date(created.getTime() - ((caseRows.length * 7) % 40) * 3_600_000 - 1_800_000),
        createdAt: created,
      });
      previous.push({ id, title, at: created, chain: repeatOf?.chain ?? id });
      if (repeatOf) {
        const first = caseRows.find((c) => c.id === repeatOf.id);
        if (first && !first.chainId) first.chainId = repeatOf.chain;
      }
    }
  }
  for (let i = 0; i < caseRows.length; i += BATCH)
    await tx.insert(cases).values(caseRows.slice(i, i + BATCH));
  for (let i = 0; i < gridEventRows.length; i += BATCH)
    await tx.insert(gridEvents).values(gridEventRows.slice(i, i + BATCH));
  for (let i = 0; i < eventRows.length; i += BATCH)
    await tx.insert(caseEvents).values(eventRows.slice(i, i + BATCH));
  const work = await loadGridWorkDemo(tx, demo, gridRows);
  const patrolled = await loadPatrolDemo(tx, demo, gridRows, workerRows);
  return {
    grids: gridRows.length,
    gridWorkers: workerRows.length,
    gridEvents: caseRows.length,
    ...work,
    ...patrolled,
  };
}
