import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildTree,
  buildUser,
  createTestApp,
  loginAs,
  type Session,
  type TestContext,
} from '../../../../test/support/app';

// The field lists of GeoReport v2 (wiki.open311.org/GeoReport_v2).
const SERVICE_FIELDS = [
  'service_code',
  'service_name',
  'description',
  'metadata',
  'type',
  'keywords',
  'group',
];
const REQUEST_FIELDS = [
  'service_request_id',
  'status',
  'status_notes',
  'service_name',
  'service_code',
  'description',
  'agency_responsible',
  'service_notice',
  'requested_datetime',
  'updated_datetime',
  'expected_datetime',
  'address',
  'address_id',
  'zipcode',
  'lat',
  'long',
  'media_url',
];
const CREATED_FIELDS = ['service_request_id', 'token', 'service_notice', 'account_id'];
const ATTRIBUTE_FIELDS = [
  'variable',
  'code',
  'datatype',
  'required',
  'datatype_description',
  'order',
  'description',
];

/** The child element names of each `<item>` in an XML list, in order. */
function xmlItems(xml: string, item: string): string[][] {
  return [...xml.matchAll(new RegExp(`<${item}>([\\s\\S]*?)</${item}>`, 'g'))].map((m) =>
    [...m[1]!.matchAll(/<([a-z_]+)(?:\/>|>)/g)]
      .map((t) => t[1]!)
      .filter((name, i, all) => all.indexOf(name) === i),
  );
}

let t: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
let staff: Session;
let apiKey: string;
let requestId: string;

const form = (fields: Record<string, string>) => ({
  method: 'POST' as const,
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  payload: new URLSearchParams(fields).toString(),
});

beforeAll(async () => {
  t = await createTestApp();
  tree = await buildTree(t);
  await buildUser(t, { username: 'staff', grants: [{ role: 'orgStaff', unit: tree.banner }] });
  staff = await loginAs(t, 'staff');
  const grid = await staff.post('/api/grid/grids', {
    unitId: tree.gachaA.id,
    name: '第一网格',
    code: 'G-1',
    boundary: {
      type: 'Polygon',
      coordinates: [
        [
          [111.6, 40.8],
          [111.61, 40.8],
          [111.61, 40.81],
          [111.6, 40.81],
          [111.6, 40.8],
        ],
      ],
    },
  });
  expect(grid.statusCode).toBe(201);
});
afterAll(() => t?.app.close());

describe('Open311 GeoReport v2', () => {
  it('lists services (the event categories) with the spec’s fields, in JSON and XML', async () => {
    const json = await t.app.inject({ url: '/open311/v2/services.json' });
    expect(json.statusCode).toBe(200);
    const services = json.json() as Array<Record<string, unknown>>;
    expect(services.length).toBeGreaterThan(10);
    for (const service of services) expect(Object.keys(service)).toEqual(SERVICE_FIELDS);
    expect(services.find((s) => s.service_code === 'safety.fire')).toMatchObject({
      service_name: '消防隐患',
      group: '安全隐患',
      metadata: true,
      type: 'realtime',
    });
    const xml = await t.app.inject({ url: '/open311/v2/services.xml' });
    expect(xml.headers['content-type']).toContain('text/xml');
    expect(xml.body.startsWith('<?xml version="1.0" encoding="utf-8"?><services><service>')).toBe(true);
    for (const fields of xmlItems(xml.body, 'service')) expect(fields).toEqual(SERVICE_FIELDS);
    const definition = await t.app.inject({ url: '/open311/v2/services/safety.fire.json' });
    expect(Object.keys(definition.json())).toEqual(['service_code', 'attributes']);
    const [attribute] = definition.json().attributes;
    expect(Object.keys(attribute)).toEqual(ATTRIBUTE_FIELDS);
    expect(attribute).toMatchObject({ code: 'occurred_datetime', datatype: 'datetime', required: false });
    const definitionXml = await t.app.inject({ url: '/open311/v2/services/safety.fire.xml' });
    expect(definitionXml.body).toMatch(
      /^<\?xml version="1.0" encoding="utf-8"\?><service_definition><service_code>safety.fire<\/service_code><attributes><attribute>/,
    );
    expect(xmlItems(definitionXml.body, 'attribute')).toEqual([ATTRIBUTE_FIELDS]);
    const unknown = await t.app.inject({ url: '/open311/v2/services/nope.xml' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain('<errors><error><code>404</code><description>');
  });

  it('refuses a POST without a valid API key, and files an event with one', async () => {
    const base = { service_code: 'safety.fire', lat: '40.805', long: '111.605', description: '楼道堆放纸箱' };
    const none = await t.app.inject({ url: '/open311/v2/requests.json', ...form(base) });
    expect(none.statusCode).toBe(400);
    expect(none.json()).toEqual([{ code: 400, description: 'api_key is required' }]);
    const wrong = await t.app.inject({
      url: '/open311/v2/requests.json',
      ...form({ ...base, api_key: 'x' }),
    });
    expect(wrong.statusCode).toBe(403);
    const issued = await staff.post('/api/grid/open311-keys', { name: '城市服务 App' });
    expect(issued.statusCode).toBe(201);
    apiKey = issued.json().key;
    const created = await t.app.inject({
      url: '/open311/v2/requests.json',
      ...form({
        ...base,
        api_key: apiKey,
        first_name: '三',
        last_name: '张',
        phone: '13900001111',
        account_id: 'acc-1',
      }),
    });
    expect(created.statusCode, created.body).toBe(201);
    const [receipt] = created.json() as Array<Record<string, unknown>>;
    expect(Object.keys(receipt!)).toEqual(CREATED_FIELDS);
    expect(receipt!.account_id).toBe('acc-1');
    requestId = receipt!.service_request_id as string;
    const xml = await t.app.inject({
      url: '/open311/v2/requests.xml',
      ...form({ ...base, api_key: apiKey, jurisdiction_id: tree.gachaA.id }),
    });
    expect(xml.statusCode).toBe(201);
    for (const fields of xmlItems(xml.body, 'request')) expect(fields).toEqual(CREATED_FIELDS);
    const badService = await t.app.inject({
      url: '/open311/v2/requests.json',
      ...form({ ...base, api_key: apiKey, service_code: 'x' }),
    });
    expect(badService.json()[0].description).toContain('service_code');
  });

  it('answers requests by id, list and token with the spec’s fields and no reporter data', async () => {
    const one = await t.app.inject({ url: `/open311/v2/requests/${requestId}.json` });
    const [view] = one.json() as Array<Record<string, unknown>>;
    expect(Object.keys(view!)).toEqual(REQUEST_FIELDS);
    expect(view).toMatchObject({
      status: 'open',
      service_code: 'safety.fire',
      agency_responsible: '乌兰嘎查',
      lat: 40.805,
    });
    expect(one.body).not.toContain('13900001111');
    expect(one.body).not.toContain('张三');
    const list = await t.app.inject({ url: '/open311/v2/requests.xml?status=open' });
    const items = xmlItems(list.body, 'request');
    expect(items.length).toBe(2);
    for (const fields of items) expect(fields).toEqual(REQUEST_FIELDS);
    const closed = await t.app.inject({ url: '/open311/v2/requests.json?status=closed' });
    expect(closed.json()).toEqual([]);
    const byIds = await t.app.inject({ url: `/open311/v2/requests.json?service_request_id=${requestId}` });
    expect(byIds.json()).toHaveLength(1);
    const token = await t.app.inject({ url: `/open311/v2/tokens/${requestId}.json` });
    expect(token.json()).toEqual([{ service_request_id: requestId, token: requestId }]);
    const badDate = await t.app.inject({ url: '/open311/v2/requests.json?start_date=yesterday' });
    expect(badDate.statusCode).toBe(400);
  });

  it('keeps address, media link and time of occurrence, and escapes XML text', async () => {
    const occurred = new Date(Date.now() - 3_600_000).toISOString();
    const created = await t.app.inject({
      url: '/open311/v2/requests.json',
      ...form({
        service_code: 'infrastructure.water',
        jurisdiction_id: tree.gachaA.id,
        description: '水管<破裂>&漏水',
        address_string: '乌兰嘎查 3 组',
        media_url: 'https://example.org/p/1.jpg',
        'attribute[occurred_datetime]': occurred,
        api_key: apiKey,
      }),
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json()[0].service_request_id;
    const [view] = (await t.app.inject({ url: `/open311/v2/requests/${id}.json` })).json();
    expect(view).toMatchObject({
      address: '乌兰嘎查 3 组',
      media_url: 'https://example.org/p/1.jpg',
      agency_responsible: '乌兰嘎查',
    });
    const xml = await t.app.inject({ url: `/open311/v2/requests/${id}.xml` });
    expect(xml.body).toContain('<description>水管&lt;破裂&gt;&amp;漏水');
    expect(xml.body).not.toContain('<破裂>');
    const future = await t.app.inject({
      url: '/open311/v2/requests.xml',
      ...form({
        service_code: 'infrastructure.water',
        jurisdiction_id: tree.gachaA.id,
        'attribute[occurred_datetime]': '2999-01-01T00:00:00Z',
        api_key: apiKey,
      }),
    });
    expect(future.statusCode).toBe(400);
    expect(future.body).toContain('<errors><error><code>400</code><description>attribute[occurred_datetime]');
  });

  it('stops accepting a revoked key', async () => {
    const keys = (await staff.get('/api/grid/open311-keys')).json() as Array<{ id: string }>;
    expect((await staff.del(`/api/grid/open311-keys/${keys[0]!.id}`)).statusCode).toBe(200);
    const after = await t.app.inject({
      url: '/open311/v2/requests.json',
      ...form({ service_code: 'safety.fire', lat: '40.805', long: '111.605', api_key: apiKey }),
    });
    expect(after.statusCode).toBe(403);
  });
});
