// Browser journey of grid households and co-building: the administrator opens 住户, searches, registers
// a household with a bad phone (the form shows the server's Chinese message), fixes it and finds it in
// the list; then opens 共建单位, opens one unit and sees its projects with progress bars; then 巡查:
// coverage per grid agreeing with the API, a grid's patrol log and one patrol's track on the map.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clickOk, expectText, type Journey, loginAs, pickOption, startJourney } from './harness';

describe('grid households and co-building', () => {
  let journey: Journey;

  beforeAll(async () => {
    journey = await startJourney();
  }, 300_000);
  afterAll(async () => journey?.close());

  it('searches households, registers one after fixing a bad phone', async () => {
    const { page } = journey;
    await loginAs(page, 'admin');
    const sample = await (await page.request.get('/api/grid/households?pageSize=1')).json();
    expect(sample.total).toBeGreaterThan(0);
    const grids = await (await page.request.get('/api/grid/grids?pageSize=1')).json();
    const grid = grids.items[0] as { name: string; code: string };
    await page.getByRole('menuitem', { name: /网格治理/ }).click();
    await page.getByTestId('grid-section').getByText('住户').click();
    await page.waitForURL(/\/grid\/households$/);
    await page.getByTestId('household-table').locator('tbody tr.ant-table-row').first().waitFor();
    await journey.screenshot('grid-households-01-list');

    const head = sample.items[0].headName as string;
    await page.getByTestId('household-search').locator('input').fill(head);
    await page.getByTestId('household-search').locator('input').press('Enter');
    await expectText(page.getByTestId('household-table'), head);

    await page.getByTestId('household-add').click();
    const drawer = page.locator('.ant-drawer');
    await pickOption(page, drawer.locator('#gridId'), grid.code, grid.code);
    await drawer.getByTestId('household-address').fill('测试街道 8 号楼 2 单元 301');
    await drawer.getByTestId('household-head').fill('阿拉坦仓');
    await drawer.getByTestId('household-phone').fill('1381234');
    await page.getByTestId('household-save').click();
    await expectText(drawer, '联系电话应为 11 位手机号');
    await journey.screenshot('grid-households-02-bad-phone');
    await drawer.getByTestId('household-phone').fill('13812345678');
    await page.getByTestId('household-save').click();
    await page.getByTestId('household-save').waitFor({ state: 'hidden' });
    await page.getByTestId('household-search').locator('input').fill('阿拉坦仓');
    await page.getByTestId('household-search').locator('input').press('Enter');
    await expectText(page.getByTestId('household-table'), '测试街道 8 号楼 2 单元 301');
    await expectText(page.getByTestId('household-table'), '13812345678');
    await journey.screenshot('grid-households-03-added');

    await page.getByRole('tab', { name: '党员中心户' }).click();
    await expectText(page.getByTestId('member-household-table'), '联系');
    await journey.screenshot('grid-households-04-member-households');
  });

  it('opens a co-building unit and sees its projects with progress', async () => {
    const { page } = journey;
    await page.getByTestId('grid-section').getByText('共建单位').click();
    await page.waitForURL(/\/grid\/co-building$/);
    await page.getByTestId('co-building-link').first().waitFor();
    await journey.screenshot('grid-households-05-co-building');
    const name = (await page.getByTestId('co-building-link').first().textContent()) ?? '';
    await page.getByTestId('co-building-link').first().click();
    await page.waitForURL(/\/grid\/co-building\/[0-9a-f-]+$/);
    await expectText(page.getByTestId('co-building-name'), name);
    await page.getByRole('tab', { name: /项目清单/ }).click();
    const projects = page.getByTestId('co-building-projects');
    await projects.locator('tbody tr.ant-table-row').first().waitFor();
    const bars = await projects.getByTestId('co-building-progress').count();
    expect(bars).toBeGreaterThan(0);
    await journey.screenshot('grid-households-06-projects');
  });
  it('registers a co-building unit paired with a 嘎查, refusing a bad phone in Chinese', async () => {
    const { page } = journey;
    await page.goto('/grid/co-building');
    await page.getByTestId('co-building-unit-add').click();
    const dialog = page.getByRole('dialog');
    await pickOption(page, dialog.locator('#unitId'), /./);
    await expect.poll(() => dialog.locator('.ant-select-content-has-value:has(#unitId)').count()).toBe(1);
    await page.getByTestId('co-building-unit-name').fill('旗供电分公司');
    await dialog.locator('#contactPhone').fill('12345');
    const gacha = (
      await (
        await page.request.get(`/api/orgs/search?q=${encodeURIComponent('嘎查')}&type=gacha&pageSize=1`)
      ).json()
    ).items[0] as { name: string };
    await page.getByTestId('co-building-unit-pairs').click();
    await page.keyboard.type(gacha.name);
    await page
      .locator('.ant-select-dropdown:visible .ant-select-item-option-active')
      .filter({ hasText: gacha.name })
      .waitFor();
    await page.keyboard.press('Enter');
    await expectText(page.getByTestId('co-building-unit-pairs'), gacha.name);
    await page.keyboard.press('Escape');
    await clickOk(page, dialog);
    await expectText(dialog, '联系电话应为 11 位手机号或带区号的固定电话');
    await dialog.locator('#contactPhone').fill('0477-8123456');
    await clickOk(page, dialog);
    await page.waitForURL(/\/grid\/co-building\/[0-9a-f-]+$/);
    await expectText(page.getByTestId('co-building-name'), '旗供电分公司');
    expect(await page.getByTestId('co-building-pairs').locator('.ant-tag').count()).toBe(1);
    await journey.screenshot('grid-households-07-co-building-registered');
  });

  it('shows patrol coverage per grid, a grid’s patrol log and a patrol’s track', async () => {
    const { page } = journey;
    const coverage = await (await page.request.get('/api/grid/patrols/coverage')).json();
    expect(coverage.grids.length).toBeGreaterThan(0);
    await page.getByTestId('grid-section').getByText('巡查').click();
    await page.waitForURL(/\/grid\/patrols$/);
    const summary = page.getByTestId('patrol-coverage-summary');
    await expectText(summary, `${Math.round(coverage.share * 1000) / 10}`);
    const table = page.getByTestId('patrol-coverage-table');
    await table.locator('tbody tr.ant-table-row').first().waitFor();
    await journey.screenshot('grid-patrols-01-coverage');

    const patrolled = coverage.grids.find((g: { patrols: number }) => g.patrols > 0) as {
      gridName: string;
      gridCode: string;
      patrols: number;
    };
    await page.getByTestId('patrol-coverage-search').locator('input').fill(patrolled.gridCode);
    await page.getByTestId('patrol-coverage-search').locator('input').press('Enter');
    await expectText(table, `${patrolled.gridName}（${patrolled.gridCode}）`);
    await table.getByText('查看记录').first().click();
    await page.waitForURL(/tab=log/);
    const log = page.getByTestId('patrol-log-table');
    await log.locator('tbody tr.ant-table-row').first().waitFor();
    await expectText(log, patrolled.gridName);
    await page.getByText(`共 ${patrolled.patrols} 条`).waitFor();
    await log.getByText('轨迹').first().click();
    await page.getByTestId('patrol-track-map').locator('path.leaflet-interactive').first().waitFor();
    // Wait for the drawer's opening transition before the picture.
    await page
      .locator('.ant-drawer-content-wrapper')
      .evaluate((el) => Promise.all(el.getAnimations({ subtree: true }).map((a) => a.finished)));
    await journey.screenshot('grid-patrols-02-track');
  });
});
