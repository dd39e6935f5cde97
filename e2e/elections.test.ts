import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectText, type Journey, loginAs, startJourney, textOf } from './harness';

describe('committee elections journey (issue 3)', () => {
  let journey: Journey;

  beforeAll(async () => {
    journey = await startJourney();
  }, 300_000);

  afterAll(async () => {
    await journey?.close();
  });

  it("opens the overview with computed figures, then one unit's election with its two committees", async () => {
    const { page } = journey;
    await loginAs(page, 'admin');
    await page.getByRole('menuitem', { name: /换届选举/ }).click();
    await page.waitForURL(/\/elections$/);

    // The overview shows registered indicators, the roll-up per 苏木镇 and the example targets.
    await expectText(page.getByTestId('figure-elections.dualRole.rate'), '一肩挑比例');
    await expectText(page.getByTestId('figure-elections.dualRole.rate'), '嘎查（村）');
    await page.getByTestId('elections-rollup').locator('tbody tr.ant-table-row').first().waitFor();
    await expectText(page.getByTestId('elections-targets'), '示例本地目标');
    await journey.screenshot('elections-01-overview');

    // The list of elections, searchable, with 一肩挑 computed per unit.
    await page.getByRole('tab', { name: '换届记录' }).click();
    await page.waitForURL(/\/elections\/list$/);
    const first = page.getByTestId('election-link').first();
    await first.waitFor();
    const unitName = (await first.textContent())?.trim() ?? '';
    expect(unitName).toMatch(/(嘎查|社区)$/);
    await journey.screenshot('elections-02-list');

    // One unit's election: the committees with their posts and the computed composition.
    await first.click();
    await page.waitForURL(/\/elections\/[0-9a-f-]{36}$/);
    await expectText(page.getByTestId('election-title'), unitName);
    await expectText(page.getByTestId('committee-party'), '书记');
    await expectText(page.getByTestId('committee-villagers'), '主任');
    await expectText(page.getByTestId('election-composition'), '交叉任职比例');
    await journey.screenshot('elections-03-detail');

    // Add a person to the villagers' committee from the people of the unit, then save.
    await page.getByTestId('committee-add-villagers').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('person-pick').first().waitFor();
    await journey.screenshot('elections-04-picker');
    const rowsBefore = await page
      .getByTestId('committee-villagers')
      .locator('tbody tr.ant-table-row')
      .count();
    // Pick someone not yet in the villagers' committee (the picker lists the unit's people): compare
    // the ID numbers shown in the picker rows with the committee table.
    const committeeText = await textOf(page.getByTestId('committee-villagers'));
    const pickerRows = dialog.locator('tbody tr.ant-table-row');
    const count = await pickerRows.count();
    let chosen = -1;
    for (let i = 0; i < count && chosen < 0; i++) {
      const name = ((await pickerRows.nth(i).locator('td').first().textContent()) ?? '').trim();
      if (name && !committeeText.includes(name)) chosen = i;
    }
    expect(chosen, 'someone of the unit is not yet in the committee').toBeGreaterThanOrEqual(0);
    await pickerRows.nth(chosen).getByTestId('person-pick').click();
    await expect
      .poll(() => page.getByTestId('committee-villagers').locator('tbody tr.ant-table-row').count())
      .toBeGreaterThan(rowsBefore);
    await page.getByTestId('posts-save').click();
    await page.getByText('两委成员已保存').waitFor();
    await journey.screenshot('elections-05-saved');

    // Post holders across the banner, and the targets with the module settings.
    await page.goto('/elections/posts');
    await page.locator('tbody tr.ant-table-row').first().waitFor();
    await journey.screenshot('elections-07-posts');
    await page.goto('/elections/targets');
    await expectText(page.locator('.ant-table-tbody').first(), '示例本地目标');
    await page.locator('.ant-spin-blur').waitFor({ state: 'detached' });
    await journey.screenshot('elections-08-targets');

    // The terms tab lists expired and expiring terms first.
    await page.goto('/elections/terms');
    await page.locator('tbody tr.ant-table-row').first().waitFor();
    await journey.screenshot('elections-06-terms');
    expect(journey.problems.filter((problem) => problem.startsWith('pageerror'))).toEqual([]);
  }, 180_000);
});
