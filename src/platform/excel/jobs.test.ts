import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/support/database';
import { auditLog } from '../audit/schema';
import type { Database } from '../db';
import { AppError } from '../errors';
import type { ImportContext } from './definition';
import { registerImport } from './definition';
import { commitImport, getImportJob, getImportPreview, startImport, waitForImport } from './jobs';
import { importJobs } from './schema';
import { buildTemplate } from './template';
import {
  createNamesTable,
  namesImport,
  namesImportControls,
  testActor,
  testContext,
  workbookOf,
} from './testing';

let database: Database;
let ctx: ImportContext;

beforeAll(async () => {
  database = await createTestDatabase();
  await createNamesTable(database);
  registerImport(namesImport);
});
afterAll(async () => database.close());
beforeEach(async () => {
  ctx = testContext(database);
  await database.query('delete from excel_test_names');
});
afterEach(() => namesImportControls.reset());

const HEADER = ['姓名', '出生日期', '备注'];

async function upload(rows: unknown[][], context = ctx) {
  const buffer = await workbookOf(rows as never);
  const job = await startImport({ ctx: context, def: namesImport, fileName: '名单.xlsx', buffer });
  await waitForImport(job.id);
  return { started: job, job: await getImportJob({ ctx: context, jobId: job.id }) };
}

async function namesInTable(): Promise<string[]> {
  const rows = await database.query<{ name: string }>('select name from excel_test_names order by name');
  return rows.map((r) => r.name);
}

async function expectAppError(promise: Promise<unknown>, code: string) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
}

describe('uploading a file', () => {
  it('answers at once with a validating job, then lists nothing wrong for a clean file', async () => {
    const { started, job } = await upload([HEADER, ['李四', '1990-02-03', ''], ['王五', '', '备注']]);
    expect(started.status).toBe('validating');
    expect(job).toMatchObject({ status: 'ready', totalRows: 2, validRows: 2, processedRows: 2, errors: [] });
    const [stored] = await database.db.select().from(importJobs).where(eq(importJobs.id, job.id));
    expect(stored).toMatchObject({
      userId: ctx.actor.userId,
      scope: ['/root/'],
      kind: 'test.names',
      fileName: '名单.xlsx',
    });
  });

  it('fails with the missing column named when a required header is absent', async () => {
    const { job } = await upload([
      ['名字', '出生日期'],
      ['李四', '1990-02-03'],
    ]);
    expect(job.status).toBe('failed');
    expect(job.message).toBe('表头与模板不一致：缺少列“姓名”，请下载最新模板填写');
  });

  it('fails as empty when the file has a header but no data rows', async () => {
    const { job } = await upload([HEADER]);
    expect(job.status).toBe('failed');
    expect(job.message).toBe('文件中没有数据行，请填写后重新上传');
    expect((await upload([])).job.message).toBe('文件中没有数据行，请填写后重新上传');
  });

  it('fails as unreadable when the file is not a workbook', async () => {
    const job = await startImport({
      ctx,
      def: namesImport,
      fileName: 'x.xlsx',
      buffer: Buffer.from('姓名,备注\n李四,'),
    });
    await waitForImport(job.id);
    const result = await getImportJob({ ctx, jobId: job.id });
    expect(result.status).toBe('failed');
    expect(result.message).toContain('无法读取该文件');
  });

  it('fails as too large above the row limit', async () => {
    const rows = Array.from({ length: 51 }, (_, i) => [`人${i}`]);
    const { job } = await upload([HEADER, ...rows]);
    expect(job.status).toBe('failed');
    expect(job.message).toBe('文件过大：最多 50 行，请拆分后分批导入');
  });

  it('reports every bad row with its Excel row number and a Chinese message, and writes nothing', async () => {
    const { job } = await upload([
      HEADER,
      ['李四', '1990-02-03', ''],
      ['', '1990-02-03', '没填姓名'],
      ['王五', '1990-13-01', ''],
      ['李四', '', '重复'],
    ]);
    expect(job.status, JSON.stringify(job)).toBe('invalid');
    expect(job.errors).toEqual([
      { row: 3, field: '姓名', message: '必填，请填写' },
      { row: 4, field: '出生日期', message: '日期“1990-13-01”格式不正确，请填写如 2024-01-05 的日期' },
      { row: 5, field: '姓名', message: '与第 2 行重复，请删除其中一行' },
    ]);
    expect(job).toMatchObject({ totalRows: 4, validRows: 1 });
    expect(job.message).toContain('共发现 3 处错误');
    expect(await namesInTable()).toEqual([]);
    expect((await getImportPreview({ ctx, jobId: job.id, page: 1, pageSize: 20 })).total).toBe(0);
  });

  it('checks the column schema and reports clashes with existing data', async () => {
    await database.query(`insert into excel_test_names (name) values ('赵六')`);
    const { job } = await upload([HEADER, ['赵六'], ['一二三四五六七八九十十一']]);
    expect(job.errors).toEqual([
      { row: 2, field: '姓名', message: '“赵六”已存在，请勿重复导入' },
      { row: 3, field: '姓名', message: '不能超过 10 个字' },
    ]);
  });

  it('maps headers in any order, accepts marked headers and normalises dates', async () => {
    const { job } = await upload([
      ['备注', '*姓名（必填）', '出生日期'],
      ['甲', '李四', new Date(Date.UTC(1990, 1, 3))],
      ['', '王五', '1991/4/5'],
      ['', '钱七', '1992年6月7日'],
    ]);
    expect(job.status).toBe('ready');
    const preview = await getImportPreview({ ctx, jobId: job.id, page: 1, pageSize: 2 });
    expect(preview).toEqual({
      total: 3,
      page: 1,
      pageSize: 2,
      items: [
        { row: 2, values: { name: '李四', birthDate: '1990-02-03', note: '甲' } },
        { row: 3, values: { name: '王五', birthDate: '1991-04-05', note: '' } },
      ],
    });
    const second = await getImportPreview({ ctx, jobId: job.id, page: 2, pageSize: 2 });
    expect(second.items.map((r) => r.row)).toEqual([4]);
    expect((await getImportPreview({ ctx, jobId: job.id, page: 9, pageSize: 2 })).items).toEqual([]);
  });

  it('skips the example row of the template when the user leaves it in', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await buildTemplate(namesImport)) as never);
    workbook.getWorksheet('名单导入')!.addRow(['李四', '1990-02-03', '']);
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
    const job = await startImport({ ctx, def: namesImport, fileName: '名单导入模板.xlsx', buffer });
    await waitForImport(job.id);
    const result = await getImportJob({ ctx, jobId: job.id });
    expect(result).toMatchObject({ status: 'ready', totalRows: 1 });
    const preview = await getImportPreview({ ctx, jobId: job.id, page: 1, pageSize: 20 });
    expect(preview.items).toEqual([{ row: 3, values: { name: '李四', birthDate: '1990-02-03', note: '' } }]);
  });

  it('caps the stored errors and says how many are not listed', async () => {
    const def = { ...namesImport, kind: 'test.names.many', maxRows: 2000 };
    registerImport(def);
    const buffer = await workbookOf([HEADER, ...Array.from({ length: 1200 }, () => ['', 'x'])]);
    const job = await startImport({ ctx, def, fileName: 'many.xlsx', buffer });
    await waitForImport(job.id);
    const result = await getImportJob({ ctx, jobId: job.id });
    expect(result.status).toBe('invalid');
    expect(result.errors).toHaveLength(1000);
    expect(result.errors[0]).toEqual({ row: 2, field: '姓名', message: '必填，请填写' });
    expect(result.message).toContain('共发现 2400 处错误');
    expect(result.message).toContain('另有 1400 处错误未列出');
  });

  it('shows validation progress while the checks run', async () => {
    let resume!: () => void;
    namesImportControls.pauseValidateAt = 2;
    namesImportControls.resume = new Promise((resolve) => {
      resume = resolve;
    });
    const buffer = await workbookOf([HEADER, ['甲'], ['乙'], ['丙'], ['丁']]);
    const job = await startImport({ ctx, def: namesImport, fileName: 'p.xlsx', buffer });
    const seen = await pollUntil(async () => {
      const current = await getImportJob({ ctx, jobId: job.id });
      return current.processedRows === 2 ? current : null;
    });
    expect(seen).toMatchObject({
      status: 'validating',
      totalRows: 4,
      processedRows: 2,
      message: '正在校验数据',
    });
    resume();
    await waitForImport(job.id);
    expect((await getImportJob({ ctx, jobId: job.id })).processedRows).toBe(4);
  });
});

describe('committing', () => {
  it('writes every row and one audit row in one transaction, then reports what was imported', async () => {
    const { job } = await upload([HEADER, ['李四', '1990-02-03', ''], ['王五', '', '']]);
    const committing = await commitImport({ ctx, jobId: job.id });
    expect(committing.status).toBe('committing');
    await waitForImport(job.id);
    const done = await getImportJob({ ctx, jobId: job.id });
    expect(done).toMatchObject({
      status: 'done',
      processedRows: 2,
      message: '已导入 2 行（新增 2 条，更新 0 条）',
    });
    expect(await namesInTable()).toEqual(['李四', '王五']);
    const audit = await database.db.select().from(auditLog).where(eq(auditLog.entityId, job.id));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      entity: 'import',
      action: 'import.commit',
      actorId: ctx.actor.userId,
      after: { kind: 'test.names', fileName: '名单.xlsx', created: 2, updated: 0 },
    });
    // The imported data is not kept twice.
    expect((await getImportPreview({ ctx, jobId: job.id, page: 1, pageSize: 20 })).total).toBe(0);
  });

  it('writes nothing when the commit fails on the last row', async () => {
    const { job } = await upload([HEADER, ['甲'], ['乙'], ['丙']]);
    namesImportControls.failOnRow = 4;
    await commitImport({ ctx, jobId: job.id });
    await waitForImport(job.id);
    const failed = await getImportJob({ ctx, jobId: job.id });
    expect(failed.status).toBe('failed');
    expect(failed.message).toMatch(/^导入失败，未写入任何数据：/);
    expect(await namesInTable()).toEqual([]);
    const audit = await database.db.select().from(auditLog).where(eq(auditLog.entityId, job.id));
    expect(audit).toEqual([]);
  });

  it('re-validates before writing and stops when the data changed since the preview', async () => {
    const { job } = await upload([HEADER, ['甲'], ['乙']]);
    await database.query(`insert into excel_test_names (name) values ('乙')`);
    await commitImport({ ctx, jobId: job.id });
    await waitForImport(job.id);
    const result = await getImportJob({ ctx, jobId: job.id });
    expect(result.status).toBe('invalid');
    expect(result.errors).toEqual([{ row: 3, field: '姓名', message: '“乙”已存在，请勿重复导入' }]);
    expect(result.message).toContain('数据在预览后发生了变化');
    expect(await namesInTable()).toEqual(['乙']);
  });

  it('shows commit progress from memory while the transaction runs', async () => {
    const { job } = await upload([HEADER, ['甲'], ['乙'], ['丙']]);
    let resume!: () => void;
    namesImportControls.pauseCommitAt = 2;
    namesImportControls.resume = new Promise((resolve) => {
      resume = resolve;
    });
    await commitImport({ ctx, jobId: job.id });
    const seen = await pollUntil(async () => {
      const current = await getImportJob({ ctx, jobId: job.id });
      return current.processedRows === 2 && current.message === '正在写入数据' ? current : null;
    });
    expect(seen.status).toBe('committing');
    resume();
    await waitForImport(job.id);
    expect(await getImportJob({ ctx, jobId: job.id })).toMatchObject({ status: 'done', processedRows: 3 });
  });

  it('refuses a job that is not ready, and a second commit of the same job', async () => {
    const { job: invalid } = await upload([HEADER, ['']]);
    await expectAppError(commitImport({ ctx, jobId: invalid.id }), 'IMPORT_NOT_READY');
    const { job } = await upload([HEADER, ['甲']]);
    await commitImport({ ctx, jobId: job.id });
    await waitForImport(job.id);
    const again = await commitImport({ ctx, jobId: job.id }).catch((e: AppError) => e);
    expect(again).toBeInstanceOf(AppError);
    expect((again as AppError).params).toEqual({ status: '已完成' });
  });
});

describe('who may see a job', () => {
  it('hides a job from another user, as if it did not exist', async () => {
    const { job } = await upload([HEADER, ['甲']]);
    const other = testContext(database);
    await expectAppError(getImportJob({ ctx: other, jobId: job.id }), 'IMPORT_NOT_FOUND');
    await expectAppError(
      getImportPreview({ ctx: other, jobId: job.id, page: 1, pageSize: 20 }),
      'IMPORT_NOT_FOUND',
    );
    await expectAppError(commitImport({ ctx: other, jobId: job.id }), 'IMPORT_NOT_FOUND');
    expect((await getImportJob({ ctx, jobId: job.id })).status).toBe('ready');
  });

  it('refuses the owner once they no longer hold the import permission', async () => {
    const { job } = await upload([HEADER, ['甲']]);
    const demoted = testActor(['orgs.read']);
    const sameUser = { ...demoted, userId: ctx.actor.userId };
    await expectAppError(commitImport({ ctx: { ...ctx, actor: sameUser }, jobId: job.id }), 'FORBIDDEN');
    expect(await namesInTable()).toEqual([]);
  });

  it('commits within the scope validated at upload even if the actor now reaches further', async () => {
    const seen: string[][] = [];
    const def = {
      ...namesImport,
      kind: 'test.names.scope',
      async validate(c: ImportContext) {
        seen.push([...c.scope.paths]);
        return [];
      },
      async commit() {
        return { created: 0, updated: 0 };
      },
    };
    registerImport(def);
    const narrow = testContext(database, testActor(['orgs.write'], '/root/a/'));
    const job = await startImport({
      ctx: narrow,
      def,
      fileName: 's.xlsx',
      buffer: await workbookOf([HEADER, ['甲']]),
    });
    await waitForImport(job.id);
    const wider = { ...testActor(['orgs.write'], '/root/'), userId: narrow.actor.userId };
    await commitImport({
      ctx: { ...narrow, actor: wider, scope: wider.scopeFor('orgs.write') },
      jobId: job.id,
    });
    await waitForImport(job.id);
    expect(seen).toEqual([['/root/a/'], ['/root/a/']]);
  });
});

async function pollUntil<T>(probe: () => Promise<T | null>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('condition not reached in time');
}
