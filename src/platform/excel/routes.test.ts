import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTree, buildUser, loginAs, type Session, type TestContext } from '../../../test/support/app';
import { createTestDatabase } from '../../../test/support/database';
import { authRoutes } from '../auth/routes';
import { seedRoles } from '../bootstrap';
import { createFieldCipher } from '../crypto';
import { buildApp } from '../http/app';
import { sendXlsx } from './export';
import { waitForImport } from './jobs';
import { importRoutes, templateRoute, uploadRoute } from './routes';
import { createNamesTable, namesImport, workbookOf } from './testing';

async function namesModule(app: FastifyInstance): Promise<void> {
  templateRoute(app, { url: '/api/test/names/template', def: namesImport });
  uploadRoute(app, { url: '/api/test/names/import', def: namesImport });
  app.get('/api/test/names/export', { config: { permission: 'orgs.read' } }, async (_request, reply) => {
    async function* rows() {
      yield { name: '李四', born: new Date(Date.UTC(1990, 1, 3)), count: 3 };
      yield { name: '王五', born: null, count: 0 };
    }
    return sendXlsx(reply, {
      fileName: '名单（导出）.xlsx',
      sheetName: '名单',
      columns: [
        { key: 'name', header: '姓名', width: 12 },
        { key: 'born', header: '出生日期' },
        { key: 'count', header: '次数' },
      ],
      rows: rows(),
    });
  });
}

let t: TestContext;
let staff: Session;
let otherStaff: Session;
let leader: Session;

beforeAll(async () => {
  const database = await createTestDatabase();
  await seedRoles(database.db);
  await createNamesTable(database);
  const cipher = createFieldCipher({
    encryptionKey: randomBytes(16),
    macKey: randomBytes(32),
    indexKey: randomBytes(32),
  });
  const app = await buildApp({
    platform: { database, cipher, dataDir: mkdtempSync(path.join(os.tmpdir(), 'jiceng-excel-')) },
    modules: [authRoutes, importRoutes, namesModule],
    serveWeb: false,
  });
  await app.ready();
  t = {
    app: app as never,
    database,
    cipher,
    async close() {
      await app.close();
      await database.close();
    },
  };
  const tree = await buildTree(t);
  await buildUser(t, { username: 'staff', grants: [{ role: 'orgStaff', unit: tree.banner }] });
  await buildUser(t, { username: 'other', grants: [{ role: 'orgStaff', unit: tree.banner }] });
  await buildUser(t, { username: 'leader', grants: [{ role: 'leader', unit: tree.banner }] });
  staff = await loginAs(t, 'staff');
  otherStaff = await loginAs(t, 'other');
  leader = await loginAs(t, 'leader');
});
afterAll(async () => t.close());

function upload(session: Session, fileName: string, content: Buffer, field = 'file') {
  const boundary = `----jiceng${randomBytes(8).toString('hex')}`;
  const head =
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${fileName}"\r\n` +
    'Content-Type: application/octet-stream\r\n\r\n';
  return t.app.inject({
    method: 'POST',
    url: '/api/test/names/import',
    headers: {
      cookie: session.cookie,
      'x-csrf-token': session.csrfToken,
      'content-type': `multipart/form-data; boundary=${boundary}`,
    },
    payload: Buffer.concat([Buffer.from(head), content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
  });
}

async function loadWorkbook(body: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as never);
  return workbook;
}

describe('template download', () => {
  it('sends the template with its Chinese file name', async () => {
    const response = await staff.get('/api/test/names/template');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('spreadsheetml');
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="______.xlsx"; filename*=UTF-8''${encodeURIComponent('名单导入模板.xlsx')}`,
    );
    const workbook = await loadWorkbook(response.rawPayload);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['名单导入', '填写说明']);
  });

  it('is refused without the import permission', async () => {
    expect((await leader.get('/api/test/names/template')).statusCode).toBe(403);
  });
});

describe('upload, preview and commit over HTTP', () => {
  it('validates in the background, previews, and commits all rows', async () => {
    const file = await workbookOf([
      ['姓名', '出生日期', '备注'],
      ['贺兰', '1990-02-03', ''],
      ['苏和', '', ''],
    ]);
    const started = await upload(staff, '2024年名单.xlsx', file);
    expect(started.statusCode).toBe(200);
    const job = started.json();
    expect(job).toMatchObject({ status: 'validating', fileName: '2024年名单.xlsx', errors: [] });
    await waitForImport(job.id);

    const ready = (await staff.get(`/api/imports/${job.id}`)).json();
    expect(ready).toMatchObject({ status: 'ready', totalRows: 2, validRows: 2 });
    expect(ready).not.toHaveProperty('rows');

    const preview = await staff.get(`/api/imports/${job.id}/preview?page=1&pageSize=1`);
    expect(preview.json()).toEqual({
      items: [{ row: 2, values: { name: '贺兰', birthDate: '1990-02-03', note: '' } }],
      total: 2,
      page: 1,
      pageSize: 1,
    });

    const committing = await staff.post(`/api/imports/${job.id}/commit`);
    expect(committing.statusCode).toBe(200);
    expect(committing.json().status).toBe('committing');
    await waitForImport(job.id);
    expect((await staff.get(`/api/imports/${job.id}`)).json()).toMatchObject({
      status: 'done',
      message: '已导入 2 行（新增 2 条，更新 0 条）',
    });
    const names = await t.database.query<{ name: string }>(
      `select name from excel_test_names where name in ('贺兰', '苏和')`,
    );
    expect(names).toHaveLength(2);

    const again = await staff.post(`/api/imports/${job.id}/commit`);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toBe('该导入任务当前状态为“已完成”，不能提交；请先修正错误并重新上传');
  });

  it('hides a job from another user and answers 401 without a session', async () => {
    const started = (await upload(staff, 'a.xlsx', await workbookOf([['姓名'], ['巴特尔']]))).json();
    await waitForImport(started.id);
    for (const response of [
      await otherStaff.get(`/api/imports/${started.id}`),
      await otherStaff.get(`/api/imports/${started.id}/preview`),
      await otherStaff.post(`/api/imports/${started.id}/commit`),
    ]) {
      expect(response.statusCode).toBe(404);
      expect(response.json().error).toMatchObject({
        code: 'IMPORT_NOT_FOUND',
        message: '导入任务不存在或已过期，请重新上传',
      });
    }
    expect((await t.app.inject({ method: 'GET', url: `/api/imports/${started.id}` })).statusCode).toBe(401);
    expect((await staff.get('/api/imports/not-a-uuid')).statusCode).toBe(400);
  });

  it('refuses uploads without the permission, without a file, or with something other than .xlsx', async () => {
    const file = await workbookOf([['姓名'], ['甲']]);
    expect((await upload(leader, 'a.xlsx', file)).statusCode).toBe(403);

    const noFile = await staff.post('/api/test/names/import', {});
    expect(noFile.statusCode).toBe(400);
    expect(noFile.json().error).toMatchObject({
      code: 'IMPORT_NO_FILE',
      message: '请选择要上传的 Excel 文件（.xlsx）',
    });
    expect((await upload(staff, 'a.xlsx', file, 'other')).json().error.code).toBe('IMPORT_NO_FILE');

    const xls = await upload(staff, '名单.xls', file);
    expect(xls.statusCode).toBe(400);
    expect(xls.json().error).toMatchObject({
      code: 'IMPORT_BAD_FILE',
      message: '无法读取该文件，请上传由模板填写的 .xlsx 文件',
    });
    expect((await upload(staff, '名单.xlsx', Buffer.from('姓名\n甲\n'))).json().error.code).toBe(
      'IMPORT_BAD_FILE',
    );
  });
});

describe('OpenAPI', () => {
  it('documents the import routes', async () => {
    const spec = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining([
        '/api/imports/{id}',
        '/api/imports/{id}/preview',
        '/api/imports/{id}/commit',
        '/api/test/names/import',
      ]),
    );
  });
});

describe('export', () => {
  it('streams rows into a workbook with a bold frozen header and a Chinese file name', async () => {
    const response = await leader.get('/api/test/names/export');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toContain(
      `filename*=UTF-8''${encodeURIComponent('名单（导出）.xlsx').replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`,
    );
    const sheet = (await loadWorkbook(response.rawPayload)).getWorksheet('名单')!;
    expect(sheet.getRow(1).values).toEqual([undefined, '姓名', '出生日期', '次数']);
    expect(sheet.getCell('A1').font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getCell('A2').value).toBe('李四');
    expect((sheet.getCell('B2').value as Date).toISOString()).toBe('1990-02-03T00:00:00.000Z');
    expect(sheet.getCell('C3').value).toBe(0);
    expect(sheet.rowCount).toBe(3);
  });
});
