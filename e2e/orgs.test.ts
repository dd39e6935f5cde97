import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectExactText,
  expectText,
  type Journey,
  loginAs,
  logout,
  pickOption,
  startJourney,
  textOf,
  fillImportTemplate,
  uploadInDialog,
} from './harness';

interface UnitView {
  id: string;
  name: string;
  type: string;
  typeName: string;
  hasChildren: boolean;
  pathNames?: string;
}

async function getJson<T>(page: Page, url: string): Promise<T> {
  const response = await page.request.get(url);
  expect(response.status(), `GET ${url}`).toBe(200);
  return (await response.json()) as T;
}

/** The tree row of a unit (antd renders tree nodes as a flat list). */
function treeNode(page: Page, name: string) {
  return page
    .getByTestId('orgs-tree')
    .locator('.ant-tree-treenode', { has: page.locator(`[data-unit-name="${name}"]`) });
}

async function expandInTree(page: Page, name: string): Promise<void> {
  const node = treeNode(page, name);
  await node.waitFor();
  if ((await node.getAttribute('aria-expanded')) === 'true') return;
  await node.locator('.ant-tree-switcher').click();
}

interface ImportRow {
  parentPath: string;
  name: string;
  typeName: string;
}

/** Fills the server's own template with the given rows, after its example row. */
function buildImportFile(template: Buffer, rows: ImportRow[]) {
  return fillImportTemplate(
    template,
    '单位名称',
    rows.map((row) => ({ 上级单位路径: row.parentPath, 单位名称: row.name, 类型: row.typeName })),
  );
}

describe('organisation tree journey (issue 2)', () => {
  let journey: Journey;

  beforeAll(async () => {
    journey = await startJourney();
  }, 300_000);

  afterAll(async () => {
    await journey?.close();
  });

  it('browses, creates, imports with errors, fixes, and finds everything in the tree and the audit log', async () => {
    const { page } = journey;
    const suffix = Date.now().toString(36).slice(-4);
    const createdName = `测试新建嘎查${suffix}`;
    const importedNames = [`导入测试嘎查甲${suffix}`, `导入测试嘎查乙${suffix}`, `导入测试嘎查丙${suffix}`];

    // Log in: the app opens on the organisation tree.
    await loginAs(page, 'admin');
    await page.waitForURL(/\/orgs/);
    await page.getByRole('menuitem', { name: /组织架构/ }).waitFor();

    // Browse: expand the banner, then a 苏木.
    const types = await getJson<{ key: string; name: string }[]>(page, '/api/orgs/types');
    const typeName = (key: string) => types.find((type) => type.key === key)?.name ?? key;
    const roots = await getJson<UnitView[]>(page, '/api/orgs/roots');
    const banner = roots.find((unit) => unit.type === 'banner');
    expect(banner, 'a banner among the roots').toBeDefined();
    const bannerChildren = await getJson<UnitView[]>(page, `/api/orgs/${banner!.id}/children`);
    const sumu = bannerChildren.find((unit) => unit.type === 'sumu' && unit.hasChildren);
    expect(sumu, 'a 苏木 with children under the banner').toBeDefined();
    const sumuChildren = await getJson<UnitView[]>(page, `/api/orgs/${sumu!.id}/children`);
    await expandInTree(page, banner!.name);
    await expandInTree(page, sumu!.name);
    await treeNode(page, sumuChildren[0]!.name).waitFor();
    await page.locator(`[data-unit-name="${sumu!.name}"]`).click();
    await expectExactText(page.getByTestId('unit-title'), sumu!.name);
    await journey.screenshot('01-tree-sumu');

    // Create a unit under the 苏木.
    await page.getByRole('button', { name: /新建下级单位/ }).click();
    const createDialog = page.getByRole('dialog');
    await createDialog.getByLabel('名称', { exact: true }).fill(createdName);
    // Narrow the long, virtualised type list by typing.
    await pickOption(
      page,
      createDialog.getByLabel('类型', { exact: true }),
      typeName('gacha'),
      typeName('gacha'),
    );
    await journey.screenshot('02-create-unit');
    await createDialog.getByRole('button', { name: /保\s*存/ }).click();
    await expectExactText(page.getByTestId('unit-title'), createdName);
    await treeNode(page, createdName).waitFor();

    // Import a file with two bad rows: an unknown parent path and an empty name.
    const sumuDetail = await getJson<UnitView>(page, `/api/orgs/${sumu!.id}`);
    const templateResponse = await page.request.get('/api/orgs/import/template');
    expect(templateResponse.status()).toBe(200);
    const template = Buffer.from(await templateResponse.body());
    const parentPath = sumuDetail.pathNames!;
    const bad = await buildImportFile(template, [
      { parentPath, name: importedNames[0]!, typeName: typeName('gacha') },
      {
        parentPath: `不存在的旗${suffix}/不存在的苏木`,
        name: importedNames[1]!,
        typeName: typeName('gacha'),
      },
      { parentPath, name: '', typeName: typeName('gacha') },
    ]);
    await page.getByTestId('orgs-import').click();
    await uploadInDialog(page, '单位导入-有错误.xlsx', bad.buffer);
    const errors = page.getByTestId('import-errors');
    await errors.waitFor({ timeout: 60_000 });
    await expectText(errors, '文件中有 2 行错误，未写入任何数据，请修改后重新上传');
    const errorText = await textOf(errors);
    expect(errorText).toContain(`第 ${bad.firstRow + 1} 行`);
    expect(errorText).toContain(`第 ${bad.firstRow + 2} 行`);
    expect(errorText).not.toContain(`第 ${bad.firstRow} 行`);
    await journey.screenshot('03-import-errors');

    // Nothing was written: not even the valid first row.
    const afterBad = await getJson<{ total: number }>(
      page,
      `/api/orgs/search?q=${encodeURIComponent(importedNames[0]!)}`,
    );
    expect(afterBad.total).toBe(0);

    // Fix both rows and import again.
    const fixed = await buildImportFile(template, [
      { parentPath, name: importedNames[0]!, typeName: typeName('gacha') },
      { parentPath, name: importedNames[1]!, typeName: typeName('gacha') },
      { parentPath, name: importedNames[2]!, typeName: typeName('gacha') },
    ]);
    await page.getByTestId('import-restart').click();
    await uploadInDialog(page, '单位导入-已修正.xlsx', fixed.buffer);
    const preview = page.getByTestId('import-preview');
    await preview.waitFor({ timeout: 60_000 });
    await expectText(preview, importedNames[0]!);
    await journey.screenshot('04-import-preview');
    await page.getByTestId('import-commit').click();
    await expectText(page.getByRole('dialog'), '导入成功', 60_000);
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /完\s*成/ })
      .click();

    // The new units show in the (still expanded) tree under the 苏木.
    for (const name of importedNames) await treeNode(page, name).waitFor();
    await page.locator(`[data-unit-name="${importedNames[0]}"]`).click();
    await expectExactText(page.getByTestId('unit-title'), importedNames[0]!);
    await journey.screenshot('05-tree-after-import');

    // The audit administrator sees the creations in the audit log.
    await logout(page);
    await loginAs(page, 'auditadmin');
    await page.getByRole('menuitem', { name: /审计日志/ }).click();
    await page.waitForURL(/\/audit/);
    await page.getByTestId('audit-keyword').fill(createdName);
    await page.getByRole('button', { name: /查\s*询/ }).click();
    const table = page.getByTestId('audit-table');
    await expectText(table.locator('tbody tr.ant-table-row').first(), '新建');
    await table.locator('tbody tr.ant-table-row').first().locator('.ant-table-row-expand-icon').click();
    await expectText(page.getByTestId('audit-diff'), createdName);
    await page.getByTestId('audit-keyword').fill(importedNames[1]!);
    await page.getByRole('button', { name: /查\s*询/ }).click();
    await expectText(table.locator('tbody tr.ant-table-row').first(), '导入');
    await page.getByTestId('audit-verify').click();
    await page.getByTestId('audit-verify-result').waitFor();
    await journey.screenshot('06-audit');

    // English is downloaded when chosen, kept after a reload, and Chinese comes back.
    await page.getByTestId('language-switch').click();
    await page.getByRole('menuitem', { name: 'English' }).click();
    await expectText(page.getByTestId('language-switch'), 'English');
    await page.getByRole('menuitem', { name: 'Organisation' }).waitFor();
    await page.reload();
    await page.getByRole('menuitem', { name: 'Organisation' }).waitFor();
    await page.getByTestId('language-switch').click();
    await page.getByRole('menuitem', { name: '简体中文' }).click();
    await page.getByRole('menuitem', { name: /审计日志/ }).waitFor();

    expect(journey.problems.filter((problem) => problem.startsWith('pageerror'))).toEqual([]);
  }, 300_000);
});
