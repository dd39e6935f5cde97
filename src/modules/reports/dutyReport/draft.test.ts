import { describe, expect, it } from 'vitest';
import type { IndicatorValue } from '../../../platform/indicators/registry';
import {
  applyTextEdits,
  type DraftEnvironment,
  draftContent,
  fillPlaceholder,
  partsOf,
  postsInYear,
} from './draft';
import type { AuthorPost, BlockTemplate } from './model';

const ORG = '00000000-0000-4000-8000-000000000001';
const SUMU_A = '00000000-0000-4000-8000-00000000000a';
const SUMU_B = '00000000-0000-4000-8000-00000000000b';
const FIXED = '00000000-0000-4000-8000-0000000000ff';

// Organisation department until the end of July, then the standing committee supervising two 苏木.
const posts: AuthorPost[] = [
  { title: '旗委组织部部长', unitId: ORG, from: '2024-03-01', to: '2026-08-01', supervisedUnitIds: [] },
  { title: '旗委常委', unitId: ORG, from: '2026-08-01', to: null, supervisedUnitIds: [SUMU_B, SUMU_A] },
];

/** A fake registry: `counts` gives the value per unit and month; `calls` records every computation. */
function environment(values: (unitIds: readonly string[], from: string, to: string) => number | null) {
  const calls: string[] = [];
  const env: DraftEnvironment = {
    year: 2026,
    posts,
    indicator: (key) => (key.startsWith('talent.') ? undefined : { name: key, unit: '次' }),
    async compute(key, unitIds, period): Promise<IndicatorValue> {
      calls.push(`${key}|${unitIds.join(',')}|${period.from}|${period.to}`);
      if (key === 'broken') throw new Error('boom');
      const value = values(unitIds, period.from, period.to);
      const ids =
        value === null
          ? []
          : Array.from({ length: Math.min(value, 5) }, (_, i) => `${unitIds[0]}-${period.from}-${i}`);
      return {
        value,
        evidence: { entity: 'meeting', ids },
        breakdown: [
          {
            key: 'partyLecture',
            label: '党课',
            value: value === null ? null : 1,
            evidence: { entity: 'meeting', ids: ids.slice(0, 1) },
          },
        ],
      };
    },
    async listRecords(evidence, max) {
      return {
        items: evidence.ids.slice(0, max).map((id) => ({ id, title: id })),
        count: evidence.ids.length,
      };
    },
  };
  return { env, calls };
}

describe('posts and parts', () => {
  it('cuts posts to the report year', () => {
    expect(postsInYear(posts, 2026).map((post) => post.period)).toEqual([
      { from: '2026-01-01', to: '2026-08-01' },
      { from: '2026-08-01', to: '2027-01-01' },
    ]);
    expect(postsInYear(posts, 2023)).toEqual([]);
    expect(postsInYear(posts, 2025).map((post) => post.title)).toEqual(['旗委组织部部长']);
  });

  it('binds authorPost / postPeriod to each post over its own months', () => {
    expect(partsOf({ scope: 'authorPost', period: 'postPeriod' }, posts, 2026)).toEqual([
      { postTitle: '旗委组织部部长', unitIds: [ORG], period: { from: '2026-01-01', to: '2026-08-01' } },
      { postTitle: '旗委常委', unitIds: [ORG], period: { from: '2026-08-01', to: '2027-01-01' } },
    ]);
  });

  it('computes the same unit over the whole year once, whatever the number of posts', () => {
    expect(partsOf({ scope: 'authorPost', period: 'reportYear' }, posts, 2026)).toEqual([
      {
        postTitle: '旗委组织部部长、旗委常委',
        unitIds: [ORG],
        period: { from: '2026-01-01', to: '2027-01-01' },
      },
    ]);
  });

  it('binds supervisedUnits only to the posts that supervise units, from the day the post began', () => {
    expect(partsOf({ scope: 'supervisedUnits', period: 'postPeriod' }, posts, 2026)).toEqual([
      { postTitle: '旗委常委', unitIds: [SUMU_A, SUMU_B], period: { from: '2026-08-01', to: '2027-01-01' } },
    ]);
    expect(partsOf({ scope: 'supervisedUnits', period: 'postPeriod' }, posts, 2025)).toEqual([]);
  });

  it('binds a fixed unit over the year, or split by post', () => {
    expect(partsOf({ scope: FIXED, period: 'reportYear' }, posts, 2026)).toEqual([
      { postTitle: null, unitIds: [FIXED], period: { from: '2026-01-01', to: '2027-01-01' } },
    ]);
    expect(partsOf({ scope: FIXED, period: 'postPeriod' }, posts, 2026)).toHaveLength(2);
  });
});

describe('filling placeholders', () => {
  // 100 records a month in the organisation department's subtree, 7 a month in the supervised 苏木.
  const months = (from: string, to: string) =>
    (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 +
    Number(to.slice(5, 7)) -
    Number(from.slice(5, 7));
  const values = (unitIds: readonly string[], from: string, to: string) =>
    (unitIds[0] === ORG ? 100 : 7) * months(from, to);

  it('sums a flow over both posts, each over its own months, with evidence per part', async () => {
    const { env } = environment(values);
    const run = await fillPlaceholder(
      { id: 'p', indicatorKey: 'meetings.held', scope: 'authorPost', period: 'postPeriod' },
      env,
    );
    expect(run).toMatchObject({ type: 'figure', value: 1200, text: '1200' });
    if (run.type !== 'figure') throw new Error('not a figure');
    expect(run.parts.map((part) => [part.postTitle, part.value, part.period.from, part.period.to])).toEqual([
      ['旗委组织部部长', 700, '2026-01-01', '2026-08-01'],
      ['旗委常委', 500, '2026-08-01', '2027-01-01'],
    ]);
    expect(run.parts[0]!.evidence.ids[0]).toBe(`${ORG}-2026-01-01-0`);
  });

  it('writes per post, takes the last post, and rounds when asked', async () => {
    const { env } = environment(values);
    const perPost = await fillPlaceholder(
      {
        id: 'p',
        indicatorKey: 'meetings.held',
        scope: 'authorPost',
        period: 'postPeriod',
        combine: 'perPost',
      },
      env,
    );
    expect(perPost).toMatchObject({
      type: 'figure',
      text: '旗委组织部部长期间700、旗委常委期间500',
      value: null,
    });
    const last = await fillPlaceholder(
      { id: 'p', indicatorKey: 'meetings.held', scope: 'authorPost', period: 'postPeriod', combine: 'last' },
      env,
    );
    expect(last).toMatchObject({ type: 'figure', value: 500, text: '500' });
    if (last.type === 'figure') expect(last.parts).toHaveLength(1);
    const approx = await fillPlaceholder(
      {
        id: 'p',
        indicatorKey: 'meetings.held',
        scope: 'authorPost',
        period: 'reportYear',
        rounding: 'approx',
      },
      env,
    );
    // 1200 over the year is exact; the supervised 苏木 give 7 × 5 = 35 → 30余.
    expect(approx).toMatchObject({ text: '1200' });
    const supervised = await fillPlaceholder(
      {
        id: 'p',
        indicatorKey: 'meetings.held',
        scope: 'supervisedUnits',
        period: 'postPeriod',
        rounding: 'approx',
      },
      env,
    );
    expect(supervised).toMatchObject({ type: 'figure', value: 35, text: '30余' });
  });

  it('picks a group and its evidence', async () => {
    const { env } = environment(values);
    const run = await fillPlaceholder(
      {
        id: 'p',
        indicatorKey: 'meetings.held',
        group: 'partyLecture',
        scope: 'authorPost',
        period: 'postPeriod',
      },
      env,
    );
    expect(run).toMatchObject({ type: 'figure', value: 2, group: 'partyLecture' });
    if (run.type === 'figure') expect(run.parts.flatMap((part) => part.evidence.ids)).toHaveLength(2);
  });

  it('says why a placeholder cannot be filled, never 0 or X', async () => {
    const { env } = environment(() => null);
    const cases = [
      [
        { indicatorKey: 'talent.flexibleIntroductions', scope: 'authorPost' },
        'unknownIndicator',
        '尚无模块提供该指标',
      ],
      [{ indicatorKey: 'meetings.held', scope: 'authorPost' }, 'noData', '无数据'],
      [{ indicatorKey: 'broken', scope: 'authorPost' }, 'failed', '计算失败'],
      [
        { indicatorKey: 'meetings.held', scope: 'authorPost', group: 'nope' },
        'unknownGroup',
        '指标没有该分组',
      ],
    ] as const;
    for (const [fields, reason, reasonText] of cases) {
      const run = await fillPlaceholder({ id: 'p', period: 'postPeriod', ...fields }, env);
      expect(run).toEqual({
        id: 'p',
        type: 'missing',
        indicatorKey: fields.indicatorKey,
        reason,
        reasonText,
      });
    }
    const noPosts = await fillPlaceholder(
      { id: 'p', indicatorKey: 'meetings.held', scope: 'supervisedUnits', period: 'postPeriod' },
      { ...environment(values).env, year: 2025 },
    );
    expect(noPosts).toMatchObject({ type: 'missing', reason: 'noScope' });
  });

  it('leaves a part without data out of a sum instead of counting it as 0', async () => {
    const { env } = environment((_unitIds, from) => (from === '2026-01-01' ? null : 42));
    const run = await fillPlaceholder(
      { id: 'p', indicatorKey: 'meetings.held', scope: 'authorPost', period: 'postPeriod' },
      env,
    );
    expect(run).toMatchObject({ type: 'figure', value: 42 });
    if (run.type === 'figure') expect(run.parts.map((part) => part.postTitle)).toEqual(['旗委常委']);
  });
});

describe('drafting again', () => {
  const template: BlockTemplate[] = [
    { id: 'h1', type: 'heading', level: 1, text: '一、履职情况' },
    {
      id: 'b1',
      type: 'paragraph',
      runs: [
        { id: 't1', type: 'text', text: '全年开展组织生活' },
        {
          id: 'p1',
          type: 'placeholder',
          indicatorKey: 'meetings.held',
          scope: 'authorPost',
          period: 'postPeriod',
        },
        { id: 't2', type: 'text', text: '次。' },
      ],
    },
    {
      id: 'l1',
      type: 'recordList',
      placeholder: { indicatorKey: 'meetings.held', scope: 'supervisedUnits', period: 'postPeriod' },
      max: 3,
    },
  ];

  it('keeps the edited text, refreshes the figures and lists the records', async () => {
    let monthly = 10;
    const { env } = environment((unitIds) => (unitIds[0] === ORG ? monthly * 12 : 4));
    const first = await draftContent({ title: '述职报告', blocks: template }, env);
    const edited = applyTextEdits(first, [{ runId: 't1', text: '全年督促指导各级党组织开展组织生活' }]);
    expect(edited.rejected).toEqual([]);
    expect(applyTextEdits(first, [{ runId: 'p1', text: '999' }]).rejected).toEqual(['p1']);
    monthly = 20;
    const second = await draftContent(
      { title: '述职报告', blocks: template },
      environment((u) => (u[0] === ORG ? monthly * 12 : 4)).env,
      edited.content,
    );
    const paragraph = second.blocks[1];
    if (paragraph?.type !== 'paragraph') throw new Error('no paragraph');
    expect(paragraph.runs[0]).toEqual({
      id: 't1',
      type: 'text',
      text: '全年督促指导各级党组织开展组织生活',
      edited: true,
    });
    expect(paragraph.runs[1]).toMatchObject({ type: 'figure', value: 480 });
    expect(paragraph.runs[2]).toEqual({ id: 't2', type: 'text', text: '次。', edited: false });
    const list = second.blocks[2];
    if (list?.type !== 'recordList') throw new Error('no list');
    expect(list.items).toHaveLength(3);
    expect(list.more).toBe(1);
  });
});
