import type { APIRequestContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, expectText, type Journey, loginAs, logout, startJourney, textOf } from './harness';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const CLERK_PASSWORD = 'Clerk#2026pass';

async function apiLogin(request: APIRequestContext, username: string, password: string): Promise<string> {
  const response = await request.post('/api/auth/login', { data: { username, password } });
  expect(response.status(), await response.text()).toBe(200);
  return ((await response.json()) as { csrfToken: string }).csrfToken;
}

async function call<T>(
  request: APIRequestContext,
  csrf: string,
  method: 'get' | 'post' | 'patch',
  url: string,
  data?: unknown,
): Promise<T> {
  const response = await request[method](url, { data, headers: { 'x-csrf-token': csrf } });
  expect(response.status(), `${method} ${url}: ${await response.text()}`).toBeLessThan(300);
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/**
 * The inbox notice with this text, paging on until the page shows it: the inbox lists 20 notices a page,
 * and a township clerk can have more (every branch's overdue months and quarters); a settled notice
 * moves behind the open ones.
 */
async function findNotice(page: Page, text: string): Promise<Locator> {
  const inbox = page.getByTestId('inbox');
  const notice = inbox.getByTestId('notice').filter({ hasText: text });
  const active = inbox.locator('.ant-pagination-item-active');
  const next = inbox.locator('.ant-pagination-next');
  const listed = async () => {
    await inbox.getByTestId('notice').first().waitFor();
    await expect.poll(() => inbox.locator('.ant-spin-spinning').count()).toBe(0);
  };
  await listed();
  while ((await notice.count()) === 0) {
    if ((await next.count()) === 0 || (await next.getAttribute('aria-disabled')) === 'true') {
      throw new Error(`no notice "${text}" on any page of the inbox`);
    }
    const current = Number(await active.textContent());
    await next.click();
    await expect.poll(() => active.textContent()).toBe(String(current + 1));
    await listed();
  }
  return notice;
}

interface MatrixView {
  rules: Array<{ id: string; kind: string }>;
  items: Array<{
    unitId: string;
    name: string;
    cells: Array<{ ruleId: string; held: number; status: string | null }>;
  }>;
}

/** A demo branch with members that has held no 支部党员大会 this quarter. */
async function branchWithoutAssembly(page: Page, csrf: string) {
  const now = new Date(Date.now() + 8 * 3_600_000);
  const year = now.getUTCFullYear();
  const quarter = Math.floor(now.getUTCMonth() / 3) + 1;
  const matrix = await call<MatrixView>(
    page.request,
    csrf,
    'get',
    `/api/meetings/compliance?year=${year}&quarter=${quarter}&pageSize=100`,
  );
  const rule = matrix.rules.find((r) => r.kind === 'branchAssembly')!;
  for (const row of matrix.items.filter((r) => r.name.includes('嘎查'))) {
    const cell = row.cells.find((c) => c.ruleId === rule.id);
    if (!cell || cell.held > 0 || cell.status === 'notRequired') continue;
    const roster = await call<{ members: unknown[] }>(
      page.request,
      csrf,
      'get',
      `/api/meetings/roster?unitId=${row.unitId}`,
    );
    if (roster.members.length >= 3) return row;
  }
  throw new Error('the demo has no 嘎查 branch without a 支部党员大会 this quarter');
}

describe('organisational life journey (issue 3)', () => {
  let journey: Journey;

  beforeAll(async () => {
    journey = await startJourney();
  }, 300_000);

  afterAll(async () => {
    await journey?.close();
  });

  it('a clerk sees the compliance warning, records a 支部党员大会 with attendance and a photo, and the warning goes', async () => {
    const { page } = journey;

    // The organisation department makes 支部党员大会 warnings appear a whole quarter ahead (a local
    // setting edited on the rules page), so the journey does not depend on today's date.
    await loginAs(page, 'admin');
    await page.getByRole('menuitem', { name: /组织生活/ }).click();
    await page.waitForURL(/\/meetings/);
    await page.getByTestId('meetings-section').getByText('规则设置').click();
    await page.getByTestId('rules-local-setting').waitFor();
    const days = page.getByTestId('warning-days-branchAssembly').locator('input');
    await days.fill('92');
    await days.blur();
    await page.getByText('规则已保存').first().waitFor();
    await journey.screenshot('meetings-01-rules');

    const adminCsrf = ((await (await page.request.get('/api/auth/me')).json()) as { csrfToken: string })
      .csrfToken;
    const branch = await branchWithoutAssembly(page, adminCsrf);
    const detail = await call<{ ancestors: Array<{ id: string; name: string }> }>(
      page.request,
      adminCsrf,
      'get',
      `/api/orgs/${branch.unitId}`,
    );
    const township = detail.ancestors[1]!;
    const created = await call<{ user: { id: string }; initialPassword: string }>(
      page.request,
      adminCsrf,
      'post',
      '/api/users',
      {
        username: 'clerk1',
        displayName: '乌云（党务干事）',
      },
    );
    await logout(page);

    // The security administrator grants the clerk role at the 苏木/镇 (三员分立: only they assign roles).
    const secCsrf = await apiLogin(page.request, 'secadmin', ADMIN_PASSWORD);
    const roles = await call<Array<{ id: string; key: string }>>(page.request, secCsrf, 'get', '/api/roles');
    await call(page.request, secCsrf, 'post', `/api/users/${created.user.id}/assignments`, {
      roleId: roles.find((r) => r.key === 'unitClerk')!.id,
      unitId: township.id,
    });
    await call(page.request, secCsrf, 'post', '/api/auth/logout');
    const clerkCsrf = await apiLogin(page.request, 'clerk1', created.initialPassword);
    await call(page.request, clerkCsrf, 'post', '/api/auth/password', {
      oldPassword: created.initialPassword,
      newPassword: CLERK_PASSWORD,
    });
    await call(page.request, clerkCsrf, 'post', '/api/auth/logout');

    // The hourly compliance check runs (here on demand, as the organisation department).
    const staffCsrf = await apiLogin(page.request, 'admin', ADMIN_PASSWORD);
    const tick = await call<{ ran: boolean; created: number }>(
      page.request,
      staffCsrf,
      'post',
      '/api/meetings/compliance/run',
    );
    expect(tick.ran).toBe(true);
    await call(page.request, staffCsrf, 'post', '/api/auth/logout');

    // The clerk finds the warning in the inbox.
    await loginAs(page, 'clerk1', CLERK_PASSWORD);
    await page.getByRole('menuitem', { name: /组织生活/ }).click();
    await page.getByTestId('meetings-section').getByText('我的提醒').click();
    const warning = `${branch.name}：本季度尚未召开支部党员大会`;
    const notice = await findNotice(page, warning);
    // Let the list's loading fade finish before the screenshot.
    await expect
      .poll(() => notice.evaluate((el) => getComputedStyle(el.closest('.ant-spin-container') ?? el).opacity))
      .toBe('1');
    await journey.screenshot('meetings-02-inbox');

    // The notice leads to the form, the organisation and the kind already chosen, the warning beside it.
    await notice.getByRole('button', { name: /去处理/ }).click();
    await page.waitForURL(/\/meetings\/records\/new/);
    const standing = page.getByTestId('standing-panel');
    await standing
      .getByTestId('standing-warning')
      .filter({ hasText: '本季度尚未召开支部党员大会' })
      .waitFor();
    await page.getByTestId('roster-table').locator('tbody tr.ant-table-row').first().waitFor();
    await page.getByTestId('meeting-topic-input').fill('学习贯彻党的二十届四中全会精神');
    await page.getByTestId('meeting-place').fill('嘎查党群服务中心会议室');
    await page.getByTestId('meeting-host').fill('巴特尔');
    await page.getByTestId('all-present').click();
    // One member is away: untick and give the reason.
    const firstRow = page.getByTestId('roster-table').locator('tbody tr.ant-table-row').first();
    await firstRow.locator('input[type=checkbox]').uncheck();
    await firstRow.locator('input[placeholder="缺席原因"]').fill('放牧转场');
    await expectText(page.getByTestId('attendance-summary'), '应到正式党员');
    await page
      .getByTestId('meeting-form')
      .locator(
        '.ant-upload-picture-card-wrapper input[type=file], .ant-upload-wrapper.ant-upload-picture-card-wrapper input[type=file]',
      )
      .first()
      .setInputFiles({ name: '会议照片.png', mimeType: 'image/png', buffer: PNG });
    await page
      .locator(
        '.ant-upload-list-item-done, .ant-upload-list-item-container .ant-upload-list-item:not(.ant-upload-list-item-uploading)',
      )
      .first()
      .waitFor();
    await journey.screenshot('meetings-03-form');
    await page.getByTestId('meeting-submit').click();

    // The record: awaiting the superior's review, attendance counted, the photo attached.
    await page.waitForURL(/\/meetings\/records\/[0-9a-f-]{36}$/);
    await expectText(page.getByTestId('meeting-status'), '待审核');
    await page.getByTestId('meeting-photos').locator('img').first().waitFor();
    await expectText(page.getByTestId('attendance-table'), '放牧转场');
    await expectText(page.getByTestId('quorum'), '过半数');
    await journey.screenshot('meetings-04-record');

    // The warning is gone from the organisation's standing, and the notice is settled.
    await page.goto(`/meetings/calendar?unitId=${branch.unitId}`);
    // This quarter's line is met; an earlier quarter the branch missed may still show as overdue.
    await page.locator('[data-testid="standing-branchAssembly"][data-status="met"]').waitFor();
    expect(await textOf(page.getByTestId('standing-panel'))).not.toContain('本季度尚未召开支部党员大会');
    await journey.screenshot('meetings-05-calendar');
    await page.getByTestId('meetings-section').getByText('我的提醒').click();
    await expectText(await findNotice(page, warning), '已解决');

    expect(journey.problems.filter((problem) => problem.startsWith('pageerror'))).toEqual([]);
  }, 240_000);

  it('the organisation department sees the overview and the compliance matrix', async () => {
    const { page } = journey;
    await logout(page);
    await loginAs(page, 'admin');
    await page.goto('/meetings/overview');
    await page.getByTestId('open-items').locator('tbody tr.ant-table-row').first().waitFor();
    await expectText(page.getByTestId('open-items'), '未按要求');
    await journey.screenshot('meetings-06-overview');
    await page.goto('/meetings/compliance');
    await page.getByTestId('compliance-matrix').locator('tbody tr.ant-table-row').first().waitFor();
    await page.getByTestId('only-problems').click();
    await page.getByTestId('compliance-matrix').locator('[data-status="overdue"]').first().waitFor();
    await journey.screenshot('meetings-07-matrix');
    expect(journey.problems.filter((problem) => problem.startsWith('pageerror'))).toEqual([]);
  }, 120_000);
});
