import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectText, type Journey, loginAs, screenshotDir, startJourney } from './harness';

interface CenterView {
  id: string;
  name: string;
  unitType: string;
  publishedItemCount: number;
  progress: { share: number | null };
}
interface ServiceItem {
  id: string;
  name: string;
  published: boolean;
  materials: string[];
}

async function getJson<T>(page: Page, url: string): Promise<T> {
  const response = await page.request.get(url);
  expect(response.status(), `GET ${url}`).toBe(200);
  return (await response.json()) as T;
}

/** True when the page is wider than the viewport (a phone would scroll sideways). */
async function overflowsHorizontally(page: Page): Promise<boolean> {
  return page.evaluate(
    () =>
      document.documentElement.scrollWidth > window.innerWidth ||
      document.body.scrollWidth > window.innerWidth,
  );
}

describe('service centres', () => {
  let journey: Journey;
  let phone: BrowserContext | null = null;
  let centre: CenterView;
  let items: ServiceItem[];

  beforeAll(async () => {
    journey = await startJourney();
  }, 300_000);

  afterAll(async () => {
    await phone?.close().catch(() => undefined);
    await journey?.close();
  });

  it('shows the centres, a centre’s services and its printable QR code to a logged-in user', async () => {
    const { page } = journey;
    await loginAs(page, 'admin');
    const list = await getJson<{ items: CenterView[] }>(page, '/api/centers?type=gacha&pageSize=50');
    centre = list.items.find((c) => c.publishedItemCount >= 8 && c.progress.share !== null)!;
    expect(centre, 'an assessed demo 嘎查 centre with a published service list').toBeDefined();
    items = await getJson<ServiceItem[]>(page, `/api/centers/${centre.id}/items`);

    await page.getByRole('menuitem', { name: /党群服务中心/ }).click();
    await page.waitForURL(/\/centers$/);
    await page.getByTestId('center-name').first().waitFor();
    await expectText(page.getByTestId('indicator-centers.count'), '服务中心');
    await journey.screenshot('centers-01-list');

    await page.getByRole('button', { name: /标准设置/ }).click();
    await page.waitForURL(/\/centers\/standards$/);
    await expectText(page.getByTestId('standard-card').first(), '本旗设置');
    await journey.screenshot('centers-01b-standards');

    await page.goto(`/centers/${centre.id}`);
    await expectText(page.getByTestId('center-title'), centre.name);
    await page.getByRole('tab', { name: '标准评估' }).click();
    await page.getByText('两站五室一广场（本旗设置）').first().waitFor();
    await page
      .getByText(/最近一次评估/)
      .first()
      .waitFor();
    await journey.screenshot('centers-02-assessment');
    await page.getByRole('tab', { name: '便民服务事项' }).click();
    await expectText(page.getByTestId('service-items'), items[0]!.name);
    await journey.screenshot('centers-03-items');

    await page.getByRole('tab', { name: '二维码' }).click();
    await expectText(page.getByTestId('qr-url'), `/public/centers/${centre.id}`);
    await page.getByTestId('qr-open-print').click();
    await page.waitForURL(new RegExp(`/centers/${centre.id}/print$`));
    const sheet = page.getByTestId('qr-sheet');
    await expectText(sheet, '扫码查看便民服务事项');
    await expectText(sheet, centre.name);
    await sheet.getByTestId('qr-image').waitFor();
    expect(await page.getByTestId('qr-print').isVisible()).toBe(true);
    await journey.screenshot('centers-04-qr-print');
    // On paper only the sheet remains: no menu, no header, no toolbar.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.ant-layout-sider').isVisible()).toBe(false);
    expect(await page.getByTestId('qr-print').isVisible()).toBe(false);
    expect(await sheet.isVisible()).toBe(true);
    await page.screenshot({
      path: path.join(screenshotDir, 'centers-04-qr-print-media.png'),
      fullPage: true,
    });
    await page.emulateMedia({ media: 'screen' });
    expect(journey.problems.filter((problem) => problem.startsWith('pageerror'))).toEqual([]);
  });

  it('lets a resident search and open the public service list on a phone, without logging in', async () => {
    phone = await journey.browser.newContext({
      baseURL: journey.server.baseUrl,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      viewport: { width: 375, height: 667 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    const page = await phone.newPage();
    page.setDefaultTimeout(20_000);
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));

    await page.goto(`/public/centers/${centre.id}`);
    await expectText(page.getByTestId('public-center-name'), centre.name);
    const published = items.filter((item) => item.published);
    expect(await page.getByTestId('public-item').count()).toBe(published.length);
    for (const hidden of items.filter((item) => !item.published))
      expect(await page.getByText(hidden.name, { exact: true }).count()).toBe(0);
    expect(await overflowsHorizontally(page)).toBe(false);
    await page.screenshot({ path: path.join(screenshotDir, 'centers-05-public-phone.png') });

    // Search narrows the list; tapping an item shows what to bring and how long it takes.
    const target = published.find((item) => item.materials.length > 0) ?? published[0]!;
    await page.getByTestId('public-search').fill(target.name.slice(0, 4));
    await expect
      .poll(() => page.getByTestId('public-item').count(), { timeout: 10_000 })
      .toBeLessThan(published.length);
    await page.getByTestId('public-item').filter({ hasText: target.name }).first().click();
    const detail = page.getByTestId('public-item-detail').first();
    await expectText(detail, '申请材料');
    await expectText(detail, '办理时限');
    if (target.materials[0]) await expectText(detail, target.materials[0]);
    // Let the panel finish opening before the picture is taken.
    await expect.poll(() => page.locator('.ant-motion-collapse').count(), { timeout: 5_000 }).toBe(0);
    expect(await overflowsHorizontally(page)).toBe(false);
    await page.screenshot({
      path: path.join(screenshotDir, 'centers-06-public-phone-item.png'),
      fullPage: true,
    });

    // A wrong or guessed address shows a clear message, not someone else's centre.
    await page.goto('/public/centers/11111111-1111-4111-8111-111111111111');
    await expectText(page.getByTestId('public-not-found'), '没有找到该服务中心');
    expect(errors).toEqual([]);
  });
});
