import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectText, settled, type Journey, loginAs, pickOption, startJourney, textOf } from './harness';

interface UnitView {
  id: string;
  name: string;
  type: string;
  hasChildren: boolean;
}

async function getJson<T>(page: Page, url: string): Promise<T> {
  const response = await page.request.get(url);
  expect(response.status(), `GET ${url}`).toBe(200);
  return (await response.json()) as T;
}

/** The number at the start of a figure's text ("12 个" → 12). */
async function figureValue(page: Page, key: string): Promise<number> {
  const locator = page.getByTestId(`figure-${key}`).first();
  await locator.waitFor();
  const text = await textOf(locator);
  const match = /^([\d,.]+)/.exec(text.trim());
  if (!match) throw new Error(`figure ${key} shows "${text}"`);
  return Number(match[1]!.replace(/,/g, ''));
}

/** Waits until running CSS transitions (a drawer sliding in) have finished, so a screenshot shows the end state. */
describe('indicator browser journey (issue 5)', () => {
  let journey: Journey;

  beforeAll(async () => {
    journey = await startJourney();
  }, 300_000);

  afterAll(async () => {
    await journey?.close();
  });

  it('picks a 苏木, drills into a figure, freezes a snapshot and compares it with live values', async () => {
    const { page } = journey;
    await loginAs(page, 'admin');
    // The anonymous /api/auth/me before logging in answers 401 by design; count problems from here on.
    journey.problems.length = 0;

    // The menu leads to the browser, which opens on the whole banner for this year.
    await page.getByRole('menuitem', { name: /指标与报表/ }).click();
    await page.waitForURL(/\/reports\/indicators/);
    await page.getByTestId('module-orgs').waitFor();
    const bannerGachas = await figureValue(page, 'orgs.units.gacha');
    expect(bannerGachas).toBeGreaterThan(0);
    await journey.screenshot('reports-01-banner');

    // A grouped figure opens into its groups, each with its own value.
    const all = await getJson<{
      items: Array<{ key: string; breakdown: Array<{ key: string }> | null }>;
    }>(page, '/api/reports/indicators');
    const grouped = all.items.find((item) => (item.breakdown?.length ?? 0) > 1);
    if (grouped) {
      const row = page.locator(`tr[data-row-key="${grouped.key}"]`);
      await row.scrollIntoViewIfNeeded();
      await row.locator('.ant-table-row-expand-icon').click();
      await page.getByTestId(`figure-${grouped.key}-${grouped.breakdown![0]!.key}`).waitFor();
      await journey.screenshot('reports-01b-breakdown');
    }
    await page.evaluate(() => window.scrollTo(0, 0));

    // Pick a 苏木 that has 嘎查 under it.
    const roots = await getJson<UnitView[]>(page, '/api/orgs/roots');
    const banner = roots.find((unit) => unit.type === 'banner')!;
    const children = await getJson<UnitView[]>(page, `/api/orgs/${banner.id}/children`);
    const sumus = children.filter(
      (unit) => (unit.type === 'sumu' || unit.type === 'town') && unit.hasChildren,
    );
    let sumu: UnitView | undefined;
    let expectedGachas = 0;
    for (const candidate of sumus) {
      const figures = await getJson<{ items: Array<{ key: string; value: number | null }> }>(
        page,
        `/api/reports/indicators?unitId=${candidate.id}&keys=orgs.units.gacha`,
      );
      expectedGachas = figures.items[0]?.value ?? 0;
      if (expectedGachas > 0) {
        sumu = candidate;
        break;
      }
    }
    expect(sumu, 'a 苏木 with 嘎查').toBeDefined();
    await pickOption(page, page.getByTestId('reports-unit'), sumu!.name, sumu!.name);
    await expect.poll(() => figureValue(page, 'orgs.units.gacha'), { timeout: 20_000 }).toBe(expectedGachas);
    await journey.screenshot('reports-02-sumu');

    // Drill into the figure: the drawer lists exactly the 嘎查 it counted.
    await page.getByTestId('figure-orgs.units.gacha').first().click();
    const drawer = page.getByTestId('evidence-drawer');
    await expectText(drawer, '统计依据');
    await expectText(page.getByTestId('evidence-count'), String(expectedGachas));
    await expectText(drawer, `共 ${expectedGachas} 条`);
    const rows = drawer.locator('.ant-table-tbody tr.ant-table-row');
    await expect.poll(() => rows.count()).toBe(Math.min(expectedGachas, 20));
    await expectText(rows.first(), sumu!.name);
    await settled(page);
    await journey.screenshot('reports-03-drilldown');
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });

    // Freeze a snapshot of the 苏木 for this year.
    await page.getByTestId('freeze-snapshot').click();
    const dialog = page.getByRole('dialog');
    await expectText(dialog, sumu!.name);
    await dialog.getByTestId('freeze-label').fill('年度述职用快照');
    await journey.screenshot('reports-04-freeze');
    await dialog.getByRole('button', { name: /确认冻结/ }).click();
    const banner2 = page.getByTestId('snapshot-banner');
    await expectText(banner2, '正在查看快照“年度述职用快照”');
    await expect.poll(() => figureValue(page, 'orgs.units.gacha')).toBe(expectedGachas);

    // A late record arrives: a new 嘎查 in the 苏木.
    const me = await getJson<{ csrfToken: string }>(page, '/api/auth/me');
    const created = await page.request.post('/api/orgs', {
      headers: { 'x-csrf-token': me.csrfToken },
      data: { parentId: sumu!.id, name: `迟到的嘎查${Date.now().toString(36).slice(-4)}`, type: 'gacha' },
    });
    expect(created.status(), await created.text()).toBe(200);

    // The snapshot keeps its figure and says what the live value is now.
    await page.getByRole('tab', { name: '快照' }).click();
    const table = page.getByTestId('snapshot-table');
    await expectText(table, '年度述职用快照');
    await journey.screenshot('reports-05-snapshots');
    await table
      .getByRole('button', { name: /查\s*看/ })
      .first()
      .click();
    await expectText(banner2, '年度述职用快照');
    await expect.poll(() => figureValue(page, 'orgs.units.gacha')).toBe(expectedGachas);
    await expectText(page.getByTestId('live-figure-orgs.units.gacha'), `当前实时值 ${expectedGachas + 1}`);
    await page.getByTestId('snapshot-comparing').waitFor({ state: 'detached' });
    await journey.screenshot('reports-06-frozen-vs-live');

    // Back to live figures: the new 嘎查 is counted.
    await page.getByTestId('back-to-live').click();
    await expect.poll(() => figureValue(page, 'orgs.units.gacha')).toBe(expectedGachas + 1);

    // Export the table for the chosen scope and period.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('reports-export').click(),
    ]);
    expect(download.suggestedFilename()).toContain(sumu!.name);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);

    expect(journey.problems).toEqual([]);
  });
});
