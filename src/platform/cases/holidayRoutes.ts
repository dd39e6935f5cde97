// HTTP routes of the holiday calendar every case deadline counts working days on: public holidays on
// weekdays and make-up working days (调休) on weekends, set once a year by whoever holds
// cases.configure. Anyone who works on cases may read it.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../http/context';
import { listHolidays, removeHoliday, setHolidays } from './service';

const isoDate = z.iso.date({ error: '日期格式应为 YYYY-MM-DD' });

export const holidayView = z.object({ date: z.string(), isWorkday: z.boolean(), name: z.string() });

export const setHolidaysBody = z.object({
  days: z
    .array(
      z.object({
        date: isoDate,
        isWorkday: z.boolean({ error: '请选择该日是放假还是调休上班' }),
        name: z.string().trim().max(30, { error: '节日名称不能超过 30 个字' }).default(''),
      }),
    )
    .min(1, { error: '请至少填写一天' })
    .max(60, { error: '一次最多设置 60 天' }),
});

const tags = ['cases'];

/** `/api/cases/holidays`: the calendar of one year, set days, remove a day. */
export async function holidayRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const configure = { permission: 'cases.configure' } as const;

  r.get(
    '/api/cases/holidays',
    {
      config: { authenticated: true },
      schema: {
        tags,
        summary: '节假日与调休上班日（按年）',
        querystring: z.object({ year: z.coerce.number().int().min(2000).max(2100) }),
        response: { 200: z.array(holidayView) },
      },
    },
    async (request) => listHolidays(contextOf(request).db, request.query.year),
  );
  r.put(
    '/api/cases/holidays',
    {
      config: configure,
      schema: {
        tags,
        summary: '设置节假日或调休上班日（同一日期再次设置即覆盖）',
        body: setHolidaysBody,
        response: { 200: z.array(holidayView) },
      },
    },
    async (request) => {
      const { db, actor } = contextOf(request);
      const { days } = request.body;
      await setHolidays(db, actor, days);
      return listHolidays(db, Number(days[0]!.date.slice(0, 4)));
    },
  );
  r.delete(
    '/api/cases/holidays/:date',
    {
      config: configure,
      schema: { tags, summary: '删除一天（恢复按周一至周五计算）', params: z.object({ date: isoDate }) },
    },
    async (request, reply) => {
      const { db, actor } = contextOf(request);
      await removeHoliday(db, actor, request.params.date);
      return reply.code(204).send();
    },
  );
}
