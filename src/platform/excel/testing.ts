// Test support for the Excel framework: a small import definition over a scratch table, actors and
// workbooks built in memory. Used by the tests beside this file only.
import { randomBytes, randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { type Actor, buildActor } from '../auth/actor';
import type { Permission } from '../auth/permissions';
import { createFieldCipher } from '../crypto';
import type { Database } from '../db';
import { defineImport, type ImportContext, type ImportError } from './definition';

/** Knobs a test turns to make the test import slow or failing at a chosen point. */
export const namesImportControls = {
  /** The commit throws when it reaches this Excel row. */
  failOnRow: null as number | null,
  /** validate pauses after reporting this many rows until `resume` resolves. */
  pauseValidateAt: null as number | null,
  /** commit pauses after reporting this many rows until `resume` resolves. */
  pauseCommitAt: null as number | null,
  resume: Promise.resolve(),
  reset() {
    this.failOnRow = null;
    this.pauseValidateAt = null;
    this.pauseCommitAt = null;
    this.resume = Promise.resolve();
  },
};

/** Creates the scratch table the test import writes to. */
export async function createNamesTable(database: Database): Promise<void> {
  await database.query(
    'create table if not exists excel_test_names (name text primary key, birth_date text, note text)',
  );
}

/** A list of names: unique in the file and in the table, committed row by row into excel_test_names. */
export const namesImport = defineImport({
  kind: 'test.names',
  title: '名单导入',
  permission: 'orgs.write',
  maxRows: 50,
  columns: [
    {
      key: 'name',
      header: '姓名',
      required: true,
      example: '张三',
      schema: z.string().max(10, '不能超过 10 个字'),
    },
    { key: 'birthDate', header: '出生日期', type: 'date', example: '1990-01-01', note: '如 1990-01-01' },
    { key: 'note', header: '备注', width: 30 },
  ],
  async validate(ctx, rows, report) {
    // Both drivers answer execute() with { rows }.
    const existing = (await ctx.db.execute(sql`select name from excel_test_names`)) as unknown as {
      rows: Array<{ name: string }>;
    };
    const taken = new Map<string, number>(existing.rows.map((r) => [r.name, 0]));
    const errors: ImportError[] = [];
    for (const [index, row] of rows.entries()) {
      const first = taken.get(row.values.name);
      if (first === 0)
        errors.push({ row: row.row, field: '姓名', message: `“${row.values.name}”已存在，请勿重复导入` });
      else if (first)
        errors.push({ row: row.row, field: '姓名', message: `与第 ${first} 行重复，请删除其中一行` });
      else taken.set(row.values.name, row.row);
      report(index + 1);
      if (namesImportControls.pauseValidateAt === index + 1) await namesImportControls.resume;
    }
    return errors;
  },
  async commit(tx, _ctx, rows, report) {
    for (const [index, row] of rows.entries()) {
      if (namesImportControls.failOnRow === row.row) throw new Error(`test failure at row ${row.row}`);
      await tx.execute(
        sql`insert into excel_test_names (name, birth_date, note) values (${row.values.name}, ${row.values.birthDate || null}, ${row.values.note || null})`,
      );
      report(index + 1);
      if (namesImportControls.pauseCommitAt === index + 1) await namesImportControls.resume;
    }
    return { created: rows.length, updated: 0 };
  },
});

/** A fake logged-in actor holding the given permissions at one unit path. */
export function testActor(permissions: Permission[] = ['orgs.write'], unitPath = '/root/'): Actor {
  return buildActor({
    userId: randomUUID(),
    username: `u${randomBytes(3).toString('hex')}`,
    displayName: '测试用户',
    sessionId: randomUUID(),
    csrfToken: 'csrf',
    ip: '127.0.0.1',
    mustChangePassword: false,
    activeAssignmentId: null,
    assignments: [
      {
        id: randomUUID(),
        roleKey: 'orgStaff',
        roleName: '组织部干部',
        unitId: randomUUID(),
        unitName: '测试旗',
        unitPath,
        permissions,
      },
    ],
  });
}

/** The use-case context of a fake actor over a test database. */
export function testContext(database: Database, actor: Actor = testActor()): ImportContext {
  const cipher = createFieldCipher({
    encryptionKey: randomBytes(16),
    macKey: randomBytes(32),
    indexKey: randomBytes(32),
  });
  return { db: database.db, actor, scope: actor.scopeFor('orgs.write'), cipher };
}

/** An .xlsx file with one sheet holding exactly these rows (first row = header). */
export async function workbookOf(rows: ExcelJS.CellValue[][], sheetName = 'Sheet1'): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
