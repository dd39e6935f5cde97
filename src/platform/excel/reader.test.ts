// The import reader on files the streaming zip reader cannot follow: a valid workbook whose worksheet
// entry comes before workbook.xml (as some writers store it, and as made here) must read the same as the
// original, and a file that is no workbook at all stays unreadable. And on large files of Chinese text,
// whose characters straddle the chunks the zip entries are decompressed in.
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { readRows } from './reader';
import { namesImport, workbookOf } from './testing';

const HEADER = ['姓名', '出生日期', '备注'];
const rows = [HEADER, ['李四', '1990-02-03', ''], ['', '', ''], ['王五', '', '备注']];

/** The same workbook with the worksheet stored before xl/workbook.xml but after the rels and strings. */
async function reordered(buffer: Buffer): Promise<Buffer> {
  const source = await JSZip.loadAsync(buffer);
  const names = Object.keys(source.files).filter((name) => !source.files[name]!.dir);
  const first = ['[Content_Types].xml', '_rels/.rels', 'xl/_rels/workbook.xml.rels', 'xl/sharedStrings.xml'];
  const order = [
    ...first.filter((name) => names.includes(name)),
    'xl/worksheets/sheet1.xml',
    ...names.filter((name) => !first.includes(name) && name !== 'xl/worksheets/sheet1.xml'),
  ];
  const target = new JSZip();
  for (const name of order) target.file(name, await source.files[name]!.async('uint8array'));
  return target.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** Thousands of distinct Chinese names and notes: far more text than one decompressed chunk (16 KB). */
const longRows = Array.from({ length: 3000 }, (_, i) => [
  `名${'赵钱孙李周吴郑王'[i % 8]}${i}`,
  '',
  `嘎查${i}号牧户，草场承包与补贴核对无误。`,
]);

/** A workbook with its text written inline in the worksheet instead of in the shared strings. */
async function inlineWorkbookOf(rows: string[][]): Promise<Buffer> {
  const stream = new (await import('node:stream')).PassThrough();
  const parts: Buffer[] = [];
  stream.on('data', (part: Buffer) => parts.push(part));
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useSharedStrings: false });
  const sheet = writer.addWorksheet('Sheet1');
  for (const row of rows) sheet.addRow(row).commit();
  sheet.commit();
  await writer.commit();
  return Buffer.concat(parts);
}

describe('readRows', () => {
  it('reads every Chinese character of a large file whole, from shared strings and from inline text', async () => {
    const expected = longRows.map(([name, , note]) => ({ name, note }));
    for (const file of [
      await workbookOf([HEADER, ...longRows]),
      await inlineWorkbookOf([HEADER, ...longRows]),
    ]) {
      const read = await readRows({
        input: Readable.from([file]),
        columns: namesImport.columns,
        maxRows: 5000,
      });
      const got = read.map((r) => ({ name: r.values.name, note: r.values.note }));
      expect(got.filter((row) => `${row.name}${row.note}`.includes('\uFFFD'))).toEqual([]);
      expect(got).toEqual(expected);
    }
  });

  it('reads a workbook the streaming reader fails on through the zip directory instead', async () => {
    const original = await workbookOf(rows);
    const expected = await readRows({ input: original, columns: namesImport.columns, maxRows: 50 });
    expect(expected.map((r) => r.values.name)).toEqual(['李四', '王五']);

    const odd = await reordered(original);
    // As a stream (no second chance) the reader gives up on it: this is the case being guarded.
    await expect(
      readRows({ input: Readable.from([odd]), columns: namesImport.columns, maxRows: 50 }),
    ).rejects.toMatchObject({ code: 'IMPORT_BAD_FILE' });
    expect(await readRows({ input: odd, columns: namesImport.columns, maxRows: 50 })).toEqual(expected);
  });

  it('keeps the row limit and the empty-file message on the second reading', async () => {
    const many = await reordered(
      await workbookOf([HEADER, ...Array.from({ length: 5 }, (_, i) => [`人${i}`])]),
    );
    await expect(readRows({ input: many, columns: namesImport.columns, maxRows: 3 })).rejects.toMatchObject({
      code: 'IMPORT_TOO_LARGE',
    });
    const empty = await reordered(await workbookOf([HEADER]));
    await expect(readRows({ input: empty, columns: namesImport.columns, maxRows: 3 })).rejects.toMatchObject({
      code: 'IMPORT_EMPTY',
    });
  });

  it('still calls a file that is no workbook unreadable', async () => {
    const error = await readRows({
      input: Buffer.from('姓名,备注\n李四,'),
      columns: namesImport.columns,
      maxRows: 50,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('IMPORT_BAD_FILE');
  });
});
