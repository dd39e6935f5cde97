import { z } from 'zod';
import { isoDate } from '../../platform/http/schemas';
import { pageQuery } from '../orgs/contract';

// The scope and period fields every report query has (the dashboard's too, dashboardContract.ts).
export const unitId = z.uuid({ error: '单位编号格式不正确' }).describe('统计范围（单位）');
export const from = isoDate.describe('开始日期');
export const to = isoDate.describe('结束日期（不含）');

type PeriodFields = { from?: string; to?: string };
// Both dates or neither (the current year); and the range must not be empty.
export const bothOrNeither = (q: PeriodFields) => (q.from === undefined) === (q.to === undefined);
export const ordered = (q: PeriodFields) => !q.from || !q.to || q.from < q.to;
export const bothOrNeitherError = { error: '请同时填写开始日期和结束日期', path: ['to'] };
export const orderedError = { error: '开始日期应早于结束日期', path: ['to'] };

/** Indicator keys separated by commas; none: every indicator. */
export const indicatorKeys = z
  .string()
  .trim()
  .max(4000)
  .regex(/^[\w.,-]*$/, '指标标识只能包含字母、数字、点和短横线，多个用逗号分隔')
  .optional();

/** Scope and period of a computation: a unit (default: the whole scope) and [from, to) (default: this year). */
export const figuresQuery = z
  .object({
    unitId: unitId.optional(),
    from: from.optional(),
    to: to.optional(),
    keys: indicatorKeys.describe('指标标识（多个用逗号分隔，默认全部）'),
  })
  .refine(bothOrNeither, bothOrNeitherError)
  .refine(ordered, orderedError);
export type FiguresQuery = z.infer<typeof figuresQuery>;

export const exportQuery = z
  .object({ unitId: unitId.optional(), from: from.optional(), to: to.optional() })
  .refine(bothOrNeither, bothOrNeitherError)
  .refine(ordered, orderedError);
export type ExportQuery = z.infer<typeof exportQuery>;

const groupKey = z.string().trim().min(1).max(200).describe('分组');

export const evidenceQuery = z
  .object({
    unitId: unitId.optional(),
    from: from.optional(),
    to: to.optional(),
    group: groupKey.optional(),
    ...pageQuery,
  })
  .refine(bothOrNeither, bothOrNeitherError)
  .refine(ordered, orderedError);
export type EvidenceQuery = z.infer<typeof evidenceQuery>;

export const indicatorKeyParams = z.object({ key: z.string().max(100).describe('指标标识') });

const evidenceCount = z.object({ entity: z.string(), count: z.number() });

export const figureGroup = z.object({
  key: z.string(),
  label: z.string(),
  value: z.number().nullable(),
  evidence: evidenceCount,
});

/** One computed indicator as the browser shows it: value (null = no data), groups, evidence count. */
export const figure = z.object({
  key: z.string(),
  name: z.string(),
  unit: z.string(),
  module: z.string(),
  description: z.string().nullable(),
  value: z.number().nullable(),
  /** The computation failed (shown as such, never as a number). */
  failed: z.boolean(),
  evidence: evidenceCount,
  breakdown: z.array(figureGroup).nullable(),
});
export type Figure = z.infer<typeof figure>;

const periodView = z.object({ from: z.string(), to: z.string() });
const scopeUnit = z.object({ id: z.string(), name: z.string(), pathNames: z.string() });

export const figuresResult = z.object({
  period: periodView,
  periodLabel: z.string(),
  /** The unit computed for, or null for the viewer's whole scope. */
  unit: scopeUnit.nullable(),
  computedAt: z.string(),
  items: z.array(figure),
});
export type FiguresResult = z.infer<typeof figuresResult>;

export const evidenceItem = z.object({
  id: z.string(),
  title: z.string(),
  subtitle: z.string().optional(),
  unitPath: z.string().optional(),
  link: z.string().optional(),
});
export type EvidenceItemView = z.infer<typeof evidenceItem>;

/** A page of the records behind one figure. */
export const evidenceResult = z.object({
  key: z.string(),
  name: z.string(),
  group: z.object({ key: z.string(), label: z.string() }).nullable(),
  entity: z.string(),
  entityName: z.string(),
  /** False while no module has registered how to list this kind of record. */
  resolvable: z.boolean(),
  /** Distinct records the figure counted. */
  count: z.number(),
  /** Of those, the records the viewer may see (all pages). */
  total: z.number(),
  /** Counted records outside what the viewer may see. */
  hidden: z.number(),
  items: z.array(evidenceItem),
  page: z.number(),
  pageSize: z.number(),
});
export type EvidenceResult = z.infer<typeof evidenceResult>;

export const snapshotIdParams = z.object({
  id: z.uuid({ error: '快照编号格式不正确' }).describe('快照编号'),
});

export const freezeBody = z
  .object({
    unitId: z.uuid({ error: '请选择要冻结的单位' }).describe('统计范围（单位）'),
    from,
    to,
    label: z.string().trim().max(100, '快照名称不能超过 100 个字').optional().describe('快照名称'),
  })
  .refine(ordered, orderedError);
export type FreezeInput = z.infer<typeof freezeBody>;

export const snapshotListQuery = z.object({ unitId: unitId.optional(), ...pageQuery });
export type SnapshotListQuery = z.infer<typeof snapshotListQuery>;

export const snapshotView = z.object({
  id: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  unitPathNames: z.string(),
  period: periodView,
  periodLabel: z.string(),
  label: z.string(),
  status: z.string(),
  indicatorCount: z.number(),
  createdByName: z.string(),
  createdAt: z.string(),
});
export type SnapshotView = z.infer<typeof snapshotView>;

export const snapshotList = z.object({
  items: z.array(snapshotView),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
});

const liveFigure = z.object({ value: z.number().nullable(), count: z.number(), failed: z.boolean() });

/**
 * A frozen figure, with the live value of the same indicator, scope and period now when it was asked for
 * (`live` absent otherwise; null when the indicator is no longer registered).
 */
export const frozenFigure = figure.omit({ failed: true, breakdown: true }).extend({
  /** In a snapshot read, the first groups only (see groupCount); all of them read per figure. */
  breakdown: z.array(figureGroup.extend({ live: liveFigure.nullable().optional() })).nullable(),
  /** How many groups the figure has in all (null: not a grouped figure). */
  groupCount: z.number().nullable(),
  live: liveFigure.nullable().optional(),
});
export type FrozenFigure = z.infer<typeof frozenFigure>;

export const snapshotDetail = snapshotView.extend({
  /** When the live values were computed; null when they were not asked for. */
  liveComputedAt: z.string().nullable(),
  values: z.array(frozenFigure),
});

export const snapshotDetailQuery = z.object({
  live: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true')
    .describe('是否同时计算当前实时值（较慢）'),
});
export type SnapshotDetail = z.infer<typeof snapshotDetail>;

export const snapshotFigureQuery = snapshotDetailQuery.extend({
  key: z.string().trim().min(1, '请选择指标').max(100).describe('指标标识'),
});
export type SnapshotFigureQuery = z.infer<typeof snapshotFigureQuery>;

export const snapshotEvidenceQuery = z.object({
  key: z.string().trim().min(1, '请选择指标').max(100).describe('指标标识'),
  group: groupKey.optional(),
  ...pageQuery,
});
export type SnapshotEvidenceQuery = z.infer<typeof snapshotEvidenceQuery>;
