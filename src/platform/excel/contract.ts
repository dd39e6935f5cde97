import { z } from 'zod';

export const importStatuses = ['validating', 'invalid', 'ready', 'committing', 'done', 'failed'] as const;
export type ImportStatus = (typeof importStatuses)[number];

/** The Chinese name of each import status, for messages and the web. */
export const importStatusNames: Record<ImportStatus, string> = {
  validating: '校验中',
  invalid: '有错误',
  ready: '待导入',
  committing: '导入中',
  done: '已完成',
  failed: '失败',
};

export const importErrorView = z.object({ row: z.number(), field: z.string(), message: z.string() });

/** An import job as the web polls it (GET /api/imports/:id). */
export const importJobView = z.object({
  id: z.string(),
  kind: z.string(),
  status: z.enum(importStatuses),
  fileName: z.string(),
  totalRows: z.number(),
  validRows: z.number(),
  processedRows: z.number(),
  errors: z.array(importErrorView),
  message: z.string().nullable(),
});
export type ImportJob = z.infer<typeof importJobView>;

export const importJobParams = z.object({ id: z.uuid().describe('导入任务') });

export const importPreviewQuery = z.object({
  page: z.coerce.number().int().min(1).default(1).describe('页码'),
  pageSize: z.coerce.number().int().min(1).max(100).default(20).describe('每页条数'),
});

export const parsedRowView = z.object({ row: z.number(), values: z.record(z.string(), z.string()) });

export const importPreviewResponse = z.object({
  items: z.array(parsedRowView),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
});
export type ImportPreview = z.infer<typeof importPreviewResponse>;
