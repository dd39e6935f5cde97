// The resident portal over HTTP on a real database: captcha (wrong, expired, reused), per-phone and
// per-address limits, photo size and type, tracking with the phone's last four digits, rating that
// reopens, events through the grid module, and the public lists.
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
import { writeSettings } from '../../platform/settings/service';
import { portalCaptchas, portalSubmissions } from './schema';

let t: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
let staff: Session;

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

let ipCounter = 0;
/** A fresh client address, so the per-route request limits of one test do not spill into another. */
const freshIp = () => `10.1.${Math.floor(++ipCounter / 200)}.${ipCounter % 200}`;

async function captcha(ip = freshIp()): Promise<{ captchaId: string; captchaAnswer: string }> {
  const response = await t.app.inject({ method: 'GET', url: '/api/portal/captcha', remoteAddress: ip });
  expect(response.statusCode).toBe(200);
  const { id } = response.json() as { id: string };
  const [row] = await t.database.db.select().from(portalCaptchas).where(eq(portalCaptchas.id, id));
  return { captchaId: id, captchaAnswer: row!.answer };
}

const voiceItem = (extra: Record<string, unknown> = {}) => ({
  kind: 'need',
  title: '希望解决冬季饮水问题',
  content: '冬天水管冻裂，全嘎查二十多户吃水困难，请帮助解决。',
  name: '其木格',
  phone: '13912345678',
  consentToPublish: true,
  ...extra,
});

async function submit(body: Record<string, unknown>, ip = freshIp(), url = '/api/portal/voice') {
  const solved = body.captchaId ? {} : await captcha(ip);
  return t.app.inject({ method: 'POST', url, payload: { ...solved, ...body }, remoteAddress: ip });
}

function multipart(name: string, content: Buffer) {
  const boundary = '----jiceng-portal-test';
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: image/png\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const upload = (name: string, content: Buffer, ip = freshIp()) =>
  t.app.inject({ method: 'POST', url: '/api/portal/photos', remoteAddress: ip, ...multipart(name, content) });

const track = (code: string, last4: string) =>
  t.app.inject({ method: 'GET', url: `/api/portal/track/${code}?last4=${last4}`, remoteAddress: freshIp() });

async function caseOf(code: string) {
  const [row] = await t.database.db.select().from(cases).where(eq(cases.code, code));
  return row!;
}

beforeAll(async () => {
  t = await createTestApp();
  tree = await buildTree(t);
  await buildUser(t, { username: 'voicestaff', grants: [{ role: 'orgStaff', unit: tree.banner }] });
  staff = await loginAs(t, 'voicestaff');
});

afterAll(async () => {
  await t?.close();
});

describe('captcha', () => {
  it('draws the digits as strokes (no text a script could read) and answers each challenge once', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/portal/captcha' });
    const { id, image } = response.json() as { id: string; image: string };
    expect(response.headers['cache-control']).toBe('no-store');
    const svg = Buffer.from(image.replace('data:image/svg+xml;base64,', ''), 'base64').toString();
    expect(svg).toContain('<svg');
    expect(svg).toContain('<polyline');
    expect(svg).not.toContain('<text');
    const [row] = await t.database.db.select().from(portalCaptchas).where(eq(portalCaptchas.id, id));
    expect(row!.answer).toMatch(/^\d{5}$/);
    expect(svg).not.toContain(row!.answer);
  });

  it('refuses a wrong answer in Chinese and the picture cannot be tried again', async () => {
    const ip = freshIp();
    const solved = await captcha(ip);
    const wrong = String((Number(solved.captchaAnswer) + 1) % 100000).padStart(5, '0');
    const first = await submit({ ...voiceItem(), captchaId: solved.captchaId, captchaAnswer: wrong }, ip);
    expect(first.statusCode).toBe(400);
    expect(first.json().error.code).toBe('PORTAL_CAPTCHA_WRONG');
    expect(first.json().error.message).toContain('验证码不正确');
    const retry = await submit({ ...voiceItem(), ...solved }, ip);
    expect(retry.json().error.code).toBe('PORTAL_CAPTCHA_EXPIRED');
    expect(retry.json().error.message).toContain('换一张');
  });

  it('refuses an expired answer and a reused one; nothing is stored', async () => {
    const before = await t.database.db.select().from(portalSubmissions);
    const expired = await captcha();
    await t.database.db
      .update(portalCaptchas)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(portalCaptchas.id, expired.captchaId));
    const late = await submit({ ...voiceItem(), ...expired });
    expect(late.statusCode).toBe(400);
    expect(late.json().error.code).toBe('PORTAL_CAPTCHA_EXPIRED');

    const solved = await captcha();
    const ok = await submit({ ...voiceItem({ phone: '13900000001' }), ...solved });
    expect(ok.statusCode).toBe(200);
    const reused = await submit({ ...voiceItem({ phone: '13900000001' }), ...solved });
    expect(reused.json().error.code).toBe('PORTAL_CAPTCHA_EXPIRED');
    const after = await t.database.db.select().from(portalSubmissions);
    expect(after.length).toBe(before.length + 1);
  });

  it('rejects a missing or malformed captcha id at the edge', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/portal/voice',
      payload: { ...voiceItem(), captchaId: 'nope', captchaAnswer: '12345' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toContain('验证码格式不正确');
  });
});

describe('submission limits', () => {
  it('accepts at most 5 submissions per phone per day, with a Chinese message', async () => {
    const phone = '13722223333';
    for (let n = 0; n < 5; n++) {
      const response = await submit(voiceItem({ phone, title: `第${n + 1}件建议` }));
      expect(response.statusCode, response.body).toBe(200);
    }
    const sixth = await submit(voiceItem({ phone }));
    expect(sixth.statusCode).toBe(429);
    expect(sixth.json().error.code).toBe('PORTAL_PHONE_LIMIT');
    expect(sixth.json().error.message).toBe('同一手机号每天最多提交 5 件，今天已达上限，请明天再提交');
  });

  it('limits submissions per address per hour (a setting, 20 by default)', async () => {
    await writeSettings(t.database.db, { 'portal.submissionsPerIpPerHour': 3 }, null);
    try {
      const ip = freshIp();
      for (let n = 0; n < 3; n++) {
        const response = await submit(voiceItem({ phone: `1360000000${n}` }), ip);
        expect(response.statusCode, response.body).toBe(200);
      }
      const fourth = await submit(voiceItem({ phone: '13600000009' }), ip);
      expect(fourth.statusCode).toBe(429);
      expect(fourth.json().error.code).toBe('PORTAL_IP_LIMIT');
      expect(fourth.json().error.message).toContain('每小时最多 3 件');
      // Another address is not affected.
      expect((await submit(voiceItem({ phone: '13600000009' }))).statusCode).toBe(200);
    } finally {
      await writeSettings(t.database.db, { 'portal.submissionsPerIpPerHour': null }, null);
    }
  });

  it('checks the phone number and the fields with clear Chinese messages', async () => {
    const response = await submit(voiceItem({ phone: '12345', title: '' }));
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toContain('11 位手机号码');
    const kind = await submit(voiceItem({ kind: 'complaint' }));
    expect(kind.json().error.message).toContain('问计、问需或问政');
  });
});

describe('photos', () => {
  it('takes a JPEG, PNG or WebP photo sniffed by content, up to 5 MB', async () => {
    const ok = await upload('现场.png', PNG);
    expect(ok.statusCode, ok.body).toBe(200);
    const big = await upload('大图.png', Buffer.concat([PNG, Buffer.alloc(5 * 1024 * 1024 + 10)]));
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBe('PORTAL_PHOTO_TOO_BIG');
    expect(big.json().error.message).toContain('5 MB');
    const pdf = await upload('伪装.png', Buffer.from('%PDF-1.4 not a photo'));
    expect(pdf.statusCode).toBe(400);
    expect(pdf.json().error.message).toBe('只能上传 JPG、PNG 或 WebP 格式的照片');
    const gif = await upload('动图.gif', Buffer.from('GIF89a....'));
    expect(gif.json().error.code).toBe('PORTAL_PHOTO_TYPE');
    const text = await upload('脚本.png', Buffer.from('<script>alert(1)</script>'));
    expect(text.json().error.code).toBe('PORTAL_PHOTO_TYPE');
  });

  it('attaches photos to one submission only', async () => {
    const photo = (await upload('水管.png', PNG)).json() as { id: string };
    const first = await submit(voiceItem({ phone: '13811112222', photoIds: [photo.id] }));
    expect(first.statusCode, first.body).toBe(200);
    expect((await caseOf(first.json().code)).attachmentIds).toEqual([photo.id]);
    const again = await submit(voiceItem({ phone: '13811112223', photoIds: [photo.id] }));
    expect(again.statusCode).toBe(400);
    expect(again.json().error.code).toBe('PORTAL_PHOTO_UNKNOWN');
  });

  it('limits uploads per address per hour', async () => {
    await writeSettings(t.database.db, { 'portal.uploadsPerIpPerHour': 2 }, null);
    try {
      const ip = freshIp();
      expect((await upload('1.png', PNG, ip)).statusCode).toBe(200);
      expect((await upload('2.png', PNG, ip)).statusCode).toBe(200);
      const third = await upload('3.png', PNG, ip);
      expect(third.statusCode).toBe(429);
      expect(third.json().error.message).toContain('上传照片过于频繁');
    } finally {
      await writeSettings(t.database.db, { 'portal.uploadsPerIpPerHour': null }, null);
    }
  });
});

describe('tracking and rating', () => {
  let code: string;

  it('needs the right last four digits of the phone; a wrong one looks like a wrong code', async () => {
    const response = await submit(voiceItem({ phone: '13955556666', areaUnitId: tree.gachaA.id }));
    code = response.json().code;
    expect(code).toMatch(/^[2-9A-Z]{12}$/);
    const wrong = await track(code, '1234');
    expect(wrong.statusCode).toBe(404);
    const unknown = await track('ABCDEFGHJKLM', '6666');
    expect(unknown.json().error.message).toBe(wrong.json().error.message);
    const right = await track(code.toLowerCase(), '6666');
    expect(right.statusCode).toBe(200);
    expect(right.json()).toMatchObject({ stateName: '待分办', kindName: '问需', canRate: false });
  });

  it('shows unit names and replies but no staff names or internal notes', async () => {
    const row = await caseOf(code);
    const routed = await staff.post(`/api/voice/items/${row.id}/actions`, {
      action: 'route',
      expectedVersion: row.version,
      unitId: tree.sumuA.id,
      note: '内部说明：请巴彦苏木牵头',
    });
    expect(routed.statusCode, routed.body).toBe(200);
    const replied = await staff.post(`/api/voice/items/${row.id}/actions`, {
      action: 'reply',
      expectedVersion: routed.json().item.version,
      note: '已协调维修队更换水管，本周内恢复供水。',
    });
    expect(replied.statusCode, replied.body).toBe(200);
    const tracked = (await track(code, '6666')).json();
    expect(tracked.stateName).toBe('已答复');
    expect(tracked.canRate).toBe(true);
    expect(tracked.timeline.map((e: { actionName: string }) => e.actionName)).toEqual([
      '群众提交',
      '分办',
      '答复',
    ]);
    expect(tracked.timeline[1].unitName).toBe('巴彦苏木');
    expect(tracked.timeline[2].note).toContain('本周内恢复供水');
    const text = JSON.stringify(tracked);
    expect(text).not.toContain('内部说明');
    expect(text).not.toContain('测试voicestaff');
  });

  it('“问题未解决” needs a comment and reopens; a good rating closes', async () => {
    const before = (await track(code, '6666')).json();
    const rate = (body: Record<string, unknown>) =>
      t.app.inject({
        method: 'POST',
        url: `/api/portal/track/${code}/rating`,
        payload: { last4: '6666', ...body },
        remoteAddress: freshIp(),
      });
    const noComment = await rate({ expectedVersion: before.version, score: 2, reasons: ['notSolved'] });
    expect(noComment.statusCode).toBe(400);
    expect(noComment.json().error.message).toContain('哪些问题还没有解决');
    const wrongDigits = await rate({ last4: '0000', expectedVersion: before.version, score: 5 });
    expect(wrongDigits.statusCode).toBe(404);
    const reopened = await rate({
      expectedVersion: before.version,
      score: 2,
      reasons: ['notSolved'],
      comment: '水管修了但又冻了',
    });
    expect(reopened.statusCode, reopened.body).toBe(200);
    expect(reopened.json().stateName).toBe('办理中');
    expect(reopened.json().canRate).toBe(false);
    const row = await caseOf(code);
    expect(row.reopenedCount).toBe(1);
    const early = await rate({ expectedVersion: row.version, score: 5 });
    expect(early.statusCode).toBe(409);
    const again = await staff.post(`/api/voice/items/${row.id}/actions`, {
      action: 'reply',
      expectedVersion: row.version,
      note: '已加装保温层，经回访供水正常。',
    });
    expect(again.statusCode, again.body).toBe(200);
    const closed = await rate({ expectedVersion: again.json().item.version, score: 5, reasons: ['helpful'] });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toMatchObject({ stateName: '已办结', rating: 5, canRate: false });
  });
});

describe('public lists and events', () => {
  it('lists 苏木镇 with their 嘎查 and the centres, without login', async () => {
    const areas = await t.app.inject({ method: 'GET', url: '/api/portal/areas' });
    expect(areas.statusCode).toBe(200);
    const sumuA = (areas.json() as Array<{ name: string; children: Array<{ name: string }> }>).find(
      (a) => a.name === '巴彦苏木',
    );
    expect(sumuA?.children.map((c) => c.name)).toEqual(['乌兰嘎查']);
    const centres = await t.app.inject({ method: 'GET', url: '/api/portal/centers' });
    expect(centres.statusCode).toBe(200);
    expect(Array.isArray(centres.json())).toBe(true);
  });

  it('files a grid event from a resident into the picked 嘎查, trackable like a 三问 item', async () => {
    const categories = await t.app.inject({ method: 'GET', url: '/api/portal/event-categories' });
    expect(categories.statusCode).toBe(200);
    const category = (categories.json() as Array<{ key: string }>)[0]!;
    const photo = (await upload('路灯.png', PNG)).json() as { id: string };
    const response = await submit(
      {
        categoryKey: category.key,
        title: '村口路灯不亮',
        description: '乌兰嘎查村口三盏路灯一周没亮了。',
        phone: '13877778888',
        areaUnitId: tree.gachaA.id,
        photoIds: [photo.id],
      },
      freshIp(),
      '/api/portal/events',
    );
    expect(response.statusCode, response.body).toBe(200);
    const row = await caseOf(response.json().code);
    expect(row).toMatchObject({ type: 'grid.event', unitId: tree.gachaA.id, attachmentIds: [photo.id] });
    expect(row.submitterContactMasked).toBe('138****8888');
    const tracked = await track(row.code, '8888');
    expect(tracked.json()).toMatchObject({ typeName: '网格事件', stateName: '待受理' });
    const noArea = await submit(
      { categoryKey: category.key, title: '路灯', description: '路灯坏了很久了', phone: '13877778889' },
      freshIp(),
      '/api/portal/events',
    );
    expect(noArea.statusCode).toBe(400);
    expect(noArea.json().error.code).toBe('PORTAL_AREA_NOT_FOUND');
  });

  it('every portal route is public and rate-limited per address', async () => {
    const portal = t.app.routesList.filter((r) => r.url.startsWith('/api/portal'));
    expect(portal.length).toBeGreaterThanOrEqual(10);
    for (const route of portal) expect(route.public, route.url).toBe(true);
    const ip = freshIp();
    let last = 0;
    for (let n = 0; n < 31; n++)
      last = (await t.app.inject({ method: 'GET', url: '/api/portal/captcha', remoteAddress: ip }))
        .statusCode;
    expect(last).toBe(429);
  });
});
