// Request and response schemas of the case routes a module mounts for its case type.
import { z } from 'zod';

const uuid = (name: string) => z.uuid({ error: `${name}格式不正确` }).describe(name);

export const caseIdParams = z.object({ id: uuid('事项编号') });

export const transitionBody = z.object({
  action: z.string().min(1).max(40).describe('操作'),
  expectedVersion: z.number().int().min(1).describe('版本号'),
  note: z.string().trim().max(2000).nullish().describe('说明'),
  attachmentIds: z.array(uuid('附件编号')).max(20).optional().describe('附件'),
  unitId: uuid('承办单位').nullish(),
  rating: z
    .object({
      score: z.number().int().min(1).max(5).describe('评分'),
      reasons: z.array(z.string().max(40)).max(10).optional().describe('评价原因'),
    })
    .nullish()
    .describe('评价'),
});
export type TransitionBody = z.infer<typeof transitionBody>;

export const linkRepeatBody = z.object({
  repeatOfId: uuid('原事项编号'),
  note: z.string().trim().max(2000).nullish().describe('说明'),
});

const instant = z.string().nullable();

export const caseView = z.object({
  id: z.string(),
  type: z.string(),
  code: z.string(),
  unitId: z.string(),
  state: z.string(),
  stateName: z.string(),
  title: z.string(),
  description: z.string(),
  category: z.string().nullable(),
  lat: z.number().nullable(),
  lng: z.number().nullable(),
  details: z.record(z.string(), z.unknown()),
  attachmentIds: z.array(z.string()),
  version: z.number(),
  acceptBy: instant,
  acceptedAt: instant,
  closeBy: instant,
  closedAt: instant,
  pausedSince: instant,
  extended: z.boolean(),
  escalationLevel: z.number(),
  rating: z.number().nullable(),
  ratingReasons: z.array(z.string()).nullable(),
  reopenedCount: z.number(),
  repeatOfId: z.string().nullable(),
  chainId: z.string().nullable(),
  createdAt: z.string(),
  overdue: z.boolean(),
  identityVisible: z.boolean(),
  submitterPersonId: z.string().nullable(),
  submitterName: z.string().nullable(),
  submitterContactMasked: z.string().nullable(),
});
export type CaseViewJson = z.infer<typeof caseView>;

export const caseEventView = z.object({
  id: z.string(),
  action: z.string(),
  actionName: z.string(),
  fromState: z.string().nullable(),
  toState: z.string(),
  unitId: z.string(),
  actorName: z.string().nullable(),
  at: z.string(),
  note: z.string().nullable(),
  attachmentIds: z.array(z.string()),
  payload: z.record(z.string(), z.unknown()),
});

export const caseDetail = z.object({
  case: caseView,
  events: z.array(caseEventView),
  /** What the viewer may do next from the current state. */
  actions: z.array(z.object({ action: z.string(), name: z.string(), requires: z.array(z.string()) })),
});

export const repeatSuggestionView = z.object({
  id: z.string(),
  title: z.string(),
  createdAt: z.string(),
  samePerson: z.boolean(),
  distanceMetres: z.number().nullable(),
  similarity: z.number(),
});

export const listCasesQuery = z.object({
  state: z.string().max(40).optional().describe('状态'),
  unitId: uuid('单位').optional(),
  q: z.string().trim().max(100).optional().describe('关键词'),
  overdue: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === 'true'))
    .describe('是否超期'),
  page: z.coerce.number().int().min(1).default(1).describe('页码'),
  pageSize: z.coerce.number().int().min(1).max(100).default(20).describe('每页条数'),
});

export const casesPage = z.object({ items: z.array(caseView), total: z.number() });
