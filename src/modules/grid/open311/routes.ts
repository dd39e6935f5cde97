// Open311 GeoReport v2 at /open311/v2, mapped onto grid events: services are the event categories,
// service requests are events (service_request_id = the event's tracking code). Responses in JSON or
// XML by the path's extension; errors in the spec's `[{ code, description }]` form. POST needs an API
// key issued under grid.configure; reading is public, as the spec intends, and shows no reporter data.
import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, gte, inArray, isNotNull, isNull, lte, or, sql } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { type CaseRow, cases } from '../../../platform/cases';
import { contextOf } from '../../../platform/http/context';
import { auditActorOf } from '../../../platform/auth/service';
import { recordAudit } from '../../../platform/audit/writer';
import { AppError, errorMessage } from '../../../platform/errors';
import { units } from '../../orgs';
import { categoryTree, type EventCategoryNode } from '../events/categories';
import { createEvent } from '../events/service';
import { GRID_EVENT_TYPE } from '../events/type';
import { open311Keys } from '../schema';
import { toXml, toXmlDocument } from './xml';

type Format = 'json' | 'xml';

class Open311Error extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    readonly description: string,
  ) {
    super(description);
  }
}

const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');

function formatOf(value: string): Format {
  if (value === 'json' || value === 'xml') return value;
  throw new Open311Error(404, 404, `format ${value} is not supported; use json or xml`);
}

function send(
  reply: FastifyReply,
  format: Format,
  root: string,
  item: string,
  records: Array<Record<string, unknown>>,
  status = 200,
) {
  reply.code(status);
  if (format === 'xml')
    return reply.type('text/xml; charset=utf-8').send(toXml(root, item, records as never));
  return reply.type('application/json; charset=utf-8').send(records);
}

/** Leaf categories are the services; a top-level category without children is one too. */
function servicesOf(tree: EventCategoryNode[]) {
  return tree
    .filter((top) => top.active)
    .flatMap((top) =>
      (top.children.length > 0 ? top.children.filter((c) => c.active) : [top]).map((leaf) => ({
        service_code: leaf.key,
        service_name: leaf.name,
        description: leaf === top ? top.name : `${top.name}：${leaf.name}`,
        metadata: true,
        type: 'realtime',
        keywords: [top.name, leaf.name].filter((v, i, all) => all.indexOf(v) === i).join(','),
        group: top.name,
      })),
    );
}

/** The service attributes every service asks for (GeoReport v2 service definition). */
const serviceAttributes = [
  {
    variable: true,
    code: 'occurred_datetime',
    datatype: 'datetime',
    required: false,
    datatype_description: 'W3C 日期时间，如 2026-05-01T08:30:00+08:00',
    order: 1,
    description: '事件发生时间（不填按提交时间计）',
  },
];

function requestView(row: CaseRow & { unitName: string }, services: Map<string, string>) {
  const closed = row.closedAt !== null;
  return {
    service_request_id: row.code,
    status: closed ? 'closed' : 'open',
    status_notes: closed ? '已办结' : '办理中',
    service_name: services.get(row.category ?? '') ?? '',
    service_code: row.category ?? '',
    description: row.description,
    agency_responsible: row.unitName,
    service_notice: '',
    requested_datetime: row.createdAt.toISOString(),
    updated_datetime: row.updatedAt.toISOString(),
    expected_datetime: row.closeBy?.toISOString() ?? row.acceptBy?.toISOString() ?? '',
    address: (row.details.address as string | undefined) ?? '',
    address_id: '',
    zipcode: '',
    lat: row.lat,
    long: row.lng,
    media_url: (row.details.mediaUrl as string | undefined) ?? '',
  };
}

const number = (value: unknown) => {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : Number.NaN;
};

/** HTTP routes of Open311 GeoReport v2, and the API key administration under /api/grid. */
export async function open311Routes(app: FastifyInstance): Promise<void> {
  const db = () => app.platform.database.db;

  // GeoReport clients post application/x-www-form-urlencoded bodies.
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 65_536 },
    (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    },
  );

  app.setErrorHandler((error, request, reply) => {
    const format: Format = request.url.split('?')[0]!.endsWith('.xml') ? 'xml' : 'json';
    const known =
      error instanceof Open311Error
        ? error
        : error instanceof AppError
          ? new Open311Error(error.status, error.status, errorMessage(error.code, error.params))
          : new Open311Error(500, 500, 'internal error');
    if (known.status >= 500) request.log.error(error);
    return send(
      reply,
      format,
      'errors',
      'error',
      [{ code: known.code, description: known.description }],
      known.status,
    );
  });

  const pub = { public: true, rateLimit: { max: 120, timeWindow: '1 minute' } } as const;
  const tags = ['open311'];

  app.get<{ Params: { format: string } }>(
    '/open311/v2/services.:format',
    { config: pub, schema: { tags, summary: 'GeoReport v2：服务列表（事件分类）' } },
    async (request, reply) => {
      const format = formatOf(request.params.format);
      return send(reply, format, 'services', 'service', servicesOf(await categoryTree(db())));
    },
  );

  app.get<{ Params: { code: string; format: string } }>(
    '/open311/v2/services/:code.:format',
    { config: pub, schema: { tags, summary: 'GeoReport v2：服务定义' } },
    async (request, reply) => {
      const format = formatOf(request.params.format);
      const service = servicesOf(await categoryTree(db())).find(
        (s) => s.service_code === request.params.code,
      );
      if (!service) throw new Open311Error(404, 404, `service_code ${request.params.code} not found`);
      const definition = { service_code: service.service_code, attributes: serviceAttributes };
      if (format === 'xml')
        return reply.type('text/xml; charset=utf-8').send(toXmlDocument('service_definition', definition));
      return reply.send(definition);
    },
  );

  app.post<{ Params: { format: string }; Body: Record<string, string> }>(
    '/open311/v2/requests.:format',
    {
      config: { public: true, rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: { tags, summary: 'GeoReport v2：提交服务请求（需 API key）' },
    },
    async (request, reply) => {
      const format = formatOf(request.params.format);
      const body = (request.body ?? {}) as Record<string, string | undefined>;
      if (!body.api_key) throw new Open311Error(400, 400, 'api_key is required');
      const [key] = await db()
        .select({ id: open311Keys.id })
        .from(open311Keys)
        .where(and(eq(open311Keys.keyHash, hashKey(body.api_key)), isNull(open311Keys.revokedAt)));
      if (!key) throw new Open311Error(403, 403, 'api_key is not valid');
      const services = servicesOf(await categoryTree(db()));
      const service = services.find((s) => s.service_code === body.service_code);
      if (!service) throw new Open311Error(400, 400, 'service_code is missing or unknown');
      const lat = number(body.lat);
      const lng = number(body.long);
      if (Number.isNaN(lat) || Number.isNaN(lng) || (lat === undefined) !== (lng === undefined))
        throw new Open311Error(400, 400, 'lat and long must both be given as numbers');
      let unitId: string | undefined;
      if (body.jurisdiction_id) {
        const [unit] = await db()
          .select({ id: units.id })
          .from(units)
          .where(
            and(
              eq(units.active, true),
              z.uuid().safeParse(body.jurisdiction_id).success
                ? eq(units.id, body.jurisdiction_id)
                : eq(units.code, body.jurisdiction_id),
            ),
          );
        if (!unit) throw new Open311Error(404, 404, `jurisdiction_id ${body.jurisdiction_id} not found`);
        unitId = unit.id;
      }
      if (lat === undefined && !unitId)
        throw new Open311Error(400, 400, 'a location is required: lat and long, or jurisdiction_id');
      const description = (body.description ?? '').trim().slice(0, 2000);
      const occurred = body['attribute[occurred_datetime]'];
      const occurredAt = occurred ? new Date(occurred) : undefined;
      if (occurredAt && (Number.isNaN(occurredAt.getTime()) || occurredAt.getTime() > Date.now()))
        throw new Open311Error(400, 400, 'attribute[occurred_datetime] must be a past w3c datetime');
      const address = body.address_string?.trim().slice(0, 200) || undefined;
      const mediaUrl = /^https?:\/\/\S{1,500}$/.test(body.media_url ?? '') ? body.media_url : undefined;
      const name = [body.last_name, body.first_name].filter(Boolean).join('').slice(0, 40);
      const { event } = await createEvent(db(), app.platform.cipher, null, {
        lat,
        lng,
        unitId,
        categoryKey: service.service_code,
        title: `${service.service_name}${description ? `：${description.slice(0, 40)}` : ''}`.slice(0, 80),
        description: [description, address ? `地址：${address}` : ''].filter(Boolean).join('\n'),
        occurredAt,
        address,
        mediaUrl,
        reporter: {
          name: name || undefined,
          phone: /^1\d{10}$/.test(body.phone ?? '') ? body.phone : undefined,
        },
        source: 'open311',
      });
      return send(
        reply,
        format,
        'service_requests',
        'request',
        [
          {
            service_request_id: event.code,
            token: event.code,
            service_notice: '已受理登记，可凭编号查询办理进度',
            account_id: body.account_id ?? '',
          },
        ],
        201,
      );
    },
  );

  const listQuery = z.object({
    service_request_id: z.string().max(2000).optional(),
    service_code: z.string().max(60).optional(),
    start_date: z.iso.datetime({ offset: true }).optional(),
    end_date: z.iso.datetime({ offset: true }).optional(),
    status: z.string().max(20).optional(),
    jurisdiction_id: z.string().max(60).optional(),
  });

  app.get<{ Params: { format: string }; Querystring: Record<string, string> }>(
    '/open311/v2/requests.:format',
    { config: pub, schema: { tags, summary: 'GeoReport v2：查询服务请求' } },
    async (request, reply) => {
      const format = formatOf(request.params.format);
      const parsed = listQuery.safeParse(request.query);
      if (!parsed.success) throw new Open311Error(400, 400, 'start_date, end_date must be w3c datetimes');
      const q = parsed.data;
      const codes = q.service_request_id
        ?.split(',')
        .map((c) => c.trim().toUpperCase())
        .filter(Boolean);
      const statuses = q.status?.split(',').map((s) => s.trim());
      // Without ids, the default window is the last 90 days and at most 1000 requests.
      const end = q.end_date ? new Date(q.end_date) : new Date();
      const start = q.start_date ? new Date(q.start_date) : new Date(end.getTime() - 90 * 86_400_000);
      const rows = await db()
        .select({ row: cases, unitName: units.name })
        .from(cases)
        .innerJoin(units, eq(units.id, cases.unitId))
        .where(
          and(
            eq(cases.type, GRID_EVENT_TYPE),
            codes ? inArray(cases.code, codes) : and(gte(cases.createdAt, start), lte(cases.createdAt, end)),
            q.service_code ? eq(cases.category, q.service_code) : undefined,
            statuses && !(statuses.includes('open') && statuses.includes('closed'))
              ? statuses.includes('closed')
                ? isNotNull(cases.closedAt)
                : isNull(cases.closedAt)
              : undefined,
            q.jurisdiction_id
              ? or(
                  sql`${units.path} like (select u.path || '%' from units u where u.code = ${q.jurisdiction_id} limit 1)`,
                  z.uuid().safeParse(q.jurisdiction_id).success
                    ? sql`${units.path} like (select u.path || '%' from units u where u.id = ${q.jurisdiction_id}::uuid)`
                    : undefined,
                )
              : undefined,
          ),
        )
        .orderBy(desc(cases.createdAt))
        .limit(1000);
      const names = new Map(
        servicesOf(await categoryTree(db())).map((s) => [s.service_code, s.service_name]),
      );
      return send(
        reply,
        format,
        'service_requests',
        'request',
        rows.map((r) => requestView({ ...r.row, unitName: r.unitName }, names)),
      );
    },
  );

  app.get<{ Params: { id: string; format: string } }>(
    '/open311/v2/requests/:id.:format',
    { config: pub, schema: { tags, summary: 'GeoReport v2：单个服务请求' } },
    async (request, reply) => {
      const format = formatOf(request.params.format);
      const [row] = await db()
        .select({ row: cases, unitName: units.name })
        .from(cases)
        .innerJoin(units, eq(units.id, cases.unitId))
        .where(and(eq(cases.type, GRID_EVENT_TYPE), eq(cases.code, request.params.id.toUpperCase())));
      if (!row) throw new Open311Error(404, 404, `service_request_id ${request.params.id} not found`);
      const names = new Map(
        servicesOf(await categoryTree(db())).map((s) => [s.service_code, s.service_name]),
      );
      return send(reply, format, 'service_requests', 'request', [
        requestView({ ...row.row, unitName: row.unitName }, names),
      ]);
    },
  );

  app.get<{ Params: { token: string; format: string } }>(
    '/open311/v2/tokens/:token.:format',
    { config: pub, schema: { tags, summary: 'GeoReport v2：由 token 查询服务请求编号' } },
    async (request, reply) => {
      const format = formatOf(request.params.format);
      // Requests are created at once, so a token is the request's own id.
      const [row] = await db()
        .select({ code: cases.code })
        .from(cases)
        .where(and(eq(cases.type, GRID_EVENT_TYPE), eq(cases.code, request.params.token.toUpperCase())));
      if (!row) throw new Open311Error(404, 404, `token ${request.params.token} not found`);
      return send(reply, format, 'service_requests', 'request', [
        { service_request_id: row.code, token: row.code },
      ]);
    },
  );
}

/** API key administration (grid.configure): issue (the key is shown once), list, revoke. */
export async function open311KeyRoutes(app: FastifyInstance): Promise<void> {
  const configure = { permission: 'grid.configure' } as const;
  const tags = ['grid'];
  app.get(
    '/api/grid/open311-keys',
    { config: configure, schema: { tags, summary: 'Open311 API key 列表' } },
    async (request) => {
      const { db } = contextOf(request);
      return db
        .select({
          id: open311Keys.id,
          name: open311Keys.name,
          createdAt: open311Keys.createdAt,
          revokedAt: open311Keys.revokedAt,
        })
        .from(open311Keys)
        .orderBy(desc(open311Keys.createdAt));
    },
  );
  app.post<{ Body: { name?: string } }>(
    '/api/grid/open311-keys',
    {
      config: configure,
      schema: {
        tags,
        summary: '签发 Open311 API key（只显示一次）',
        body: z.object({
          name: z
            .string()
            .trim()
            .min(1, { error: '请填写使用方名称' })
            .max(60, { error: '使用方名称不能超过 60 个字' }),
        }),
      },
    },
    async (request, reply) => {
      const { db, actor } = contextOf(request);
      const key = randomBytes(24).toString('base64url');
      const name = request.body.name!;
      const row = await db.transaction(async (tx) => {
        const [created] = await tx
          .insert(open311Keys)
          .values({ name, keyHash: hashKey(key), createdBy: actor.userId })
          .returning({ id: open311Keys.id, name: open311Keys.name, createdAt: open311Keys.createdAt });
        await recordAudit(tx, auditActorOf(actor), {
          entity: 'open311_key',
          entityId: created!.id,
          action: 'issue',
          after: { name },
        });
        return created!;
      });
      return reply.code(201).send({ ...row, key });
    },
  );
  app.delete<{ Params: { id: string } }>(
    '/api/grid/open311-keys/:id',
    {
      config: configure,
      schema: {
        tags,
        summary: '吊销 Open311 API key',
        params: z.object({ id: z.uuid({ error: '编号格式不正确' }) }),
      },
    },
    async (request) => {
      const { db, actor } = contextOf(request);
      await db.transaction(async (tx) => {
        const revoked = await tx
          .update(open311Keys)
          .set({ revokedAt: new Date() })
          .where(and(eq(open311Keys.id, request.params.id), isNull(open311Keys.revokedAt)))
          .returning({ id: open311Keys.id });
        if (revoked.length === 0) throw new AppError('NOT_FOUND');
        await recordAudit(tx, auditActorOf(actor), {
          entity: 'open311_key',
          entityId: request.params.id,
          action: 'revoke',
        });
      });
      return { ok: true };
    },
  );
}
