// Request and response schemas of households and 党员中心户 (memberHousehold).
import { z } from 'zod';

const uuid = (name: string) => z.uuid({ error: `${name}格式不正确，请重新选择` }).describe(name);
const text = (name: string, max: number) =>
  z
    .string({ error: `请填写${name}` })
    .trim()
    .min(1, { error: `请填写${name}` })
    .max(max, { error: `${name}不能超过 ${max} 个字` })
    .describe(name);

/** Special-care categories (重点关爱对象); sensitive, shown only with grid.readSensitive. */
export const careCategoryNames = {
  subsistence: '低保',
  extremePoverty: '特困',
  disabled: '残疾',
  elderly: '高龄',
  leftBehind: '留守',
  priorityCare: '重点优抚',
  livingAlone: '独居',
} as const;
export type CareCategory = keyof typeof careCategoryNames;
export const careCategories = Object.keys(careCategoryNames) as CareCategory[];

export const mobilePhone = z
  .string()
  .trim()
  .regex(/^(1\d{10})?$/, { error: '联系电话应为 11 位手机号' })
  .describe('联系电话');

const householdMember = z.object({
  personId: uuid('家庭成员').nullable().optional(),
  name: text('家庭成员姓名', 40),
  relation: z.string().trim().max(20, { error: '与户主关系不能超过 20 个字' }).default(''),
});

/** The fields of a household without defaults, so a partial update leaves what it does not send. */
const householdFields = {
  gridId: uuid('所属网格'),
  address: text('住址', 120),
  headPersonId: uuid('户主').nullable().optional(),
  headName: text('户主姓名', 40),
  members: z.array(householdMember).max(30, { error: '家庭成员最多 30 人' }),
  phone: mobilePhone.optional(),
  careCategories: z
    .array(z.enum(careCategories, { error: '关爱类别不正确，请从列表中选择' }))
    .max(careCategories.length)
    .describe('关爱类别'),
  note: z.string().trim().max(500, { error: '备注不能超过 500 个字' }),
};
export const householdBody = z.object({
  ...householdFields,
  members: householdFields.members.default([]),
  careCategories: householdFields.careCategories.default([]),
  note: householdFields.note.default(''),
});
export type HouseholdInput = z.infer<typeof householdBody>;
export const updateHouseholdBody = z.object(householdFields).partial();

export const householdParams = z.object({ id: uuid('住户') });

export const listHouseholdsQuery = z.object({
  gridId: uuid('网格').optional(),
  unitId: uuid('单位').optional(),
  q: z.string().trim().max(60).optional().describe('住址或户主姓名'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type ListHouseholdsQuery = z.infer<typeof listHouseholdsQuery>;

export const householdView = z.object({
  id: z.string(),
  gridId: z.string(),
  gridName: z.string(),
  unitName: z.string(),
  address: z.string(),
  headPersonId: z.string().nullable(),
  headName: z.string(),
  members: z.array(z.object({ personId: z.string().nullable(), name: z.string(), relation: z.string() })),
  phoneMasked: z.string().nullable(),
  /** The contact phone in full; null unless the viewer holds grid.readSensitive. */
  phone: z.string().nullable(),
  /** null unless the viewer holds grid.readSensitive. */
  careCategories: z.array(z.string()).nullable(),
  sensitiveVisible: z.boolean(),
  note: z.string(),
  /** The 党员中心户 looking after this household. */
  lookedAfterBy: z.array(z.object({ id: z.string(), name: z.string() })),
});
export type HouseholdView = z.infer<typeof householdView>;
export const householdsPage = z.object({ total: z.number(), items: z.array(householdView) });

// ---- 党员中心户 ----

export const memberHouseholdBody = z.object({
  gridId: uuid('所属网格'),
  partyMemberId: uuid('党员'),
  householdIds: z.array(uuid('联系住户')).max(50, { error: '联系住户最多 50 户' }).default([]),
  note: z.string().trim().max(200, { error: '备注不能超过 200 个字' }).default(''),
});
export const updateMemberHouseholdBody = memberHouseholdBody
  .pick({ householdIds: true, note: true })
  .partial();
export const memberHouseholdParams = z.object({ id: uuid('党员中心户') });
export const listMemberHouseholdsQuery = z.object({
  gridId: uuid('网格').optional(),
  unitId: uuid('单位').optional(),
});

export const memberHouseholdView = z.object({
  id: z.string(),
  gridId: z.string(),
  gridName: z.string(),
  partyMemberId: z.string(),
  memberName: z.string(),
  note: z.string(),
  households: z.array(z.object({ id: z.string(), address: z.string(), headName: z.string() })),
});
export type MemberHouseholdView = z.infer<typeof memberHouseholdView>;
