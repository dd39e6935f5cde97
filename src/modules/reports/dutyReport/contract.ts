import { z } from 'zod';
import { isoDate } from '../../../platform/http/schemas';
import { pageQuery } from '../../orgs/contract';
import type { BlockTemplate, DraftContent } from './model';

const uuidOf = (name: string) => z.uuid({ error: `${name}格式不正确` }).describe(name);

const placeholderFields = {
  indicatorKey: z
    .string()
    .trim()
    .min(1, '请选择指标')
    .max(100)
    .regex(/^[\w.-]+$/, '指标标识只能包含字母、数字、点和短横线')
    .describe('指标标识'),
  group: z.string().trim().min(1).max(200).optional().describe('指标分组'),
  scope: z
    .union([z.enum(['authorPost', 'supervisedUnits']), z.uuid({ error: '统计范围格式不正确' })])
    .describe('统计范围'),
  period: z.enum(['reportYear', 'postPeriod']).describe('统计期间'),
};
const runId = z.string().trim().min(1).max(40).describe('片段编号');

const runTemplate = z.discriminatedUnion('type', [
  z.object({
    id: runId,
    type: z.literal('text'),
    text: z.string().max(5000, '文字不能超过 5000 字').describe('文字'),
  }),
  z.object({
    id: runId,
    type: z.literal('placeholder'),
    ...placeholderFields,
    combine: z.enum(['sum', 'last', 'perPost']).optional().describe('多个职务的合并方式'),
    rounding: z.enum(['exact', 'approx']).optional().describe('数字写法'),
    decimals: z.number().int().min(0).max(4).optional().describe('小数位数'),
  }),
]);

const blockTemplate = z.discriminatedUnion('type', [
  z.object({
    id: runId,
    type: z.literal('heading'),
    level: z.union([z.literal(1), z.literal(2), z.literal(3)]).describe('标题级别'),
    text: z.string().trim().min(1, '请填写标题').max(200).describe('标题'),
  }),
  z.object({
    id: runId,
    type: z.literal('paragraph'),
    runs: z.array(runTemplate).max(200).describe('段落内容'),
  }),
  z.object({
    id: runId,
    type: z.literal('recordList'),
    placeholder: z.object(placeholderFields).describe('记录来源'),
    max: z.number().int().min(1).max(100).describe('最多列出条数'),
  }),
]);

/** A template as edited in the UI: name, document title, ordered blocks (ids unique within it). */
export const templateBody = z
  .object({
    name: z.string().trim().min(1, '请填写模板名称').max(100).describe('模板名称'),
    title: z.string().trim().min(1, '请填写报告标题').max(100).describe('报告标题'),
    sections: z.array(blockTemplate).min(1, '模板至少要有一段内容').max(300).describe('模板内容'),
  })
  .refine(
    (body) => {
      const ids = body.sections.flatMap((block) => [
        block.id,
        ...(block.type === 'paragraph' ? block.runs.map((run) => run.id) : []),
      ]);
      return new Set(ids).size === ids.length;
    },
    { error: '模板中的段落和片段编号不能重复', path: ['sections'] },
  );
export type TemplateBody = z.infer<typeof templateBody>;

export const templateView = z.object({
  id: z.string(),
  name: z.string(),
  title: z.string(),
  isDefault: z.boolean(),
  sections: z.custom<BlockTemplate[]>(),
  updatedAt: z.string(),
});

export const postInput = z
  .object({
    title: z.string().trim().min(1, '请填写职务名称').max(100).describe('职务名称'),
    unitId: uuidOf('任职单位'),
    from: isoDate.describe('任职开始日期'),
    to: isoDate.nullable().optional().describe('任职结束日期（不含）'),
    supervisedUnitIds: z.array(uuidOf('分管单位')).max(100).default([]).describe('分管单位'),
  })
  .refine((post) => !post.to || post.from < post.to, { error: '任职开始日期应早于结束日期', path: ['to'] });

export const createDutyReportBody = z.object({
  authorId: uuidOf('述职人'),
  unitId: uuidOf('所属单位'),
  year: z.number().int().min(2000, '年度不正确').max(2100, '年度不正确').describe('年度'),
  templateId: uuidOf('模板').optional(),
  posts: z.array(postInput).min(1, '请至少填写一个任职').max(20).describe('任职情况'),
});
export type CreateDutyReportInput = z.infer<typeof createDutyReportBody>;

export const dutyReportIdParams = z.object({ id: uuidOf('述职报告编号') });
export const templateIdParams = z.object({ id: uuidOf('模板编号') });

export const dutyReportListQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional().describe('年度'),
  q: z.string().trim().max(50).optional().describe('述职人'),
  ...pageQuery,
});
export type DutyReportListQuery = z.infer<typeof dutyReportListQuery>;

export const textEditsBody = z.object({
  edits: z
    .array(z.object({ runId, text: z.string().max(5000, '文字不能超过 5000 字').describe('文字') }))
    .min(1, '没有要保存的修改')
    .max(500)
    .describe('文字修改'),
});

export const dutyEvidenceQuery = z.object({
  runId: runId,
  part: z.coerce.number().int().min(0).max(50).optional().describe('职务序号'),
  ...pageQuery,
});
export type DutyEvidenceQuery = z.infer<typeof dutyEvidenceQuery>;

const postView = z.object({
  title: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  from: z.string(),
  to: z.string().nullable(),
  supervisedUnits: z.array(z.object({ id: z.string(), name: z.string() })),
});

export const dutyReportView = z.object({
  id: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  authorId: z.string(),
  authorName: z.string(),
  year: z.number(),
  templateId: z.string(),
  templateName: z.string(),
  status: z.string(),
  snapshotId: z.string().nullable(),
  lockedAt: z.string().nullable(),
  updatedAt: z.string(),
  figures: z.number(),
  missing: z.number(),
});
export type DutyReportView = z.infer<typeof dutyReportView>;

export const dutyReportList = z.object({
  items: z.array(dutyReportView),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
});

export const dutyReportDetail = dutyReportView.extend({
  posts: z.array(postView),
  content: z.custom<DraftContent>().nullable(),
  versions: z.array(
    z.object({ number: z.number(), kind: z.string(), createdByName: z.string(), createdAt: z.string() }),
  ),
  /** LibreOffice is installed on the server: the PDF export is offered. */
  pdfAvailable: z.boolean(),
});
export type DutyReportDetail = z.infer<typeof dutyReportDetail>;

export const docxQuery = z.object({
  keyTable: z.enum(['true', 'false']).optional().describe('附重点指标完成情况统计表'),
});
