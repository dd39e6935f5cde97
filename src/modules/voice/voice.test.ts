// The 三问 staff side over HTTP on a real database: the state machine (route, return, reroute, reply,
// redo, close, reject), scope (a 苏木镇 sees only what was routed into its subtree), the submitter's
// identity only for voice.readIdentity, publishing only with consent and without identity, the
// attachment route, and the per-kind indicators.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildTree,
  buildUser,
  createTestApp,
  loginAs,
  type Session,
  type TestContext,
} from '../../../test/support/app';
import { cases } from '../../platform/cases';
import { findIndicator } from '../../platform/indicators/registry';
import { scopeOf } from '../../platform/scope';
import { portalCaptchas } from '../portal/schema';

let t: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
let banner: Session; // orgStaff at the banner: routes, publishes, sees identities
let clerkA: Session; // unitClerk at 巴彦苏木: routes within, replies, no identity, no publishing
let handlerA: Session; // departmentHandler at 巴彦苏木: reads and replies
let handlerB: Session; // departmentHandler at 好腰苏木
let gridWorker: Session; // no voice permission

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

let ipCounter = 0;
const freshIp = () => `10.2.${Math.floor(++ipCounter / 200)}.${ipCounter % 200}`;

interface Detail {
  item: {
    id: string;
    version: number;
    state: string;
    stateName: string;
    unitId: string;
    identityVisible: boolean;
    submitterName: string | null;
    submitterContactMasked: string | null;
    published: boolean;
    kind: string;
  };
  actions: Array<{ action: string }>;
  canPublish: boolean;
  publication: { question: string; reply: string } | null;
  routedFromUnitName: string | null;
}

/** A resident's 三问 item through the portal; returns its case id. */
async function residentItem(extra: Record<string, unknown> = {}): Promise<string> {
  const ip = freshIp();
  const captcha = await t.app.inject({ method: 'GET', url: '/api/portal/captcha', remoteAddress: ip });
  const { id } = captcha.json() as { id: string };
  const [row] = await t.database.db.select().from(portalCaptchas).where(eq(portalCaptchas.id, id));
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/portal/voice',
    remoteAddress: ip,
    payload: {
      captchaId: id,
      captchaAnswer: row!.answer,
      kind: 'question',
      title: '草原生态补奖什么时候发放',
      content: '今年的草原生态补奖资金还没有到账，想了解发放时间。',
      name: '巴特尔',
      phone: `139${String(10_000_000 + ipCounter).slice(0, 8)}`,
      consentToPublish: true,
      ...extra,
    },
  });
  expect(response.statusCode, response.body).toBe(200);
  const [created] = await t.database.db.select().from(cases).where(eq(cases.code, response.json().code));
  return created!.id;
}

const detailOf = async (session: Session, id: string) => {
  const response = await session.get(`/api/voice/items/${id}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as Detail;
};

async function act(session: Session, id: string, body: Record<string, unknown>) {
  const current = (await banner.get(`/api/voice/items/${id}`)).json() as Detail;
  return session.post(`/api/voice/items/${id}/actions`, { expectedVersion: current.item.version, ...body });
}

beforeAll(async () => {
  t = await createTestApp();
  tree = await buildTree(t);
  await buildUser(t, { username: 'vbanner', grants: [{ role: 'orgStaff', unit: tree.banner }] });
  await buildUser(t, { username: 'vclerka', grants: [{ role: 'unitClerk', unit: tree.sumuA }] });
  await buildUser(t, { username: 'vhandlera', grants: [{ role: 'departmentHandler', unit: tree.sumuA }] });
  await buildUser(t, { username: 'vhandlerb', grants: [{ role: 'departmentHandler', unit: tree.sumuB }] });
  await buildUser(t, { username: 'vgrid', grants: [{ role: 'gridWorker', unit: tree.sumuA }] });
  banner = await loginAs(t, 'vbanner');
  clerkA = await loginAs(t, 'vclerka');
  handlerA = await loginAs(t, 'vhandlera');
  handlerB = await loginAs(t, 'vhandlerb');
  gridWorker = await loginAs(t, 'vgrid');
});

afterAll(async () => {
  await t?.close();
});

describe('access', () => {
  it('needs a login (401) and voice.read (403)', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/voice/items' })).statusCode).toBe(401);
    expect((await gridWorker.get('/api/voice/items')).statusCode).toBe(403);
    expect((await banner.get('/api/voice/items?kind=complaint')).statusCode).toBe(400);
  });
});

describe('state machine and scope', () => {
  let id: string;

  it('receives a resident item into the banner’s 待分办 list, invisible to the 苏木镇 until routed', async () => {
    id = await residentItem();
    const seen = await detailOf(banner, id);
    expect(seen.item).toMatchObject({
      state: 'submitted',
      stateName: '待分办',
      unitId: tree.banner.id,
      kind: 'question',
    });
    expect(seen.actions.map((a) => a.action).sort()).toEqual(['reject', 'route']);
    expect((await handlerA.get(`/api/voice/items/${id}`)).statusCode).toBe(404);
    const list = (await handlerA.get('/api/voice/items')).json() as { items: Array<{ id: string }> };
    expect(list.items.some((i) => i.id === id)).toBe(false);
  });

  it('routes to a 苏木镇 (unit required), which then sees it; the other 苏木镇 gets 404', async () => {
    const noUnit = await act(banner, id, { action: 'route' });
    expect(noUnit.statusCode).toBe(400);
    expect(noUnit.json().error.message).toBe('请选择承办单位');
    const notAllowed = await act(handlerA, id, { action: 'route', unitId: tree.sumuA.id });
    expect(notAllowed.statusCode).toBe(404);
    const routed = await act(banner, id, { action: 'route', unitId: tree.sumuA.id, note: '请答复' });
    expect(routed.statusCode, routed.body).toBe(200);
    expect(routed.json().item).toMatchObject({ state: 'handling', unitId: tree.sumuA.id });
    const mine = (await handlerA.get('/api/voice/items?kind=question&state=handling')).json() as {
      items: Array<{ id: string; unitName: string }>;
    };
    expect(mine.items.find((i) => i.id === id)?.unitName).toBe('巴彦苏木');
    expect((await handlerB.get(`/api/voice/items/${id}`)).statusCode).toBe(404);
    const other = (await handlerB.get('/api/voice/items')).json() as { items: Array<{ id: string }> };
    expect(other.items.some((i) => i.id === id)).toBe(false);
    const replyB = await act(handlerB, id, { action: 'reply', note: '越权答复' });
    expect(replyB.statusCode).toBe(404);
  });

  it('lets the handler return it to the unit that routed it, whatever unit the request names', async () => {
    const handler = await detailOf(handlerA, id);
    expect(handler.routedFromUnitName).toBe('测试旗');
    const noReason = await act(handlerA, id, { action: 'return' });
    expect(noReason.statusCode).toBe(400);
    const returned = await handlerA.post(`/api/voice/items/${id}/actions`, {
      action: 'return',
      expectedVersion: handler.item.version,
      unitId: tree.sumuB.id,
      note: '不属于本苏木职责',
    });
    expect(returned.statusCode).toBe(204); // it left the handler's reach: the banner has it back
    expect((await handlerA.get(`/api/voice/items/${id}`)).statusCode).toBe(404);
    const back = await detailOf(banner, id);
    expect(back.item).toMatchObject({ state: 'submitted', unitId: tree.banner.id });
  });

  it('reroutes, replies (note required), sends back for redo and closes', async () => {
    expect((await act(banner, id, { action: 'route', unitId: tree.sumuB.id })).statusCode).toBe(200);
    const rerouted = await act(banner, id, {
      action: 'reroute',
      unitId: tree.sumuA.id,
      note: '改由巴彦苏木办理',
    });
    expect(rerouted.statusCode, rerouted.body).toBe(200);
    const stale = await handlerA.post(`/api/voice/items/${id}/actions`, {
      action: 'reply',
      expectedVersion: 1,
      note: '答复',
    });
    expect(stale.statusCode).toBe(409);
    const noNote = await act(handlerA, id, { action: 'reply' });
    expect(noNote.statusCode).toBe(400);
    expect(noNote.json().error.message).toContain('“答复”需要填写说明');
    const replied = await act(handlerA, id, { action: 'reply', note: '补奖资金将于本月底前发放到户。' });
    expect(replied.statusCode, replied.body).toBe(200);
    expect(replied.json().item.stateName).toBe('已答复');
    expect((await act(handlerA, id, { action: 'close' })).statusCode).toBe(403);
    const redo = await act(banner, id, { action: 'redo', note: '请写明具体发放日期' });
    expect(redo.json().item.state).toBe('handling');
    await act(handlerA, id, { action: 'reply', note: '补奖资金将于 12 月 25 日发放到户。' });
    const closed = await act(banner, id, { action: 'close' });
    expect(closed.json().item.stateName).toBe('已办结');
    expect(closed.json().actions).toEqual([]);
  });

  it('refuses an item with a reason', async () => {
    const other = await residentItem({ kind: 'idea', title: '建议修建机场' });
    const noReason = await act(banner, other, { action: 'reject' });
    expect(noReason.statusCode).toBe(400);
    const rejected = await act(banner, other, { action: 'reject', note: '不属于本旗事权' });
    expect(rejected.json().item.stateName).toBe('不予受理');
  });
});

describe('identity', () => {
  it('shows the submitter only to holders of voice.readIdentity', async () => {
    const id = await residentItem({ name: '乌云其其格' });
    await act(banner, id, { action: 'route', unitId: tree.sumuA.id });
    const full = await detailOf(banner, id);
    expect(full.item).toMatchObject({ identityVisible: true, submitterName: '乌云其其格' });
    expect(full.item.submitterContactMasked).toMatch(/^139\*{4}\d{4}$/);
    for (const session of [clerkA, handlerA]) {
      const response = await session.get(`/api/voice/items/${id}`);
      expect(response.json().item).toMatchObject({
        identityVisible: false,
        submitterName: null,
        submitterContactMasked: null,
        submitterPersonId: null,
      });
      expect(response.body).not.toContain('乌云其其格');
      const list = await session.get('/api/voice/items');
      expect(list.body).not.toContain('乌云其其格');
    }
  });
});

describe('publishing', () => {
  it('publishes a reply only with consent, after the reply, by voice.publish, without identity', async () => {
    const noConsent = await residentItem({ consentToPublish: false, name: '张三' });
    const consented = await residentItem({ name: '李四', phone: '13955550000' });
    for (const id of [noConsent, consented]) {
      await act(banner, id, { action: 'route', unitId: tree.sumuA.id });
    }
    const early = await banner.post(`/api/voice/items/${consented}/publication`, {});
    expect(early.statusCode).toBe(409);
    expect(early.json().error.message).toContain('尚未答复');
    for (const id of [noConsent, consented]) {
      await act(handlerA, id, { action: 'reply', note: '已答复：补奖资金本月发放。' });
    }
    const refused = await banner.post(`/api/voice/items/${noConsent}/publication`, {});
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.code).toBe('VOICE_NO_CONSENT');
    expect((await detailOf(banner, noConsent)).canPublish).toBe(false);
    expect((await clerkA.post(`/api/voice/items/${consented}/publication`, {})).statusCode).toBe(403);
    expect((await detailOf(banner, consented)).canPublish).toBe(true);

    const published = await banner.post(`/api/voice/items/${consented}/publication`, {
      question: '群众询问草原生态补奖资金的发放时间。',
    });
    expect(published.statusCode, published.body).toBe(200);
    expect(published.json().item.published).toBe(true);
    const list = await t.app.inject({ method: 'GET', url: '/api/portal/publications?kind=question' });
    const items = list.json().items as Array<{
      caseId: string;
      question: string;
      reply: string;
      unitName: string;
    }>;
    const mine = items.find((p) => p.caseId === consented)!;
    expect(mine).toMatchObject({
      question: '群众询问草原生态补奖资金的发放时间。',
      reply: '已答复：补奖资金本月发放。',
      unitName: '巴彦苏木',
    });
    expect(list.body).not.toContain('李四');
    expect(list.body).not.toContain('13955550000');
    expect(list.body).not.toContain('0000"');
    expect(items.some((p) => p.caseId === noConsent)).toBe(false);

    const withdrawn = await banner.del(`/api/voice/items/${consented}/publication`);
    expect(withdrawn.json().item.published).toBe(false);
    const after = await t.app.inject({ method: 'GET', url: '/api/portal/publications' });
    expect((after.json().items as Array<{ caseId: string }>).some((p) => p.caseId === consented)).toBe(false);
    const staffList = await handlerA.get('/api/voice/publications');
    expect(staffList.json().items.find((p: { caseId: string }) => p.caseId === consented)?.withdrawn).toBe(
      true,
    );
    expect((await banner.del(`/api/voice/items/${consented}/publication`)).statusCode).toBe(404);
  });
});

describe('attachments and indicators', () => {
  it('shows the resident’s photos to the units that can see the item, 404 elsewhere', async () => {
    const ip = freshIp();
    const boundary = '----voice-test';
    const uploaded = await t.app.inject({
      method: 'POST',
      url: '/api/portal/photos',
      remoteAddress: ip,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\n`),
        PNG,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]),
    });
    const photo = uploaded.json() as { id: string };
    const id = await residentItem({ photoIds: [photo.id] });
    await act(banner, id, { action: 'route', unitId: tree.sumuA.id });
    const seen = await handlerA.get(`/api/voice/items/${id}/files/${photo.id}`);
    expect(seen.statusCode).toBe(200);
    expect(seen.headers['content-type']).toBe('image/png');
    expect((await handlerB.get(`/api/voice/items/${id}/files/${photo.id}`)).statusCode).toBe(404);
    const otherId = await residentItem();
    expect((await banner.get(`/api/voice/items/${otherId}/files/${photo.id}`)).statusCode).toBe(404);
  });

  it('counts items per kind with evidence, within scope', async () => {
    const indicator = findIndicator('voice.kinds.received')!;
    const year = new Date().getFullYear();
    const period = { from: `${year - 1}-01-01`, to: `${year + 1}-01-01` };
    const all = await indicator.compute({ db: t.database.db, scope: scopeOf([tree.banner.path]), period });
    const byKind = Object.fromEntries(all.breakdown!.map((g) => [g.key, g.value]));
    expect(all.value).toBe(byKind.idea! + byKind.need! + byKind.question!);
    expect(byKind.idea).toBe(1);
    expect(all.evidence.ids.length).toBe(all.value);
    const sumuB = await indicator.compute({ db: t.database.db, scope: scopeOf([tree.sumuB.path]), period });
    expect(sumuB.value).toBe(0);
    const onTime = await findIndicator('voice.kinds.repliedOnTime')!.compute({
      db: t.database.db,
      scope: scopeOf([tree.banner.path]),
      period,
    });
    expect(onTime.breakdown!.find((g) => g.key === 'question')!.value).toBe(100);
    expect(findIndicator('voice.item.received')).toBeDefined();
  });
});
