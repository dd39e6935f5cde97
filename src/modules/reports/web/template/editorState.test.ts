import { describe, expect, it } from 'vitest';
import { templateBody } from '../../dutyReport/contract';
import { defaultTemplate } from '../../dutyReport/defaultTemplate';
import type { BlockTemplate } from '../../dutyReport/model';
import {
  addBlock,
  copyOf,
  freeId,
  insertRun,
  moveBlock,
  placeIssue,
  previewText,
  removeBlock,
  removeRun,
  toBody,
  type TemplateDraft,
} from './editorState';

const names = {
  indicator: (key: string) =>
    ({ 'meetings.held.byKind': '组织生活开展次数', 'members.total': '党员总数' })[key],
  group: (_key: string, group: string) => ({ partyLecture: '讲党课' })[group],
};

const paragraph: BlockTemplate = {
  id: 'b1',
  type: 'paragraph',
  runs: [
    { id: 't1', type: 'text', text: '全年开展组织生活' },
    {
      id: 'p1',
      type: 'placeholder',
      indicatorKey: 'meetings.held.byKind',
      scope: 'authorPost',
      period: 'reportYear',
    },
    { id: 't2', type: 'text', text: '次' },
  ],
};
const heading: BlockTemplate = { id: 'h1', type: 'heading', level: 1, text: '一、履职情况' };

describe('template editor state', () => {
  it('adds blocks with ids unused in the template, at the end or after a block', () => {
    const added = addBlock([heading, paragraph], 'paragraph');
    expect(added.map((b) => b.id)).toEqual(['h1', 'b1', 'b2']);
    expect(added[2]).toEqual({ id: 'b2', type: 'paragraph', runs: [{ id: 't3', type: 'text', text: '' }] });
    const afterFirst = addBlock([heading, paragraph], 'heading2', 0);
    expect(afterFirst[1]).toEqual({ id: 'h2', type: 'heading', level: 2, text: '' });
    const list = addBlock([], 'recordList');
    expect(list[0]).toMatchObject({ type: 'recordList', max: 10, placeholder: { scope: 'authorPost' } });
    expect(freeId([heading, paragraph], 't')).toBe('t3');
  });

  it('moves blocks up and down and leaves them alone at either end', () => {
    expect(moveBlock([heading, paragraph], 1, -1).map((b) => b.id)).toEqual(['b1', 'h1']);
    expect(moveBlock([heading, paragraph], 0, 1).map((b) => b.id)).toEqual(['b1', 'h1']);
    expect(moveBlock([heading, paragraph], 0, -1).map((b) => b.id)).toEqual(['h1', 'b1']);
    expect(moveBlock([heading, paragraph], 1, 1).map((b) => b.id)).toEqual(['h1', 'b1']);
    expect(removeBlock([heading, paragraph], 0).map((b) => b.id)).toEqual(['b1']);
  });

  it('inserts text and placeholders after a run or at the end, and removes runs', () => {
    const end = insertRun([paragraph], 0, {
      type: 'placeholder',
      fields: { indicatorKey: 'members.total', group: '', scope: 'supervisedUnits', period: 'reportYear' },
    });
    expect(end.runId).toBe('p2');
    const runs = (end.sections[0] as Extract<BlockTemplate, { type: 'paragraph' }>).runs;
    expect(runs.at(-1)).toEqual({
      id: 'p2',
      type: 'placeholder',
      indicatorKey: 'members.total',
      scope: 'supervisedUnits',
      period: 'reportYear',
    });
    const afterFirst = insertRun([paragraph], 0, { type: 'text' }, 0);
    expect((afterFirst.sections[0] as { runs: { id: string }[] }).runs.map((r) => r.id)).toEqual([
      't1',
      't3',
      'p1',
      't2',
    ]);
    expect(insertRun([heading], 0, { type: 'text' }).sections).toEqual([heading]);
    expect((removeRun([paragraph], 0, 1)[0] as { runs: unknown[] }).runs).toHaveLength(2);
  });

  it('previews a paragraph with each placeholder shown by its indicator and group', () => {
    const runs = (paragraph as Extract<BlockTemplate, { type: 'paragraph' }>).runs;
    expect(previewText(runs, names)).toBe('全年开展组织生活【组织生活开展次数】次');
    expect(previewText([{ ...runs[1]!, group: 'partyLecture' } as (typeof runs)[number]], names)).toBe(
      '【组织生活开展次数·讲党课】',
    );
    expect(
      previewText(
        [
          {
            id: 'p',
            type: 'placeholder',
            indicatorKey: 'talent.cultivated',
            scope: 'authorPost',
            period: 'reportYear',
          },
        ],
        names,
      ),
    ).toBe('【talent.cultivated】');
  });

  it('copies the default template into a body the server schema accepts, without empty options', () => {
    const source = defaultTemplate();
    const copy = copyOf({ name: source.name, title: source.title, sections: source.blocks }, '（副本）');
    expect(copy.name).toBe('旗委常委个人述职报告（默认模板）（副本）');
    expect(copy.sections).not.toBe(source.blocks);
    expect(templateBody.safeParse(toBody(copy)).success).toBe(true);

    const draft: TemplateDraft = {
      name: '  测试模板 ',
      title: '述职报告',
      sections: [
        {
          id: 'b1',
          type: 'paragraph',
          runs: [
            {
              id: 'p1',
              type: 'placeholder',
              indicatorKey: 'members.total',
              group: '',
              scope: 'authorPost',
              period: 'reportYear',
              rounding: undefined,
            },
          ],
        },
      ],
    };
    const body = toBody(draft);
    expect(body.name).toBe('测试模板');
    expect(body.sections[0]).toEqual({
      id: 'b1',
      type: 'paragraph',
      runs: [
        {
          id: 'p1',
          type: 'placeholder',
          indicatorKey: 'members.total',
          scope: 'authorPost',
          period: 'reportYear',
        },
      ],
    });
    expect(templateBody.safeParse(body).success).toBe(true);
  });

  it('places schema issues next to the template field, block or run they concern', () => {
    const result = templateBody.safeParse({
      name: '',
      title: '述职报告',
      sections: [
        { id: 'h1', type: 'heading', level: 1, text: '' },
        {
          id: 'b1',
          type: 'paragraph',
          runs: [
            { id: 'p1', type: 'placeholder', indicatorKey: '', scope: 'authorPost', period: 'reportYear' },
          ],
        },
        {
          id: 'l1',
          type: 'recordList',
          placeholder: { indicatorKey: '', scope: 'authorPost', period: 'reportYear' },
          max: 5,
        },
      ],
    });
    const placed = result.error!.issues.map((issue) => placeIssue(issue.path, issue.message));
    expect(placed).toContainEqual({ target: { kind: 'template', field: 'name' }, message: '请填写模板名称' });
    expect(placed).toContainEqual({
      target: { kind: 'block', index: 0, field: 'text' },
      message: '请填写标题',
    });
    expect(placed).toContainEqual({
      target: { kind: 'run', index: 1, runIndex: 0, field: 'indicatorKey' },
      message: '请选择指标',
    });
    expect(placed).toContainEqual({
      target: { kind: 'block', index: 2, field: 'indicatorKey' },
      message: '请选择指标',
    });
    expect(placeIssue(['sections'], '模板至少要有一段内容').target).toEqual({
      kind: 'template',
      field: 'sections',
    });
  });
});
