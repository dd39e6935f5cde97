import JSZip from 'jszip';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clickOk, expectText, settled, type Journey, loginAs, startJourney, textOf } from './harness';

describe('duty report journey (issue 5)', () => {
  let journey: Journey;

  beforeAll(async () => {
    journey = await startJourney();
  }, 300_000);

  afterAll(async () => {
    await journey?.close();
  });

  it('opens the demo report, drills into a figure, edits a paragraph, locks it and downloads the .docx', async () => {
    const { page } = journey;
    await loginAs(page, 'admin');
    journey.problems.length = 0;
    await page.getByRole('menuitem', { name: /述职报告$/ }).click();
    await page.waitForURL(/\/reports\/duty$/);
    // Templates are data, edited on their own page (the editor's journey is reports-template.test.ts).
    await page.getByTestId('duty-templates').click();
    await page.waitForURL(/\/reports\/duty-templates\/[0-9a-f-]{36}$/);
    await expectText(page.getByTestId('preview-0'), '一年来');
    await settled(page);
    await journey.screenshot('reports-duty-templates');
    await page.getByRole('menuitem', { name: /述职报告$/ }).click();
    await page.waitForURL(/\/reports\/duty$/);
    await page.locator('.ant-table-row a').first().click();
    await page.getByTestId('duty-content').waitFor();
    await page.getByText('一、履职情况').waitFor();
    await journey.screenshot('reports-duty-draft');

    // Missing figures are red with their reason, never X.
    const missing = page.locator('[data-testid^="missing-"]');
    expect(await missing.count()).toBeGreaterThan(0);
    expect(await textOf(missing.first())).toContain('尚无模块提供该指标');
    expect(await textOf(page.getByTestId('duty-content'))).not.toMatch(/X个|X人/);

    // A figure opens the records it counted.
    const figure = page.locator('[data-testid^="figure-"]').first();
    await figure.click();
    await page.getByTestId('evidence-drawer').waitFor();
    await page.getByTestId('evidence-table').waitFor();
    await settled(page);
    await journey.screenshot('reports-duty-evidence');
    await page.locator('.ant-drawer-close').click();

    // Edit the opening paragraph and save.
    const text = page.locator('[data-testid^="text-"]').first();
    await text.click();
    await page.keyboard.press('End');
    await page.keyboard.type('（已修改）');
    await page.getByTestId('duty-content').locator('h4').first().click();
    await page.getByTestId('duty-save').click();
    await page.getByText('已保存').waitFor();
    expect(await textOf(page.locator('[data-testid^="text-"]').first())).toContain('（已修改）');

    // Lock.
    await page.getByTestId('duty-lock').click();
    await clickOk(page);
    // Locking freezes a snapshot of every figure: on a loaded CI machine that took over 20 s once.
    await page.getByText(/已于 .* 锁定/).waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('duty-redraft').count()).toBe(0);
    await journey.screenshot('reports-duty-locked');

    // Download the Word file and read it back.
    const docxRequests: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/docx')) docxRequests.push(request.url());
    });
    await page.getByText('附重点指标完成情况统计表').click();
    await page.locator('.ant-checkbox-checked').waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('duty-docx').click(),
    ]);
    expect(docxRequests.at(-1)).toContain('keyTable=true');
    expect(download.suggestedFilename()).toMatch(/述职报告.*\.docx$/);
    const file = await download.path();
    const zip = await JSZip.loadAsync(readFileSync(file!));
    const document = await zip.file('word/document.xml')!.async('string');
    expect(document).toContain('（已修改）');
    expect(document).toContain('一、履职情况');
    expect(document).toContain('附表：重点指标完成情况统计表');
    expect(journey.problems).toEqual([]);
  }, 180_000);
});
