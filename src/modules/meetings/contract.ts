import { z } from 'zod';
import { isoDate } from '../../platform/http/schemas';
import { pageQuery } from '../orgs/contract';
import { periodKinds } from './compliance';
import { meetingKinds, meetingStatuses, rectificationStatuses, reviewGrades } from './kinds';

const uuid = (name: string) => z.uuid({ error: `${name}格式不正确` }).describe(name);
const text = (name: string, max: number) => z.string().trim().min(1, `请填写${name}`).max(max).describe(name);
const optionalText = (name: string, max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    // Absent stays absent (an edit leaves the field alone); blank means cleared.
    .transform((v) => (v === undefined ? undefined : v || null))
    .describe(name);
const booleanFlag = z
  .enum(['true', 'false'])
  .optional()
  .transform((v) => v === 'true');

export const meetingKind = z.enum(meetingKinds, { error: '请选择会议类型' }).describe('会议类型');
export const meetingStatus = z.enum(meetingStatuses, { error: '状态不正确' }).describe('状态');

export const meetingIdParams = z.object({ id: uuid('记录编号') });
export const ruleIdParams = z.object({ id: uuid('规则编号') });
export const unitIdParams = z.object({ id: uuid('党组织编号') });

/** What a clerk submits for one meeting; the organisation's roster decides who is expected. */
export const meetingInput = z.object({
  kind: meetingKind,
  heldOn: isoDate.describe('召开日期'),
  place: text('地点', 100),
  host: text('主持人', 50),
  topic: text('主题', 200),
  minutes: optionalText('会议记录', 20_000),
  guests: optionalText('列席人员', 500),
  reportingUnitId: uuid('汇报单位').nullish(),
  presentMemberIds: z.array(uuid('出席党员')).max(5000).default([]).describe('出席党员'),
  absences: z
    .array(
      z.object({
        memberId: uuid('缺席党员'),
        reason: optionalText('缺席原因', 100),
      }),
    )
    .max(5000)
    .default([])
    .describe('缺席党员'),
  photoIds: z.array(uuid('会议照片')).max(20).default([]).describe('会议照片'),
  signInSheetIds: z.array(uuid('签到表')).max(5).default([]).describe('签到表'),
});
export type MeetingInput = z.infer<typeof meetingInput>;

export const createMeetingBody = meetingInput.extend({ unitId: uuid('党组织') });
export type CreateMeetingInput = z.infer<typeof createMeetingBody>;

export const reviewBody = z
  .object({
    decision: z.enum(['approve', 'return'], { error: '请选择审核结果' }).describe('审核结果'),
    reason: optionalText('退回原因', 500),
  })
  .refine((v) => v.decision === 'approve' || (v.reason && v.reason.length >= 2), {
    error: '退回原因：退回时请填写原因（至少 2 个字）',
    path: ['reason'],
  });

export const voidBody = z.object({
  reason: z.string().trim().min(2, '请填写作废原因（至少 2 个字）').max(500).describe('作废原因'),
});

const listFilterFields = {
  unitId: uuid('党组织').optional(),
  kind: meetingKind.optional(),
  status: meetingStatus.optional(),
  from: isoDate.optional().describe('开始日期'),
  to: isoDate.optional().describe('结束日期'),
  q: z.string().trim().max(50).optional().describe('关键字'),
};
const datesInOrder = (v: { from?: string; to?: string }) => !v.from || !v.to || v.from <= v.to;
const datesMessage = { error: '开始日期应不晚于结束日期', path: ['to'] };

export const listMeetingsQuery = z
  .object({ ...listFilterFields, ...pageQuery })
  .refine(datesInOrder, datesMessage);
export type ListMeetingsQuery = z.infer<typeof listMeetingsQuery>;
export const exportMeetingsQuery = z.object(listFilterFields).refine(datesInOrder, datesMessage);

export const calendarQuery = z
  .object({
    unitId: uuid('党组织'),
    from: isoDate.describe('开始日期'),
    to: isoDate.describe('结束日期'),
  })
  .refine((v) => v.from < v.to, { error: '开始日期应早于结束日期', path: ['to'] });

export const meetingView = z.object({
  id: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  kind: z.string(),
  kindName: z.string(),
  heldOn: z.string(),
  place: z.string(),
  host: z.string(),
  topic: z.string(),
  status: z.string(),
  statusName: z.string(),
  statusReason: z.string().nullable(),
  expectedFull: z.number(),
  expectedProbationary: z.number(),
  presentFull: z.number(),
  presentProbationary: z.number(),
  /** Present ÷ expected (members), null when nobody was expected. */
  attendanceRate: z.number().nullable(),
  quorumMet: z.boolean().nullable(),
  reportingUnitId: z.string().nullable(),
  reportingUnitName: z.string().nullable(),
  createdByName: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type MeetingView = z.infer<typeof meetingView>;

export const meetingsPage = z.object({
  items: z.array(meetingView.extend({ pathNames: z.string() })),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
});

export const rectificationView = z.object({
  id: z.string(),
  meetingId: z.string(),
  description: z.string(),
  responsible: z.string(),
  dueOn: z.string(),
  status: z.string(),
  statusName: z.string(),
  completionNote: z.string().nullable(),
  completedOn: z.string().nullable(),
  overdue: z.boolean(),
  updatedAt: z.string(),
});
export type RectificationView = z.infer<typeof rectificationView>;

const fileRef = z.object({
  id: z.string(),
  name: z.string(),
  mime: z.string(),
  size: z.number(),
  url: z.string(),
});

export const meetingDetail = meetingView.extend({
  pathNames: z.string(),
  unitType: z.string(),
  minutes: z.string().nullable(),
  guests: z.string().nullable(),
  attendance: z.array(
    z.object({
      memberId: z.string(),
      name: z.string(),
      category: z.string(),
      present: z.boolean(),
      absenceReason: z.string().nullable(),
    }),
  ),
  photos: z.array(fileRef),
  signInSheets: z.array(fileRef),
  events: z.array(
    z.object({
      id: z.string(),
      action: z.string(),
      fromStatus: z.string().nullable(),
      toStatus: z.string(),
      reason: z.string().nullable(),
      actorName: z.string().nullable(),
      at: z.string(),
    }),
  ),
  rectifications: z.array(rectificationView),
  grades: z.array(
    z.object({ memberId: z.string(), name: z.string(), grade: z.string(), note: z.string().nullable() }),
  ),
  /** What the actor may do with this record (the UI shows only these buttons). */
  allowed: z.object({ edit: z.boolean(), review: z.boolean(), void: z.boolean() }),
});
export type MeetingDetail = z.infer<typeof meetingDetail>;

export const rosterQuery = z.object({
  unitId: uuid('党组织'),
  on: isoDate.optional().describe('日期'),
});

export const rosterView = z.object({
  unitId: z.string(),
  unitName: z.string(),
  unitType: z.string(),
  on: z.string(),
  members: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      gender: z.string(),
      category: z.enum(['full', 'probationary']),
      post: z.string().nullable(),
    }),
  ),
});

// Compliance rules ------------------------------------------------------------------------------

export const ruleView = z.object({
  id: z.string(),
  seedKey: z.string().nullable(),
  kind: z.string(),
  kindName: z.string(),
  requiredCount: z.number(),
  period: z.string(),
  unitTypes: z.array(z.string()),
  requiresPartyGroups: z.boolean(),
  warningDays: z.number(),
  enabled: z.boolean(),
  note: z.string().nullable(),
  updatedAt: z.string(),
});
export type RuleView = z.infer<typeof ruleView>;

const ruleFields = {
  kind: meetingKind,
  requiredCount: z.number().int().min(1, '要求次数至少为 1').max(31).describe('要求次数'),
  period: z.enum(periodKinds, { error: '请选择周期' }).describe('周期'),
  unitTypes: z
    .array(z.string().max(40))
    .min(1, '请至少选择一种适用组织类型')
    .max(10)
    .describe('适用组织类型'),
  requiresPartyGroups: z.boolean().default(false).describe('仅限设党小组的组织'),
  warningDays: z.number().int().min(0).max(180).default(15).describe('提前预警天数'),
  enabled: z.boolean().default(true).describe('启用'),
  note: optionalText('说明', 500),
};
export const createRuleBody = z.object(ruleFields);
export type CreateRuleInput = z.infer<typeof createRuleBody>;
export const updateRuleBody = z
  .object({
    requiredCount: ruleFields.requiredCount.optional(),
    period: ruleFields.period.optional(),
    unitTypes: ruleFields.unitTypes.optional(),
    requiresPartyGroups: z.boolean().optional().describe('仅限设党小组的组织'),
    warningDays: z.number().int().min(0).max(180).optional().describe('提前预警天数'),
    enabled: z.boolean().optional().describe('启用'),
    note: ruleFields.note,
  })
  .refine((v) => Object.keys(v).some((k) => (v as Record<string, unknown>)[k] !== undefined), {
    error: '请至少修改一项',
  });
export type UpdateRuleInput = z.infer<typeof updateRuleBody>;

// Compliance ------------------------------------------------------------------------------------

export const complianceStatusEnum = z.enum([
  'notRequired',
  'met',
  'notStarted',
  'pending',
  'warning',
  'overdue',
]);

export const matrixQuery = z.object({
  unitId: uuid('统计范围').optional(),
  year: z.coerce.number().int().min(2000).max(2100).describe('年度'),
  quarter: z.coerce.number().int().min(1).max(4).optional().describe('季度'),
  onlyProblems: booleanFlag.describe('只看未完成'),
  q: z.string().trim().max(50).optional().describe('关键字'),
  ...pageQuery,
});
export type MatrixQuery = z.infer<typeof matrixQuery>;

export const matrixView = z.object({
  period: z.object({ from: z.string(), to: z.string(), label: z.string() }),
  today: z.string(),
  rules: z.array(
    z.object({
      id: z.string(),
      kind: z.string(),
      kindName: z.string(),
      period: z.string(),
      requiredCount: z.number(),
    }),
  ),
  items: z.array(
    z.object({
      unitId: z.string(),
      name: z.string(),
      pathNames: z.string(),
      type: z.string(),
      typeName: z.string(),
      cells: z.array(
        z.object({
          ruleId: z.string(),
          required: z.number(),
          held: z.number(),
          status: complianceStatusEnum.nullable(),
          periods: z.number(),
        }),
      ),
    }),
  ),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
});

export const openItemView = z.object({
  unitId: z.string(),
  unitName: z.string(),
  pathNames: z.string(),
  ruleId: z.string(),
  kind: z.string(),
  kindName: z.string(),
  periodFrom: z.string(),
  periodTo: z.string(),
  periodLabel: z.string(),
  required: z.number(),
  held: z.number(),
  status: complianceStatusEnum,
  daysLeft: z.number(),
  text: z.string(),
});
export type OpenItemView = z.infer<typeof openItemView>;

export const openItemsQuery = z.object({
  unitId: uuid('统计范围').optional(),
  status: z.enum(['warning', 'overdue']).optional().describe('状态'),
  kind: meetingKind.optional(),
  ...pageQuery,
});
export const openItemsPage = z.object({
  items: z.array(openItemView),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
});

export const unitComplianceView = z.object({
  unitId: z.string(),
  name: z.string(),
  today: z.string(),
  items: z.array(openItemView),
});

export const tickResult = z.object({
  ran: z.boolean(),
  open: z.number(),
  created: z.number(),
  resolved: z.number(),
});

// Rectification items and grades ---------------------------------------------------------------

export const createRectificationBody = z.object({
  description: text('整改事项', 500),
  responsible: text('责任人', 50),
  dueOn: isoDate.describe('整改时限'),
});
export const updateRectificationBody = z
  .object({
    description: text('整改事项', 500).optional(),
    responsible: text('责任人', 50).optional(),
    dueOn: isoDate.optional().describe('整改时限'),
    status: z.enum(rectificationStatuses, { error: '状态不正确' }).optional().describe('整改状态'),
    completionNote: optionalText('完成情况', 1000),
    completedOn: isoDate.nullish().describe('完成日期'),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), { error: '请至少修改一项' });
export type UpdateRectificationInput = z.infer<typeof updateRectificationBody>;

export const rectificationsQuery = z.object({
  unitId: uuid('统计范围').optional(),
  status: z.enum(rectificationStatuses).optional().describe('整改状态'),
  ...pageQuery,
});
export const rectificationsPage = z.object({
  items: z.array(rectificationView.extend({ unitId: z.string(), unitName: z.string(), heldOn: z.string() })),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
});

export const gradesBody = z.object({
  grades: z
    .array(
      z.object({
        memberId: uuid('党员'),
        grade: z.enum(reviewGrades, { error: '请选择评议等次' }).describe('评议等次'),
        note: optionalText('备注', 200),
      }),
    )
    .max(5000)
    .describe('评议结果'),
});

export const partyOrgQuery = z.object({
  q: z.string().trim().max(50).optional().describe('关键字'),
  ...pageQuery,
});
export const partyOrgPage = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      type: z.string(),
      typeName: z.string(),
      pathNames: z.string(),
    }),
  ),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
});
