import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { defineImport } from './definition';
import { cellText, checkCells, normalizeDate, readRows } from './reader';
import { buildTemplate, INSTRUCTIONS_SHEET, OPTIONS_SHEET } from './template';
import { namesImport, workbookOf } from './testing';

async function load(buffer: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as never);
  return workbook;
}

const typesImport = defineImport({
  kind: 'test.types',
  title: '类型导入',
  permission: 'orgs.write',
  columns: [
    { key: 'name', header: '名称', required: true },
    { key: 'type', header: '类型', required: true, options: ['党支部', '党总支'], example: '党支部' },
    { key: 'long', header: '长列表', options: Array.from({ length: 40 }, (_, i) => `很长的选项名称${i}`) },
  ],
  validate: async () => [],
  commit: async () => ({ created: 0, updated: 0 }),
});

describe('the template', () => {
  it('has a bold header with required columns marked, notes, widths and a grey italic example row', async () => {
    const workbook = await load(await buildTemplate(namesImport, { maxRows: 5000 }));
    const sheet = workbook.getWorksheet('名单导入')!;
    const name = sheet.getCell('A1');
    expect(name.value).toEqual({
      richText: [
        expect.objectContaining({
          text: '*',
          font: expect.objectContaining({ color: { argb: 'FFFF0000' } }),
        }),
        expect.objectContaining({ text: '姓名' }),
      ],
    });
    expect(sheet.getCell('B1').value).toBe('出生日期');
    expect(sheet.getCell('B1').font.bold).toBe(true);
    expect(sheet.getCell('B1').note).toBe('选填；日期格式：2024-01-05；如 1990-01-01');
    expect(sheet.getColumn(3).width).toBe(30);
    expect(sheet.getCell('A2').value).toBe('张三');
    expect(sheet.getCell('A2').font).toMatchObject({ italic: true, color: { argb: 'FF808080' } });
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  });

  it('explains the rules on a second sheet', async () => {
    const workbook = await load(await buildTemplate(namesImport, { maxRows: 5000 }));
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['名单导入', INSTRUCTIONS_SHEET]);
    const text = workbook
      .getWorksheet(INSTRUCTIONS_SHEET)!
      .getSheetValues()
      .flat()
      .filter((v) => typeof v === 'string')
      .join('\n');
    expect(text).toContain('红色星号');
    expect(text).toContain('示例');
    expect(text).toContain('最多 5000 行');
    expect(text).toContain('出生日期');
  });

  it('offers drop-down lists, long ones from a hidden sheet', async () => {
    const workbook = await load(await buildTemplate(typesImport));
    const sheet = workbook.getWorksheet('类型导入')!;
    expect(sheet.getCell('B5').dataValidation).toMatchObject({ type: 'list', formulae: ['"党支部,党总支"'] });
    expect(sheet.getCell('C5').dataValidation).toMatchObject({
      type: 'list',
      formulae: [`'${OPTIONS_SHEET}'!$C$1:$C$40`],
    });
    expect(workbook.getWorksheet(OPTIONS_SHEET)!.state).toBe('veryHidden');
  });

  it('reads back as empty when nothing but the example row is filled in', async () => {
    const buffer = await buildTemplate(typesImport);
    await expect(
      readRows({ input: buffer, columns: typesImport.columns, maxRows: 10 }),
    ).rejects.toMatchObject({
      code: 'IMPORT_EMPTY',
    });
  });
});

describe('reading cells', () => {
  it('turns every kind of cell into trimmed text', () => {
    expect(cellText(null)).toBe('');
    expect(cellText('  李四　')).toBe('李四');
    expect(cellText(Number('152222199001011234'))).toBe('152222199001011000'); // why the template formats columns as text
    expect(cellText(0.1 + 0.2)).toBe('0.3');
    expect(cellText(true)).toBe('是');
    expect(cellText({ richText: [{ text: '乌兰' }, { text: '嘎查 ' }] })).toBe('乌兰嘎查');
    expect(cellText({ formula: 'A1&B1', result: '合并' })).toBe('合并');
    expect(cellText({ text: '链接', hyperlink: 'http://x' })).toBe('链接');
    expect(cellText(new Date(Date.UTC(2024, 0, 5)))).toBe('2024-01-05');
    expect(cellText(45296, 'date')).toBe('2024-01-05');
  });

  it('normalises typed dates', () => {
    expect(normalizeDate('2024/1/5')).toBe('2024-01-05');
    expect(normalizeDate('2024.01.05')).toBe('2024-01-05');
    expect(normalizeDate('2024年1月5日')).toBe('2024-01-05');
    expect(normalizeDate('20240105')).toBe('2024-01-05');
    expect(normalizeDate('去年')).toBe('去年');
  });

  it('reads dates, numbers and formulas from a real workbook', async () => {
    const buffer = await workbookOf([
      ['姓名', '出生日期', '备注'],
      ['李四', new Date(Date.UTC(1990, 1, 3)), 42],
      ['王五', '1991-2-3', { formula: '1+1', result: 2 }],
    ]);
    const rows = await readRows({ input: buffer, columns: namesImport.columns, maxRows: 10 });
    expect(rows).toEqual([
      { row: 2, values: { name: '李四', birthDate: '1990-02-03', note: '42' } },
      { row: 3, values: { name: '王五', birthDate: '1991-02-03', note: '2' } },
    ]);
  });

  it('stops reading as soon as the row limit is passed', async () => {
    const buffer = await workbookOf([['姓名'], ['甲'], ['乙'], ['丙']]);
    const error = await readRows({ input: buffer, columns: namesImport.columns, maxRows: 2 }).catch((e) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'IMPORT_TOO_LARGE', params: { max: 2 } });
  });

  it('checks required cells, dates, options and column schemas', () => {
    const errors = checkCells(typesImport.columns, {
      row: 7,
      values: { name: '', type: '党小组', long: '' },
    });
    expect(errors).toEqual([
      { row: 7, field: '名称', message: '必填，请填写' },
      { row: 7, field: '类型', message: '“党小组”不是可选值，请从下拉列表中选择' },
    ]);
    expect(
      checkCells(namesImport.columns, {
        row: 2,
        values: { name: '李四', birthDate: '2023-02-29', note: '' },
      }),
    ).toEqual([
      { row: 2, field: '出生日期', message: '日期“2023-02-29”格式不正确，请填写如 2024-01-05 的日期' },
    ]);
  });
});
