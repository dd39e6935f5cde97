// Contract of the leaders' dashboard (领导驾驶舱): trends over consecutive periods, comparison across the
// direct child units of a scope, and the "needs attention now" lists.
import { z } from 'zod';
import { isoDate } from '../../platform/http/schemas';
import {
  bothOrNeither,
  bothOrNeitherError,
  evidenceItem,
  figuresResult,
  from,
  indicatorKeys,
  ordered,
  orderedError,
  to,
  unitId,
} from './contract';

const keyPattern = /^[\w.-]+$/;

/** Most series one trends request computes, and most periods in one series. */
export const MAX_SERIES = 6;
export const MAX_SERIES_PERIODS = 24;
/** Most indicators one comparison request computes for each child unit. */
export const MAX_COMPARE_KEYS = 8;

export interface SeriesSpec {
  key: string;
  step: 'month' | 'quarter' | 'year';
  count: number;
}

const specPattern = /^([\w.-]+):(month|quarter|year):(\d{1,3})$/;

/** Reads `key:step:count,key:step:count` (e.g. `meetings.held.byKind:month:12`). */
export function parseSeriesSpecs(text: string): SeriesSpec[] | null {
  const parts = text.split(',').map((part) => part.trim());
  const specs: SeriesSpec[] = [];
  for (const part of parts) {
    const match = specPattern.exec(part);
    if (!match) return null;
    specs.push({ key: match[1]!, step: match[2] as SeriesSpec['step'], count: Number(match[3]) });
  }
  return specs;
}

export const seriesQuery = z.object({
  unitId: unitId.optional(),
  end: isoDate.optional().describe('截止日期'),
  series: z
    .string({ error: '请填写趋势序列' })
    .trim()
    .min(1, '请填写趋势序列')
    .max(1000, '趋势序列过长')
    .superRefine((text, ctx) => {
      const specs = parseSeriesSpecs(text);
      if (!specs) {
        ctx.addIssue({
          code: 'custom',
          message: '趋势序列格式应为“指标标识:month|quarter|year:期数”，多个用逗号分隔',
        });
        return;
      }
      if (specs.length > MAX_SERIES) {
        ctx.addIssue({ code: 'custom', message: `一次最多计算 ${MAX_SERIES} 个趋势序列` });
      }
      if (specs.some((spec) => spec.count < 1 || spec.count > MAX_SERIES_PERIODS)) {
        ctx.addIssue({ code: 'custom', message: `每个趋势序列的期数应在 1 到 ${MAX_SERIES_PERIODS} 之间` });
      }
    })
    .describe('趋势序列'),
});
export type SeriesQuery = z.infer<typeof seriesQuery>;

const periodView = z.object({ from: z.string(), to: z.string(), label: z.string() });
const scopeUnit = z.object({ id: z.string(), name: z.string(), pathNames: z.string() });

/** One indicator over consecutive periods: a value per period (null = no data), and each group's. */
export const seriesView = z.object({
  key: z.string(),
  name: z.string(),
  unit: z.string(),
  step: z.enum(['month', 'quarter', 'year']),
  periods: z.array(periodView),
  values: z.array(z.number().nullable()),
  /** True where the computation of that period failed (its value is then null). */
  failed: z.array(z.boolean()),
  groups: z.array(z.object({ key: z.string(), label: z.string(), values: z.array(z.number().nullable()) })),
});
export type SeriesView = z.infer<typeof seriesView>;

export const seriesResult = z.object({
  unit: scopeUnit.nullable(),
  computedAt: z.string(),
  series: z.array(seriesView),
});
export type SeriesResult = z.infer<typeof seriesResult>;

const compareKeys = z
  .string({ error: '请选择要对比的指标' })
  .trim()
  .min(1, '请选择要对比的指标')
  .max(1000)
  .refine(
    (text) => text.split(',').every((key) => keyPattern.test(key.trim())),
    '指标标识只能包含字母、数字、点和短横线，多个用逗号分隔',
  )
  .refine(
    (text) => new Set(text.split(',').map((key) => key.trim())).size <= MAX_COMPARE_KEYS,
    `一次最多对比 ${MAX_COMPARE_KEYS} 个指标`,
  )
  .describe('对比指标');

const listLimit = z.coerce
  .number({ error: '每个清单条数应为数字' })
  .int('每个清单条数应为整数')
  .min(1, '每个清单至少 1 条')
  .max(50, '每个清单最多 50 条')
  .default(10)
  .describe('每个清单条数');

export const compareQuery = z
  .object({
    unitId: unitId.optional(),
    from: from.optional(),
    to: to.optional(),
    keys: compareKeys,
  })
  .refine(bothOrNeither, bothOrNeitherError)
  .refine(ordered, orderedError);
export type CompareQuery = z.infer<typeof compareQuery>;

export const compareResult = z.object({
  /** The unit whose children are compared, or null when the columns are the roots of the viewer's scope. */
  unit: scopeUnit.nullable(),
  period: z.object({ from: z.string(), to: z.string() }),
  periodLabel: z.string(),
  columns: z.array(z.object({ id: z.string(), name: z.string(), type: z.string() })),
  items: z.array(
    z.object({
      key: z.string(),
      name: z.string(),
      unit: z.string(),
      values: z.array(z.number().nullable()),
      failed: z.array(z.boolean()),
    }),
  ),
});
export type CompareResult = z.infer<typeof compareResult>;

export const attentionQuery = z
  .object({
    unitId: unitId.optional(),
    from: from.optional(),
    to: to.optional(),
    limit: listLimit,
  })
  .refine(bothOrNeither, bothOrNeitherError)
  .refine(ordered, orderedError);
export type AttentionQuery = z.infer<typeof attentionQuery>;

/** One "needs attention now" list: the first records of an indicator's evidence, each tagged with its group. */
export const attentionList = z.object({
  key: z.string(),
  name: z.string(),
  unit: z.string(),
  value: z.number().nullable(),
  entity: z.string(),
  entityName: z.string(),
  resolvable: z.boolean(),
  count: z.number(),
  total: z.number(),
  hidden: z.number(),
  items: z.array(evidenceItem.extend({ tag: z.string().optional() })),
});
export type AttentionList = z.infer<typeof attentionList>;

export const attentionResult = z.object({
  unit: scopeUnit.nullable(),
  period: z.object({ from: z.string(), to: z.string() }),
  lists: z.array(attentionList),
});
export type AttentionResult = z.infer<typeof attentionResult>;

/** The dashboard page's figures, comparison and attention lists in one request (one batch). */
export const boardQuery = z
  .object({
    unitId: unitId.optional(),
    from: from.optional(),
    to: to.optional(),
    keys: indicatorKeys.describe('关键指标（多个用逗号分隔，默认全部）'),
    compare: compareKeys,
    limit: listLimit,
  })
  .refine(bothOrNeither, bothOrNeitherError)
  .refine(ordered, orderedError);
export type BoardQuery = z.infer<typeof boardQuery>;

export const boardResult = z.object({
  figures: figuresResult,
  compare: compareResult,
  attention: attentionResult,
});
export type BoardResult = z.infer<typeof boardResult>;
