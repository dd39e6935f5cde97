// The grid worker's offline-first app on a phone: reports filed with no network are kept on the
// phone (also across a reload served by the service worker) and sent exactly once when the network
// returns.
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { APIRequestContext, Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_PASSWORD,
  launchBrowser,
  type RunningServer,
  repoRoot,
  screenshotDir,
  startServer,
} from './harness';

const WORKER = { username: 'gridworker.e2e', password: 'Grid#Worker2026' };
const PHOTO = readFileSync(path.join(repoRoot, 'src/web/gridapp/static/icon-192.png'));

interface Grid {
  id: string;
  unitId: string;
  centerLat: number | null;
  centerLng: number | null;
}
interface Category {
  key: string;
  name: string;
  children: Array<{ key: string; name: string }>;
}

/** Logs in over the API and returns a request context that sends the CSRF token on writes. */
async function apiSession(browser: Browser, baseURL: string, username: string, password: string) {
  const context = await browser.newContext({ baseURL });
  const login = await context.request.post('/api/auth/login', { data: { username, password } });
  expect(login.status(), await login.text()).toBe(200);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const request = context.request;
  const call = async <T>(method: 'get' | 'post', url: string, data?: unknown): Promise<T> => {
    const response = await request[method](url, { data, headers: { 'x-csrf-token': csrfToken } });
    expect(response.ok(), `${method} ${url}: ${await response.text()}`).toBe(true);
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  };
  return { context, request: request as APIRequestContext, call };
}

/** A grid worker account (gridWorker role at a grid's 嘎查/社区), with its own password already set. */
async function createGridWorker(
  admin: Awaited<ReturnType<typeof apiSession>>,
  security: Awaited<ReturnType<typeof apiSession>>,
  unitId: string,
) {
  const created = await admin.call<{ user: { id: string }; initialPassword: string }>('post', '/api/users', {
    username: WORKER.username,
    displayName: '巴特尔',
  });
  // 三员分立: only the security administrator grants roles.
  const roles = await security.call<Array<{ id: string; key: string }>>('get', '/api/roles');
  const role = roles.find((r) => r.key === 'gridWorker')!;
  await security.call('post', `/api/users/${created.user.id}/assignments`, { roleId: role.id, unitId });
  return created;
}

describe('grid worker app (/m/)', () => {
  let server: RunningServer;
  let browser: Browser;
  let phone: BrowserContext;
  let page: Page;
  let admin: Awaited<ReturnType<typeof apiSession>>;
  let grid: Grid;
  let leaf: { key: string; name: string; parent: string };
  const problems: string[] = [];
  const tab = (name: string) =>
    page.getByRole('navigation').getByRole('button', { name: new RegExp(`^${name}`) });
  const shot = async (name: string) => {
    mkdirSync(screenshotDir, { recursive: true });
    await page.screenshot({ path: path.join(screenshotDir, `gridapp-${name}.png`) });
  };

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    admin = await apiSession(browser, server.baseUrl, 'admin', ADMIN_PASSWORD);
    const grids = await admin.call<{ items: Grid[] }>('get', '/api/grid/grids?pageSize=5');
    grid = grids.items.find((g) => g.centerLat !== null) ?? grids.items[0]!;
    const tree = await admin.call<Category[]>('get', '/api/grid/event-categories');
    const parent = tree.find((c) => c.children.length > 0)!;
    leaf = { key: parent.children[0]!.key, name: parent.children[0]!.name, parent: parent.name };
    const security = await apiSession(browser, server.baseUrl, 'secadmin', ADMIN_PASSWORD);
    const created = await createGridWorker(admin, security, grid.unitId);
    await security.context.close();
    const first = await apiSession(browser, server.baseUrl, WORKER.username, created.initialPassword);
    await first.call('post', '/api/auth/password', {
      oldPassword: created.initialPassword,
      newPassword: WORKER.password,
    });
    await first.context.close();

    phone = await browser.newContext({
      baseURL: server.baseUrl,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      geolocation: { latitude: grid.centerLat ?? 43.6, longitude: grid.centerLng ?? 118.1 },
      permissions: ['geolocation'],
    });
    page = await phone.newPage();
    page.setDefaultTimeout(20_000);
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  }, 300_000);

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await server?.stop();
  });

  it('logs in on a phone, installs the service worker and loads the category tree', async () => {
    await page.goto('/m/');
    await page.getByLabel('用户名').fill(WORKER.username);
    await page.getByLabel('密码').fill(WORKER.password);
    await shot('01-login');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('tab', { name: '待办' }).waitFor();
    // The service worker controls the page, so the shell is cached for offline starts.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, {
      timeout: 20_000,
    });
    const manifest = await page.request.get('/m/manifest.webmanifest');
    expect(((await manifest.json()) as { name: string; display: string }).display).toBe('standalone');
    await shot('02-tasks');
    await tab('上报').click();
    await expect
      .poll(() => page.locator('select option').filter({ hasText: leaf.name }).count())
      .toBeGreaterThan(0);
  });

  it('files two reports offline (one with a photo), keeps them over a reload, sends both once online', async () => {
    await phone.setOffline(true);
    await page.getByTestId('offline-banner').waitFor();
    // Offline for the service worker too: an API read it never cached answers its own 503.
    const health = await page.evaluate(async () => (await fetch('/api/health')).status);
    expect(health).toBe(503);
    const titles = [`离线上报一 ${Date.now()}`, `离线上报二 ${Date.now()}`];

    for (const [index, title] of titles.entries()) {
      await tab('上报').click();
      await page.getByLabel('事件分类').selectOption(leaf.key);
      await page.getByLabel('事件标题').fill(title);
      await page.getByLabel('事件描述').fill('网格员离线时在现场记录');
      if (index === 0) {
        await page
          .locator('input[type=file]')
          .setInputFiles({ name: '现场.png', mimeType: 'image/png', buffer: PHOTO });
        await page.getByAltText('待上传照片').waitFor();
        await page.getByRole('button', { name: '获取当前位置' }).click();
        await expect.poll(() => page.getByTestId('position').textContent()).not.toBe('未定位');
        await shot('03-report-offline');
      }
      await page.getByRole('button', { name: /提交/ }).click();
      await page.getByRole('heading', { name: '草稿箱' }).waitFor();
    }
    const statuses = page.getByTestId('outbox-status');
    await expect.poll(() => statuses.allTextContents()).toEqual(['待发送', '待发送']);
    await expect.poll(() => page.getByTestId('pending-count').textContent()).toBe('2');
    await shot('04-queued-offline');

    // A reload with no network: the service worker serves the app, IndexedDB still has both.
    await page.reload();
    await page.getByTestId('offline-banner').waitFor();
    await tab('草稿箱').click();
    await expect.poll(() => statuses.allTextContents()).toEqual(['待发送', '待发送']);
    await shot('05-reloaded-offline');

    await phone.setOffline(false);
    await expect.poll(() => statuses.allTextContents(), { timeout: 30_000 }).toEqual(['已发送', '已发送']);
    await page
      .getByText(/查询编号/)
      .first()
      .waitFor();
    await shot('06-sent');

    // Exactly two events with these titles exist, the first with its photo.
    const found = await Promise.all(
      titles.map((title) =>
        admin.call<{ total: number; items: Array<{ id: string; title: string; attachmentIds: string[] }> }>(
          'get',
          `/api/grid/events?q=${encodeURIComponent(title)}&pageSize=10`,
        ),
      ),
    );
    expect(found.map((page1) => page1.items.filter((e) => titles.includes(e.title)).length)).toEqual([1, 1]);
    expect(found[0]!.items[0]!.attachmentIds).toHaveLength(1);
    expect(found[1]!.items[0]!.attachmentIds).toHaveLength(0);

    // Sending the same queue item again (same idempotency key) answers the same event, 200.
    const resent = await page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open('jiceng-gridapp');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const items = await new Promise<
        Array<{
          kind: string;
          idempotencyKey: string;
          result: { id: string };
          report: Record<string, unknown>;
        }>
      >((resolve, reject) => {
        const request = db.transaction('outbox').objectStore('outbox').getAll();
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const me = (await (await fetch('/api/auth/me')).json()) as { csrfToken: string };
      return Promise.all(
        items
          .filter((item) => item.kind === 'report')
          .map(async (item) => {
            const response = await fetch('/api/grid/events', {
              method: 'POST',
              headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
              body: JSON.stringify({
                idempotencyKey: item.idempotencyKey,
                unitId: item.report.unitId,
                categoryKey: item.report.categoryKey,
                title: item.report.title,
                description: '',
              }),
            });
            return {
              status: response.status,
              id: ((await response.json()) as { id: string }).id,
              was: item.result.id,
            };
          }),
      );
    });
    expect(resent).toHaveLength(2);
    for (const answer of resent) {
      expect(answer.status).toBe(200);
      expect(answer.id).toBe(answer.was);
    }
    const after = await admin.call<{ total: number }>(
      'get',
      `/api/grid/events?q=${encodeURIComponent('离线上报')}`,
    );
    expect(after.total).toBe(2);

    await page.getByRole('button', { name: '查看事件' }).first().click();
    await page.getByRole('heading', { name: '办理过程' }).waitFor();
    await shot('07-event-detail');

    // 我的任务 lists both; their pages stay readable offline from the service worker's copy.
    await tab('任务').click();
    await expect.poll(() => page.locator('.card').count()).toBe(2);
    await shot('07b-tasks');
    await page.waitForLoadState('networkidle');
    await phone.setOffline(true);
    await page.getByText(titles[0]!).click();
    await page.getByRole('heading', { name: '办理过程' }).waitFor();
    await expect
      .poll(() => page.getByAltText('现场照片').evaluate((img) => (img as HTMLImageElement).naturalWidth))
      .toBeGreaterThan(0);
    await shot('07c-event-offline');
    await phone.setOffline(false);
    await page.getByTestId('offline-banner').waitFor({ state: 'detached' });
    expect(problems).toEqual([]);
  });

  it('keeps the queue when the session ends offline and sends it after logging in again', async () => {
    await phone.setOffline(true);
    await page.getByTestId('offline-banner').waitFor();
    // The session cookie is gone (expired) while the phone is offline.
    await phone.clearCookies();
    const title = `会话过期后上报 ${Date.now()}`;
    await tab('上报').click();
    await page.getByLabel('事件分类').selectOption(leaf.key);
    await page.getByLabel('事件标题').fill(title);
    await page.getByRole('button', { name: /提交/ }).click();
    await expect.poll(() => page.getByTestId('outbox-status').first().textContent()).toBe('待发送');

    await phone.setOffline(false);
    await page.getByText('登录已过期').waitFor();
    await shot('08-login-again');
    await page.getByLabel('用户名').fill(WORKER.username);
    await page.getByLabel('密码').fill(WORKER.password);
    await page.getByRole('button', { name: '登录' }).click();
    await expect
      .poll(() => page.getByTestId('outbox-status').first().textContent(), { timeout: 30_000 })
      .toBe('已发送');
    const found = await admin.call<{ items: Array<{ title: string }> }>(
      'get',
      `/api/grid/events?q=${encodeURIComponent(title)}`,
    );
    expect(found.items.map((e) => e.title)).toEqual([title]);
    expect(problems).toEqual([]);
  });

  it('records a patrol offline with two reports filed during it; back online, two events and one patrol arrive', async () => {
    // The demo's grid worker `wangge` is linked to a person assigned to a grid, so may patrol it.
    const wangge = await apiSession(browser, server.baseUrl, 'wangge', ADMIN_PASSWORD);
    const [own] = await wangge.call<Grid[]>('get', '/api/grid/my-grids');
    await wangge.context.close();
    expect(own).toBeDefined();
    const patrolsOf = async () =>
      (await admin.call<{ total: number }>('get', `/api/grid/patrols?gridId=${own!.id}&pageSize=1`)).total;
    const patrolsBefore = await patrolsOf();

    const walker = await browser.newContext({
      baseURL: server.baseUrl,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      geolocation: { latitude: own!.centerLat ?? 43.6, longitude: own!.centerLng ?? 118.1 },
      permissions: ['geolocation'],
    });
    const phonePage = await walker.newPage();
    phonePage.setDefaultTimeout(20_000);
    phonePage.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    const walkerTab = (name: string) =>
      phonePage.getByRole('navigation').getByRole('button', { name: new RegExp(`^${name}`) });
    await phonePage.goto('/m/');
    await phonePage.getByLabel('用户名').fill('wangge');
    await phonePage.getByLabel('密码').fill(ADMIN_PASSWORD);
    await phonePage.getByRole('button', { name: '登录' }).click();
    await phonePage.getByRole('tab', { name: '待办' }).waitFor();
    await phonePage.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, {
      timeout: 20_000,
    });
    await walkerTab('上报').click();
    await expect
      .poll(() => phonePage.locator('select option').filter({ hasText: leaf.name }).count())
      .toBeGreaterThan(0);

    await walker.setOffline(true);
    await phonePage.getByTestId('offline-banner').waitFor();
    await walkerTab('巡查').click();
    await phonePage.getByRole('button', { name: '开始巡查' }).click();
    await phonePage.getByText('巡查中').first().waitFor();
    await expect.poll(() => phonePage.getByText(/已记录 [1-9]\d* 个位置点/).count()).toBe(1);
    await phonePage.screenshot({ path: path.join(screenshotDir, 'gridapp-09-patrol-offline.png') });

    const titles = [`巡查中上报一 ${Date.now()}`, `巡查中上报二 ${Date.now()}`];
    for (const title of titles) {
      await walkerTab('上报').click();
      await phonePage.getByLabel('事件分类').selectOption(leaf.key);
      await phonePage.getByLabel('事件标题').fill(title);
      await phonePage.getByRole('button', { name: /提交/ }).click();
      await phonePage.getByRole('heading', { name: '草稿箱' }).waitFor();
    }
    await walkerTab('巡查').click();
    await phonePage.getByLabel('巡查情况（可选）').fill('离线巡查，途中上报两件事');
    await phonePage.getByRole('button', { name: '结束巡查' }).click();
    await phonePage.getByRole('heading', { name: '草稿箱' }).waitFor();
    const statuses = phonePage.getByTestId('outbox-status');
    await expect.poll(() => statuses.allTextContents()).toEqual(['待发送', '待发送', '待发送']);
    await phonePage.screenshot({ path: path.join(screenshotDir, 'gridapp-10-patrol-queued.png') });

    await walker.setOffline(false);
    await expect
      .poll(() => statuses.allTextContents(), { timeout: 30_000 })
      .toEqual(['已发送', '已发送', '已发送']);
    const found = await Promise.all(
      titles.map((title) =>
        admin.call<{ items: Array<{ title: string }> }>(
          'get',
          `/api/grid/events?q=${encodeURIComponent(title)}&pageSize=10`,
        ),
      ),
    );
    expect(found.map((p) => p.items.filter((e) => titles.includes(e.title)).length)).toEqual([1, 1]);
    expect(await patrolsOf()).toBe(patrolsBefore + 1);
    const latest = await admin.call<{ items: Array<{ id: string; note: string; points: number }> }>(
      'get',
      `/api/grid/patrols?gridId=${own!.id}&pageSize=1`,
    );
    expect(latest.items[0]).toMatchObject({ note: '离线巡查，途中上报两件事' });
    expect(latest.items[0]!.points).toBeGreaterThan(0);
    await phonePage.screenshot({ path: path.join(screenshotDir, 'gridapp-11-patrol-sent.png') });
    await walker.close();
    expect(problems).toEqual([]);
  });
});
