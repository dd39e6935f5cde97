import { z } from 'zod';

/** Query of a paginated list: 1-based page, at most 100 rows. */
export const pageQuery = {
  page: z.coerce.number().int().min(1).default(1).describe('页码'),
  pageSize: z.coerce.number().int().min(1).max(100).default(20).describe('每页条数'),
};

const booleanFlag = z
  .enum(['true', 'false'])
  .optional()
  .transform((v) => v === 'true');

export const unitView = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  name: z.string(),
  shortName: z.string().nullable(),
  type: z.string(),
  typeName: z.string(),
  code: z.string().nullable(),
  path: z.string(),
  depth: z.number(),
  active: z.boolean(),
  hasChildren: z.boolean(),
  childCount: z.number(),
  pinyin: z.string(),
});
export type UnitView = z.infer<typeof unitView>;

export const unitDetail = unitView.extend({
  ancestors: z.array(z.object({ id: z.string(), name: z.string() })),
  pathNames: z.string(),
  descendantCount: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
  deactivatedAt: z.string().nullable(),
  deactivationReason: z.string().nullable(),
});
export type UnitDetail = z.infer<typeof unitDetail>;

export const unitIdParams = z.object({ id: z.uuid({ error: '单位编号格式不正确' }).describe('单位编号') });

export const childrenQuery = z.object({ includeInactive: booleanFlag.describe('包含已停用') });

export const searchQuery = z.object({
  q: z.string().trim().max(50).optional().describe('关键字'),
  type: z.string().max(40).optional().describe('类型'),
  includeInactive: booleanFlag.describe('包含已停用'),
  ...pageQuery,
});
export type SearchQuery = z.infer<typeof searchQuery>;

export const searchResult = z.object({
  items: z.array(unitView.extend({ pathNames: z.string() })),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
});

const name = z.string().trim().min(1).max(100).describe('单位名称');
const shortName = z.string().trim().max(30).nullish().describe('简称');
const code = z
  .string()
  .trim()
  .max(32)
  .regex(/^[0-9A-Za-z-]*$/, '只能包含字母、数字和短横线')
  .nullish()
  .describe('代码');
const type = z.string().trim().min(1).max(40).describe('类型');

export const createUnitBody = z.object({
  parentId: z.uuid({ error: '请选择上级单位' }).describe('上级单位'),
  name,
  shortName,
  type,
  code,
});
export type CreateUnitInput = z.infer<typeof createUnitBody>;

export const updateUnitBody = z
  .object({ name: name.optional(), shortName, type: type.optional(), code })
  .refine((v) => Object.keys(v).length > 0, { error: '请至少修改一项' });
export type UpdateUnitInput = z.infer<typeof updateUnitBody>;

export const moveUnitBody = z.object({
  newParentId: z.uuid({ error: '请选择新的上级单位' }).describe('新的上级单位'),
});

export const deactivateUnitBody = z.object({
  reason: z.string().trim().min(2, '请填写停用原因（至少 2 个字）').max(200).describe('停用原因'),
});

export const unitTypeView = z.object({ key: z.string(), name: z.string(), category: z.string() });
