import { PassThrough } from 'node:stream';
import type ExcelJS from 'exceljs';
import { loadExcelJs } from './exceljs';
import type { FastifyReply } from 'fastify';
import { sheetNameOf } from './template';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface ExportColumn {
  key: string;
  header: string;
  width?: number;
}

export interface SendXlsxOptions {
  /** Download name shown to the user, e.g. '组织架构.xlsx'. */
  fileName: string;
  sheetName: string;
  columns: readonly ExportColumn[];
  rows: Iterable<Record<string, unknown>> | AsyncIterable<Record<string, unknown>>;
}

/**
 * Streams rows to the client as an .xlsx download (bold frozen header), row by row, so large lists
 * never sit in memory as a workbook. Use it from a list route with the list's own filters and scope:
 *
 *   r.get('/api/orgs/export', { config: { permission: 'orgs.read' }, schema: { querystring } },
 *     async (request, reply) => sendXlsx(reply, {
 *       fileName: '组织架构.xlsx', sheetName: '组织架构',
 *       columns: [{ key: 'name', header: '单位名称', width: 24 }],
 *       rows: listUnits(contextOf(request), request.query),   // array, generator or async generator
 *     }));
 *
 * Strings, numbers, booleans and Dates are written as such; null/undefined as empty cells.
 */
export async function sendXlsx(reply: FastifyReply, options: SendXlsxOptions): Promise<FastifyReply> {
  const excel = await loadExcelJs();
  const stream = new PassThrough();
  const workbook = new excel.stream.xlsx.WorkbookWriter({
    stream,
    useStyles: true,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet(sheetNameOf(options.sheetName), {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  sheet.columns = options.columns.map((c) => ({ key: c.key, header: c.header, width: c.width ?? 16 }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.commit();

  reply.header('content-type', XLSX_TYPE);
  reply.header('content-disposition', contentDisposition(options.fileName));
  reply.header('cache-control', 'no-store');
  reply.send(stream);
  try {
    for await (const row of options.rows) {
      sheet.addRow(options.columns.map((c) => cellValue(row[c.key]))).commit();
    }
    sheet.commit();
    await workbook.commit();
  } catch (error) {
    // Headers are already sent: cut the download short so the client sees a failed transfer, not a bad file.
    reply.log.error({ err: error }, 'xlsx export failed');
    stream.destroy(error as Error);
  }
  return reply;
}

function cellValue(value: unknown): ExcelJS.CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value;
  return String(value);
}

/** A Content-Disposition header for a download with a Chinese file name (RFC 6266 / 5987). */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** Sends an in-memory .xlsx file as a download. */
export function sendXlsxBuffer(reply: FastifyReply, fileName: string, buffer: Buffer): FastifyReply {
  return reply
    .header('content-type', XLSX_TYPE)
    .header('content-disposition', contentDisposition(fileName))
    .header('cache-control', 'no-store')
    .send(buffer);
}
