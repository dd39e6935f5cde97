// 三问 items at scale: five years of 问计, 问需 and 问政 from each banner's residents, routed by the
// banner to its 苏木镇 and departments, each lived through the case engine — rejected, routed, rerouted,
// returned by the unit and routed again, replied on time or late, sent back for a better answer, rated
// (a "not solved" rating reopens it) or closed unrated, escalated while overdue — and some replies
// published with the resident's consent.
import { VOICE_ITEM_TYPE, type VoiceKind, voiceItemType } from '../../modules/voice';
import { apportion, createRandom } from '../random';
import type { AuditDraft } from './audit';
import {
  type CaseFacts,
  caseAuditDrafts,
  caseColumns,
  caseEventColumns,
  caseEventRows,
  caseRow,
} from './cases';
import { CaseLife } from './life';
import { StageProgress } from './progress';
import { residentPool } from './residents';
import type { ScaleRun } from './run';
import { existingCases, type ScaleUnit } from './snapshot';
import { chinaTime, firstOfMonthsBack, monthSpans } from './time';
import { voiceTitles } from './words';

const HOUR = 3_600_000;
const DAY = 86_400_000;
const CHUNK = 5000;

/** 三问 items per banner over the five years, per demo size. */
export const voicePerBanner = { banner: 3000, small: 150 } as const;

const publicationColumns = {
  id: 'uuid',
  case_id: 'uuid',
  kind: 'text',
  title: 'text',
  question: 'text',
  reply: 'text',
  unit_id: 'uuid',
  published_at: 'timestamptz',
} as const;

interface VoiceDraft {
  facts: CaseFacts;
  life: CaseLife;
  kind: VoiceKind;
  /** Who routes the banner's items (its 组织部): also who publishes replies. */
  router: string;
  publication: { reply: string; at: Date } | null;
}

/** Tops each banner's 三问 items up to its share; returns how many were added. */
export async function seedVoiceItems(run: ScaleRun): Promise<{ voiceItems: number }> {
  const { snapshot, writer, ids } = run;
  const random = createRandom(run.seed ^ 0x5e1ce);
  const spans = monthSpans(firstOfMonthsBack(run.today, 59), run.today);
  const weights = spans.map((s, i) => s.days * (0.5 + i / spans.length));
  const pathOf = (unitId: string) => snapshot.unitById.get(unitId)?.path ?? `/${unitId}/`;
  const plans = snapshot.banners.flatMap((banner) => {
    const children = snapshot.childrenOf.get(banner.id) ?? [];
    const townships = children.filter((u) => u.type === 'sumu' || u.type === 'town');
    const agencies = children.filter((u) => u.type === 'agency');
    const targets = [...townships, ...townships, ...agencies];
    if (targets.length === 0) return [];
    const wanted = Math.max(
      0,
      voicePerBanner[run.size] - existingCases(snapshot, VOICE_ITEM_TYPE, banner.id),
    );
    return [
      {
        banner,
        targets,
        villages: townships.flatMap((t) =>
          (snapshot.childrenOf.get(t.id) ?? []).filter((u) => u.type === 'gacha' || u.type === 'community'),
        ),
        router: agencies.find((a) => a.name.includes('组织部'))?.name ?? `${banner.name}委组织部`,
        residents: residentPool(random, run.cipher, Math.max(20, Math.ceil(wanted / 3))),
        perMonth: apportion(wanted, weights),
      },
    ];
  });

  const draft = (plan: (typeof plans)[number], created: Date): VoiceDraft => {
    const { banner, targets, villages, router, residents } = plan;
    const kind = random.pick(['idea', 'need', 'question'] as const);
    const title = random.pick(voiceTitles[kind]);
    const resident = random.pick(residents);
    const area = villages.length > 0 ? random.pick(villages) : null;
    const target = random.pick(targets);
    const consent = random.chance(0.6);
    const facts: CaseFacts = {
      id: ids.uuid(created.getTime()),
      bannerId: banner.id,
      type: VOICE_ITEM_TYPE,
      code: ids.trackingCode(),
      title,
      description: `${area ? `我是${area.name}的居民，` : ''}${title}。${kind === 'question' ? '想了解具体政策。' : '请有关部门研究解决。'}`,
      category: kind,
      submitter: {
        name: random.chance(0.7) ? resident.calledAs : null,
        index: resident.index,
        cipher: resident.cipher,
        masked: resident.masked,
      },
      lat: null,
      lng: null,
      details: {
        kind,
        consentToPublish: consent,
        source: 'portal',
        ...(area && { areaUnitId: area.id, areaName: area.name }),
      },
      attachmentIds: [],
      repeatOfId: null,
      chainId: null,
    };
    const life = new CaseLife(voiceItemType, created, banner.id, '群众', run.calendar, run.until, pathOf);
    const reply = live(life, { banner, target, targets, router });
    const replied = life.clocks.state === 'closed' || life.clocks.state === 'replied';
    return {
      facts,
      life,
      kind,
      router,
      publication: consent && reply && replied && random.chance(0.6) ? reply : null,
    };
  };

  function live(
    life: CaseLife,
    unit: { banner: ScaleUnit; target: ScaleUnit; targets: ScaleUnit[]; router: string },
  ): { reply: string; at: Date } | null {
    let lastReply: { reply: string; at: Date } | null = null;
    if (random.chance(0.05)) {
      life.act(
        'reject',
        random.int(3, 40),
        { note: '该事项属于司法程序处理范围，请通过法律途径解决' },
        unit.router,
      );
      life.finish();
      return null;
    }
    let target = unit.target;
    life.act('route', random.int(2, 60), { unitId: target.id, note: '请研究答复' }, unit.router);
    if (random.chance(0.04)) {
      target = random.pick(unit.targets);
      life.act('reroute', random.int(12, 72), { unitId: target.id, note: '请改由该单位办理' }, unit.router);
    }
    if (random.chance(0.03)) {
      life.act(
        'return',
        random.int(12, 96),
        { unitId: unit.banner.id, note: '该事项不属于本单位职责，请重新分办' },
        `${target.name}经办人`,
      );
      target = random.pick(unit.targets);
      life.act('route', random.int(4, 48), { unitId: target.id, note: '请研究答复' }, unit.router);
    }
    const reply = (hours: number, extra = '') => {
      const note = `${target.name}答复：已收到您的意见，经研究，我们已安排专人落实，感谢您的关心和支持。${extra}`;
      if (life.act('reply', hours, { note }, `${target.name}经办人`))
        lastReply = { reply: note, at: life.at };
    };
    const slow = random.chance(0.1);
    reply(slow ? random.int(24 * 18, 24 * 35) : random.int(24, 24 * 14));
    if (random.chance(0.02)) {
      life.act('redo', random.int(12, 72), { note: '答复不够具体，请补充办理措施和时限' }, unit.router);
      reply(random.int(24, 24 * 7), '（已补充办理措施）');
    }
    if (random.chance(0.75)) {
      if (random.chance(0.08)) {
        life.act(
          'rate',
          random.int(6, 72),
          { rating: { score: 2, reasons: ['notSolved'] }, note: '答复后问题仍没有解决' },
          '群众',
        );
        reply(random.int(48, 24 * 8), '（已再次核实并解决）');
      }
      const score = random.weighted<number>([
        [5, 60],
        [4, 25],
        [3, 10],
        [2, 5],
      ]);
      const reasons = score >= 4 ? [random.pick(['timely', 'helpful', 'attitude'])] : ['slow'];
      life.act('rate', random.int(6, 96), { rating: { score, reasons } }, '群众');
    } else {
      life.act('close', random.int(24 * 7, 24 * 10), { note: '群众逾期未评价，按期办结' }, unit.router);
    }
    life.finish();
    return lastReply;
  }

  const progress = new StageProgress(
    run.onProgress,
    '三问 items',
    plans.reduce((sum, p) => sum + p.perMonth.reduce((a, b) => a + b, 0), 0),
  );
  const rowsBefore = writer.rows;
  for (const [m, span] of spans.entries()) {
    const drafts: VoiceDraft[] = [];
    for (const plan of plans)
      for (let n = 0; n < plan.perMonth[m]!; n++) {
        const created = new Date(
          chinaTime(span.from, 0).getTime() +
            random.int(0, span.days - 1) * DAY +
            random.int(7, 22) * HOUR +
            random.int(1, 59) * 60_000,
        );
        drafts.push(draft(plan, created));
      }
    drafts.sort((a, b) => a.life.clocks.createdAt.getTime() - b.life.clocks.createdAt.getTime());
    for (let i = 0; i < drafts.length; i += CHUNK) await write(drafts.slice(i, i + CHUNK));
    progress.done += drafts.length;
    progress.rows = writer.rows - rowsBefore;
    progress.report(span.month);
  }
  await run.audit.settle();
  progress.rows = writer.rows - rowsBefore;
  progress.report('written', true);
  return { voiceItems: progress.done };

  async function write(chunk: VoiceDraft[]): Promise<void> {
    const audits: AuditDraft[] = chunk.flatMap((d) => caseAuditDrafts(d.facts, d.life.steps));
    const publications = chunk
      .filter((d) => d.publication)
      .map((d) => {
        const at = new Date(d.publication!.at.getTime() + 2 * HOUR);
        const row = {
          id: ids.uuid(at.getTime()),
          case_id: d.facts.id,
          kind: d.kind,
          title: d.facts.title,
          question: `${d.facts.title}。`,
          reply: d.publication!.reply,
          unit_id: d.life.clocks.unitId,
          published_at: (at < run.until ? at : run.until).toISOString(),
        };
        audits.push({
          at: new Date(row.published_at),
          actorName: d.router,
          entity: 'voice_publication',
          entityId: d.facts.id,
          action: 'publish',
          after: { title: row.title, question: row.question, reply: row.reply },
        });
        return row;
      });
    await writer.insert(
      'cases',
      caseColumns,
      chunk.map((d) => caseRow(d.facts, d.life)),
    );
    await writer.insert(
      'case_events',
      caseEventColumns,
      chunk.flatMap((d) => caseEventRows(d.facts.id, d.life.steps, ids.uuid)),
    );
    await writer.insert('voice_publications', publicationColumns, publications);
    await run.audit.write(audits);
  }
}
