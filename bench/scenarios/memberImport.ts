// Excel import of the member roster: an .xlsx of new members (100,000 rows; a few in smoke mode) is
// uploaded, validated in the background (every row, against the tree and the people registered),
// previewed, and committed in one transaction, polling the job's progress as the web does. The
// server's resident memory is sampled throughout.
import { randomInt } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { makeIdNumber } from '../../src/modules/people';
import { atMost, round, type Session, sleep, watchMemory } from '../harness';
import type { Scenario } from './context';

const ROWS = 100_000;
const SMOKE_ROWS = 100;
const SURNAMES =
  '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎';
const GIVEN =
  '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国志文斌宇浩凯晨欣悦巴特尔其木格乌兰';

interface ImportJob {
  id: string;
  status: 'validating' | 'invalid' | 'ready' | 'committing' | 'done' | 'failed';
  totalRows: number;
  processedRows: number;
  errors: Array<{ row: number; field: string; message: string }>;
  message: string | null;
}

const plusYears = (day: string, years: number) => `${Number(day.slice(0, 4)) + years}${day.slice(4)}`;
const two = (n: number) => String(n).padStart(2, '0');

/**
 * Writes the roster file: new people (ID numbers from a Hainan region code chosen per run, so they are
 * neither in the demo nor in an earlier run's import) spread over `paths`, with shared strings as Excel
 * writes them.
 */
async function writeRoster(file: string, count: number, paths: string[]): Promise<void> {
  const region = `46${two(randomInt(1, 100))}${two(randomInt(1, 100))}`;
  const firstSequence = randomInt(0, 900);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: file,
    useStyles: false,
    useSharedStrings: true,
  });
  const sheet = workbook.addWorksheet('党员名册');
  sheet
    .addRow([
      '姓名',
      '身份证号',
      '性别',
      '民族',
      '学历',
      '入党日期',
      '转正日期',
      '所在党组织',
      '联系电话',
      '党内职务',
    ])
    .commit();
  // Birthdays on the 1st–28th of each month of forty years (13,440 days), then the next sequence number.
  const days = 40 * 12 * 28;
  for (let i = 0; i < count; i++) {
    const day = i % days;
    const birthDate = `${1950 + (day % 40)}-${two(1 + (Math.floor(day / 40) % 12))}-${two(1 + Math.floor(day / 480))}`;
    const idNumber = makeIdNumber({
      regionCode: region,
      birthDate,
      sequence: firstSequence + Math.floor(i / days),
    });
    const joinedOn = plusYears(birthDate, 25);
    const name = `${SURNAMES[i % 8]}${GIVEN[(i >> 3) % 4]}`;
    sheet
      .addRow([
        name,
        idNumber,
        '',
        i % 4 === 0 ? '蒙古族' : '汉族',
        i % 2 === 0 ? '大学本科' : '高中',
        joinedOn,
        plusYears(joinedOn, 1),
        paths[i % paths.length],
        `139${String(i).padStart(8, '0')}`,
        '',
      ])
      .commit();
  }
  await sheet.commit();
  await workbook.commit();
}

/** Polls the job until it leaves the given statuses. */
async function waitWhile(session: Session, id: string, statuses: ImportJob['status'][]): Promise<ImportJob> {
  for (;;) {
    const job = await session.get<ImportJob>(`/api/imports/${id}`);
    if (!statuses.includes(job.status)) return job;
    await sleep(200);
  }
}

export const memberImportScenario: Scenario = {
  name: 'memberImport',
  title: 'member Excel import',
  async run(ctx) {
    const staff = await ctx.session('staff');
    const count = ctx.smoke ? SMOKE_ROWS : ROWS;
    const paths: string[] = [];
    for (let page = 1; page <= 3; page++) {
      const units = await staff.get<{ items: Array<{ pathNames: string }> }>(
        `/api/members/units?page=${page}&pageSize=100`,
      );
      paths.push(...units.items.map((u) => u.pathNames));
      if (units.items.length < 100) break;
    }
    if (paths.length === 0) throw new Error('no Party organisation to import members into');

    const dir = mkdtempSync(path.join(os.tmpdir(), 'jiceng-bench-import-'));
    const file = path.join(dir, 'members.xlsx');
    const written = performance.now();
    await writeRoster(file, count, paths);
    const buffer = readFileSync(file);
    rmSync(dir, { recursive: true, force: true });
    ctx.log(
      `  roster file: ${count.toLocaleString('en-US')} rows, ${round(buffer.length / 1048576, 1)} MiB, written in ${Math.round(performance.now() - written)} ms`,
    );

    const memory = watchMemory(ctx.jiceng.pid);
    const started = performance.now();
    const seconds = () => round((performance.now() - started) / 1000, 1);
    const stages: Record<string, number> = {};
    const peaks: Record<string, number> = {};
    let job: ImportJob;
    try {
      const form = new FormData();
      form.append('file', new Blob([buffer]), 'members.xlsx');
      job = (await (
        await staff.fetch('/api/members/import', { method: 'POST', body: form })
      ).json()) as ImportJob;
      stages.upload = seconds();
      job = await waitWhile(staff, job.id, ['validating']);
      stages.validated = seconds();
      peaks.validate = round(memory.lap(), 0);
      if (job.status !== 'ready') {
        throw new Error(`import ${job.status}: ${job.message} ${JSON.stringify(job.errors.slice(0, 3))}`);
      }
      await staff.get(`/api/imports/${job.id}/preview?page=1&pageSize=20`);
      stages.previewed = seconds();
      peaks.preview = round(memory.lap(), 0);
      await staff.post(`/api/imports/${job.id}/commit`);
      job = await waitWhile(staff, job.id, ['ready', 'committing']);
      stages.committed = seconds();
      peaks.commit = round(memory.lap(), 0);
      if (job.status !== 'done') throw new Error(`import commit ${job.status}: ${job.message}`);
    } finally {
      peaks.all = round(memory.stop(), 0);
    }
    const total = stages.committed!;
    const stageText = `upload ${stages.upload} s, validated at ${stages.validated} s, preview at ${stages.previewed} s, committed at ${total} s`;
    return [
      {
        scenario: 'memberImport',
        key: 'memberImport.total',
        title: `import ${count.toLocaleString('en-US')} member rows: upload → validate → preview → commit`,
        value: total,
        unit: 's',
        figure: `${total} s`,
        baseline: null,
        ratio: null,
        target: '≤ 40 s',
        met: atMost(total, 40),
        errors: 0,
        note: stageText,
        detail: { rows: count, fileBytes: buffer.length, stages },
      },
      {
        scenario: 'memberImport',
        key: 'memberImport.memory',
        title: 'server resident memory during the import (peak of 100 ms samples)',
        value: peaks.all!,
        unit: 'MiB',
        figure: `${peaks.all} MiB`,
        baseline: null,
        ratio: null,
        target: '≤ 1 GiB',
        met: atMost(peaks.all!, 1024),
        errors: 0,
        note: `peak while validating ${peaks.validate} MiB, previewing ${peaks.preview} MiB, committing ${peaks.commit} MiB`,
        detail: { peaks },
      },
    ];
  },
};
