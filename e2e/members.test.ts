import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber } from '../src/modules/people/idNumber';
import {
  clickSettled,
  expectText,
  type Journey,
  loginAs,
  screenshotDir,
  startJourney,
  textOf,
  fillImportTemplate,
  uploadInDialog,
} from './harness';

async function getJson<T>(page: Page, url: string): Promise<T> {
  const response = await page.request.get(url);
  expect(response.status(), `GET ${url}`).toBe(200);
  return (await response.json()) as T;
}

interface RosterRow {
  name: string;
  idNumber: string;
  gender: string;
  ethnicity: string;
  education: string;
  joinedOn: string;
  fullOn: string;
  orgPath: string;
  phone: string;
}

/** Fills the roster template downloaded from the page, after its example row. */
function fillTemplate(template: Buffer, rows: RosterRow[]) {
  return fillImportTemplate(
    template,
    '身份证号',
    rows.map((row) => ({
      姓名: row.name,
      身份证号: row.idNumber,
      性别: row.gender,
      民族: row.ethnicity,
      学历: row.education,
      入党日期: row.joinedOn,
      转正日期: row.fullOn,
      所在党组织: row.orgPath,
      联系电话: row.phone,
    })),
  );
}

describe('member roster journey (issue 3)', () => {
  let journey: Journey;

  beforeAll(async () => {
    journey = await startJourney();
  }, 300_000);

  afterAll(async () => {
    await journey?.close();
  });

  it('imports a roster from the page template, fixes a bad row, finds the member and opens the member page', async () => {
    const { page } = journey;
    const suffix = Date.now().toString(36).slice(-4);
    const names = [`测试党员甲${suffix}`, `测试党员乙${suffix}`];
    const good = makeIdNumber({ regionCode: '152222', birthDate: '1988-08-18', sequence: 777 });
    const second = makeIdNumber({ regionCode: '152223', birthDate: '1996-06-16', sequence: 778 });
    const badChecksum = `${second.slice(0, 17)}${second.endsWith('1') ? '2' : '1'}`;

    await loginAs(page, 'admin');
    await page.getByRole('menuitem', { name: /党员管理/ }).click();
    await page.waitForURL(/\/members/);
    const table = page.getByTestId('members-table');
    await table.locator('tbody tr.ant-table-row').first().waitFor();
    await page.getByTestId('summary-total').locator('.ant-statistic-content').waitFor();
    await expect
      .poll(async () => Number((await textOf(page.getByTestId('summary-total'))).replace(/\D/g, '')) > 0)
      .toBe(true);
    await journey.screenshot('members-01-roster');

    // A 嘎查 branch of the demo banner, with its full path as the import wants it.
    const units = await getJson<{ items: { name: string; pathNames: string }[] }>(
      page,
      `/api/members/units?q=${encodeURIComponent('嘎查党支部')}&pageSize=5`,
    );
    const branch = units.items[0]!;
    expect(branch.pathNames.split('/').length).toBeGreaterThanOrEqual(4);

    // Download the template from the page.
    await page.getByTestId('members-import').click();
    const dialog = page.getByRole('dialog');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      clickSettled(page, dialog.getByRole('button', { name: /下载模板/ })),
    ]);
    expect(download.suggestedFilename()).toBe('党员名册导入模板.xlsx');
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const template = Buffer.concat(chunks);

    const rows = (idNumber: string): RosterRow[] => [
      {
        name: names[0]!,
        idNumber: good,
        gender: '男',
        ethnicity: '蒙古族',
        education: '大学本科',
        joinedOn: '2012-07-01',
        fullOn: '2013-07-01',
        orgPath: branch.pathNames,
        phone: '13812340000',
      },
      {
        name: names[1]!,
        idNumber,
        gender: '',
        ethnicity: '汉族',
        education: '大学专科',
        joinedOn: '2026-01-10',
        fullOn: '',
        orgPath: branch.pathNames,
        phone: '',
      },
    ];

    // First try: the second row has a wrong check digit; nothing is written.
    const bad = await fillTemplate(template, rows(badChecksum));
    await uploadInDialog(page, '党员名册-有错误.xlsx', bad.buffer);
    const errors = page.getByTestId('import-errors');
    await errors.waitFor({ timeout: 60_000 });
    await expectText(errors, `第 ${bad.firstRow + 1} 行`);
    await expectText(errors, '身份证号校验位错误');
    expect(await textOf(errors)).not.toContain(`第 ${bad.firstRow} 行`);
    await journey.screenshot('members-02-import-errors');
    const none = await getJson<{ total: number }>(page, `/api/members?q=${encodeURIComponent(names[0]!)}`);
    expect(none.total).toBe(0);

    // Fix the row and import.
    const fixed = await fillTemplate(template, rows(second));
    await page.getByTestId('import-restart').click();
    await uploadInDialog(page, '党员名册-已修正.xlsx', fixed.buffer);
    const preview = page.getByTestId('import-preview');
    await preview.waitFor({ timeout: 60_000 });
    await expectText(preview, names[1]!);
    await page.getByTestId('import-commit').click();
    await expectText(dialog, '导入成功', 60_000);
    await journey.screenshot('members-03-import-done');
    await dialog.getByRole('button', { name: /完\s*成/ }).click();
    // Search only once the dialog has gone, so its closing focus change cannot swallow the search.
    await dialog.waitFor({ state: 'hidden' });

    // Find the new member in the roster by pinyin-free name search and open the member page.
    await page.getByTestId('members-search').locator('input').fill(names[1]!);
    await page.getByTestId('members-search').locator('input').press('Enter');
    const row = table.locator('tbody tr.ant-table-row', { hasText: names[1]! });
    await row.waitFor({ timeout: 60_000 });
    await expectText(row, '预备');
    await expectText(row, branch.name);
    await row.getByTestId('member-name').click();
    const detail = page.getByTestId('member-detail');
    await detail.waitFor();
    await expectText(detail, '152223');
    await journey.screenshot('members-04-member-basic');
    await detail.getByRole('tab', { name: '党内信息' }).click();
    await expectText(detail, '2027-01-10');
    await detail.locator('.ant-tabs-tab-active', { hasText: '党内信息' }).waitFor();
    await page.waitForTimeout(400); // let the tab's ink bar finish moving before the screenshot
    await expectText(detail, branch.pathNames);
    await journey.screenshot('members-05-member-party');
    await detail.getByRole('tab', { name: '变动记录' }).click();
    await expectText(page.getByTestId('member-history'), '由党员名册导入登记为预备党员');
    await detail.locator('.ant-tabs-tab-active', { hasText: '变动记录' }).waitFor();
    await page.waitForTimeout(400);
    await journey.screenshot('members-06-member-history');
    await page.locator('.ant-drawer-close').click();
    await page.locator('.ant-drawer-mask').waitFor({ state: 'detached' });

    // The transfers page lists the demo's pending transfers; the letter prints from there.
    await page.getByTestId('members-section').getByText('组织关系转接').click();
    await page.waitForURL(/\/members\/transfers/);
    await page.getByRole('tab', { name: '已发出' }).click();
    const outgoing = page.getByTestId('transfers-outgoing');
    await outgoing.locator('tbody tr.ant-table-row').first().waitFor();
    await journey.screenshot('members-07-transfers');
    const transfers = await getJson<{ items: { id: string; letterNumber: string }[] }>(
      page,
      '/api/members/transfers?box=outgoing',
    );
    const letter = await journey.context.newPage();
    await letter.goto(`/api/members/transfers/${transfers.items[0]!.id}/letter`);
    await expectText(letter.locator('h1').first(), '中国共产党党员组织关系介绍信');
    await expectText(letter.locator('body'), transfers.items[0]!.letterNumber);
    await letter.getByTestId('print-letter').waitFor();
    await letter.screenshot({ path: path.join(screenshotDir, 'members-08-letter.png'), fullPage: true });
    await letter.close();

    expect(journey.problems.filter((problem) => problem.startsWith('pageerror'))).toEqual([]);
  }, 300_000);
});
