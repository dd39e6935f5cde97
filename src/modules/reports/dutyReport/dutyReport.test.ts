import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildTree,
  buildUser,
  createTestApp,
  loginAs,
  type Session,
  type TestContext,
} from '../../../../test/support/app';
import { auditLog } from '../../../platform/audit/schema';
import { registerIndicator } from '../../../platform/indicators/registry';
import { unitCondition } from '../../../platform/scope';
import { makeIdNumber, people, protectIdentity } from '../../people';
import { dutyReports, dutyReportVersions, indicatorSnapshots } from '../schema';
import type { DraftBlock, DraftContent, DraftRun } from './model';
import { libreOfficeAvailable } from './pdf';

let t: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
let staff: Session;
let leaderA: Session;
let sequence = 0;
let authorId: string;
type Unit = Awaited<ReturnType<typeof buildTree>>['banner'];

/** A person recorded in a unit on a given day (the test indicator counts people by that day). */
async function addPerson(unit: Unit, name: string, recordedOn: string): Promise<string> {
  sequence += 1;
  const identity = protectIdentity(t.cipher, {
    idNumber: makeIdNumber({ regionCode: '152223', birthDate: '1975-05-01', sequence }),
  });
  const [row] = await t.database.db
    .insert(people)
    .values({
      unitId: unit.id,
      bannerId: tree.banner.id,
      name,
      ...identity,
      createdAt: `${recordedOn}T10:00:00+08:00`,
    })
    .returning({ id: people.id });
  return row!.id;
}

registerIndicator({
  key: 'test.duty.recorded',
  name: '期间内登记人员',
  unit: '人',
  module: 'people',
  async compute({ db, scope, period }) {
    const rows = await db
      .select({ id: people.id })
      .from(people)
      .where(
        and(
          unitCondition(scope, people.unitId),
          sql`(${people.createdAt} at time zone 'Asia/Shanghai')::date >= ${period.from}::date`,
          sql`(${people.createdAt} at time zone 'Asia/Shanghai')::date < ${period.to}::date`,
        ),
      );
    return { value: rows.length, evidence: { entity: 'person', ids: rows.map((r) => r.id) } };
  },
});
registerIndicator({
  key: 'test.duty.none',
  name: '尚无数据',
  unit: '次',
  module: 'meetings',
  async compute() {
    return { value: null, evidence: { entity: 'person', ids: [] } };
  },
});

const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  tree = await buildTree(t);
  await buildUser(t, { username: 'staff', grants: [{ role: 'orgStaff', unit: tree.banner }] });
  await buildUser(t, { username: 'leaderA', grants: [{ role: 'leader', unit: tree.sumuA }] });
  staff = await loginAs(t, 'staff');
  leaderA = await loginAs(t, 'leaderA');
  authorId = await addPerson(tree.banner, '张建国', '2020-01-01');
  ids.marchA = await addPerson(tree.gachaA, '巴特尔', '2026-03-10');
  ids.mayB = await addPerson(tree.gachaB, '苏日娜', '2026-05-02');
  ids.septA = await addPerson(tree.branchA, '额尔敦', '2026-09-05');
  ids.octB = await addPerson(tree.gachaB, '朝鲁', '2026-10-01');
  ids.lastYear = await addPerson(tree.gachaA, '其木格', '2025-12-31');
});
afterAll(async () => t.close());

const ph = (id: string, fields: Record<string, unknown>) => ({
  id,
  type: 'placeholder',
  scope: 'authorPost',
  period: 'postPeriod',
  ...fields,
});
const template = {
  name: '测试模板',
  title: '述职报告',
  sections: [
    { id: 'h1', type: 'heading', level: 1, text: '一、履职情况' },
    {
      id: 'b1',
      type: 'paragraph',
      runs: [
        { id: 't1', type: 'text', text: '全年新登记人员' },
        ph('sum', { indicatorKey: 'test.duty.recorded' }),
        { id: 't2', type: 'text', text: '人，分别为' },
        ph('per', { indicatorKey: 'test.duty.recorded', combine: 'perPost' }),
        { id: 't3', type: 'text', text: '；分管苏木' },
        ph('sup', { indicatorKey: 'test.duty.recorded', scope: 'supervisedUnits' }),
        { id: 't4', type: 'text', text: '人。柔性引进人才' },
        ph('talent', { indicatorKey: 'talent.flexibleIntroductions', rounding: 'approx' }),
        { id: 't5', type: 'text', text: '人次，培训' },
        ph('none', { indicatorKey: 'test.duty.none' }),
        { id: 't6', type: 'text', text: '次。' },
      ],
    },
    {
      id: 'l1',
      type: 'recordList',
      placeholder: { indicatorKey: 'test.duty.recorded', scope: 'supervisedUnits', period: 'postPeriod' },
      max: 5,
    },
  ],
};

const posts = () => [
  {
    title: '旗委组织部部长',
    unitId: tree.banner.id,
    from: '2023-06-01',
    to: '2026-08-01',
    supervisedUnitIds: [],
  },
  {
    title: '旗委常委',
    unitId: tree.banner.id,
    from: '2026-08-01',
    to: null,
    supervisedUnitIds: [tree.sumuA.id],
  },
];

const runsOf = (content: DraftContent): DraftRun[] =>
  content.blocks.flatMap((block: DraftBlock) => (block.type === 'paragraph' ? block.runs : []));
const runOf = (content: DraftContent, id: string) => {
  const run = runsOf(content).find((candidate) => candidate.id === id);
  if (!run) throw new Error(`no run ${id}`);
  return run;
};

let templateId: string;
let reportId: string;

describe('duty report composer', () => {
  it('drafts a report for a person who moved posts mid-year, each figure bound to its post and period', async () => {
    const saved = await staff.post('/api/reports/duty-templates', template);
    expect(saved.statusCode, saved.body).toBe(200);
    templateId = saved.json().id;
    const created = await staff.post('/api/reports/duty', {
      authorId,
      unitId: tree.banner.id,
      year: 2026,
      templateId,
      posts: posts(),
    });
    expect(created.statusCode, created.body).toBe(200);
    const report = created.json();
    reportId = report.id;
    expect(report).toMatchObject({
      status: 'draft',
      authorName: '张建国',
      year: 2026,
      figures: 4,
      missing: 2,
    });
    expect(report.posts.map((p: { title: string }) => p.title)).toEqual(['旗委组织部部长', '旗委常委']);
    const content = report.content as DraftContent;
    // Jan–Jul under the first post (2 people), Aug–Dec under the second (2 people); 2025 not counted.
    expect(runOf(content, 'sum')).toMatchObject({ type: 'figure', value: 4, text: '4' });
    expect(runOf(content, 'per')).toMatchObject({
      type: 'figure',
      text: '旗委组织部部长期间2、旗委常委期间2',
    });
    // Supervised 巴彦苏木 only from August: September's record, not March's.
    const supervised = runOf(content, 'sup');
    expect(supervised).toMatchObject({ type: 'figure', value: 1 });
    if (supervised.type !== 'figure') throw new Error('not a figure');
    expect(supervised.parts).toEqual([
      {
        postTitle: '旗委常委',
        unitIds: [tree.sumuA.id],
        period: { from: '2026-08-01', to: '2027-01-01' },
        value: 1,
        evidence: { entity: 'person', ids: [ids.septA] },
      },
    ]);
    expect(runOf(content, 'talent')).toEqual({
      id: 'talent',
      type: 'missing',
      indicatorKey: 'talent.flexibleIntroductions',
      reason: 'unknownIndicator',
      reasonText: '尚无模块提供该指标',
    });
    expect(runOf(content, 'none')).toMatchObject({ type: 'missing', reason: 'noData', reasonText: '无数据' });
    const list = content.blocks.find((block) => block.type === 'recordList');
    expect(list).toMatchObject({ items: [{ id: ids.septA, title: '额尔敦' }], more: 0 });
  });

  it('lists exactly the records each figure counted', async () => {
    const all = await staff.get(`/api/reports/duty/${reportId}/evidence?runId=sum&pageSize=50`);
    expect(all.statusCode, all.body).toBe(200);
    expect(
      all
        .json()
        .items.map((item: { id: string }) => item.id)
        .sort(),
    ).toEqual([ids.marchA, ids.mayB, ids.septA, ids.octB].sort());
    expect(all.json()).toMatchObject({ count: 4, total: 4, hidden: 0 });
    const first = await staff.get(`/api/reports/duty/${reportId}/evidence?runId=per&part=0`);
    expect(
      first
        .json()
        .items.map((item: { id: string }) => item.id)
        .sort(),
    ).toEqual([ids.marchA, ids.mayB].sort());
    expect((await staff.get(`/api/reports/duty/${reportId}/evidence?runId=talent`)).statusCode).toBe(404);
  });

  it('keeps edited text and refreshes figures when drafting again, with a version each time', async () => {
    const edit = await staff.patch(`/api/reports/duty/${reportId}/text`, {
      edits: [{ runId: 't1', text: '一年来，全旗新登记人员' }],
    });
    expect(edit.statusCode, edit.body).toBe(200);
    const figureEdit = await staff.patch(`/api/reports/duty/${reportId}/text`, {
      edits: [{ runId: 'sum', text: '999' }],
    });
    expect(figureEdit.statusCode).toBe(400);
    expect(figureEdit.json().error.message).toContain('只能修改报告中的文字部分');
    ids.late = await addPerson(tree.gachaA, '宝音', '2026-11-20');
    const redrafted = await staff.post(`/api/reports/duty/${reportId}/draft`);
    expect(redrafted.statusCode, redrafted.body).toBe(200);
    const content = redrafted.json().content as DraftContent;
    expect(runOf(content, 't1')).toEqual({
      id: 't1',
      type: 'text',
      text: '一年来，全旗新登记人员',
      edited: true,
    });
    expect(runOf(content, 'sum')).toMatchObject({ value: 5 });
    expect(runOf(content, 'sup')).toMatchObject({ value: 2 });
    expect(redrafted.json().versions.map((v: { kind: string }) => v.kind)).toEqual([
      'draft',
      'edit',
      'draft',
    ]);
    const audits = await t.database.db.select().from(auditLog).where(eq(auditLog.entityId, reportId));
    expect(audits.map((row) => row.action).sort()).toEqual(['create', 'draft', 'draft', 'editText']);
  });

  it('locks the report with a snapshot: late records change neither figures nor evidence', async () => {
    const locked = await staff.post(`/api/reports/duty/${reportId}/lock`);
    expect(locked.statusCode, locked.body).toBe(200);
    expect(locked.json()).toMatchObject({ status: 'locked' });
    const snapshotId = locked.json().snapshotId as string;
    const [snapshot] = await t.database.db
      .select()
      .from(indicatorSnapshots)
      .where(eq(indicatorSnapshots.id, snapshotId));
    expect(snapshot).toMatchObject({
      unitId: tree.banner.id,
      periodFrom: '2026-01-01',
      periodTo: '2027-01-01',
    });
    await addPerson(tree.gachaA, '阿拉坦', '2026-12-01');
    const after = await staff.get(`/api/reports/duty/${reportId}`);
    const content = after.json().content as DraftContent;
    expect(runOf(content, 'sum')).toMatchObject({ value: 5 });
    const evidence = await staff.get(`/api/reports/duty/${reportId}/evidence?runId=sum&pageSize=50`);
    expect(evidence.json().count).toBe(5);
    expect((await staff.post(`/api/reports/duty/${reportId}/draft`)).statusCode).toBe(409);
    expect((await staff.post(`/api/reports/duty/${reportId}/lock`)).statusCode).toBe(409);
    const edit = await staff.patch(`/api/reports/duty/${reportId}/text`, {
      edits: [{ runId: 't1', text: '改' }],
    });
    expect(edit.statusCode).toBe(409);
    const versions = await t.database.db
      .select()
      .from(dutyReportVersions)
      .where(eq(dutyReportVersions.reportId, reportId));
    expect(versions.map((v) => v.kind).sort()).toEqual(['draft', 'draft', 'edit', 'lock']);
  });

  it('exports the report to Word', async () => {
    const response = await staff.get(`/api/reports/duty/${reportId}/docx`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('wordprocessingml');
    const zip = await JSZip.loadAsync(response.rawPayload);
    const document = await zip.file('word/document.xml')!.async('string');
    expect(document).toContain('一年来，全旗新登记人员');
    expect(document).toContain('【缺：尚无模块提供该指标（talent.flexibleIntroductions）】');
    expect(document).toContain('张建国');
  });

  // LibreOffice is optional for the product; CI installs it so this test always runs there.
  it.skipIf(!libreOfficeAvailable() && !process.env.CI)(
    'exports the report to PDF through LibreOffice: A4 pages in the document format, figures and page numbers',
    async () => {
      const response = await staff.get(`/api/reports/duty/${reportId}/pdf?keyTable=true`);
      expect(response.statusCode, response.body.slice(0, 200)).toBe(200);
      expect(response.headers['content-type']).toBe('application/pdf');
      const dir = await mkdtemp(path.join(tmpdir(), 'jiceng-pdf-test-'));
      try {
        const pdf = path.join(dir, 'report.pdf');
        await writeFile(pdf, response.rawPayload);
        const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
        expect(info).toMatch(/Page size:\s+595\.\d* x 841\.\d* pts \(A4\)/);
        // Text without the spacing the 28-character grid puts between characters.
        const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
        expect(text).toContain('述职报告');
        expect(text).toContain('一年来，全旗新登记人员');
        expect(text).toContain('—1—');
        expect(text).toContain('重点指标完成情况统计表');
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  );

  it('drafts the default template from the registered indicators and flags the rest as missing', async () => {
    const created = await staff.post('/api/reports/duty', {
      authorId,
      unitId: tree.banner.id,
      year: 2026,
      posts: posts(),
    });
    expect(created.statusCode, created.body).toBe(200);
    const content = created.json().content as DraftContent;
    const runs = runsOf(content);
    const byKey = (key: string) => runs.filter((run) => run.type !== 'text' && run.indicatorKey === key);
    expect(byKey('orgs.partyOrgs.total')[0]).toMatchObject({ type: 'figure' });
    expect(byKey('talent.flexibleIntroductions')[0]).toMatchObject({
      type: 'missing',
      reason: 'unknownIndicator',
    });
    expect(byKey('training.trainees')[0]).toMatchObject({ type: 'missing', reason: 'unknownIndicator' });
    expect(JSON.stringify(content)).not.toMatch(/"text":"X"/);
    expect(
      content.blocks
        .filter((b) => b.type === 'heading' && b.level === 1)
        .map((b) => (b as { text: string }).text),
    ).toEqual(['一、履职情况', '二、廉洁自律', '三、存在的问题和不足', '四、明年工作主要思路']);
  });

  it('refuses to draft over data the user cannot see (404) and keeps reports to their scope', async () => {
    const before = await t.database.db.select({ n: sql<number>`count(*)::int` }).from(dutyReports);
    // A 苏木 leader: posts in the banner or supervising another 苏木 are outside their scope.
    const overBanner = await leaderA.post('/api/reports/duty', {
      authorId,
      unitId: tree.sumuA.id,
      year: 2026,
      posts: posts(),
    });
    expect(overBanner.statusCode).toBe(404);
    const ownAuthor = await addPerson(tree.sumuA, '乌力吉', '2020-01-01');
    const overSumuB = await leaderA.post('/api/reports/duty', {
      authorId: ownAuthor,
      unitId: tree.sumuA.id,
      year: 2026,
      posts: [
        {
          title: '苏木党委书记',
          unitId: tree.sumuA.id,
          from: '2026-01-01',
          supervisedUnitIds: [tree.sumuB.id],
        },
      ],
    });
    expect(overSumuB.statusCode).toBe(404);
    expect((await leaderA.get(`/api/reports/duty/${reportId}`)).statusCode).toBe(404);
    expect((await leaderA.get(`/api/reports/duty/${reportId}/docx`)).statusCode).toBe(404);
    expect((await leaderA.get(`/api/reports/duty/${reportId}/evidence?runId=sum`)).statusCode).toBe(404);
    expect((await leaderA.get('/api/reports/duty')).json().total).toBe(0);
    const own = await leaderA.post('/api/reports/duty', {
      authorId: ownAuthor,
      unitId: tree.sumuA.id,
      year: 2026,
      posts: [
        {
          title: '苏木党委书记',
          unitId: tree.sumuA.id,
          from: '2026-01-01',
          supervisedUnitIds: [tree.gachaA.id],
        },
      ],
    });
    expect(own.statusCode, own.body).toBe(200);
    const after = await t.database.db.select({ n: sql<number>`count(*)::int` }).from(dutyReports);
    expect(Number(after[0]!.n)).toBe(Number(before[0]!.n) + 1);
    expect((await staff.get('/api/reports/duty?year=2026')).json().total).toBe(3);
  });

  it('answers bad input with a Chinese message naming the field, changing nothing', async () => {
    const before = await t.database.db.select({ n: sql<number>`count(*)::int` }).from(dutyReports);
    const noPosts = await staff.post('/api/reports/duty', {
      authorId,
      unitId: tree.banner.id,
      year: 2026,
      posts: [],
    });
    expect(noPosts.statusCode).toBe(400);
    expect(noPosts.json().error.message).toContain('请至少填写一个任职');
    const backwards = await staff.post('/api/reports/duty', {
      authorId,
      unitId: tree.banner.id,
      year: 2026,
      posts: [{ title: '部长', unitId: tree.banner.id, from: '2026-09-01', to: '2026-03-01' }],
    });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().error.message).toContain('任职开始日期应早于结束日期');
    const badTemplate = await staff.post('/api/reports/duty-templates', {
      ...template,
      sections: [{ id: 'x', type: 'paragraph', runs: [ph('x', { indicatorKey: 'a b' })] }],
    });
    expect(badTemplate.statusCode).toBe(400);
    expect(badTemplate.json().error.message).toContain('指标标识');
    const after = await t.database.db.select({ n: sql<number>`count(*)::int` }).from(dutyReports);
    expect(after[0]!.n).toBe(before[0]!.n);
  });
});
