// Request and response schemas of co-building units (共驻共建单位) and their lists.
import { z } from 'zod';

const uuid = (name: string) => z.uuid({ error: `${name}格式不正确，请重新选择` }).describe(name);
const text = (name: string, max: number) =>
  z
    .string({ error: `请填写${name}` })
    .trim()
    .min(1, { error: `请填写${name}` })
    .max(max, { error: `${name}不能超过 ${max} 个字` })
    .describe(name);
const day = (name: string) =>
  z.iso
    .date({ error: `${name}格式不正确，应为 YYYY-MM-DD` })
    .nullable()
    .optional()
    .describe(name);

export const coBuildingKindNames = {
  agency: '机关',
  institution: '事业单位',
  enterprise: '企业',
  school: '学校',
  socialOrg: '社会组织',
  other: '其他',
} as const;
export const coBuildingKinds = Object.keys(coBuildingKindNames) as Array<keyof typeof coBuildingKindNames>;

export const itemKindNames = { need: '需求清单', resource: '资源清单', project: '项目清单' } as const;
export const itemKinds = Object.keys(itemKindNames) as Array<keyof typeof itemKindNames>;
export const projectStatusNames = {
  planned: '计划中',
  ongoing: '推进中',
  done: '已完成',
  stopped: '已终止',
} as const;
export const projectStatuses = Object.keys(projectStatusNames) as Array<keyof typeof projectStatusNames>;

/** The fields of a co-building unit without defaults, so a partial update leaves what it does not send. */
const coBuildingFields = {
  unitId: uuid('登记单位'),
  name: text('共建单位名称', 80),
  kind: z.enum(coBuildingKinds, { error: '请选择单位类别' }),
  contactName: z.string().trim().max(40, { error: '联系人不能超过 40 个字' }),
  contactPhone: z
    .string()
    .trim()
    .regex(/^(1\d{10}|0\d{2,3}-?\d{7,8})?$/, { error: '联系电话应为 11 位手机号或带区号的固定电话' }),
  pairedUnitIds: z
    .array(uuid('结对嘎查/社区'))
    .min(1, { error: '请至少选择一个结对嘎查/社区' })
    .max(20, { error: '结对嘎查/社区最多 20 个' }),
};
export const coBuildingBody = z.object({
  ...coBuildingFields,
  contactName: coBuildingFields.contactName.default(''),
  contactPhone: coBuildingFields.contactPhone.default(''),
});
const { unitId: _unitId, ...editableCoBuildingFields } = coBuildingFields;
export const updateCoBuildingBody = z.object(editableCoBuildingFields).partial();
export const coBuildingParams = z.object({ id: uuid('共建单位') });
export const coBuildingItemParams = z.object({ id: uuid('共建单位'), itemId: uuid('清单事项') });

export const listCoBuildingQuery = z.object({
  unitId: uuid('单位').optional(),
  q: z.string().trim().max(60).optional().describe('单位名称'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

const percent = z.number().int().min(0, { error: '进度应为 0–100' }).max(100, { error: '进度应为 0–100' });
/** The fields of a list item without defaults, so a partial update leaves what it does not send. */
const itemFields = {
  kind: z.enum(itemKinds, { error: '请选择清单类别（需求、资源或项目）' }),
  unitId: uuid('所涉嘎查/社区').nullable().optional(),
  title: text('事项名称', 80),
  description: z.string().trim().max(1000, { error: '说明不能超过 1000 个字' }),
  status: z.enum(projectStatuses, { error: '请选择项目状态' }),
  percent: percent.describe('进度（%）'),
  startOn: day('开始日期'),
  endOn: day('计划完成日期'),
};
export const coBuildingItemBody = z.object({
  ...itemFields,
  description: itemFields.description.default(''),
  status: itemFields.status.default('planned'),
  percent: itemFields.percent.default(0),
});
const { kind: _kind, ...editableItemFields } = itemFields;
export const updateCoBuildingItemBody = z.object(editableItemFields).partial();
export type CoBuildingItemInput = z.infer<typeof coBuildingItemBody>;

export const coBuildingItemView = z.object({
  id: z.string(),
  kind: z.string(),
  unitId: z.string().nullable(),
  unitName: z.string().nullable(),
  title: z.string(),
  description: z.string(),
  status: z.string(),
  percent: z.number(),
  startOn: z.string().nullable(),
  endOn: z.string().nullable(),
  completedOn: z.string().nullable(),
});
export const coBuildingView = z.object({
  id: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  name: z.string(),
  kind: z.string(),
  contactName: z.string(),
  contactPhone: z.string(),
  pairs: z.array(z.object({ id: z.string(), name: z.string() })),
  counts: z.object({ need: z.number(), resource: z.number(), project: z.number(), done: z.number() }),
});
export type CoBuildingView = z.infer<typeof coBuildingView>;
export const coBuildingDetail = coBuildingView.extend({ items: z.array(coBuildingItemView) });
export const coBuildingPage = z.object({ total: z.number(), items: z.array(coBuildingView) });
