import type ExcelJS from 'exceljs';
import { loadExcelJs } from './exceljs';
import type { ImportDefinition } from './definition';

/** Name of the instructions sheet; the parser never reads it as data. */
export const INSTRUCTIONS_SHEET = '填写说明';
/** Hidden sheet holding drop-down lists too long for an inline list. */
export const OPTIONS_SHEET = '选项';

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
const RED = { argb: 'FFFF0000' };
const GREY = { argb: 'FF808080' };
/** Rows that get drop-down lists and text format; enough for any realistic hand-filled sheet. */
const PREPARED_ROWS = 5000;

/** Builds the .xlsx template of an import: header, notes, a grey example row, drop-downs and instructions. */
export async function buildTemplate(
  def: ImportDefinition,
  options: { maxRows?: number } = {},
): Promise<Buffer> {
  const excel = await loadExcelJs();
  const workbook = new excel.Workbook();
  workbook.creator = 'Jiceng';
  const sheet = workbook.addWorksheet(sheetNameOf(def.title), { views: [{ state: 'frozen', ySplit: 1 }] });

  def.columns.forEach((column, index) => {
    const col = sheet.getColumn(index + 1);
    col.width = column.width ?? Math.max(12, column.header.length * 2 + 4);
    // Text format stops Excel turning long numbers (ID numbers, codes) into 1.52E+17.
    if (column.type !== 'date') col.numFmt = '@';
    else col.numFmt = 'yyyy-mm-dd';

    const cell = sheet.getCell(1, index + 1);
    cell.value = column.required
      ? {
          richText: [
            { text: '*', font: { bold: true, color: RED } },
            { text: column.header, font: { bold: true } },
          ],
        }
      : column.header;
    cell.font = { bold: true };
    cell.fill = HEADER_FILL;
    cell.alignment = { vertical: 'middle', horizontal: 'center' };
    const note = noteOf(column);
    if (note) cell.note = note;

    const example = sheet.getCell(2, index + 1);
    example.value = column.example ?? '';
    example.font = { italic: true, color: GREY };
    example.numFmt = '@';
  });
  sheet.getRow(1).height = 22;

  addDropDowns(workbook, sheet, def);
  addInstructions(workbook, def, options.maxRows ?? def.maxRows);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function noteOf(column: ImportDefinition['columns'][number]): string {
  const parts = [column.required ? '必填' : '选填'];
  if (column.type === 'date') parts.push('日期格式：2024-01-05');
  if (column.note) parts.push(column.note);
  if (column.options && column.options.join('、').length <= 120)
    parts.push(`可选：${column.options.join('、')}`);
  else if (column.options) parts.push('请从下拉列表中选择');
  return parts.join('；');
}

function addDropDowns(workbook: ExcelJS.Workbook, sheet: ExcelJS.Worksheet, def: ImportDefinition): void {
  let listSheet: ExcelJS.Worksheet | undefined;
  def.columns.forEach((column, index) => {
    if (!column.options?.length) return;
    const inline = `"${column.options.join(',')}"`;
    let formula = inline;
    // Excel refuses inline lists over 255 characters or containing commas; those go to a hidden sheet.
    if (inline.length > 255 || column.options.some((o) => o.includes(','))) {
      listSheet ??= workbook.addWorksheet(OPTIONS_SHEET, { state: 'veryHidden' });
      const listColumn = listSheet.getColumn(index + 1);
      column.options.forEach((option, i) => {
        listSheet!.getCell(i + 1, index + 1).value = option;
      });
      formula = `'${OPTIONS_SHEET}'!$${listColumn.letter}$1:$${listColumn.letter}$${column.options.length}`;
    }
    const letter = sheet.getColumn(index + 1).letter;
    // exceljs implements range data validations but its typings omit `dataValidations`.
    (
      sheet as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }
    ).dataValidations.add(`${letter}2:${letter}${PREPARED_ROWS}`, {
      type: 'list',
      allowBlank: true,
      formulae: [formula],
      showErrorMessage: true,
      errorStyle: 'stop',
      errorTitle: '输入值无效',
      error: `“${column.header}”请从下拉列表中选择`,
    });
  });
}

function addInstructions(
  workbook: ExcelJS.Workbook,
  def: ImportDefinition,
  maxRows: number | undefined,
): void {
  const sheet = workbook.addWorksheet(INSTRUCTIONS_SHEET);
  sheet.columns = [
    { key: 'header', width: 22 },
    { key: 'required', width: 10 },
    { key: 'note', width: 60 },
    { key: 'example', width: 24 },
  ];
  const rules = [
    `${def.title}填写说明`,
    `1. 请在“${sheetNameOf(def.title)}”工作表中填写，第一行为表头，请勿修改或删除表头；列的顺序可以调整。`,
    '2. 表头带红色星号（*）的列为必填列。',
    '3. 第二行灰色斜体为示例，可以保留，导入时会自动跳过；也可以直接覆盖为真实数据。',
    '4. 上传后系统先校验全部数据：只要有一处错误就不会写入任何数据，请按提示的行号和列名修改后重新上传。',
    '5. 全部校验通过后可预览，确认后一次性导入；导入失败时不会写入任何数据。',
    maxRows ? `6. 每个文件最多 ${maxRows} 行，超过请拆分后分批导入。` : '',
  ].filter(Boolean);
  for (const line of rules) sheet.addRow([line]);
  sheet.getRow(1).font = { bold: true, size: 14 };
  sheet.addRow([]);
  const head = sheet.addRow(['列名', '是否必填', '填写要求', '示例']);
  head.font = { bold: true };
  head.eachCell((cell) => {
    cell.fill = HEADER_FILL;
  });
  for (const column of def.columns) {
    const row = sheet.addRow([
      column.header,
      column.required ? '必填' : '选填',
      noteOf(column),
      column.example ?? '',
    ]);
    row.getCell(3).alignment = { wrapText: true, vertical: 'top' };
    if (column.options && column.options.join('、').length > 120) {
      row.getCell(3).value = `${noteOf(column)}（可选值：${column.options.join('、')}）`;
    }
  }
}

/** An Excel-safe sheet name: no []:*?/\ and at most 31 characters. */
export function sheetNameOf(title: string): string {
  return title.replace(/[[\]:*?/\\]/g, '').slice(0, 31) || 'Sheet1';
}
