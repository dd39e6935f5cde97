import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type ExcelJS from 'exceljs';
import { loadExcelJs } from './exceljs';
import { AppError } from '../errors';
import type { ImportColumn, ImportError, ParsedRow } from './definition';
import { INSTRUCTIONS_SHEET, OPTIONS_SHEET } from './template';

export interface ReadRowsOptions {
  input: Buffer | Readable;
  columns: readonly ImportColumn[];
  /** More data rows than this → IMPORT_TOO_LARGE (reading stops there). */
  maxRows: number;
  /** Called after each data row with the number read so far. */
  onRow?: (count: number) => void;
}

/**
 * Streams the first data sheet of an .xlsx file into rows keyed by column, matching headers by name.
 * Skips empty rows and the template's example row. Throws AppError IMPORT_BAD_FILE, IMPORT_BAD_HEADER,
 * IMPORT_EMPTY or IMPORT_TOO_LARGE.
 */
export async function readRows(options: ReadRowsOptions): Promise<ParsedRow[]> {
  try {
    return await streamRows(options);
  } catch (error) {
    // The streaming reader walks the zip front to back: it loses its place when compressed bytes happen to
    // look like an entry header ("invalid signature"), and fails when a worksheet comes before
    // workbook.xml. Both depend on the bytes, so about one upload in many failed for no fault of the
    // user's. A file held in memory is read again through the zip's central directory, which has neither
    // problem; only a file that fails that way too is unreadable.
    if (!Buffer.isBuffer(options.input) || !(error instanceof AppError) || error.code !== 'IMPORT_BAD_FILE')
      throw error;
    return loadRows({ ...options, input: options.input }, error);
  }
}

/** Reads the whole workbook through the zip's central directory (non-streaming), for a file in memory. */
async function loadRows(
  { input, columns, maxRows, onRow }: ReadRowsOptions & { input: Buffer },
  streamingError: AppError,
): Promise<ParsedRow[]> {
  const workbook = new (await loadExcelJs()).Workbook();
  try {
    await workbook.xlsx.load(input as unknown as ArrayBuffer);
  } catch {
    throw streamingError;
  }
  const sheet = workbook.worksheets.find((ws) => isDataSheet(ws));
  if (!sheet) throw new AppError('IMPORT_BAD_FILE');
  const rows: ParsedRow[] = [];
  async function* eachRow(): AsyncIterable<ExcelJS.Row> {
    for (let n = 1; n <= sheet!.rowCount; n++) yield sheet!.getRow(n);
  }
  await readSheet(eachRow(), columns, maxRows, rows, onRow);
  if (rows.length === 0) throw new AppError('IMPORT_EMPTY');
  return rows;
}

async function streamRows({ input, columns, maxRows, onRow }: ReadRowsOptions): Promise<ParsedRow[]> {
  const stream = Buffer.isBuffer(input) ? Readable.from([input]) : input;
  const excel = await loadExcelJs();
  const reader = decodeAcrossChunks(
    new excel.stream.xlsx.WorkbookReader(stream, {
      sharedStrings: 'cache',
      styles: 'cache', // needed to tell dates from numbers
      hyperlinks: 'ignore',
      worksheets: 'emit',
      entries: 'ignore',
    }),
  );
  const rows: ParsedRow[] = [];
  let sawDataSheet = false;
  try {
    for await (const worksheet of reader) {
      const sheet = worksheet as unknown as { name?: string; state?: string } & AsyncIterable<ExcelJS.Row>;
      if (sawDataSheet || !isDataSheet(sheet)) {
        // Read a skipped sheet to its end all the same. A sheet that came before the shared strings was
        // parked by exceljs in a temporary file, which it deletes as soon as the next sheet is asked
        // for; a sheet left unread still had its file opening, and the deletion could beat the opening
        // into an uncaught ENOENT (seen once in CI, in excel/jobs.test.ts).
        for await (const _row of sheet) {
          // draining
        }
        continue;
      }
      sawDataSheet = true;
      await readSheet(sheet, columns, maxRows, rows, onRow);
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('IMPORT_BAD_FILE', { cause: error });
  }
  if (!sawDataSheet) throw new AppError('IMPORT_BAD_FILE');
  if (rows.length === 0) throw new AppError('IMPORT_EMPTY');
  return rows;
}

/** The two entry parsers of exceljs's streaming reader that see cell text (not part of its typings). */
interface EntryParsers {
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>;
  _parseWorksheet(chunks: AsyncIterable<Buffer | string>, sheetNo: string): Generator<unknown>;
}

/**
 * exceljs 4.4's streaming reader decodes every decompressed chunk of a sheet or of the shared strings
 * on its own, so a Chinese character whose three UTF-8 bytes straddle two chunks becomes U+FFFD — in a
 * large roster, a few names or organisation paths silently broken (exceljs issues #2063, #2084). Its
 * parser also accepts text, so the two entries that carry cell text are handed to it already decoded,
 * with a decoder that keeps an incomplete character until the next chunk.
 */
function decodeAcrossChunks<T extends object>(reader: T): T {
  const parsers = reader as unknown as EntryParsers;
  const sharedStrings = parsers._parseSharedStrings;
  const worksheet = parsers._parseWorksheet;
  if (typeof sharedStrings !== 'function' || typeof worksheet !== 'function') {
    throw new Error('exceljs streaming reader changed: _parseSharedStrings/_parseWorksheet not found');
  }
  parsers._parseSharedStrings = function (entry) {
    return sharedStrings.call(this, Readable.from(decodedText(entry)));
  };
  parsers._parseWorksheet = function (chunks, sheetNo) {
    return worksheet.call(this, decodedText(chunks), sheetNo);
  };
  return reader;
}

async function* decodedText(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  for await (const chunk of chunks) {
    const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    if (text) yield text;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

function isDataSheet(sheet: { name?: string; state?: string }): boolean {
  if (sheet.state && sheet.state !== 'visible') return false;
  return sheet.name !== INSTRUCTIONS_SHEET && sheet.name !== OPTIONS_SHEET;
}

/** Reads one sheet into `rows`: the first non-empty row is the header. */
async function readSheet(
  sheet: AsyncIterable<ExcelJS.Row>,
  columns: readonly ImportColumn[],
  maxRows: number,
  rows: ParsedRow[],
  onRow: ((count: number) => void) | undefined,
): Promise<void> {
  let positions: Array<{ column: ImportColumn; index: number }> | null = null;
  const example = exampleOf(columns);
  for await (const row of sheet) {
    const cells = row.values as unknown[];
    if (!positions) {
      if (cells.every((v) => cellText(v) === '')) continue;
      positions = mapHeader(cells, columns);
      continue;
    }
    const values: Record<string, string> = {};
    let empty = true;
    for (const { column, index } of positions) {
      const text = index < 0 ? '' : cellText(cells[index], column.type);
      values[column.key] = text;
      if (text !== '') empty = false;
    }
    if (empty || (example && columns.every((c) => values[c.key] === example[c.key]))) continue;
    if (rows.length >= maxRows) throw new AppError('IMPORT_TOO_LARGE', { params: { max: maxRows } });
    rows.push({ row: row.number, values });
    onRow?.(rows.length);
  }
  if (!positions) throw new AppError('IMPORT_EMPTY');
}

/** Finds each column by its header text in any order; a missing required column is IMPORT_BAD_HEADER. */
function mapHeader(cells: unknown[], columns: readonly ImportColumn[]) {
  const found = new Map<string, number>();
  cells.forEach((value, index) => {
    const header = normalizeHeader(cellText(value));
    if (header && !found.has(header)) found.set(header, index);
  });
  const missing = columns.filter((c) => c.required && !found.has(normalizeHeader(c.header)));
  if (missing.length > 0) {
    throw new AppError('IMPORT_BAD_HEADER', {
      params: { column: missing.map((c) => c.header).join('”、“') },
    });
  }
  return columns.map((column) => ({ column, index: found.get(normalizeHeader(column.header)) ?? -1 }));
}

/** Header text without spaces, required marks and "（必填）"-style suffixes. */
export function normalizeHeader(text: string): string {
  return text
    .replace(/\s+/g, '')
    .replace(/[（(](必填|选填|可选)[)）]/g, '')
    .replace(/[*＊]/g, '');
}

function exampleOf(columns: readonly ImportColumn[]): Record<string, string> | null {
  if (!columns.some((c) => c.example)) return null;
  return Object.fromEntries(columns.map((c) => [c.key, (c.example ?? '').trim()]));
}

/** The trimmed text of a cell as the user sees it; dates as YYYY-MM-DD. */
export function cellText(value: unknown, type: ImportColumn['type'] = 'text'): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  if (typeof value === 'number') {
    if (type === 'date' && value > 0 && value < 2958466) return excelSerialToDate(value);
    return String(Number(value.toPrecision(15)));
  }
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'string') return type === 'date' ? normalizeDate(value.trim()) : value.trim();
  if (typeof value === 'object') {
    const v = value as {
      richText?: Array<{ text: string }>;
      result?: unknown;
      text?: unknown;
      error?: string;
    };
    if (v.richText) return cellText(v.richText.map((r) => r.text).join(''), type);
    if ('result' in v) return cellText(v.result, type);
    if ('text' in v) return cellText(v.text, type);
    if (v.error) return v.error;
  }
  return String(value).trim();
}

function excelSerialToDate(serial: number): string {
  return new Date(Math.round((serial - 25569) * 86400) * 1000).toISOString().slice(0, 10);
}

/** Typed dates (2024-1-5, 2024/01/05, 2024.1.5, 2024年1月5日, 20240105) as YYYY-MM-DD; other text unchanged. */
export function normalizeDate(text: string): string {
  const match = /^(\d{4})(?:[-/.年](\d{1,2})[-/.月](\d{1,2})日?|(\d{2})(\d{2}))$/.exec(text);
  if (!match) return text;
  const month = (match[2] ?? match[4])!.padStart(2, '0');
  const day = (match[3] ?? match[5])!.padStart(2, '0');
  return `${match[1]}-${month}-${day}`;
}

/** True for an existing calendar date written as YYYY-MM-DD. */
export function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}

/** The column checks of one row: required cells, dates, drop-down values and the column schema. */
export function checkCells(columns: readonly ImportColumn[], row: ParsedRow): ImportError[] {
  const errors: ImportError[] = [];
  for (const column of columns) {
    const value = row.values[column.key] ?? '';
    const fail = (message: string) => errors.push({ row: row.row, field: column.header, message });
    if (value === '') {
      if (column.required) fail('必填，请填写');
      continue;
    }
    if (column.type === 'date' && !isIsoDate(value)) {
      fail(`日期“${value}”格式不正确，请填写如 2024-01-05 的日期`);
      continue;
    }
    if (column.options && !column.options.includes(value)) {
      fail(`“${value}”不是可选值，请从下拉列表中选择`);
      continue;
    }
    if (column.schema) {
      const result = column.schema.safeParse(value);
      if (!result.success) fail(result.error.issues[0]?.message ?? '格式不正确，请核对后重新填写');
    }
  }
  return errors;
}
