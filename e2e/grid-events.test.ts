// Browser journey of a grid event across units: the organisation department opens a submitted event,
// accepts it and dispatches it to a banner department; that department's handler replies with a photo;
// the timeline shows each step with its note and attachment. Also the event settings and the holiday
// calendar screens.
import type { APIRequestContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clickOk,
  ADMIN_PASSWORD,
  expectText,
  type Journey,
  loginAs,
  logout,
  pickOption,
  startJourney,
} from './harness';

const HANDLER = 'depthandler';
const HANDLER_PASSWORD = 'Handler#2026pass';
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

async function apiLogin(request: APIRequestContext, username: string, password: string): Promise<string> {
  const response = await request.post('/api/auth/login', { data: { username, password } });
  expect(response.status(), await response.text()).toBe(200);
  return ((await response.json()) as { csrfToken: string }).csrfToken;
}

async function call<T>(
  request: APIRequestContext,
  csrf: string,
  method: 'get' | 'post',
  url: string,
  data?: unknown,
): Promise<T> {
  const response = await request[method](url, { data, headers: { 'x-csrf-token': csrf } });
  expect(response.status(), `${method} ${url}: ${await response.text()}`).toBeLessThan(300);
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** A department handler account at `unitId` (the system administrator creates, the security administrator grants). */
async function createHandler(page: Page, unitId: string): Promise<void> {
  const request = page.request;
  const admin = await apiLogin(request, 'admin', ADMIN_PASSWORD);
  const created = await call<{ user: { id: string }; initialPassword: string }>(
    request,
    admin,
    'post',
    '/api/users',
    {
      username: HANDLER,
      displayName: '巴特尔（部门经办人）',
    },
  );
  await call(request, admin, 'post', '/api/auth/logout');
  const security = await apiLogin(request, 'secadmin', ADMIN_PASSWORD);
  const roles = await call<Array<{ id: string; key: string }>>(request, security, 'get', '/api/roles');
  await call(request, security, 'post', `/api/users/${created.user.id}/assignments`, {
    roleId: roles.find((r) => r.key === 'departmentHandler')!.id,
    unitId,
  });
  await call(request, security, 'post', '/api/auth/logout');
  const handler = await apiLogin(request, HANDLER, created.initialPassword);
  await call(request, handler, 'post', '/api/auth/password', {
    oldPassword: created.initialPassword,
    newPassword: HANDLER_PASSWORD,
  });
  await call(request, handler, 'post', '/api/auth/logout');
}

const confirm = (page: Page) => clickOk(page, page.getByRole('dialog'));

describe('grid events across units', () => {
  let journey: Journey;
  let eventId: string;
  let title: string;

  beforeAll(async () => {
    journey = await startJourney();
  }, 300_000);
  afterAll(async () => journey?.close());

  it('staff open a submitted event, accept it and dispatch it to a department', async () => {
    const { page } = journey;
    await loginAs(page, 'admin');
    // An event well inside its accept-by deadline: the escalation job, which runs at start-up and may still
    // be working on a loaded machine, leaves it alone, so no concurrent change makes the accept conflict.
    const submitted = await (await page.request.get('/api/grid/events?state=submitted&pageSize=100')).json();
    const calm = (
      submitted.items as Array<{ id: string; title: string; code: string; acceptBy: string | null }>
    ).filter((e) => e.acceptBy !== null && new Date(e.acceptBy).getTime() > Date.now() + 3_600_000);
    expect(calm.length, 'a submitted event not near its accept-by deadline').toBeGreaterThan(0);
    submitted.items = calm;
    eventId = submitted.items[0].id;
    title = submitted.items[0].title;
    await page.getByRole('menuitem', { name: /网格治理/ }).click();
    await page.getByTestId('grid-section').getByText('网格事件').click();
    await page.getByTestId('event-search').locator('input').fill(submitted.items[0].code);
    await page.getByTestId('event-search').locator('input').press('Enter');
    await page.getByTestId('event-link').filter({ hasText: title }).first().click();
    await page.waitForURL(new RegExp(`/grid/events/${eventId}$`));
    await expectText(page.getByTestId('event-title'), title);
    await page.getByTestId('action-accept').click();
    await confirm(page);
    await expectText(page.getByTestId('event-state'), '办理中');
    await page.getByTestId('action-dispatch').click();
    const dialog = page.getByRole('dialog');
    await pickOption(page, dialog.getByTestId('action-unit'), /旗.*局/, '局');
    await dialog.getByTestId('action-note').fill('请贵局三日内现场处置并回复');
    await confirm(page);
    await expectText(page.getByTestId('event-timeline'), '请贵局三日内现场处置并回复');
    await page.locator('.ant-modal-mask').waitFor({ state: 'detached' });
    await journey.screenshot('grid-events-01-dispatched');
    await logout(page);
  });

  it('the department handler replies with a photo; the timeline shows it', async () => {
    const { page } = journey;
    const admin = await apiLogin(page.request, 'admin', ADMIN_PASSWORD);
    const detail = await call<{ case: { unitId: string } }>(
      page.request,
      admin,
      'get',
      `/api/grid/events/${eventId}`,
    );
    await call(page.request, admin, 'post', '/api/auth/logout');
    await createHandler(page, detail.case.unitId);

    await loginAs(page, HANDLER, HANDLER_PASSWORD);
    await page.goto(`/grid/events/${eventId}`);
    await expectText(page.getByTestId('event-title'), title);
    // A department handler sees the matter, not who reported it.
    await expectText(page.locator('.ant-descriptions'), '无权查看');
    await page.getByTestId('action-reply').click();
    const dialog = page.getByRole('dialog');
    await dialog
      .locator('input[type=file]')
      .setInputFiles({ name: '处置后.png', mimeType: 'image/png', buffer: PNG });
    await expectText(dialog, '处置后.png');
    await dialog.getByTestId('action-note').fill('已现场清理完毕，处置后照片见附件');
    await confirm(page);
    await expectText(page.getByTestId('event-state'), '待评价');
    const timeline = page.getByTestId('event-timeline');
    await expectText(timeline, '已现场清理完毕，处置后照片见附件');
    await expectText(timeline, '巴特尔（部门经办人）');
    await expectText(timeline, '附件（照片） 1');
    await page.locator('.ant-modal-mask').waitFor({ state: 'detached' });
    await journey.screenshot('grid-events-02-replied');
    // 401s come from the signed-out login page while accounts are prepared over the API.
    expect(journey.problems.filter((p) => !p.includes('401'))).toEqual([]);
    await logout(page);
  });

  it('shows the event settings and the holiday calendar to staff', async () => {
    const { page } = journey;
    await loginAs(page, 'admin');
    await page.getByRole('menuitem', { name: /网格事件设置/ }).click();
    await expectText(page.getByTestId('category-table'), '草原牧区');
    await journey.screenshot('grid-events-03-categories');
    await page.getByRole('menuitem', { name: /节假日与调休/ }).click();
    await page.getByTestId('holiday-add').click();
    await page.getByTestId('holiday-date').click();
    await page.keyboard.type('2026-12-31');
    await page.keyboard.press('Enter');
    await page.getByTestId('holiday-name').fill('测试放假日');
    await confirm(page);
    await expectText(page.getByTestId('holiday-table'), '测试放假日');
    await page.locator('.ant-modal-mask').waitFor({ state: 'detached' });
    await journey.screenshot('grid-events-04-holidays');
  });
});
