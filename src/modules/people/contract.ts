import { z } from 'zod';
import { pageQuery } from '../orgs/contract';

export const personView = z.object({
  id: z.string(),
  name: z.string(),
  gender: z.enum(['male', 'female']),
  birthDate: z.string(),
  ethnicity: z.string().nullable(),
  idNumberMasked: z.string(),
  phoneMasked: z.string().nullable(),
  unitId: z.string(),
  unitName: z.string(),
});
export type PersonView = z.infer<typeof personView>;

export const personIdParams = z.object({ id: z.uuid({ error: '人员编号格式不正确' }).describe('人员编号') });

export const listPeopleQuery = z.object({
  q: z.string().trim().max(50).optional().describe('姓名、拼音首字母或身份证号'),
  unitId: z.uuid({ error: '单位编号格式不正确' }).optional().describe('所属单位'),
  ...pageQuery,
});
export type ListPeopleQuery = z.infer<typeof listPeopleQuery>;

export const peoplePage = z.object({
  items: z.array(personView),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
});

const phone = z
  .string()
  .trim()
  .regex(/^(1\d{10}|0\d{2,3}-?\d{7,8})$/, '请填写 11 位手机号或带区号的固定电话')
  .nullish()
  .or(z.literal(''))
  .describe('联系电话');
const ethnicity = z.string().trim().max(20).nullish().describe('民族');

export const createPersonBody = z.object({
  name: z.string().trim().min(1).max(50).describe('姓名'),
  idNumber: z.string().trim().min(1).max(30).describe('身份证号'),
  unitId: z.uuid({ error: '请选择所属单位' }).describe('所属单位'),
  phone,
  ethnicity,
});
export type CreatePersonInput = z.infer<typeof createPersonBody>;

export const updatePersonBody = z
  .object({
    name: z.string().trim().min(1).max(50).optional().describe('姓名'),
    unitId: z.uuid({ error: '请选择所属单位' }).optional().describe('所属单位'),
    phone,
    ethnicity,
  })
  .refine((v) => Object.keys(v).length > 0, { error: '请至少修改一项' });
export type UpdatePersonInput = z.infer<typeof updatePersonBody>;
