import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/support/database';
import { loadDemoData } from '../../demo/load';
import { createFieldCipher } from '../../platform/crypto';
import type { Database } from '../../platform/db';
import type { DraftContent, DraftRun } from './dutyReport/model';

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
    const [version] = await database.query<{ content: DraftContent | string }>(
      'select content from duty_report_versions',
    );
    const content = (
      typeof version!.content === 'string' ? JSON.parse(version!.content) : version!.content
    ) as DraftContent;
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
});
