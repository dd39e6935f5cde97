import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/support/database';
import { loadDemoData } from '../../demo/load';
import { createFieldCipher } from '../../platform/crypto';
import type { Database } from '../../platform/db';
import { renderDutyReportDocx } from './dutyReport/docx';
import type { DraftContent, DraftRun } from './dutyReport/model';
import { convertDocxToPdf, libreOfficeAvailable } from './dutyReport/pdf';

const screenshotDir = path.resolve(import.meta.dirname, '../../../e2e/screenshots');

let database: Database;
let counts: Record<string, number>;

beforeAll(async () => {
  database = await createTestDatabase();
  const cipher = createFieldCipher({
    encryptionKey: randomBytes(16),
    macKey: randomBytes(32),
    indexKey: randomBytes(32),
  });
  counts = (await loadDemoData(database, { cipher, size: 'small' })).counts;
});
afterAll(() => database?.close());

describe('reports demo data', () => {
  it('drafts a duty report for a person who moved posts mid-year', async () => {
    expect(counts.dutyReports).toBe(1);
    const posts = await database.query<{
      title: string;
      from_date: string;
      to_date: string | null;
      n: number;
    }>(
      `select title, from_date::text, to_date::text, jsonb_array_length(supervised_unit_ids)::int as n
       from duty_report_posts order by position`,
    );
    expect(posts.map((p) => p.title)).toEqual(['旗委组织部部长', '旗委常委']);
    expect(posts[0]!.to_date).toBe(posts[1]!.from_date);
    expect(posts[0]!.to_date!.slice(5)).toBe('08-01');
    expect(posts[1]!.n).toBeGreaterThan(0);
    const content = await demoReportContent();
    const runs = content.blocks.flatMap((block): DraftRun[] =>
      block.type === 'paragraph' ? block.runs : block.type === 'recordList' ? [block.source] : [],
    );
    const figures = runs.filter((run) => run.type === 'figure');
    const missing = runs.filter((run) => run.type === 'missing');
    // Figures from the modules that exist; talent.* and training.* flagged, nothing failed.
    expect(figures.length).toBeGreaterThanOrEqual(8);
    expect(figures.map((run) => run.indicatorKey)).toContain('orgs.partyOrgs.total');
    expect(figures.map((run) => run.indicatorKey)).toContain('meetings.held.byKind');
    expect(new Set(missing.map((run) => (run.type === 'missing' ? run.reason : '')))).toEqual(
      new Set(['unknownIndicator']),
    );
    expect(missing.map((run) => run.indicatorKey).every((key) => /^(talent|training)\./.test(key))).toBe(
      true,
    );
  });

  // The document as a reader sees it: Word → PDF (LibreOffice) → page images in e2e/screenshots.
  // LibreOffice is optional for the product; CI installs it so this always runs there.
  it.skipIf(!libreOfficeAvailable() && !process.env.CI)(
    'renders as a government document: A4, title, headings, page numbers, the key-indicator table',
    async () => {
      const docx = await renderDutyReportDocx(await demoReportContent(), { author: '演示', keyTable: true });
      const dir = await mkdtemp(path.join(tmpdir(), 'jiceng-demo-pdf-'));
      try {
        const pdf = path.join(dir, 'report.pdf');
        await writeFile(pdf, await convertDocxToPdf(docx));
        expect(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' })).toMatch(
          /595\.\d* x 841\.\d* pts \(A4\)/,
        );
        const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
        for (const heading of [
          '一、履职情况',
          '二、廉洁自律',
          '三、存在的问题和不足',
          '四、明年工作主要思路',
        ]) {
          expect(text).toContain(heading);
        }
        expect(text).toContain('—1—');
        expect(text).toContain('重点指标完成情况统计表');
        await mkdir(screenshotDir, { recursive: true });
        execFileSync('pdftoppm', ['-png', '-r', '60', pdf, path.join(screenshotDir, 'demo-duty-report')]);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  );
});

async function demoReportContent(): Promise<DraftContent> {
  const [version] = await database.query<{ content: DraftContent | string }>(
    'select content from duty_report_versions order by created_at desc limit 1',
  );
  return (
    typeof version!.content === 'string' ? JSON.parse(version!.content) : version!.content
  ) as DraftContent;
}
