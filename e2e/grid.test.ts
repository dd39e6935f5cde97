import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clickOk, expectText, type Journey, loginAs, pickOption, startJourney } from './harness';

interface EventView {
  id: string;
  title: string;
  state: string;
  details: { gridName?: string };
}

async function getJson<T>(page: Page, url: string): Promise<T> {
  const response = await page.request.get(url);
  expect(response.status(), `GET ${url}`).toBe(200);
  return (await response.json()) as T;
}

describe('grid governance', () => {
  let journey: Journey;

  beforeAll(async () => {
    journey = await startJourney();
  }, 300_000);
  afterAll(async () => journey?.close());

  it('shows every demo grid on an offline map coloured by its events, and lists a grid’s events', async () => {
    const { page } = journey;
    await loginAs(page, 'admin');
    const map = await getJson<Array<{ id: string; name: string; open: number; overdue: number }>>(
      page,
      '/api/grid/map',
    );
    expect(map.length).toBeGreaterThan(20);
    await page.getByRole('menuitem', { name: /网格治理/ }).click();
    await page.waitForURL(/\/grid$/);
    const shapes = page.getByTestId('grid-map').locator('path.leaflet-interactive');
    await expect.poll(() => shapes.count(), { timeout: 20_000 }).toBe(map.length);
    // Red for overdue, amber for open, green for clear: only these, and the demo always has overdue ones.
    const colours = new Set(await shapes.evaluateAll((paths) => paths.map((p) => p.getAttribute('stroke'))));
    expect([...colours].every((c) => ['#cf1322', '#d48806', '#389e0d'].includes(c ?? ''))).toBe(true);
    expect(colours.has('#cf1322')).toBe(map.some((g) => g.overdue > 0));
    expect(colours.size).toBeGreaterThan(1);
    await journey.screenshot('grid-01-map');

    const busy = map.find((g) => g.open > 0)!;
    await page.getByTestId('grid-search').locator('input').fill(busy.name);
    await page.getByRole('row').filter({ hasText: busy.name }).first().click();
    await page.waitForURL(/\/grid\/events\?gridId=/);
    await page.getByTestId('event-link').first().waitFor();
  });

  it('accepts a submitted event and dispatches it: the timeline shows both, the state follows', async () => {
    const { page } = journey;
    const page1 = await getJson<{ items: EventView[] }>(page, '/api/grid/events?state=submitted&pageSize=50');
    const event = page1.items[0]!;
    await page.goto(`/grid/events/${event.id}`);
    await expectText(page.getByTestId('event-title'), event.title);
    await page.getByTestId('action-accept').click();
    await clickOk(page, page.getByRole('dialog'));
    await expectText(page.getByTestId('event-state'), '办理中');
    await page.getByTestId('action-dispatch').click();
    const dialog = page.getByRole('dialog');
    await pickOption(page, dialog.getByTestId('action-unit'), /旗.*局/, '局');
    await dialog.getByTestId('action-note').fill('请主管部门现场核查处理');
    await clickOk(page, dialog);
    await expectText(page.getByTestId('event-timeline'), '请主管部门现场核查处理');
    await expectText(page.getByTestId('event-timeline'), '受理');
    await journey.screenshot('grid-02-event');

    // A repeat shows its chain: the same matter reported again, linked in the demo.
    const all = await getJson<{ items: Array<EventView & { repeatOfId: string | null }> }>(
      page,
      '/api/grid/events?pageSize=100',
    );
    const repeat = all.items.find((e) => e.repeatOfId);
    expect(repeat, 'a demo event linked as a repeat').toBeDefined();
    await page.goto(`/grid/events/${repeat!.id}`);
    await expectText(page.getByTestId('event-repeats'), '同一问题共反映');
    const after = await getJson<{ case: { unitId: string; state: string } }>(
      page,
      `/api/grid/events/${event.id}`,
    );
    expect(after.case.state).toBe('handling');
  });
  it('creates a grid with a boundary drawn on the map and a worker, refusing a bad code in Chinese', async () => {
    const { page } = journey;
    const shapes = await getJson<Array<{ unitName: string }>>(page, '/api/grid/shapes');
    const unitName = shapes[0]!.unitName;
    await page.goto('/grid/manage');
    await page.getByTestId('grid-new').click();
    const drawer = page.locator('.ant-drawer');
    await pickOption(page, drawer.locator('#unitId'), unitName, unitName);
    await page.getByTestId('grid-code').fill('第一 网格');
    await page.getByTestId('grid-name').fill('浏览器测试网格');
    await page.getByTestId('grid-save').click();
    await expectText(drawer, '网格编码只能由');

    // Draw four corners on the map (the grey shapes are the unit's other grids), then finish.
    await page.getByTestId('grid-code').fill('E2E-0001');
    // Each step waits for the page to show it took effect: on a loaded machine a click can land before
    // the map has its view, which Leaflet ignores.
    const map = page.getByTestId('boundary-map');
    const hint = page.getByTestId('boundary-hint');
    await map.and(page.locator('[data-ready="true"]')).waitFor();
    await page.getByTestId('boundary-draw').click();
    await expectText(hint, '已点 0 个');
    const box = (await map.boundingBox())!;
    const corners = [
      [0.3, 0.3],
      [0.7, 0.3],
      [0.7, 0.7],
      [0.3, 0.7],
    ] as const;
    for (const [index, [x, y]] of corners.entries()) {
      await page.mouse.click(box.x + box.width * x, box.y + box.height * y);
      await expectText(hint, `已点 ${index + 1} 个`);
    }
    await page.getByTestId('boundary-finish').click();
    await page.getByTestId('grid-save').click();
    await page.getByTestId('grid-workers').waitFor();
    const found = await getJson<{
      items: Array<{ id: string; boundary: { type: string; coordinates: number[][][] } }>;
    }>(page, '/api/grid/grids?q=E2E-0001');
    expect(found.items).toHaveLength(1);
    expect(found.items[0]!.boundary.type).toBe('Polygon');
    expect(found.items[0]!.boundary.coordinates[0]).toHaveLength(5);

    // A worker from the people register.
    await pickOption(page, page.getByTestId('grid-worker-person'), /./);
    await page.getByTestId('grid-worker-add').click();
    await expect
      .poll(
        async () =>
          (await getJson<{ workers: unknown[] }>(page, `/api/grid/grids/${found.items[0]!.id}`)).workers
            .length,
      )
      .toBe(1);
    await journey.screenshot('grid-03-manage');

    // The optional base map refuses an address that is not a tile template, in Chinese.
    await page.goto('/grid-settings?tab=map');
    await page.getByTestId('map-tile-url').fill('ftp://tiles.example/{z}/{x}/{y}.png');
    await page.getByTestId('map-settings-save').click();
    await expectText(page.locator('.ant-form-item-explain-error'), '瓦片地址应以 http:// 或 https:// 开头');
    expect((await getJson<{ tileUrl: string }>(page, '/api/grid/map-settings')).tileUrl).toBe('');
  });
});
