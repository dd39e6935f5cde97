// Request and response schemas of patrols (巡查); the phone app codes against createPatrolBody.
import { z } from 'zod';

const instant = (name: string) =>
  z.iso.datetime({ offset: true, error: `${name}格式不正确，应为 ISO 8601 时间` }).describe(name);
const day = (name: string) => z.iso.date({ error: `${name}格式不正确，应为 YYYY-MM-DD` }).describe(name);

export const trackPoint = z.object({
  lat: z
    .number({ error: '轨迹点纬度应为数字' })
    .min(-90, { error: '轨迹点纬度超出范围' })
    .max(90, { error: '轨迹点纬度超出范围' }),
  lng: z
    .number({ error: '轨迹点经度应为数字' })
    .min(-180, { error: '轨迹点经度超出范围' })
    .max(180, { error: '轨迹点经度超出范围' }),
  at: instant('轨迹点时间'),
});

export const createPatrolBody = z.object({
  idempotencyKey: z.uuid({ error: '幂等键应为 UUID' }).describe('客户端生成的幂等键（重试时不变）'),
  gridId: z.uuid({ error: '网格格式不正确，请重新选择' }).describe('网格'),
  startedAt: instant('开始时间'),
  endedAt: instant('结束时间'),
  track: z.array(trackPoint).max(20_000, { error: '轨迹点最多 20000 个' }).default([]).describe('轨迹'),
  note: z.string().trim().max(1000, { error: '巡查记录不能超过 1000 个字' }).optional().describe('巡查记录'),
});
export type CreatePatrolInput = z.infer<typeof createPatrolBody>;

export const listPatrolsQuery = z.object({
  gridId: z.uuid({ error: '网格格式不正确' }).optional().describe('网格'),
  unitId: z.uuid({ error: '单位格式不正确' }).optional().describe('单位'),
  from: day('开始日期').optional(),
  to: day('结束日期').optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type ListPatrolsQuery = z.infer<typeof listPatrolsQuery>;

export const patrolParams = z.object({ id: z.uuid({ error: '巡查记录格式不正确' }) });

export const patrolSummary = z.object({
  id: z.string(),
  gridId: z.string(),
  gridName: z.string(),
  gridCode: z.string(),
  unitName: z.string(),
  personId: z.string(),
  workerName: z.string(),
  startedAt: z.string(),
  endedAt: z.string(),
  minutes: z.number(),
  distanceMetres: z.number(),
  points: z.number(),
  note: z.string(),
});
export const patrolView = patrolSummary.extend({
  track: z.array(z.object({ lat: z.number(), lng: z.number(), at: z.string() })),
});
export type PatrolSummary = z.infer<typeof patrolSummary>;
export type PatrolView = z.infer<typeof patrolView>;
export const patrolsPage = z.object({ total: z.number(), items: z.array(patrolSummary) });

export const coverageQuery = z.object({
  unitId: z.uuid({ error: '单位格式不正确' }).optional(),
  from: day('开始日期'),
  to: day('结束日期'),
});
export const coverageView = z.object({
  from: z.string(),
  to: z.string(),
  weeks: z.number(),
  /** Covered grid-weeks ÷ all grid-weeks, 0–1; null with no grids. */
  share: z.number().nullable(),
  grids: z.array(
    z.object({
      gridId: z.string(),
      gridName: z.string(),
      gridCode: z.string(),
      unitName: z.string(),
      patrols: z.number(),
      weeksCovered: z.number(),
      lastPatrolAt: z.string().nullable(),
    }),
  ),
});
export type CoverageView = z.infer<typeof coverageView>;
