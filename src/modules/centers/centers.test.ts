import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildTree,
  buildUser,
  createTestApp,
  loginAs,
  type Session,
  type TestContext,
} from '../../../test/support/app';
import { auditLog } from '../../platform/audit/schema';
import { waitForImport } from '../../platform/excel';
import { settings } from '../../platform/settings/schema';
import { todayInChina } from '../../platform/time';
import { PUBLIC_BASE_URL_SETTING } from './publicLink';
import { PUBLIC_RATE_LIMIT } from './routes';
import { centerServiceItems, serviceCenters } from './schema';

let t: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
let staff: Session;
let clerkA: Session;
let clerkB: Session;
let centreA: { id: string };
let centreB: { id: string };
let sumuCentre: { id: string };

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

function multipart(name: string, content: Buffer) {
  const boundary = '----jiceng-centers-test';
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload: body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

async function uploadAs(session: Session, url: string, name: string, content: Buffer) {
  const { payload, headers } = multipart(name, content);
  return t.app.inject({
    method: 'POST',
    url,
    payload,
    headers: { ...headers, cookie: session.cookie, 'x-csrf-token': session.csrfToken },
  });
}

const anonymous = (url: string) => t.app.inject({ method: 'GET', url });

const item = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  department: '旗民政局',
  eligibility: '本旗户籍居民',
  materials: ['居民身份证', '户口簿'],
  timeLimitDays: 15,
  channels: ['onSite', 'proxy'],
  contactPhone: '0482-1234567',
  ...extra,
});

beforeAll(async () => {
  t = await createTestApp();
  tree = await buildTree(t);
  await buildUser(t, { username: 'staff', grants: [{ role: 'orgStaff', unit: tree.banner }] });
  await buildUser(t, { username: 'clerkA', grants: [{ role: 'unitClerk', unit: tree.sumuA }] });
  await buildUser(t, { username: 'clerkB', grants: [{ role: 'unitClerk', unit: tree.sumuB }] });
  staff = await loginAs(t, 'staff');
  clerkA = await loginAs(t, 'clerkA');
  clerkB = await loginAs(t, 'clerkB');
});
afterAll(async () => t.close());

describe('centres', () => {
  it('creates the centre of a 嘎查 in scope and audits it', async () => {
    const response = await clerkA.post('/api/centers', {
      unitId: tree.gachaA.id,
      name: '乌兰嘎查党群服务中心',
      address: '乌兰嘎查嘎查部1号',
      areaSqm: 260,
      openingHours: '周一至周五 8:30–17:30',
      rooms: [{ name: '党员活动室', functions: '三会一课' }],
      staff: [
        { name: '乌力吉', role: '党支部书记', phone: '13900000001', phonePublic: false },
        { name: '萨仁', role: '代办员', phone: '13900000002', phonePublic: true },
      ],
    });
    expect(response.statusCode).toBe(200);
    centreA = response.json();
    expect(centreA).toMatchObject({
      unitName: '乌兰嘎查',
      unitPathNames: '测试旗/巴彦苏木/乌兰嘎查',
      status: 'inUse',
      upgradeStatus: 'none',
      itemCount: 0,
      progress: { share: null, meetsStandard: false },
    });
    const audit = await t.database.db.select().from(auditLog).where(eq(auditLog.entityId, centreA.id));
    expect(audit.map((a) => a.action)).toEqual(['create']);
    centreB = (
      await clerkB.post('/api/centers', { unitId: tree.gachaB.id, name: '哈日嘎查党群服务中心' })
    ).json();
    sumuCentre = (
      await staff.post('/api/centers', { unitId: tree.sumuA.id, name: '巴彦苏木党群服务中心' })
    ).json();
    expect(sumuCentre.id).toBeTruthy();
  });

  it('refuses bad input with a Chinese message naming the field, and writes nothing', async () => {
    const before = await t.database.db.select().from(serviceCenters);
    const empty = await staff.post('/api/centers', { unitId: tree.sumuB.id, name: ' ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.message).toContain('中心名称');
    const badPhone = await staff.post('/api/centers', {
      unitId: tree.sumuB.id,
      name: '好腰苏木党群服务中心',
      staff: [{ name: '张三', phone: '电话不详' }],
    });
    expect(badPhone.statusCode).toBe(400);
    expect(badPhone.json().error.message).toContain('工作人员电话');
    const negative = await staff.post('/api/centers', { unitId: tree.sumuB.id, name: '某中心', areaSqm: -5 });
    expect(negative.json().error.message).toContain('面积');
    const wrongType = await staff.post('/api/centers', { unitId: tree.branchA.id, name: '支部中心' });
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json().error.message).toContain('“党支部”不能设立党群服务中心');
    const duplicate = await staff.post('/api/centers', { unitId: tree.gachaA.id, name: '第二个中心' });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().error.message).toContain('乌兰嘎查');
    const badStatus = await clerkA.patch(`/api/centers/${centreA.id}`, { status: 'closed' });
    expect(badStatus.statusCode).toBe(400);
    expect(badStatus.json().error.message).toContain('状态');
    expect(await t.database.db.select().from(serviceCenters)).toHaveLength(before.length);
  });

  it('edits a centre and lists, searches and filters centres in scope', async () => {
    const edited = await clerkA.patch(`/api/centers/${centreA.id}`, {
      upgradeStatus: 'inProgress',
      upgradeNote: '改造便民服务站',
    });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({ upgradeStatus: 'inProgress', upgradeNote: '改造便民服务站' });
    const mine = (await clerkA.get('/api/centers')).json();
    expect(mine.items.map((c: { name: string }) => c.name).sort()).toEqual([
      '乌兰嘎查党群服务中心',
      '巴彦苏木党群服务中心',
    ]);
    const all = (await staff.get('/api/centers?type=gacha')).json();
    expect(all.total).toBe(2);
    const byPinyin = (await staff.get('/api/centers?q=hrgc')).json();
    expect(byPinyin.items.map((c: { name: string }) => c.name)).toEqual(['哈日嘎查党群服务中心']);
    const byUnit = (await staff.get(`/api/centers?unitId=${tree.sumuB.id}`)).json();
    expect(byUnit.items.map((c: { name: string }) => c.name)).toEqual(['哈日嘎查党群服务中心']);
    const upgrading = (await staff.get('/api/centers?upgradeStatus=inProgress')).json();
    expect(upgrading.items.map((c: { id: string }) => c.id)).toEqual([centreA.id]);
  });

  it('exports the filtered list to Excel', async () => {
    const response = await staff.get('/api/centers/export?type=gacha');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).getCell(3).text).toBe('中心名称');
    expect(sheet.rowCount).toBe(3);
  });

  it("keeps a 苏木 clerk out of another 苏木's centre: 404 as if it did not exist", async () => {
    const url = `/api/centers/${centreB.id}`;
    const responses = [
      await clerkA.get(url),
      await clerkA.patch(url, { name: '改名' }),
      await clerkA.get(`${url}/items`),
      await clerkA.post(`${url}/items`, item('越权事项')),
      await clerkA.get(`${url}/assessments`),
      await clerkA.get(`${url}/qr`),
      await clerkA.get(`${url}/items/export`),
      await clerkA.post('/api/centers', { unitId: tree.sumuB.id, name: '越权中心' }),
    ];
    expect(responses.map((r) => r.statusCode)).toEqual([404, 404, 404, 404, 404, 404, 404, 404]);
    expect(responses[0]!.json().error.message).toContain('不在您的管理范围内');
    const [row] = await t.database.db.select().from(serviceCenters).where(eq(serviceCenters.id, centreB.id));
    expect(row?.name).toBe('哈日嘎查党群服务中心');
  });

  it('attaches only public photos uploaded for the centre’s own unit', async () => {
    const privatePhoto = (await uploadAs(clerkA, `/api/files?unitId=${tree.gachaA.id}`, 'a.png', PNG)).json();
    const publicPhoto = (
      await uploadAs(clerkA, `/api/files?unitId=${tree.gachaA.id}&public=true`, '中心外景.png', PNG)
    ).json();
    const otherUnit = (
      await uploadAs(staff, `/api/files?unitId=${tree.gachaB.id}&public=true`, 'b.png', PNG)
    ).json();
    const refused = await clerkA.patch(`/api/centers/${centreA.id}`, { photoIds: [privatePhoto.id] });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.message).toContain('公开');
    const foreign = await clerkA.patch(`/api/centers/${centreA.id}`, { photoIds: [otherUnit.id] });
    expect(foreign.statusCode).toBe(404);
    const ok = await clerkA.patch(`/api/centers/${centreA.id}`, { photoIds: [publicPhoto.id] });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().photos.map((p: { name: string }) => p.name)).toEqual(['中心外景.png']);
  });
});

describe('standards and assessments', () => {
  let standard: { id: string; items: Array<{ id: string; title: string }> };

  it('lets holders of centers.configure write a checklist; clerks see it but cannot change it', async () => {
    const response = await staff.post('/api/centers/standards', {
      unitId: tree.banner.id,
      name: '两站五室一广场（测试）',
      unitTypes: ['gacha', 'community'],
      items: [
        { title: '党员服务站', evidenceKind: 'photo' },
        { title: '便民服务站', evidenceKind: 'record' },
        { title: '党员活动室', evidenceKind: 'photo' },
        { title: '文体活动广场', evidenceKind: 'onSite' },
      ],
    });
    expect(response.statusCode).toBe(200);
    standard = response.json();
    expect(standard.items.map((i) => i.title)).toEqual([
      '党员服务站',
      '便民服务站',
      '党员活动室',
      '文体活动广场',
    ]);
    const seen = (await clerkA.get('/api/centers/standards')).json();
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ name: '两站五室一广场（测试）', editable: false, unitName: '测试旗' });
    expect(
      (
        await clerkA.post('/api/centers/standards', {
          unitId: tree.sumuA.id,
          name: '越权',
          unitTypes: ['gacha'],
          items: [{ title: 'x', evidenceKind: 'photo' }],
        })
      ).statusCode,
    ).toBe(403);
    const noItems = await staff.post('/api/centers/standards', {
      unitId: tree.banner.id,
      name: '空清单',
      unitTypes: ['gacha'],
      items: [],
    });
    expect(noItems.statusCode).toBe(400);
    expect(noItems.json().error.message).toContain('请至少填写一个条目');
    const badType = await staff.post('/api/centers/standards', {
      unitId: tree.banner.id,
      name: '坏类型',
      unitTypes: ['branch'],
      items: [{ title: 'x', evidenceKind: 'photo' }],
    });
    expect(badType.json().error.message).toContain('适用单位类型');
  });

  it('records an assessment item by item and computes the share met', async () => {
    const [a, b, c, d] = standard.items;
    const response = await clerkA.post(`/api/centers/${centreA.id}/assessments`, {
      standardId: standard.id,
      assessedOn: '2026-01-15',
      note: '年初评估',
      results: [
        { itemId: a!.id, result: 'met', evidenceNote: '牌子已挂' },
        { itemId: b!.id, result: 'met' },
        { itemId: c!.id, result: 'partly', evidenceNote: '制度未上墙' },
        { itemId: d!.id, result: 'notMet' },
      ],
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ metCount: 2, itemCount: 4, assessorName: '测试clerkA' });
    const detail = (await clerkA.get(`/api/centers/${centreA.id}`)).json();
    expect(detail.progress).toMatchObject({
      share: 0.5,
      metCount: 2,
      partlyCount: 1,
      meetsStandard: false,
      lastAssessedOn: '2026-01-15',
    });
  });

  it('refuses incomplete, foreign, repeated and future results, writing nothing', async () => {
    const [a, b, c, d] = standard.items;
    const url = `/api/centers/${centreA.id}/assessments`;
    const incomplete = await clerkA.post(url, {
      standardId: standard.id,
      assessedOn: '2026-02-01',
      results: [{ itemId: a!.id, result: 'met' }],
    });
    expect(incomplete.statusCode).toBe(400);
    expect(incomplete.json().error.message).toContain('缺少：便民服务站、党员活动室、文体活动广场');
    const repeated = await clerkA.post(url, {
      standardId: standard.id,
      assessedOn: '2026-02-01',
      results: [a, a, b, c, d].map((i) => ({ itemId: i!.id, result: 'met' })),
    });
    expect(repeated.json().error.code).toBe('CENTERS_ASSESSMENT_ITEM_UNKNOWN');
    const future = await clerkA.post(url, {
      standardId: standard.id,
      assessedOn: '2099-01-01',
      results: [a, b, c, d].map((i) => ({ itemId: i!.id, result: 'met' })),
    });
    expect(future.json().error.message).toContain('评估日期不能晚于今天');
    const badResult = await clerkA.post(url, {
      standardId: standard.id,
      assessedOn: '2026-02-01',
      results: [{ itemId: a!.id, result: 'good' }],
    });
    expect(badResult.statusCode).toBe(400);
    expect(badResult.json().error.message).toContain('评估结果');
    const notApplicable = await staff.post(`/api/centers/${sumuCentre.id}/assessments`, {
      standardId: standard.id,
      assessedOn: '2026-02-01',
      results: [a, b, c, d].map((i) => ({ itemId: i!.id, result: 'met' })),
    });
    expect(notApplicable.json().error.code).toBe('CENTERS_STANDARD_NOT_APPLICABLE');
    const elsewhere = (
      await staff.post('/api/centers/standards', {
        unitId: tree.sumuB.id,
        name: '好腰苏木自定标准',
        unitTypes: ['gacha'],
        items: [{ title: '便民代办点', evidenceKind: 'record' }],
      })
    ).json();
    const foreign = await clerkA.post(url, {
      standardId: elsewhere.id,
      assessedOn: '2026-02-01',
      results: [{ itemId: elsewhere.items[0].id, result: 'met' }],
    });
    expect(foreign.statusCode).toBe(404);
    const history = (await clerkA.get(url)).json();
    expect(history.standards).toHaveLength(1);
    expect(history.standards[0].history).toHaveLength(1);
  });

  it('keeps history: a later assessment becomes the latest and the centre meets the standard', async () => {
    const response = await clerkA.post(`/api/centers/${centreA.id}/assessments`, {
      standardId: standard.id,
      assessedOn: todayInChina(),
      results: standard.items.map((i) => ({ itemId: i.id, result: 'met' })),
    });
    expect(response.statusCode).toBe(200);
    const view = (await clerkA.get(`/api/centers/${centreA.id}/assessments`)).json();
    expect(view.progress).toMatchObject({ share: 1, meetsStandard: true });
    expect(view.standards[0].history.map((a: { assessedOn: string }) => a.assessedOn)).toEqual([
      todayInChina(),
      '2026-01-15',
    ]);
    expect(view.standards[0].latest.metCount).toBe(4);
  });

  it('retires items left out of an edited checklist and keeps old results readable', async () => {
    const [a, b, c] = standard.items;
    const response = await staff.request('PUT', `/api/centers/standards/${standard.id}`, {
      name: '两站五室一广场（测试）',
      unitTypes: ['gacha', 'community'],
      items: [
        { id: a!.id, title: '党员服务站', evidenceKind: 'photo' },
        { id: b!.id, title: '便民服务站（代办站）', evidenceKind: 'record' },
        { id: c!.id, title: '党员活动室', evidenceKind: 'photo' },
        { title: '卫生室', evidenceKind: 'onSite' },
      ],
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().items.map((i: { title: string }) => i.title)).toEqual([
      '党员服务站',
      '便民服务站（代办站）',
      '党员活动室',
      '卫生室',
    ]);
    const view = (await clerkA.get(`/api/centers/${centreA.id}/assessments`)).json();
    // The latest assessment still counts its own four items.
    expect(view.progress.share).toBe(1);
    expect(view.standards[0].history[1].results.map((r: { itemTitle: string }) => r.itemTitle)).toContain(
      '文体活动广场',
    );
    const foreign = await staff.request('PUT', `/api/centers/standards/${standard.id}`, {
      name: 'x',
      unitTypes: ['gacha'],
      items: [{ id: centreA.id, title: 'x', evidenceKind: 'photo' }],
    });
    expect(foreign.json().error.code).toBe('CENTERS_STANDARD_ITEM_UNKNOWN');
    expect(
      (await clerkA.request('PUT', `/api/centers/standards/${standard.id}`, { name: 'x' })).statusCode,
    ).toBe(403);
  });

  it('rolls the progress up by 苏木镇 in the indicators, inside the scope', async () => {
    const staffMeeting = (await staff.get('/api/indicators/centers.meetingStandard')).json();
    expect(staffMeeting.value).toBe(1);
    expect(staffMeeting.evidence.ids).toEqual([centreA.id]);
    expect(staffMeeting.breakdown).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ label: '巴彦苏木', value: 1 }),
        expect.objectContaining({ label: '好腰苏木', value: 0 }),
      ]),
    );
    const progress = (await staff.get('/api/indicators/centers.upgradeProgress')).json();
    expect(progress.value).toBe(100);
    expect(progress.evidence.ids).toEqual([centreA.id]);
    const rate = (await staff.get('/api/indicators/centers.meetingStandardRate')).json();
    // 乌兰 meets; 哈日 has the standard but no assessment; the 苏木 centre has no applicable standard.
    expect(rate.value).toBe(50);
    const lastYear = (
      await staff.get(`/api/indicators/centers.upgradeProgress?from=2026-01-01&to=2026-02-01`)
    ).json();
    // Centres created today did not exist before February 2026: no data rather than 0.
    expect(lastYear.value).toBeNull();
    const clerkBView = (await clerkB.get('/api/indicators/centers.meetingStandard')).json();
    expect(clerkBView.value).toBe(0);
    const count = (await staff.get('/api/indicators/centers.count')).json();
    expect(count.value).toBe(3);
    expect(count.breakdown.find((g: { key: string }) => g.key === 'gacha').value).toBe(2);
  });
});

describe('便民服务事项清单', () => {
  let first: { id: string };

  it('adds, edits and lists items in order; refuses duplicates and bad input', async () => {
    const url = `/api/centers/${centreA.id}/items`;
    const created = await clerkA.post(url, item('高龄津贴申领'));
    expect(created.statusCode).toBe(200);
    first = created.json();
    expect(created.json()).toMatchObject({
      fee: '免费',
      timeLimitKind: 'working',
      published: true,
      sortOrder: 0,
    });
    await clerkA.post(url, item('低保申请', { timeLimitDays: 30 }));
    await clerkA.post(url, item('残疾人证申领', { published: false }));
    const duplicate = await clerkA.post(url, item('高龄津贴申领'));
    expect(duplicate.statusCode).toBe(409);
    const before = await t.database.db.select().from(centerServiceItems);
    const badChannel = await clerkA.post(url, item('某事项', { channels: ['mail'] }));
    expect(badChannel.statusCode).toBe(400);
    expect(badChannel.json().error.message).toContain('办理渠道');
    const noChannel = await clerkA.post(url, item('某事项', { channels: [] }));
    expect(noChannel.json().error.message).toContain('请至少选择一种办理渠道');
    const badDays = await clerkA.post(url, item('某事项', { timeLimitDays: 2.5 }));
    expect(badDays.json().error.message).toContain('办理时限');
    const badPhone = await clerkA.post(url, item('某事项', { contactPhone: 'abc' }));
    expect(badPhone.json().error.message).toContain('咨询电话');
    expect(await t.database.db.select().from(centerServiceItems)).toHaveLength(before.length);
    const edited = await clerkA.patch(`${url}/${first.id}`, { fee: '', timeLimitKind: 'calendar' });
    expect(edited.json()).toMatchObject({ fee: '免费', timeLimitKind: 'calendar' });
    const list = (await clerkA.get(url)).json();
    expect(list.map((i: { name: string }) => i.name)).toEqual(['高龄津贴申领', '低保申请', '残疾人证申领']);
    const searched = (await clerkA.get(`${url}?q=低保`)).json();
    expect(searched).toHaveLength(1);
  });

  it('reorders the whole list and refuses an order that does not match it', async () => {
    const url = `/api/centers/${centreA.id}/items`;
    const ids = (await clerkA.get(url)).json().map((i: { id: string }) => i.id);
    const reordered = await clerkA.post(`${url}/reorder`, { ids: [ids[2], ids[0], ids[1]] });
    expect(reordered.statusCode).toBe(200);
    expect(reordered.json().map((i: { name: string }) => i.name)).toEqual([
      '残疾人证申领',
      '高龄津贴申领',
      '低保申请',
    ]);
    const partial = await clerkA.post(`${url}/reorder`, { ids: [ids[0]] });
    expect(partial.json().error.code).toBe('CENTERS_REORDER_MISMATCH');
  });

  it('copies another centre’s list once, skipping names already present', async () => {
    const refused = await clerkA.post(`/api/centers/${centreA.id}/items/copy`, { fromCenterId: centreB.id });
    expect(refused.statusCode).toBe(404);
    const copied = await staff.post(`/api/centers/${centreB.id}/items/copy`, { fromCenterId: centreA.id });
    expect(copied.json()).toEqual({ copied: 3, skipped: 0 });
    const again = await staff.post(`/api/centers/${centreB.id}/items/copy`, { fromCenterId: centreA.id });
    expect(again.json()).toEqual({ copied: 0, skipped: 3 });
    const same = await staff.post(`/api/centers/${centreB.id}/items/copy`, { fromCenterId: centreB.id });
    expect(same.json().error.code).toBe('CENTERS_COPY_SAME');
  });

  it('removes an item by recording it, not deleting the row', async () => {
    const removable = (await clerkA.post(`/api/centers/${centreA.id}/items`, item('临时事项'))).json();
    const response = await clerkA.del(`/api/centers/${centreA.id}/items/${removable.id}`);
    expect(response.statusCode).toBe(204);
    const [row] = await t.database.db
      .select()
      .from(centerServiceItems)
      .where(eq(centerServiceItems.id, removable.id));
    expect(row?.removedAt).not.toBeNull();
    const names = (await clerkA.get(`/api/centers/${centreA.id}/items`))
      .json()
      .map((i: { name: string }) => i.name);
    expect(names).not.toContain('临时事项');
    expect((await clerkA.del(`/api/centers/${centreA.id}/items/${removable.id}`)).statusCode).toBe(404);
  });

  it('counts items per centre in the indicators', async () => {
    const total = (await staff.get('/api/indicators/centers.serviceItems.total')).json();
    expect(total.value).toBe(6);
    const perCentre = (await staff.get('/api/indicators/centers.serviceItems.perCenter')).json();
    expect(perCentre.value).toBe(2);
    expect(perCentre.breakdown.find((g: { label: string }) => g.label === '巴彦苏木').value).toBe(1.5);
  });
});

describe('Excel import of a centre’s list', () => {
  async function fileWith(rows: string[][]) {
    const template = await staff.get('/api/centers/items/import/template');
    expect(template.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(template.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const headers: string[] = [];
    sheet.getRow(1).eachCell((cell, column) => {
      headers[column] = cell.text.replace(/^\*/, '').trim();
    });
    const at = (header: string) => headers.findIndex((h) => h?.includes(header));
    const columns = [
      '事项名称',
      '责任部门',
      '申请材料',
      '办理时限',
      '时限类型',
      '办理渠道',
      '咨询电话',
      '是否公开',
    ].map(at);
    rows.forEach((values, index) => {
      const row = sheet.getRow(10 + index);
      values.forEach((value, i) => {
        row.getCell(columns[i]!).value = value;
      });
      row.commit();
    });
    return Buffer.from(await workbook.xlsx.writeBuffer());
  }

  it('lists every bad row in Chinese and writes nothing', async () => {
    const before = await t.database.db.select().from(centerServiceItems);
    const buffer = await fileWith([
      ['户籍证明代办', '派出所', '身份证；户口簿', '3', '工作日', '代办', '0482-7654321', '是'],
      ['户籍证明代办', '派出所', '', '3', '工作日', '代办', '', ''],
      ['医保缴费', '医保局', '', 'abc', '工作日', '邮寄', '123', ''],
      ['', '医保局', '', '', '', '现场', '', ''],
    ]);
    const upload = await uploadAs(clerkA, `/api/centers/${centreA.id}/items/import`, '事项.xlsx', buffer);
    expect(upload.statusCode).toBe(200);
    await waitForImport(upload.json().id);
    const job = (await clerkA.get(`/api/imports/${upload.json().id}`)).json();
    expect(job.status).toBe('invalid');
    const messages = job.errors.map(
      (e: { row: number; field: string; message: string }) => `${e.row}:${e.field}:${e.message}`,
    );
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^11:事项名称:与第 10 行重复/),
        expect.stringMatching(/^12:办理时限（天）:“abc”不是天数/),
        expect.stringMatching(/^12:办理渠道:“邮寄”不是有效渠道/),
        expect.stringMatching(/^12:咨询电话:/),
        expect.stringMatching(/^13:事项名称:必填/),
      ]),
    );
    expect(await t.database.db.select().from(centerServiceItems)).toHaveLength(before.length);
  });

  it('imports a good file all at once: new names added at the end, known names updated', async () => {
    const buffer = await fileWith([
      ['户籍证明代办', '旗公安局派出所', '居民身份证；户口簿', '3', '工作日', '代办', '0482-7654321', '是'],
      ['高龄津贴申领', '旗民政局', '居民身份证\n户口簿\n银行卡', '10', '自然日', '现场、代办', '', '否'],
    ]);
    const upload = await uploadAs(clerkA, `/api/centers/${centreA.id}/items/import`, '事项.xlsx', buffer);
    await waitForImport(upload.json().id);
    expect((await clerkA.get(`/api/imports/${upload.json().id}`)).json().status).toBe('ready');
    const commit = await clerkA.post(`/api/imports/${upload.json().id}/commit`);
    expect(commit.statusCode).toBe(200);
    await waitForImport(upload.json().id);
    const done = (await clerkA.get(`/api/imports/${upload.json().id}`)).json();
    expect(done.status).toBe('done');
    expect(done.message).toContain('新增 1 条，更新 1 条');
    const list = (await clerkA.get(`/api/centers/${centreA.id}/items`)).json();
    expect(list.at(-1)).toMatchObject({ name: '户籍证明代办', channels: ['proxy'], timeLimitDays: 3 });
    expect(list.find((i: { name: string }) => i.name === '高龄津贴申领')).toMatchObject({
      materials: ['居民身份证', '户口簿', '银行卡'],
      timeLimitKind: 'calendar',
      published: false,
      channels: ['onSite', 'proxy'],
    });
    // Centre B's list is untouched.
    const other = (await staff.get(`/api/centers/${centreB.id}/items`)).json();
    expect(other.map((i: { name: string }) => i.name)).not.toContain('户籍证明代办');
  });

  it('exports a centre’s list in the import columns', async () => {
    const response = await clerkA.get(`/api/centers/${centreA.id}/items/export`);
    expect(response.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).getCell(1).text).toBe('事项名称');
    const names: string[] = [];
    sheet.eachRow((row, n) => {
      if (n > 1) names.push(row.getCell(1).text);
    });
    expect(names).toContain('户籍证明代办');
    expect((await clerkB.get(`/api/centers/${centreA.id}/items/export`)).statusCode).toBe(404);
  });

  it('refuses an upload for a centre outside the scope', async () => {
    const buffer = await fileWith([['某事项', '', '', '', '', '现场', '', '']]);
    const response = await uploadAs(clerkA, `/api/centers/${centreB.id}/items/import`, '事项.xlsx', buffer);
    expect(response.statusCode).toBe(404);
  });
});

describe('QR code', () => {
  it('encodes the public page address from the request host, the setting, or PUBLIC_BASE_URL first', async () => {
    const response = await clerkA.get(`/api/centers/${centreA.id}/qr`);
    expect(response.statusCode).toBe(200);
    expect(response.json().url).toBe(`http://localhost:80/public/centers/${centreA.id}`);
    expect(response.json().svg).toMatch(/^<svg/);
    await t.database.db
      .insert(settings)
      .values({ key: PUBLIC_BASE_URL_SETTING, value: 'https://fw.example.gov.cn' });
    const fromSetting = (await clerkA.get(`/api/centers/${centreA.id}/qr`)).json();
    expect(fromSetting.url).toBe(`https://fw.example.gov.cn/public/centers/${centreA.id}`);
    process.env.PUBLIC_BASE_URL = 'https://dj.example.gov.cn/jiceng/';
    try {
      const configured = (await clerkA.get(`/api/centers/${centreA.id}/qr`)).json();
      expect(configured.url).toBe(`https://dj.example.gov.cn/jiceng/public/centers/${centreA.id}`);
    } finally {
      delete process.env.PUBLIC_BASE_URL;
      await t.database.db.delete(settings).where(eq(settings.key, PUBLIC_BASE_URL_SETTING));
    }
  });
});

describe('public service page (no login)', () => {
  it('shows published items and public phones only', async () => {
    const response = await anonymous(`/api/public/centers/${centreA.id}`);
    expect(response.statusCode).toBe(200);
    const page = response.json();
    expect(page).toMatchObject({
      name: '乌兰嘎查党群服务中心',
      unitName: '乌兰嘎查',
      address: '乌兰嘎查嘎查部1号',
    });
    const names = page.items.map((i: { name: string }) => i.name);
    expect(names).toContain('低保申请');
    expect(names).not.toContain('残疾人证申领'); // unpublished
    expect(names).not.toContain('高龄津贴申领'); // unpublished by the import
    expect(names).not.toContain('临时事项'); // removed
    expect(page.items[0]).not.toHaveProperty('published');
    expect(page.staff).toEqual([
      { name: '乌力吉', role: '党支部书记', phone: null },
      { name: '萨仁', role: '代办员', phone: '13900000002' },
    ]);
    expect(JSON.stringify(page)).not.toContain('13900000001');
    expect(page.photos).toHaveLength(1);
    expect((await anonymous(page.photos[0].url)).statusCode).toBe(200);
  });

  it('answers 404 for unknown or suspended centres and 400 for a malformed id', async () => {
    expect((await anonymous('/api/public/centers/11111111-1111-4111-8111-111111111111')).statusCode).toBe(
      404,
    );
    expect((await anonymous('/api/public/centers/123')).statusCode).toBe(400);
    await staff.patch(`/api/centers/${centreB.id}`, { status: 'suspended' });
    expect((await anonymous(`/api/public/centers/${centreB.id}`)).statusCode).toBe(404);
  });

  it(`is rate limited per client address (${PUBLIC_RATE_LIMIT} a minute)`, async () => {
    let status = 200;
    let calls = 0;
    while (status !== 429 && calls < PUBLIC_RATE_LIMIT + 5) {
      status = (
        await t.app.inject({
          method: 'GET',
          url: `/api/public/centers/${centreA.id}`,
          remoteAddress: '10.9.8.7',
        })
      ).statusCode;
      calls += 1;
    }
    expect(status).toBe(429);
    expect(calls).toBe(PUBLIC_RATE_LIMIT + 1);
    const other = await t.app.inject({
      method: 'GET',
      url: `/api/public/centers/${centreA.id}`,
      remoteAddress: '10.9.8.8',
    });
    expect(other.statusCode).toBe(200);
  });
});
