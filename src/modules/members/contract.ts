import { z } from 'zod';
import { isoDate } from '../../platform/http/schemas';
import { pageQuery } from '../orgs/contract';
import { ageBands } from './flags';
import {
  decisionKinds,
  educationLevels,
  memberCategories,
  memberStatuses,
  transferStatuses,
} from './vocabulary';

const uuid = (label: string, error = `${label}格式不正确`) => z.uuid({ error }).describe(label);
const optionalDate = (label: string) => isoDate.nullish().or(z.literal('')).describe(label);

export const memberIdParams = z.object({ id: uuid('党员编号') });
export const transferIdParams = z.object({ id: uuid('转接编号') });

const ageBandKeys = ageBands.map((band) => band.key) as [string, ...string[]];

const filterShape = {
  unitId: uuid('党组织').optional(),
  q: z.string().trim().max(50).optional().describe('姓名、拼音首字母或身份证号'),
  category: z.enum(memberCategories).optional().describe('党员类别'),
  gender: z.enum(['male', 'female']).optional().describe('性别'),
  ethnicity: z.string().trim().max(20).optional().describe('民族'),
  ageBand: z.enum(ageBandKeys).optional().describe('年龄段'),
  education: z.enum(educationLevels).optional().describe('学历'),
  joinedFrom: isoDate.optional().describe('入党日期起'),
  joinedTo: isoDate.optional().describe('入党日期止'),
  post: z.string().trim().max(30).optional().describe('党内职务'),
  flag: z.enum(['mobile', 'outOfContact', 'conversionDue']).optional().describe('标记'),
  status: z
    .enum([...memberStatuses, 'all'])
    .default('active')
    .describe('状态'),
};
const joinedRange = <T extends { joinedFrom?: string; joinedTo?: string }>(q: T) =>
  !q.joinedFrom || !q.joinedTo || q.joinedFrom <= q.joinedTo;
const joinedRangeError = { error: '入党日期起不能晚于入党日期止', path: ['joinedTo'] };

/** Filters of the roster, shared by the list, the export and the web. */
export const memberFilters = z.object(filterShape).refine(joinedRange, joinedRangeError);
export type MemberFilters = z.infer<typeof memberFilters>;

export const memberListQuery = z
  .object({ ...filterShape, ...pageQuery })
  .refine(joinedRange, joinedRangeError);
export type MemberListQuery = z.infer<typeof memberListQuery>;

export const memberFlagsView = z.object({
  mobile: z.boolean(),
  outOfContact: z.boolean(),
  /** null unless probationary and active. */
  conversion: z.enum(['onTrack', 'dueSoon', 'overdue']).nullable(),
});

export const memberRow = z.object({
  id: z.string(),
  personId: z.string(),
  name: z.string(),
  gender: z.enum(['male', 'female']),
  birthDate: z.string(),
  age: z.number(),
  ethnicity: z.string().nullable(),
  idNumberMasked: z.string(),
  phoneMasked: z.string().nullable(),
  unitId: z.string(),
  unitName: z.string(),
  category: z.enum(memberCategories),
  status: z.enum(memberStatuses),
  joinedOn: z.string(),
  fullOn: z.string().nullable(),
  conversionDueOn: z.string().nullable(),
  education: z.enum(educationLevels).nullable(),
  post: z.string().nullable(),
  awaySince: z.string().nullable(),
  lastContactOn: z.string().nullable(),
  flags: memberFlagsView,
});
export type MemberRow = z.infer<typeof memberRow>;

export const memberPage = z.object({
  items: z.array(memberRow),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
});

export const memberEventView = z.object({
  id: z.string(),
  kind: z.string(),
  summary: z.string(),
  before: z.unknown(),
  after: z.unknown(),
  actorName: z.string().nullable(),
  at: z.string(),
});

export const decisionView = z.object({
  id: z.string(),
  kind: z.enum(decisionKinds),
  decidedOn: z.string(),
  approver: z.string(),
  note: z.string().nullable(),
  extensionMonths: z.number().nullable(),
  createdByName: z.string().nullable(),
  createdAt: z.string(),
});

export const transferView = z.object({
  id: z.string(),
  memberId: z.string(),
  memberName: z.string(),
  memberGender: z.enum(['male', 'female']),
  memberCategory: z.enum(memberCategories),
  idNumberMasked: z.string(),
  fromUnitId: z.string(),
  fromUnitName: z.string(),
  toUnitId: z.string().nullable(),
  toUnitName: z.string().nullable(),
  destination: z.string().nullable(),
  outsideProvince: z.boolean(),
  internal: z.boolean(),
  reason: z.string(),
  requestedOn: z.string(),
  status: z.enum(transferStatuses),
  letterNumber: z.string(),
  letterValidUntil: z.string(),
  requestedByName: z.string().nullable(),
  decidedOn: z.string().nullable(),
  decidedByName: z.string().nullable(),
  returnReason: z.string().nullable(),
  /** What the actor may do with it: the receiving side accepts or returns, the sending side withdraws or confirms. */
  canReceive: z.boolean(),
  canSend: z.boolean(),
});
export type TransferView = z.infer<typeof transferView>;

export const memberDetail = memberRow.extend({
  unitPath: z.string(),
  probationExtensionMonths: z.number().nullable(),
  reminderDays: z.number(),
  decisions: z.array(decisionView),
  transfers: z.array(transferView),
  events: z.array(memberEventView),
  /** Decision kinds the current state allows (the dialog offers only these). */
  allowedDecisions: z.array(z.enum(decisionKinds)),
  hasOpenTransfer: z.boolean(),
});
export type MemberDetail = z.infer<typeof memberDetail>;

const phone = z
  .string()
  .trim()
  .regex(/^(1\d{10}|0\d{2,3}-?\d{7,8})$/, '请填写 11 位手机号或带区号的固定电话')
  .nullish()
  .or(z.literal(''))
  .describe('联系电话');
const education = z.enum(educationLevels).nullish().describe('学历');
const post = z.string().trim().max(30).nullish().or(z.literal('')).describe('党内职务');

/** Adding a member: an existing person by id, or a new person by name and ID number (linked when registered). */
export const createMemberBody = z.object({
  personId: uuid('人员').optional(),
  name: z.string().trim().min(1).max(50).optional().describe('姓名'),
  idNumber: z.string().trim().min(1).max(30).optional().describe('身份证号'),
  ethnicity: z.string().trim().max(20).nullish().describe('民族'),
  phone,
  unitId: uuid('所在党组织', '请选择所在党组织'),
  category: z.enum(memberCategories, { error: '请选择正式党员或预备党员' }).describe('党员类别'),
  joinedOn: isoDate.describe('入党日期'),
  fullOn: optionalDate('转正日期'),
  education,
  post,
  awaySince: optionalDate('外出日期'),
  lastContactOn: optionalDate('最近联系日期'),
});
export type CreateMemberInput = z.infer<typeof createMemberBody>;

const notHere = (message: string) =>
  z
    .unknown()
    .refine((value) => value === undefined, { error: message })
    .optional();

/** Editing a member's Party data; category and status change only through decisions. */
export const updateMemberBody = z
  .object({
    joinedOn: isoDate.optional().describe('入党日期'),
    fullOn: optionalDate('转正日期'),
    education,
    post,
    awaySince: optionalDate('外出日期'),
    lastContactOn: optionalDate('最近联系日期'),
    category: notHere('党员类别只能通过“组织决定”变更').describe('党员类别'),
    status: notHere('党员状态只能通过“组织决定”变更').describe('状态'),
    unitId: notHere('所在党组织只能通过“组织关系转接”变更').describe('所在党组织'),
  })
  .refine((v) => Object.values(v).some((value) => value !== undefined), { error: '请至少修改一项' });
export type UpdateMemberInput = z.infer<typeof updateMemberBody>;

export const decisionBody = z.object({
  kind: z.enum(decisionKinds, { error: '请选择决定类型' }).describe('决定类型'),
  decidedOn: isoDate.describe('决定日期'),
  approver: z.string().trim().min(2, '请填写批准的会议或组织（至少 2 个字）').max(100).describe('批准组织'),
  note: z.string().trim().max(500).nullish().describe('说明'),
  extensionMonths: z.coerce.number().int('请填写整月数').nullish().describe('延长月数'),
});
export type DecisionInput = z.infer<typeof decisionBody>;

export const transferBody = z.object({
  toUnitId: uuid('接收党组织').nullish(),
  destination: z.string().trim().max(100).nullish().or(z.literal('')).describe('转往党组织'),
  outsideProvince: z.boolean().default(false).describe('转往外省'),
  reason: z.string().trim().min(2, '请填写转接原因（至少 2 个字）').max(200).describe('转接原因'),
  requestedOn: isoDate.optional().describe('申请日期'),
});
export type TransferInput = z.infer<typeof transferBody>;

export const returnTransferBody = z.object({
  reason: z.string().trim().min(2, '请填写退回原因（至少 2 个字）').max(200).describe('退回原因'),
});
export const cancelTransferBody = z.object({
  reason: z.string().trim().min(2, '请填写撤回原因（至少 2 个字）').max(200).describe('撤回原因'),
});

export const transferListQuery = z.object({
  box: z.enum(['incoming', 'outgoing']).default('incoming').describe('收发方向'),
  status: z
    .enum([...transferStatuses, 'all'])
    .default('pending')
    .describe('状态'),
  q: z.string().trim().max(50).optional().describe('姓名或介绍信编号'),
  ...pageQuery,
});
export type TransferListQuery = z.infer<typeof transferListQuery>;

export const transferPage = z.object({
  items: z.array(transferView),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
});

export const partyUnitQuery = z.object({
  q: z.string().trim().max(50).optional().describe('名称或拼音'),
  ...pageQuery,
});
export const partyUnitView = z.object({
  id: z.string(),
  name: z.string(),
  type: z.string(),
  typeName: z.string(),
  pathNames: z.string(),
});
export const partyUnitPage = z.object({
  items: z.array(partyUnitView),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
});

export const summaryQuery = z.object({ unitId: uuid('党组织').optional() });
const summaryGroup = z.object({ key: z.string(), label: z.string(), value: z.number().nullable() });
export const summaryView = z.array(
  z.object({
    key: z.string(),
    name: z.string(),
    unit: z.string(),
    value: z.number().nullable(),
    breakdown: z.array(summaryGroup).optional(),
  }),
);

export const settingsView = z.object({
  conversionReminderDays: z.number(),
  mobileAfterMonths: z.number(),
  outOfContactAfterMonths: z.number(),
  letterValidMonths: z.number(),
  letterValidMonthsOutsideProvince: z.number(),
});

const whole = (label: string, min: number, max: number) =>
  z.coerce.number().int('请填写整数').min(min).max(max).optional().describe(label);
export const updateSettingsBody = z
  .object({
    conversionReminderDays: whole('转正提醒提前天数', 0, 180),
    mobileAfterMonths: whole('流动党员外出月数', 1, 24),
    outOfContactAfterMonths: whole('失联月数', 1, 24),
    letterValidMonths: whole('介绍信有效期（省内，月）', 1, 12),
    letterValidMonthsOutsideProvince: whole('介绍信有效期（省外，月）', 1, 12),
  })
  .refine((v) => Object.values(v).some((value) => value !== undefined), { error: '请至少修改一项' });

/** What a run of the probation reminders did. */
export const reminderResult = z.object({
  ran: z.boolean().describe('是否运行'),
  open: z.number().describe('应提醒的预备党员数'),
  created: z.number().describe('新发提醒数'),
  resolved: z.number().describe('已办结提醒数'),
});
