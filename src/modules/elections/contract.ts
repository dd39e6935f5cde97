import { z } from 'zod';
import { isoDate } from '../../platform/http/schemas';
import { pageQuery } from '../orgs/contract';
import { comparators, targetMetricKeys } from './metrics';
import { committees, electionUnitTypes, posts } from './vocabulary';

const booleanFlag = z.enum(['true', 'false']).optional();

export const electionIdParams = z.object({
  id: z.uuid({ error: '换届记录编号格式不正确' }).describe('换届记录编号'),
});
export const targetIdParams = z.object({ id: z.uuid({ error: '目标编号格式不正确' }).describe('目标编号') });

const count = (label: string) =>
  z.number().int().min(0, '不能为负数').max(1_000_000).nullish().describe(label);

export const postInput = z.object({
  personId: z.uuid({ error: '请选择任职人员' }).describe('任职人员'),
  committee: z.enum(committees, { error: '组织只能是党组织、村（居）委会或集体经济组织' }).describe('组织'),
  post: z.enum(posts, { error: '请选择职务' }).describe('职务'),
  education: z.string().trim().max(20).nullish().describe('学历'),
});
export type PostInput = z.infer<typeof postInput>;

const electionFields = {
  roundYear: z.number().int().min(1980, '换届年度不早于 1980 年').max(2100).describe('换届年度'),
  session: z.string().trim().max(30).nullish().describe('届次'),
  electionDate: isoDate.describe('选举日期'),
  method: z.string().trim().max(40).nullish().describe('选举方式'),
  votesDue: count('应参选人数'),
  votesCast: count('实参选人数'),
  votesValid: count('有效票数'),
  termYears: z
    .number()
    .int()
    .min(1, '任期至少 1 年')
    .max(10, '任期不超过 10 年')
    .optional()
    .describe('任期（年）'),
  note: z.string().trim().max(500).nullish().describe('备注'),
};

type Votes = { votesDue?: number | null; votesCast?: number | null; votesValid?: number | null };
const votesConsistent = (v: Votes) => v.votesCast == null || v.votesDue == null || v.votesCast <= v.votesDue;
const validConsistent = (v: Votes) =>
  v.votesValid == null || v.votesCast == null || v.votesValid <= v.votesCast;

export const createElectionBody = z
  .object({
    unitId: z.uuid({ error: '请选择嘎查（村）或社区' }).describe('嘎查（村）/社区'),
    ...electionFields,
    posts: z.array(postInput).max(60, '任职人员不超过 60 人').optional().describe('任职人员'),
  })
  .refine(votesConsistent, { error: '实参选人数不能多于应参选人数', path: ['votesCast'] })
  .refine(validConsistent, { error: '有效票数不能多于实参选人数', path: ['votesValid'] });
export type CreateElectionInput = z.infer<typeof createElectionBody>;

export const updateElectionBody = z
  .object({
    roundYear: electionFields.roundYear.optional(),
    session: electionFields.session,
    electionDate: electionFields.electionDate.optional(),
    method: electionFields.method,
    votesDue: electionFields.votesDue,
    votesCast: electionFields.votesCast,
    votesValid: electionFields.votesValid,
    termYears: electionFields.termYears,
    note: electionFields.note,
  })
  .refine((v) => Object.keys(v).length > 0, { error: '请至少修改一项' })
  .refine(votesConsistent, { error: '实参选人数不能多于应参选人数', path: ['votesCast'] })
  .refine(validConsistent, { error: '有效票数不能多于实参选人数', path: ['votesValid'] });
export type UpdateElectionInput = z.infer<typeof updateElectionBody>;

export const replacePostsBody = z.object({
  posts: z.array(postInput).max(60, '任职人员不超过 60 人').describe('任职人员'),
});

export const voidElectionBody = z.object({
  reason: z.string().trim().min(2, '请填写作废原因（至少 2 个字）').max(200).describe('作废原因'),
});

export const termStatusValues = ['current', 'expiring', 'expired', 'missing'] as const;

export const listElectionsQuery = z.object({
  q: z.string().trim().max(50).optional().describe('嘎查（村）/社区名称或拼音'),
  unitId: z.uuid({ error: '单位编号格式不正确' }).optional().describe('所属单位'),
  unitType: z.enum(electionUnitTypes, { error: '类型只能是嘎查（村）或社区' }).optional().describe('类型'),
  roundYear: z.coerce.number().int().min(1980).max(2100).optional().describe('换届年度'),
  termStatus: z
    .enum(['current', 'expiring', 'expired'], { error: '任期状态无效' })
    .optional()
    .describe('任期状态'),
  dualRole: booleanFlag.describe('一肩挑'),
  includeVoided: booleanFlag.describe('包含已作废'),
  ...pageQuery,
});
export type ListElectionsQuery = z.infer<typeof listElectionsQuery>;

export const compositionView = z.object({
  partyCount: z.number(),
  villagersCount: z.number(),
  bothCount: z.number(),
  memberCount: z.number(),
  dualRole: z.boolean(),
  tripleRole: z.boolean(),
  secretaryVacant: z.boolean(),
  directorVacant: z.boolean(),
  crossRate: z.number().nullable(),
  womenCount: z.number(),
  averageAge: z.number().nullable(),
});
export type CompositionView = z.infer<typeof compositionView>;

export const electionListItem = z.object({
  id: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  unitType: z.string(),
  pathNames: z.string(),
  roundYear: z.number(),
  session: z.string().nullable(),
  electionDate: z.string(),
  method: z.string().nullable(),
  termYears: z.number(),
  termEnd: z.string(),
  termStatus: z.enum(['current', 'expiring', 'expired']),
  /** False when a later election of the unit replaced this committee. */
  inOffice: z.boolean(),
  voided: z.boolean(),
  composition: compositionView,
});
export type ElectionListItem = z.infer<typeof electionListItem>;

export const electionsPage = z.object({
  items: z.array(electionListItem),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
});

export const postView = z.object({
  id: z.string(),
  personId: z.string(),
  name: z.string(),
  gender: z.string(),
  birthDate: z.string(),
  age: z.number(),
  ethnicity: z.string().nullable(),
  idNumberMasked: z.string(),
  committee: z.enum(committees),
  post: z.enum(posts),
  postName: z.string(),
  education: z.string().nullable(),
});
export type PostView = z.infer<typeof postView>;

export const electionDetail = electionListItem.extend({
  votesDue: z.number().nullable(),
  votesCast: z.number().nullable(),
  votesValid: z.number().nullable(),
  note: z.string().nullable(),
  voidReason: z.string().nullable(),
  posts: z.array(postView),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ElectionDetail = z.infer<typeof electionDetail>;

export const termsQuery = z.object({
  q: z.string().trim().max(50).optional().describe('嘎查（村）/社区名称或拼音'),
  unitId: z.uuid({ error: '单位编号格式不正确' }).optional().describe('所属单位'),
  unitType: z.enum(electionUnitTypes, { error: '类型只能是嘎查（村）或社区' }).optional().describe('类型'),
  status: z.enum(termStatusValues, { error: '任期状态无效' }).optional().describe('任期状态'),
  ...pageQuery,
});
export type TermsQuery = z.infer<typeof termsQuery>;

export const termItem = z.object({
  unitId: z.string(),
  unitName: z.string(),
  unitType: z.string(),
  townshipName: z.string().nullable(),
  electionId: z.string().nullable(),
  electionDate: z.string().nullable(),
  termEnd: z.string().nullable(),
  status: z.enum(termStatusValues),
  daysLeft: z.number().nullable(),
});
export type TermItem = z.infer<typeof termItem>;

export const termsPage = z.object({
  items: z.array(termItem),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
  counts: z.object({ current: z.number(), expiring: z.number(), expired: z.number(), missing: z.number() }),
});

export const scopeQuery = z.object({
  unitId: z.uuid({ error: '单位编号格式不正确' }).optional().describe('统计范围（单位）'),
});

const groupStats = z.object({
  units: z.number(),
  elected: z.number(),
  completedRate: z.number().nullable(),
  withCommittee: z.number(),
  dualRoleCount: z.number(),
  dualRoleRate: z.number().nullable(),
  crossRate: z.number().nullable(),
  womenShare: z.number().nullable(),
  averageAge: z.number().nullable(),
});
export type GroupStats = z.infer<typeof groupStats>;

export const rollupRow = z.object({
  townshipId: z.string().nullable(),
  townshipName: z.string(),
  gacha: groupStats,
  community: groupStats,
});
export type RollupRow = z.infer<typeof rollupRow>;

const evidence = z.object({ entity: z.string(), count: z.number() });
export const figureView = z.object({
  key: z.string(),
  name: z.string(),
  unit: z.string(),
  value: z.number().nullable(),
  evidence,
  breakdown: z
    .array(z.object({ key: z.string(), label: z.string(), value: z.number().nullable(), evidence }))
    .optional(),
});
export type FigureView = z.infer<typeof figureView>;

export const targetUnitTypes = z
  .array(z.enum(electionUnitTypes, { error: '适用类型只能是嘎查（村）或社区' }))
  .min(1, '请至少选择一种适用类型')
  .describe('适用类型');

export const targetBody = z.object({
  unitId: z.uuid({ error: '请选择设置目标的单位' }).describe('设置单位'),
  name: z.string().trim().min(1).max(60).describe('目标名称'),
  indicatorKey: z.enum(targetMetricKeys as [string, ...string[]], { error: '请选择指标' }).describe('指标'),
  comparator: z.enum(comparators, { error: '比较方式只能是 ≥、≤ 或 =' }).describe('比较方式'),
  threshold: z.number().min(0, '目标值不能为负数').max(200).describe('目标值'),
  unitTypes: targetUnitTypes,
  note: z.string().trim().max(200).nullish().describe('说明'),
  active: z.boolean().optional().describe('启用'),
});
export type TargetInput = z.infer<typeof targetBody>;

export const updateTargetBody = targetBody
  .omit({ unitId: true })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { error: '请至少修改一项' });
export type UpdateTargetInput = z.infer<typeof updateTargetBody>;

export const targetView = z.object({
  id: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  name: z.string(),
  indicatorKey: z.string(),
  indicatorName: z.string(),
  indicatorUnit: z.string(),
  comparator: z.enum(comparators),
  threshold: z.number(),
  unitTypes: z.array(z.string()),
  note: z.string().nullable(),
  active: z.boolean(),
  /** False when the actor may see the target but not change it (set higher up the tree). */
  editable: z.boolean(),
});
export type TargetView = z.infer<typeof targetView>;

export const targetEvaluation = targetView.extend({
  value: z.number().nullable(),
  met: z.boolean(),
  units: z.number(),
  missing: z.array(
    z.object({
      unitId: z.string(),
      unitName: z.string(),
      townshipName: z.string().nullable(),
      value: z.number().nullable(),
    }),
  ),
});
export type TargetEvaluation = z.infer<typeof targetEvaluation>;

export const settingsBody = z.object({
  termYears: z.number().int().min(1, '任期至少 1 年').max(10, '任期不超过 10 年').describe('任期（年）'),
  warningMonths: z.number().int().min(0, '不能为负数').max(24, '不超过 24 个月').describe('提前预警（月）'),
  currentRound: z.number().int().min(1980).max(2100).nullable().describe('本轮换届年度'),
});

export const overviewView = z.object({
  asOf: z.string(),
  today: z.string(),
  currentRound: z.number().nullable(),
  settings: settingsBody,
  figures: z.array(figureView),
  rollup: z.array(rollupRow),
  total: rollupRow,
  terms: z.object({
    counts: z.object({ current: z.number(), expiring: z.number(), expired: z.number(), missing: z.number() }),
    soonest: z.array(termItem),
  }),
  targets: z.array(targetEvaluation),
});
export type OverviewView = z.infer<typeof overviewView>;

export const postsQuery = z.object({
  q: z.string().trim().max(50).optional().describe('姓名或拼音'),
  unitId: z.uuid({ error: '单位编号格式不正确' }).optional().describe('所属单位'),
  roundYear: z.coerce.number().int().min(1980).max(2100).optional().describe('换届年度'),
  committee: z.enum(committees, { error: '组织无效' }).optional().describe('组织'),
  post: z.enum(posts, { error: '职务无效' }).optional().describe('职务'),
  ...pageQuery,
});
export type PostsQuery = z.infer<typeof postsQuery>;

export const postListItem = postView.extend({
  electionId: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  pathNames: z.string(),
  roundYear: z.number(),
  electionDate: z.string(),
});
export type PostListItem = z.infer<typeof postListItem>;

export const postsPage = z.object({
  items: z.array(postListItem),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
});
