// Browser journey of the resident portal on a phone: a resident submits a 问需 item with a photo and
// the captcha (its answer read from the captcha table), gets a tracking code; the banner routes the
// item to a 苏木镇; a handler there replies; the resident tracks it and rates it. The server runs in
// this process over a scratch database (PGlite in memory, or PostgreSQL with DATABASE_URL) so the
// test can read the captcha table.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJicengApp } from '../src/app';
import { loadDemoData } from '../src/demo/load';
import { portalCaptchas } from '../src/modules/portal/schema';
import { units } from '../src/modules/orgs';
import { cases } from '../src/platform/cases';
import { roleAssignments, roles, users } from '../src/platform/auth/schema';
import { createAdminAccounts, seedRoles } from '../src/platform/bootstrap';
import { createFieldCipher } from '../src/platform/crypto';
import type { Database } from '../src/platform/db';
import { hashPassword } from '../src/platform/password';
import { createTestDatabase } from '../test/support/database';
import {
  ADMIN_PASSWORD,
  clickOk,
  expectText,
  launchBrowser,
  loginAs,
  pickOption,
  screenshotDir,
} from './harness';
import { randomBytes } from 'node:crypto';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const PHONE = '13912348765';
const HANDLER = 'sumuhandler';

interface Server {
  baseUrl: string;
  database: Database;
  stop(): Promise<void>;
}

/** The whole application with the small demo banner, listening on a free port of 127.0.0.1. */
async function startInProcess(): Promise<Server> {
  const database = await createTestDatabase();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'jiceng-portal-e2e-'));
  const cipher = createFieldCipher({
    encryptionKey: randomBytes(16),
    macKey: randomBytes(32),
    indexKey: randomBytes(32),
  });
  await seedRoles(database.db);
  const demo = await loadDemoData(database, { cipher, size: 'small' });
  await createAdminAccounts(database.db, demo.rootUnitId, ADMIN_PASSWORD);
  const app = await createJicengApp({ database, cipher, dataDir }, { serveWeb: true });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    database,
    async stop() {
      await app.close();
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Waits until no spinner covers the page (a picture of a half-loaded page shows nothing useful). */
const settle = (page: Page) =>
  page
    .locator('.ant-spin-spinning')
    .first()
    .waitFor({ state: 'detached', timeout: 10_000 })
    .catch(() => undefined);

/** True when the page is wider than the viewport (a phone would scroll sideways). */
const overflows = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);

describe('resident portal on a phone', () => {
  let server: Server;
  let browser: Browser;
  let phone: BrowserContext;
  let staff: BrowserContext;
  let eventCase: { id: string; code: string };
  let resident: Page;
  let code: string;
  let sumu: { id: string; name: string };
  const problems: string[] = [];
  const shot = (page: Page, name: string, fullPage = false) =>
    page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage });

  beforeAll(async () => {
    server = await startInProcess();
    browser = await launchBrowser();
    phone = await browser.newContext({
      baseURL: server.baseUrl,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    resident = await phone.newPage();
    resident.setDefaultTimeout(20_000);
    resident.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    const [first] = await server.database.db
      .select({ id: units.id, name: units.name })
      .from(units)
      .where(and(eq(units.type, 'sumu'), eq(units.active, true)))
      .orderBy(units.name)
      .limit(1);
    sumu = first!;
    const [role] = await server.database.db.select().from(roles).where(eq(roles.key, 'departmentHandler'));
    const [user] = await server.database.db
      .insert(users)
      .values({
        username: HANDLER,
        displayName: `${sumu.name}经办人`,
        passwordHash: await hashPassword(ADMIN_PASSWORD),
        mustChangePassword: false,
      })
      .returning();
    await server.database.db
      .insert(roleAssignments)
      .values({ userId: user!.id, roleId: role!.id, unitId: sumu.id });
  }, 300_000);

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await server?.stop();
  });

  it('lets a resident submit a 问需 item with a photo and get a tracking code', async () => {
    await resident.goto('/portal');
    await expectText(resident.getByTestId('portal-title'), '群众服务');
    expect(await overflows(resident)).toBe(false);
    await shot(resident, 'portal-01-home');

    await resident.getByTestId('portal-need').tap();
    await expectText(resident.getByTestId('portal-title'), '问需');
    await resident.getByTestId('subject').fill('希望解决冬季饮水管道冻裂问题');
    await resident
      .getByTestId('content')
      .fill('今年冬天气温低，嘎查二十多户的自来水管冻裂，吃水要到三公里外拉水，希望帮助解决。');
    await resident.getByTestId('area').click();
    await resident.locator('.ant-cascader-menu-item').filter({ hasText: sumu.name }).first().click();
    await resident.locator('.ant-cascader-menu').nth(1).locator('.ant-cascader-menu-item').first().click();
    await resident
      .locator('input[type=file]')
      .setInputFiles({ name: '水管.png', mimeType: 'image/png', buffer: PNG });
    await resident
      .locator(
        '.ant-upload-list-item-done, .ant-upload-list-item-container .ant-upload-list-item:not(.ant-upload-list-item-uploading)',
      )
      .first()
      .waitFor();
    await resident.getByTestId('name').fill('其木格');
    await resident.getByTestId('phone').fill(PHONE);
    await resident.getByTestId('consent').check();

    // A wrong answer first: a clear message, and a new picture.
    const captcha = resident.getByTestId('captcha-image');
    await expect.poll(() => captcha.getAttribute('data-captcha-id')).not.toBe('');
    const firstId = (await captcha.getAttribute('data-captcha-id'))!;
    await resident.getByTestId('captcha-answer').fill('00000x'.slice(0, 5));
    const [row] = await server.database.db
      .select()
      .from(portalCaptchas)
      .where(eq(portalCaptchas.id, firstId));
    if (row!.answer === '00000') await resident.getByTestId('captcha-answer').fill('11111');
    await resident.getByTestId('submit').tap();
    await resident.getByText('验证码不正确').first().waitFor();
    await expect.poll(() => captcha.getAttribute('data-captcha-id')).not.toBe(firstId);
    await shot(resident, 'portal-02-captcha-wrong');

    const captchaId = (await captcha.getAttribute('data-captcha-id'))!;
    const [fresh] = await server.database.db
      .select()
      .from(portalCaptchas)
      .where(eq(portalCaptchas.id, captchaId));
    await resident.getByTestId('captcha-answer').fill(fresh!.answer);
    await expect.poll(() => resident.locator('.ant-form-item-explain-error').count()).toBe(0);
    await resident.locator('.ant-message-notice').first().waitFor({ state: 'detached' });
    expect(await overflows(resident)).toBe(false);
    await shot(resident, 'portal-03-form', true);
    await resident.getByTestId('submit').tap();
    await resident.waitForURL(/\/portal\/done\//);
    await resident.getByTestId('tracking-code').waitFor();
    code = (await resident.getByTestId('tracking-code').textContent())!.trim();
    expect(code).toMatch(/^[2-9A-Z]{12}$/);
    expect(await overflows(resident)).toBe(false);
    await shot(resident, 'portal-04-done');
  });

  it('lets the banner route the item to a 苏木镇 and a handler there reply', async () => {
    staff = await browser.newContext({
      baseURL: server.baseUrl,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      viewport: { width: 1440, height: 900 },
    });
    const page = await staff.newPage();
    page.setDefaultTimeout(20_000);
    await loginAs(page, 'admin');
    await page.getByRole('menuitem', { name: /三问/ }).click();
    await page.waitForURL(/\/voice\/items/);
    await page.getByTestId('voice-link').first().waitFor();
    await settle(page);
    await shot(page, 'portal-05a-staff-list-all');
    await page.getByTestId('voice-search').locator('input').fill(code);
    await page.getByTestId('voice-search').locator('input').press('Enter');
    await expect.poll(() => page.getByTestId('voice-link').count()).toBe(1);
    await settle(page);
    await shot(page, 'portal-05-staff-list');
    await page.getByTestId('voice-link').click();
    await expectText(page.getByTestId('voice-state-tag'), '待分办');
    await expectText(page.getByTestId('voice-submitter'), '其木格');
    await page.getByTestId('action-route').click();
    const dialog = page.getByRole('dialog');
    await pickOption(page, dialog.getByTestId('action-unit'), sumu.name, sumu.name);
    await dialog.getByTestId('action-note').fill('请尽快核实并答复群众');
    await shot(page, 'portal-06-staff-route');
    await clickOk(page, dialog);
    await expectText(page.getByTestId('voice-state-tag'), '办理中');
    const url = page.url();

    await page.context().clearCookies();
    await loginAs(page, HANDLER);
    await page.goto(url);
    await expectText(page.getByTestId('voice-state-tag'), '办理中');
    await expectText(page.getByTestId('voice-submitter'), '无权查看');
    await page.getByTestId('action-reply').click();
    await page
      .getByRole('dialog')
      .getByTestId('action-note')
      .fill('已联系供水站，本周内更换冻裂管道并加装保温层。');
    await clickOk(page, page.getByRole('dialog'));
    await expectText(page.getByTestId('voice-state-tag'), '已答复');
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    await shot(page, 'portal-07-handler-replied');
  });

  it('lets the resident follow the timeline and rate the outcome', async () => {
    await resident.goto(`/portal/track?code=${code}`);
    await resident.getByTestId('track-last4').fill(PHONE.slice(-4));
    await resident.getByTestId('track-search').tap();
    await expectText(resident.getByTestId('tracked-state'), '已答复');
    const timeline = resident.getByTestId('tracked-timeline');
    await expectText(timeline, '本周内更换冻裂管道');
    await expectText(timeline, sumu.name);
    expect(await timeline.textContent()).not.toContain('经办人');
    expect(await timeline.textContent()).not.toContain('请尽快核实');
    expect(await overflows(resident)).toBe(false);
    await shot(resident, 'portal-08-track');

    await resident.getByTestId('rate-stars').locator('li').nth(4).click();
    await resident.getByText('答复解决了问题').click();
    await resident.getByTestId('rate-form').scrollIntoViewIfNeeded();
    await shot(resident, 'portal-09-rate');
    await resident.getByTestId('rate-submit').tap();
    await expectText(resident.getByTestId('rated'), '感谢您的评价');
    await expectText(resident.getByTestId('tracked-state'), '已办结');
    await shot(resident, 'portal-10-rated');
    const [row] = await server.database.db.select().from(cases).where(eq(cases.code, code));
    expect(row).toMatchObject({ state: 'closed', rating: 5 });
  });

  it('shows the published replies and the service centres on a phone', async () => {
    await resident.goto('/portal/replies');
    await resident.getByTestId('portal-reply').first().waitFor();
    expect(await overflows(resident)).toBe(false);
    expect(await resident.getByTestId('portal-reply').first().textContent()).not.toContain('139');
    await shot(resident, 'portal-11-replies');
    await resident.goto('/portal/services');
    await resident.getByTestId('portal-centre').first().waitFor();
    expect(await overflows(resident)).toBe(false);
    await shot(resident, 'portal-12-services');
    await resident.getByTestId('portal-centre').first().tap();
    await resident.getByTestId('public-center-name').waitFor();
  });

  it('lets a resident report a grid event into the picked 嘎查', async () => {
    await resident.goto('/portal/report');
    await expectText(resident.getByTestId('portal-title'), '上报事件');
    await pickOption(resident, resident.getByTestId('category'), /./);
    await resident.getByTestId('subject').fill('村口路灯不亮');
    await resident.getByTestId('content').fill('嘎查村口的三盏路灯已经一周没亮了，晚上出行不便。');
    await resident.getByTestId('area').click();
    await resident.locator('.ant-cascader-menu-item').filter({ hasText: sumu.name }).first().click();
    await resident.locator('.ant-cascader-menu').nth(1).locator('.ant-cascader-menu-item').first().click();
    await resident.getByTestId('phone').fill('13912340000');
    const captcha = resident.getByTestId('captcha-image');
    await expect.poll(() => captcha.getAttribute('data-captcha-id')).not.toBe('');
    const [row] = await server.database.db
      .select()
      .from(portalCaptchas)
      .where(eq(portalCaptchas.id, (await captcha.getAttribute('data-captcha-id'))!));
    await resident.getByTestId('captcha-answer').fill(row!.answer);
    expect(await overflows(resident)).toBe(false);
    await shot(resident, 'portal-13-report-event', true);
    await resident.getByTestId('submit').tap();
    await resident.waitForURL(/\/portal\/done\//);
    const eventCode = (await resident.getByTestId('tracking-code').textContent())!.trim();
    const [event] = await server.database.db.select().from(cases).where(eq(cases.code, eventCode));
    expect(event).toMatchObject({ type: 'grid.event', state: 'submitted' });
    const [unit] = await server.database.db.select().from(units).where(eq(units.id, event!.unitId));
    expect(unit!.parentId).toBe(sumu.id);
    expect(problems).toEqual([]);
    eventCase = { id: event!.id, code: eventCode };
  });

  it('has staff accept and dispatch the event, a handler reply with a photo, and the resident rate it', async () => {
    // The handler's page from the 三问 journey shares this context's cookies: close it, so nothing it
    // does (a poll answered 401, a logout) touches the session signed in below.
    for (const open of staff.pages()) await open.close();
    const page = await staff.newPage();
    page.setDefaultTimeout(20_000);
    await staff.clearCookies();
    await loginAs(page, 'admin');
    await page.goto(`/grid/events/${eventCase.id}`);
    await expectText(page.getByTestId('event-state'), '待受理');
    await page.getByTestId('action-accept').click();
    await clickOk(page, page.getByRole('dialog'));
    await expectText(page.getByTestId('event-timeline'), '受理');
    await expectText(page.getByTestId('event-state'), '办理中');
    await page.locator('.ant-modal-mask').waitFor({ state: 'detached' });
    await page.getByTestId('action-dispatch').click();
    const dialog = page.getByRole('dialog');
    await pickOption(page, dialog.getByTestId('action-unit'), sumu.name, sumu.name);
    await dialog.getByTestId('action-note').fill('请苏木镇安排电工检修路灯');
    await clickOk(page, dialog);
    await expectText(page.getByTestId('event-timeline'), '请苏木镇安排电工检修路灯');
    await page.locator('.ant-modal-mask').waitFor({ state: 'detached' });

    await page.context().clearCookies();
    await loginAs(page, HANDLER);
    await page.goto(`/grid/events/${eventCase.id}`);
    await page.getByTestId('action-reply').click();
    const reply = page.getByRole('dialog');
    await reply
      .locator('input[type=file]')
      .setInputFiles({ name: '修复后.png', mimeType: 'image/png', buffer: PNG });
    await expectText(reply, '修复后.png');
    await reply.getByTestId('action-note').fill('三盏路灯已更换灯泡并恢复照明');
    await clickOk(page, reply);
    await expectText(page.getByTestId('event-state'), '待评价');
    await shot(page, 'portal-14-event-replied');
    await page.close();

    await resident.goto(`/portal/track?code=${eventCase.code}`);
    await resident.getByTestId('track-last4').fill('0000');
    await resident.getByTestId('track-search').tap();
    await expectText(resident.getByTestId('tracked-timeline'), '三盏路灯已更换灯泡');
    await resident.getByTestId('rate-stars').locator('li').nth(3).click();
    await resident.getByTestId('rate-form').scrollIntoViewIfNeeded();
    await resident.getByTestId('rate-submit').tap();
    await expectText(resident.getByTestId('rated'), '感谢您的评价');
    expect(await overflows(resident)).toBe(false);
    await shot(resident, 'portal-15-event-rated');
    const [row] = await server.database.db.select().from(cases).where(eq(cases.id, eventCase.id));
    expect(row).toMatchObject({ rating: 4 });
    expect(problems).toEqual([]);
  });
});
