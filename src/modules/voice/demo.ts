// Demo 三问 items: a year of 问计, 问需 and 问政 from residents of the demo banner, in every state, routed
// to its 苏木镇 and agencies, some replies published. Each item lives through the case engine's own
// pure state machine, so its clocks and timeline are exactly what real use would produce.
import { randomUUID } from 'node:crypto';
import {
  type CaseClocks,
  caseEvents,
  cases,
  initialClocks,
  loadCalendar,
  newTrackingCode,
  planTransition,
  startOfChinaDay,
} from '../../platform/cases';
import type { Tx } from '../../platform/db';
import type { DemoContext } from '../../demo/context';
import { createRandom, type Random } from '../../demo/random';
import { maskPhone } from '../people';
import { voicePublications } from './schema';
import { VOICE_ITEM_TYPE, type VoiceKind, voiceItemType } from './type';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const BATCH = 500;

/** Titles of demo 三问 items by kind (the scale seeder draws on them too). */
export const demoVoiceTitles: Record<VoiceKind, readonly string[]> = {
  idea: [
    '建议在嘎查文化广场增设健身器材',
    '建议开通苏木到旗里的早班客车',
    '建议开设牧民电商直播培训班',
    '建议冬季为独居老人送煤上门',
    '关于发展嘎查集体经济的建议',
    '建议党群服务中心周末也开放',
  ],
  need: [
    '希望解决冬季饮水管道冻裂问题',
    '希望改善牧点的手机信号覆盖',
    '希望组织兽医定期到牧点巡诊',
    '申请修缮通往牧点的砂石路',
    '希望社区增设老年助餐点',
    '孩子上学路远，希望增加校车班次',
  ],
  question: [
    '草原生态补奖资金什么时候发放',
    '今年禁牧休牧时间怎么安排',
    '城乡居民医保缴费标准是多少',
    '嘎查集体收益如何分配',
    '农村危房改造补助怎么申请',
    '高龄津贴的申领条件是什么',
  ],
};

type Fate = 'submitted' | 'handling' | 'replied' | 'rated' | 'closedByStaff' | 'rejected' | 'reopened';
const FATES: Fate[] = ['submitted', 'handling', 'replied', 'rated', 'closedByStaff', 'rejected', 'reopened'];

interface DemoEvent {
  action: string;
  from: string;
  to: string;
  unitId: string;
  at: Date;
  note: string | null;
  actorName: string;
  payload: Record<string, unknown>;
}

/** Runs one item through its fate with the engine's state machine, stopping at today. */
function liveThrough(
  fate: Fate,
  random: Random,
  clocksIn: CaseClocks,
  today: Date,
  target: { id: string; name: string },
  calendar: Awaited<ReturnType<typeof loadCalendar>>,
) {
  let clocks = clocksIn;
  let at = clocksIn.createdAt;
  let stopped = false;
  const events: DemoEvent[] = [];
  const step = (
    action: string,
    hours: number,
    input: Parameters<typeof planTransition>[2],
    actor: string,
  ) => {
    const next = new Date(at.getTime() + hours * HOUR);
    if (stopped || next > today) {
      stopped = true;
      return;
    }
    const fromUnit = clocks.unitId;
    const plan = planTransition(voiceItemType, clocks, input, next, calendar);
    events.push({
      action,
      from: plan.from,
      to: plan.to,
      unitId: plan.next.unitId,
      at: next,
      note: input.note ?? null,
      actorName: actor,
      payload: {
        ...(plan.next.unitId !== fromUnit && { fromUnitId: fromUnit, toUnitId: plan.next.unitId }),
        ...(input.rating && { rating: plan.next.rating, reasons: plan.next.ratingReasons }),
        ...(plan.reopened && { reopened: true }),
      },
    });
    clocks = plan.next;
    at = next;
  };
  if (fate === 'submitted') return { clocks, events };
  if (fate === 'rejected') {
    step(
      'reject',
      random.int(3, 40),
      { action: 'reject', note: '该事项属于司法程序处理范围，请通过法律途径解决' },
      '旗委组织部',
    );
    return { clocks, events };
  }
  step('route', random.int(2, 60), { action: 'route', unitId: target.id, note: '请研究答复' }, '旗委组织部');
  if (fate === 'handling') return { clocks, events };
  const reply = `${target.name}答复：已收到您的意见，经研究，我们已安排专人落实，预计本月内办理完毕，感谢您的关心和支持。`;
  step('reply', random.int(24, 24 * 18), { action: 'reply', note: reply }, `${target.name}经办人`);
  if (fate === 'replied') return { clocks, events };
  if (fate === 'closedByStaff') {
    step(
      'close',
      random.int(24 * 7, 24 * 10),
      { action: 'close', note: '群众逾期未评价，按期办结' },
      '旗委组织部',
    );
    return { clocks, events };
  }
  if (fate === 'reopened') {
    step(
      'rate',
      random.int(6, 72),
      { action: 'rate', rating: { score: 2, reasons: ['notSolved'] }, note: '答复后问题仍没有解决' },
      '群众',
    );
    step(
      'reply',
      random.int(48, 24 * 8),
      { action: 'reply', note: `${reply}（已再次核实并解决）` },
      `${target.name}经办人`,
    );
  }
  const score = random.weighted<number>([
    [5, 60],
    [4, 25],
    [3, 10],
    [2, 5],
  ]);
  const reasons = score >= 4 ? [random.pick(['timely', 'helpful', 'attitude'])] : ['slow'];
  step('rate', random.int(6, 96), { action: 'rate', rating: { score, reasons } }, '群众');
  return { clocks, events };
}

/** Loads the demo 三问 items (after the centres): every kind in every state, some replies published. */
export async function loadVoiceDemo(tx: Tx, demo: DemoContext): Promise<Record<string, number>> {
  const random = createRandom(demo.seed ^ 0x5e1c3a11);
  const root =
    demo.units.find((u) => u.type === 'banner') ?? demo.units.find((u) => u.id === demo.rootUnitId)!;
  const townships = demo.units.filter((u) => u.type === 'sumu' || u.type === 'town');
  const villages = demo.units.filter((u) => u.type === 'gacha' || u.type === 'community');
  const agencies = demo.units.filter((u) => u.type === 'agency' && u.parentId === root.id);
  const targets = [...townships, ...townships, ...agencies];
  if (targets.length === 0) return { voiceItems: 0 };
  const calendar = await loadCalendar(tx);
  const today = new Date(startOfChinaDay(demo.today).getTime() + 10 * HOUR);
  const perKind = demo.size === 'small' ? 24 : 80;
  const caseRows: Array<typeof cases.$inferInsert> = [];
  const eventRows: Array<typeof caseEvents.$inferInsert> = [];
  const publicationRows: Array<typeof voicePublications.$inferInsert> = [];
  for (const kind of ['idea', 'need', 'question'] as const) {
    for (let n = 0; n < perKind; n++) {
      // The first items of each kind take every fate once, so even the small demo shows each state.
      const fate =
        n < FATES.length
          ? FATES[n]!
          : random.weighted<Fate>([
              ['rated', 50],
              ['closedByStaff', 8],
              ['replied', 10],
              ['handling', 12],
              ['submitted', 6],
              ['rejected', 5],
              ['reopened', 9],
            ]);
      const open = fate === 'submitted' || fate === 'handling';
      const created = new Date(
        today.getTime() - (open ? random.int(0, 20) : random.int(25, 360)) * DAY - random.int(1, 9) * HOUR,
      );
      const area = villages.length > 0 ? random.pick(villages) : null;
      const target = random.pick(targets);
      const { clocks, events } = liveThrough(
        fate,
        random,
        initialClocks(voiceItemType, root.id, created, calendar),
        today,
        target,
        calendar,
      );
      const id = randomUUID();
      const phone = `13${random.int(5, 9)}${random.int(10000000, 99999999)}`;
      const title = random.pick(demoVoiceTitles[kind]);
      const consent = random.chance(0.6);
      caseRows.push({
        id,
        bannerId: root.bannerId,
        type: VOICE_ITEM_TYPE,
        code: newTrackingCode(),
        unitId: clocks.unitId,
        state: clocks.state,
        submitterName: random.chance(0.7)
          ? random.pick(['王女士', '李大爷', '其木格', '张先生', '巴图', '乌云'])
          : null,
        submitterIndex: demo.cipher.blindIndex(phone),
        submitterContactCipher: demo.cipher.encrypt(phone),
        submitterContactMasked: maskPhone(phone),
        title,
        description: `${area ? `我是${area.name}的居民，` : ''}${title}。${kind === 'question' ? '想了解具体政策。' : '请有关部门研究解决。'}`,
        category: kind,
        details: {
          kind,
          consentToPublish: consent,
          source: 'portal',
          ...(area && { areaUnitId: area.id, areaName: area.name }),
        },
        version: events.length + 1,
        acceptBy: clocks.acceptBy,
        acceptedAt: clocks.acceptedAt,
        closeClockStart: clocks.closeClockStart,
        closeBy: clocks.closeBy,
        closedAt: clocks.closedAt,
        pausedSince: clocks.pausedSince,
        pauses: [],
        cycle: clocks.cycle,
        rating: clocks.rating,
        ratingReasons: clocks.ratingReasons,
        ratedAt: clocks.ratedAt,
        reopenedCount: clocks.reopenedCount,
        createdAt: created,
        updatedAt: events.at(-1)?.at ?? created,
      });
      eventRows.push(
        {
          caseId: id,
          action: 'create',
          fromState: null,
          toState: 'submitted',
          unitId: root.id,
          actorName: '群众',
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
          payload: e.payload,
        })),
      );
      const lastReply = events.filter((e) => e.action === 'reply').at(-1);
      if (
        consent &&
        lastReply &&
        (clocks.state === 'closed' || clocks.state === 'replied') &&
        random.chance(0.6)
      )
        publicationRows.push({
          caseId: id,
          kind,
          title,
          question: `${title}。`,
          reply: lastReply.note ?? '',
          unitId: clocks.unitId,
          publishedAt: new Date(lastReply.at.getTime() + 2 * HOUR),
        });
    }
  }
  for (let i = 0; i < caseRows.length; i += BATCH)
    await tx.insert(cases).values(caseRows.slice(i, i + BATCH));
  for (let i = 0; i < eventRows.length; i += BATCH)
    await tx.insert(caseEvents).values(eventRows.slice(i, i + BATCH));
  if (publicationRows.length > 0) await tx.insert(voicePublications).values(publicationRows);
  return { voiceItems: caseRows.length, voicePublications: publicationRows.length };
}
