// Request and response schemas of the grid module (zod): validation with Chinese messages at the edge.
import { z } from 'zod';
import { caseView } from '../../platform/cases';
import { unitType } from '../orgs';

const uuid = (name: string) => z.uuid({ error: `${name}格式不正确，请重新选择` }).describe(name);
const text = (name: string, max: number) =>
  z
    .string({ error: `请填写${name}` })
    .trim()
    .min(1, { error: `请填写${name}` })
    .max(max, { error: `${name}不能超过 ${max} 个字` })
    .describe(name);

const networkCode = z.object({ network: text('网络名称', 40), code: text('原网格编码', 60) });

export const gridIdParams = z.object({ id: uuid('网格') });
export const workerParams = z.object({ id: uuid('网格'), workerId: uuid('网格员') });

export const createGridBody = z.object({
  unitId: uuid('所属嘎查/社区'),
  name: text('网格名称', 60),
  code: z
    .string({ error: '请填写网格编码' })
    .trim()
    .regex(/^[0-9A-Za-z-]{2,40}$/, { error: '网格编码只能由 2–40 位数字、字母和“-”组成' })
    .describe('网格编码'),
  networkCodes: z.array(networkCode).max(10, { error: '原网络编码最多 10 个' }).optional(),
  boundary: z.unknown().optional().describe('边界（GeoJSON Polygon 或 MultiPolygon）'),
  description: z.string().trim().max(500, { error: '说明不能超过 500 个字' }).optional(),
});
export const updateGridBody = createGridBody.partial();

export const listGridsQuery = z.object({
  unitId: uuid('单位').optional(),
  q: z.string().trim().max(60).optional().describe('名称或编码'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(20),
});

export const assignWorkerBody = z.object({
  personId: uuid('网格员'),
  kind: z.enum(['fullTime', 'partTime'], { error: '请选择专职或兼职' }).default('fullTime'),
  phone: z
    .string()
    .trim()
    .regex(/^(1\d{10})?$/, { error: '联系电话应为 11 位手机号' })
    .optional(),
});

export const importGeoJsonBody = z.object({
  unitId: uuid('所属嘎查/社区'),
  geojson: z
    .string()
    .min(2, { error: '请选择 GeoJSON 文件' })
    .max(5_000_000, { error: 'GeoJSON 文件不能超过 5 MB' }),
});

const boundaryView = z
  .object({ type: z.enum(['Polygon', 'MultiPolygon']), coordinates: z.array(z.unknown()) })
  .nullable();

export const gridView = z.object({
  id: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  name: z.string(),
  code: z.string(),
  networkCodes: z.array(z.object({ network: z.string(), code: z.string() })),
  boundary: boundaryView,
  centerLat: z.number().nullable(),
  centerLng: z.number().nullable(),
  description: z.string(),
  workers: z.array(
    z.object({ id: z.string(), personId: z.string(), name: z.string(), kind: z.string(), phone: z.string() }),
  ),
});
export const gridMapItem = z.object({
  id: z.string(),
  name: z.string(),
  code: z.string(),
  unitName: z.string(),
  boundary: boundaryView,
  centerLat: z.number().nullable(),
  centerLng: z.number().nullable(),
  workers: z.number(),
  open: z.number(),
  overdue: z.number(),
});
/** A grid's shape for a map whose colours come from indicator values (the leaders' dashboard). */
export const gridShape = gridMapItem.omit({ open: true, overdue: true });
export type GridShape = z.infer<typeof gridShape>;
export const gridsPage = z.object({ total: z.number(), items: z.array(gridView) });

// ---- events ----

export const createEventBody = z.object({
  idempotencyKey: z
    .string()
    .trim()
    .min(8, { error: '幂等键至少 8 位' })
    .max(80, { error: '幂等键不能超过 80 位' })
    .optional()
    .describe('客户端生成的幂等键（重试时不变）'),
  gridId: uuid('网格').optional(),
  unitId: uuid('单位').optional(),
  lat: z.number().min(-90, { error: '纬度超出范围' }).max(90, { error: '纬度超出范围' }).optional(),
  lng: z.number().min(-180, { error: '经度超出范围' }).max(180, { error: '经度超出范围' }).optional(),
  categoryKey: text('事件分类', 60),
  title: text('事件标题', 80),
  description: z.string().trim().max(2000, { error: '事件描述不能超过 2000 个字' }).default(''),
  attachmentIds: z
    .array(z.uuid({ error: '附件编号格式不正确' }))
    .max(9, { error: '照片最多 9 张' })
    .optional(),
  occurredAt: z.iso.datetime({ offset: true, error: '发生时间格式不正确' }).optional(),
  reporter: z
    .object({
      name: z.string().trim().max(40, { error: '报告人姓名不能超过 40 个字' }).optional(),
      phone: z
        .string()
        .trim()
        .regex(/^(1\d{10})?$/, { error: '报告人电话应为 11 位手机号' })
        .optional(),
    })
    .optional(),
});

export const listEventsQuery = z.object({
  state: z.string().max(40).optional().describe('状态'),
  unitId: uuid('单位').optional(),
  gridId: uuid('网格').optional(),
  categoryKey: z.string().max(60).optional().describe('分类'),
  q: z.string().trim().max(100).optional().describe('关键词'),
  overdue: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === 'true'))
    .describe('是否超期'),
  mine: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true')
    .describe('只看我的网格或我上报的'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export const eventsPage = z.object({ total: z.number(), items: z.array(caseView) });

const categoryLeaf = z.object({
  key: z.string(),
  name: z.string(),
  active: z.boolean(),
  handlingUnitType: z.string().nullable(),
});
export const categoryTreeView = z.array(categoryLeaf.extend({ children: z.array(categoryLeaf) }));
const handlingUnitType = z
  .string()
  .refine((key) => unitType(key) !== undefined, { error: '默认承办单位类型不存在，请从列表中重新选择' })
  .nullable()
  .optional()
  .describe('默认承办单位类型');
export const createCategoryBody = z.object({
  key: z
    .string()
    .trim()
    .regex(/^[a-z][a-zA-Z0-9.]{1,59}$/, { error: '分类编码应以小写字母开头，只含字母、数字和“.”' }),
  name: text('分类名称', 40),
  parentKey: z.string().trim().max(60).nullable().optional(),
  handlingUnitType,
});
export const updateCategoryBody = z.object({
  name: text('分类名称', 40).optional(),
  active: z.boolean().optional(),
  handlingUnitType,
});
export const categoryParams = z.object({ key: z.string().max(60) });
