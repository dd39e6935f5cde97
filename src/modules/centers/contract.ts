import { z } from 'zod';
import { isoDate } from '../../platform/http/schemas';
import { pageQuery } from '../orgs/contract';

/** Unit types that have a Party–masses service centre. */
export const centerUnitTypes = ['sumu', 'town', 'gacha', 'community'] as const;
export type CenterUnitType = (typeof centerUnitTypes)[number];

export const centerStatuses = ['inUse', 'building', 'suspended'] as const;
export const centerStatusNames: Record<(typeof centerStatuses)[number], string> = {
  inUse: '已投入使用',
  building: '在建（改造中）',
  suspended: '暂停服务',
};

export const upgradeStatuses = ['none', 'planned', 'inProgress', 'completed'] as const;
export const upgradeStatusNames: Record<(typeof upgradeStatuses)[number], string> = {
  none: '未列入计划',
  planned: '已列入计划',
  inProgress: '实施中',
  completed: '已完成',
};

export const evidenceKinds = ['photo', 'document', 'record', 'onSite'] as const;
export const evidenceKindNames: Record<(typeof evidenceKinds)[number], string> = {
  photo: '现场照片',
  document: '制度文件',
  record: '台账记录',
  onSite: '现场查看',
};

export const assessmentResults = ['met', 'partly', 'notMet'] as const;
export type AssessmentResult = (typeof assessmentResults)[number];
export const assessmentResultNames: Record<AssessmentResult, string> = {
  met: '达标',
  partly: '部分达标',
  notMet: '未达标',
};

export const serviceChannels = ['onSite', 'proxy', 'online'] as const;
export const serviceChannelNames: Record<(typeof serviceChannels)[number], string> = {
  onSite: '现场办理',
  proxy: '代办',
  online: '网上办理',
};

export const timeLimitKinds = ['working', 'calendar'] as const;
export const timeLimitKindNames: Record<(typeof timeLimitKinds)[number], string> = {
  working: '工作日',
  calendar: '自然日',
};

const uuidOf = (label: string) => z.uuid({ error: `${label}格式不正确` }).describe(label);
const text = (label: string, max: number) => z.string().trim().max(max).describe(label);
const requiredText = (label: string, max: number) => z.string().trim().min(1).max(max).describe(label);

/** A telephone number as people write them: mobile, landline with area code, or a short service line. */
export const phoneNumber = z
  .string()
  .trim()
  .regex(/^(1\d{10}|0\d{2,3}-?\d{7,8}(-\d{1,6})?|\d{5,8})$/, '请填写 11 位手机号或带区号的固定电话')
  .describe('电话');

// ---- centres ----

export const centerIdParams = z.object({ id: uuidOf('服务中心编号') });

export const roomSchema = z.object({
  name: requiredText('功能室名称', 50),
  functions: text('功能', 200).default(''),
});

export const staffSchema = z.object({
  name: requiredText('工作人员姓名', 30),
  role: text('岗位', 30).default(''),
  phone: phoneNumber.nullish().or(z.literal('')).describe('工作人员电话'),
  phonePublic: z.boolean().default(false).describe('电话是否公开'),
});

const centerFields = {
  name: requiredText('中心名称', 100),
  address: text('地址', 200),
  areaSqm: z
    .number()
    .min(0, '面积不能为负数')
    .max(100_000, '面积过大，请以平方米填写')
    .nullish()
    .describe('面积'),
  openingHours: text('开放时间', 200),
  rooms: z.array(roomSchema).max(50, '功能室最多 50 个').describe('功能室'),
  staff: z.array(staffSchema).max(50, '工作人员最多 50 人').describe('工作人员'),
  photoIds: z.array(uuidOf('照片编号')).max(20, '照片最多 20 张').describe('照片'),
  status: z.enum(centerStatuses, { error: '状态不正确' }).describe('状态'),
  upgradeStatus: z.enum(upgradeStatuses, { error: '提档升级状态不正确' }).describe('提档升级状态'),
  upgradeNote: text('提档升级说明', 500),
};

export const createCenterBody = z.object({
  unitId: z.uuid({ error: '请选择所属苏木镇、嘎查或社区' }).describe('所属单位'),
  ...centerFields,
  address: centerFields.address.default(''),
  openingHours: centerFields.openingHours.default(''),
  rooms: centerFields.rooms.default([]),
  staff: centerFields.staff.default([]),
  photoIds: centerFields.photoIds.default([]),
  status: centerFields.status.default('inUse'),
  upgradeStatus: centerFields.upgradeStatus.default('none'),
  upgradeNote: centerFields.upgradeNote.default(''),
});
export type CreateCenterInput = z.infer<typeof createCenterBody>;

export const updateCenterBody = z
  .object({
    name: centerFields.name.optional(),
    address: centerFields.address.optional(),
    areaSqm: centerFields.areaSqm,
    openingHours: centerFields.openingHours.optional(),
    rooms: centerFields.rooms.optional(),
    staff: centerFields.staff.optional(),
    photoIds: centerFields.photoIds.optional(),
    status: centerFields.status.optional(),
    upgradeStatus: centerFields.upgradeStatus.optional(),
    upgradeNote: centerFields.upgradeNote.optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { error: '请至少修改一项' });
export type UpdateCenterInput = z.infer<typeof updateCenterBody>;

export const listCentersQuery = z.object({
  q: z.string().trim().max(50).optional().describe('中心名称、拼音或地址'),
  unitId: uuidOf('所属单位').optional(),
  type: z.enum(centerUnitTypes, { error: '单位类型不正确' }).optional().describe('单位类型'),
  status: z.enum(centerStatuses, { error: '状态不正确' }).optional().describe('状态'),
  upgradeStatus: z.enum(upgradeStatuses, { error: '提档升级状态不正确' }).optional().describe('提档升级状态'),
  ...pageQuery,
});
export type ListCentersQuery = z.infer<typeof listCentersQuery>;
export const exportCentersQuery = listCentersQuery.omit({ page: true, pageSize: true });

const fileRef = z.object({
  id: z.string(),
  name: z.string(),
  mime: z.string(),
  size: z.number(),
  isPublic: z.boolean(),
  url: z.string(),
});

/** Upgrade progress of a centre on its latest assessments; null while never assessed. */
export const progressView = z.object({
  itemCount: z.number(),
  metCount: z.number(),
  partlyCount: z.number(),
  /** Share of items met, 0–1; null when the centre has no assessment yet. */
  share: z.number().nullable(),
  meetsStandard: z.boolean(),
  lastAssessedOn: z.string().nullable(),
});
export type ProgressView = z.infer<typeof progressView>;

export const centerView = z.object({
  id: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  unitType: z.string(),
  unitPathNames: z.string(),
  name: z.string(),
  address: z.string(),
  areaSqm: z.number().nullable(),
  openingHours: z.string(),
  status: z.enum(centerStatuses),
  upgradeStatus: z.enum(upgradeStatuses),
  itemCount: z.number(),
  publishedItemCount: z.number(),
  progress: progressView,
});
export type CenterView = z.infer<typeof centerView>;

export const centerDetail = centerView.extend({
  rooms: z.array(z.object({ name: z.string(), functions: z.string() })),
  staff: z.array(
    z.object({ name: z.string(), role: z.string(), phone: z.string().nullable(), phonePublic: z.boolean() }),
  ),
  photos: z.array(fileRef),
  upgradeNote: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CenterDetail = z.infer<typeof centerDetail>;

export const centersPage = z.object({
  items: z.array(centerView),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
});

export const qrView = z.object({ url: z.string(), svg: z.string() });

// ---- standards ----

export const standardIdParams = z.object({ standardId: uuidOf('标准编号') });

const standardItemInput = z.object({
  id: uuidOf('标准条目编号').optional(),
  title: requiredText('条目名称', 100),
  description: text('条目说明', 500).default(''),
  evidenceKind: z.enum(evidenceKinds, { error: '佐证材料类型不正确' }).describe('佐证材料类型'),
});

const standardFields = {
  name: requiredText('标准名称', 100),
  description: text('标准说明', 1000).default(''),
  unitTypes: z
    .array(z.enum(centerUnitTypes, { error: '适用单位类型不正确' }))
    .min(1, '请至少选择一种适用单位类型')
    .describe('适用单位类型'),
  items: z.array(standardItemInput).min(1, '请至少填写一个条目').max(100, '条目最多 100 个').describe('条目'),
};

export const createStandardBody = z.object({
  unitId: z.uuid({ error: '请选择制定标准的单位' }).describe('制定单位'),
  ...standardFields,
});
export type CreateStandardInput = z.infer<typeof createStandardBody>;

export const updateStandardBody = z.object({
  ...standardFields,
  active: z.boolean().default(true).describe('是否启用'),
});
export type UpdateStandardInput = z.infer<typeof updateStandardBody>;

export const standardItemView = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  evidenceKind: z.enum(evidenceKinds),
  sortOrder: z.number(),
});

export const standardView = z.object({
  id: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  name: z.string(),
  description: z.string(),
  unitTypes: z.array(z.string()),
  active: z.boolean(),
  items: z.array(standardItemView),
  /** The actor may edit it (holds centers.configure over its unit). */
  editable: z.boolean(),
});
export type StandardView = z.infer<typeof standardView>;

// ---- assessments ----

export const createAssessmentBody = z.object({
  standardId: uuidOf('评估标准'),
  assessedOn: isoDate.describe('评估日期'),
  note: text('评估说明', 1000).default(''),
  results: z
    .array(
      z.object({
        itemId: uuidOf('标准条目'),
        result: z.enum(assessmentResults, { error: '请选择达标、部分达标或未达标' }).describe('评估结果'),
        evidenceNote: text('佐证说明', 500).default(''),
        fileIds: z.array(uuidOf('附件编号')).max(20, '每条最多 20 个附件').default([]).describe('佐证附件'),
      }),
    )
    .min(1, '请逐条填写评估结果')
    .describe('评估结果'),
});
export type CreateAssessmentInput = z.infer<typeof createAssessmentBody>;

export const assessmentView = z.object({
  id: z.string(),
  standardId: z.string(),
  assessedOn: z.string(),
  assessorName: z.string(),
  note: z.string(),
  metCount: z.number(),
  itemCount: z.number(),
  results: z.array(
    z.object({
      itemId: z.string(),
      itemTitle: z.string(),
      result: z.enum(assessmentResults),
      evidenceNote: z.string(),
      files: z.array(fileRef),
    }),
  ),
});
export type AssessmentView = z.infer<typeof assessmentView>;

export const centerAssessmentsView = z.object({
  progress: progressView,
  standards: z.array(
    standardView.extend({
      latest: assessmentView.nullable(),
      history: z.array(assessmentView),
    }),
  ),
});

// ---- service items ----

export const itemParams = z.object({ id: uuidOf('服务中心编号'), itemId: uuidOf('服务事项编号') });

const serviceItemFields = {
  name: requiredText('事项名称', 100),
  department: text('责任部门', 100).default(''),
  eligibility: text('申请对象', 300).default(''),
  materials: z
    .array(requiredText('申请材料', 200))
    .max(30, '申请材料最多 30 项')
    .default([])
    .describe('申请材料'),
  timeLimitDays: z
    .number()
    .int('办理时限应为整数天')
    .min(0, '办理时限不能为负数')
    .max(365, '办理时限不能超过 365 天')
    .nullish()
    .describe('办理时限'),
  timeLimitKind: z
    .enum(timeLimitKinds, { error: '时限类型应为工作日或自然日' })
    .default('working')
    .describe('时限类型'),
  fee: text('收费标准', 100).default('免费'),
  channels: z
    .array(z.enum(serviceChannels, { error: '办理渠道应为现场、代办或网办' }))
    .min(1, '请至少选择一种办理渠道')
    .describe('办理渠道'),
  contactPhone: phoneNumber.or(z.literal('')).default('').describe('咨询电话'),
  published: z.boolean().default(true).describe('是否公开'),
};

export const createServiceItemBody = z.object(serviceItemFields);
export type ServiceItemInput = z.infer<typeof createServiceItemBody>;

export const updateServiceItemBody = z
  .object({
    name: serviceItemFields.name.optional(),
    department: text('责任部门', 100).optional(),
    eligibility: text('申请对象', 300).optional(),
    materials: z
      .array(requiredText('申请材料', 200))
      .max(30, '申请材料最多 30 项')
      .optional()
      .describe('申请材料'),
    timeLimitDays: serviceItemFields.timeLimitDays,
    timeLimitKind: z
      .enum(timeLimitKinds, { error: '时限类型应为工作日或自然日' })
      .optional()
      .describe('时限类型'),
    fee: text('收费标准', 100).optional(),
    channels: z
      .array(z.enum(serviceChannels, { error: '办理渠道应为现场、代办或网办' }))
      .min(1, '请至少选择一种办理渠道')
      .optional()
      .describe('办理渠道'),
    contactPhone: phoneNumber.or(z.literal('')).optional().describe('咨询电话'),
    published: z.boolean().optional().describe('是否公开'),
  })
  .refine((v) => Object.keys(v).length > 0, { error: '请至少修改一项' });
export type UpdateServiceItemInput = z.infer<typeof updateServiceItemBody>;

export const listServiceItemsQuery = z.object({
  q: z.string().trim().max(50).optional().describe('事项名称或部门'),
});

export const reorderItemsBody = z.object({
  ids: z.array(uuidOf('服务事项编号')).min(1, '请提供事项顺序').max(500).describe('事项顺序'),
});

export const copyItemsBody = z.object({
  fromCenterId: z.uuid({ error: '请选择要复制的服务中心' }).describe('复制来源'),
});

export const serviceItemView = z.object({
  id: z.string(),
  name: z.string(),
  department: z.string(),
  eligibility: z.string(),
  materials: z.array(z.string()),
  timeLimitDays: z.number().nullable(),
  timeLimitKind: z.enum(timeLimitKinds),
  fee: z.string(),
  channels: z.array(z.enum(serviceChannels)),
  contactPhone: z.string(),
  sortOrder: z.number(),
  published: z.boolean(),
});
export type ServiceItemView = z.infer<typeof serviceItemView>;

export const copyResult = z.object({ copied: z.number(), skipped: z.number() });

// ---- public page ----

export const publicCenterView = z.object({
  id: z.string(),
  name: z.string(),
  unitName: z.string(),
  address: z.string(),
  openingHours: z.string(),
  rooms: z.array(z.object({ name: z.string(), functions: z.string() })),
  staff: z.array(z.object({ name: z.string(), role: z.string(), phone: z.string().nullable() })),
  photos: z.array(z.object({ id: z.string(), name: z.string(), url: z.string() })),
  items: z.array(serviceItemView.omit({ published: true, sortOrder: true })),
});
export type PublicCenterView = z.infer<typeof publicCenterView>;
