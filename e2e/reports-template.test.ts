import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clickOk,
  expectText,
  settled,
  type Journey,
  loginAs,
  pickOption,
  startJourney,
  textOf,
} from './harness';

/** Opens an antd select by its input id, types `search` and picks the first option containing `text`. */
async function choose(page: Page, inputId: string, search: string, text: string | RegExp): Promise<void> {
  await pickOption(page, page.locator(`#${inputId}`), text, search);
}

const TEXT = '本人分管范围内共有党员';

describe('duty report template editor (issue 5)', () => {
  let journey: Journey;

  beforeAll(async () => {
    journey = await startJourney();
  }, 300_000);

  afterAll(async () => {
    await journey?.close();
  });

  it('builds a paragraph with a placeholder, moves it, saves, reloads it and drafts a report from it', async () => {
    const { page } = journey;
    await loginAs(page, 'admin');
    journey.problems.length = 0;
    await page
      .getByRole('menuitem', { name: /述职报告/ })
      .first()
      .click();
    await page.waitForURL(/\/reports\/duty$/);
    await page.getByTestId('duty-templates').click();
    await page.waitForURL(/\/reports\/duty-templates\/[0-9a-f-]{36}$/);
    await page.getByTestId('preview-3').waitFor();
    await expectText(page.getByTestId('preview-3'), '【组织生活开展次数（按类型）】');
    await settled(page);
    await journey.screenshot('reports-template-default');

    // A new template from the default one; an empty name is refused next to the field.
    await page.getByTestId('template-new').click();
    await page.waitForURL(/\/reports\/duty-templates\/new$/);
    // The router renders the new page in a transition: wait until it shows before typing into it.
    await page.locator('.ant-menu-item-selected').filter({ hasText: '新模板（未保存）' }).waitFor();
    await page.getByTestId('template-name').fill('');
    await page.getByTestId('template-save').click();
    await expectText(page.getByTestId('template-issues'), '请填写模板名称');
    await page.getByTestId('template-name').fill('分管工作述职模板');
    await page.getByTestId('template-title').fill('个人述职报告');

    // A paragraph at the end: text, a placeholder bound to 党员总数 over the supervised units, text.
    const before = await page.locator('[data-testid^="template-block-"]').count();
    await page.getByTestId('template-add-paragraph').click();
    const n = before;
    await page.getByTestId(`run-text-${n}-0`).fill(TEXT);
    await page.getByTestId(`append-placeholder-${n}`).click();
    const modal = page.locator('.ant-modal:visible');
    await pickOption(page, modal.getByTestId('indicator-select'), '党员总数', '党员总数');
    await modal.getByText('分管单位', { exact: true }).click();
    await modal
      .getByText('取最后一个职务的数（期末数）')
      .waitFor({ state: 'detached' })
      .catch(() => undefined);
    await settled(page);
    await journey.screenshot('reports-template-placeholder');
    await clickOk(page, modal);
    await modal.waitFor({ state: 'detached' });
    await page.getByTestId(`append-text-${n}`).click();
    await page.getByTestId(`run-text-${n}-2`).fill('名。');
    await expectText(page.getByTestId(`preview-${n}`), `${TEXT}【党员总数】名。`);
    await expectText(page.getByTestId(`chip-${n}-1`), '分管单位');

    // Move it up one place.
    await page.getByTestId(`block-up-${n}`).click();
    await expectText(page.getByTestId(`preview-${n - 1}`), `${TEXT}【党员总数】名。`);

    // Leaving with unsaved changes asks first; staying keeps the page.
    const dialog = page.waitForEvent('dialog');
    void page.getByRole('menuitem', { name: /指标与报表/ }).click();
    await (await dialog).dismiss();
    expect(page.url()).toMatch(/\/reports\/duty-templates\/new$/);

    await page.getByTestId(`template-block-${n - 1}`).scrollIntoViewIfNeeded();
    await settled(page);
    await journey.screenshot('reports-template-editing');
    await page.getByTestId('template-save').click();
    await page.getByText('模板已保存').waitFor();
    await page.waitForURL(/\/reports\/duty-templates\/[0-9a-f-]{36}$/);

    // Persisted: reload and read it back.
    await page.reload();
    await page.getByTestId(`preview-${n - 1}`).waitFor();
    await expectText(page.getByTestId(`preview-${n - 1}`), `${TEXT}【党员总数】名。`);
    expect(await page.getByTestId('template-name').inputValue()).toBe('分管工作述职模板');
    await expectText(page.getByTestId('template-editor'), '分管工作述职模板');

    // Draft a report with it: one post supervising the whole banner.
    await page.getByRole('menuitem', { name: /述职报告$/ }).click();
    await page.waitForURL(/\/reports\/duty$/);
    await page.getByTestId('duty-create').click();
    const form = page.locator('.ant-modal:visible');
    await choose(page, 'authorId', '', /./);
    await choose(page, 'unitId', '哈日乌拉旗', '哈日乌拉旗');
    await choose(page, 'templateId', '', '分管工作述职模板');
    await page.locator('#posts_0_title').fill('旗委常委');
    await choose(page, 'posts_0_unitId', '哈日乌拉旗', '哈日乌拉旗');
    const year = new Date().getFullYear();
    await page.locator('#posts_0_from').click();
    await page.locator('#posts_0_from').fill(`${year}-01-01`);
    await page.keyboard.press('Enter');
    const supervised = form.locator('.ant-select').filter({ hasText: '分管（联系）单位' }).last();
    await pickOption(page, supervised, '哈日乌拉旗', '哈日乌拉旗');
    await clickOk(page, form);
    await page.getByTestId('duty-content').waitFor();
    await expectText(page.getByTestId('duty-content'), TEXT);
    const content = await textOf(page.getByTestId('duty-content'));
    expect(content).toMatch(new RegExp(`${TEXT}\\d[\\d,]*名。`));
    expect(content).toContain('个人述职报告');
    await page.getByText(TEXT).scrollIntoViewIfNeeded();
    await settled(page);
    await journey.screenshot('reports-template-drafted');
    expect(journey.problems).toEqual([]);
  }, 240_000);
});
