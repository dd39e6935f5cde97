// Demo data of the reports module: one duty report, drafted, for a demo person who moved posts in the
// middle of the demo year — head of the organisation department until the end of July, then member of
// the banner's standing committee supervising some 苏木镇 — as in the seed report.
import { asc, eq } from 'drizzle-orm';
import type { DemoContext } from '../../demo/context';
import { recordAudit, systemActor } from '../../platform/audit/writer';
import type { Db, Tx } from '../../platform/db';
import { findEvidenceEntity } from '../../platform/indicators/evidence';
import { scopeOf } from '../../platform/scope';
import { people } from '../people';
import { ensureDefaultTemplate, environmentOf } from './dutyReport/service';
import { draftContent } from './dutyReport/draft';
import type { AuthorPost } from './dutyReport/model';
import { dutyReportPosts, dutyReports, dutyReportVersions } from './schema';

export async function loadReportsDemo(tx: Tx, demo: DemoContext): Promise<Record<string, number>> {
  const root = demo.units.find((unit) => unit.id === demo.rootUnitId)!;
  const banner = demo.units.find((unit) => unit.type === 'banner') ?? root;
  const townships = demo.units.filter(
    (unit) => (unit.type === 'sumu' || unit.type === 'town') && unit.path.startsWith(banner.path),
  );
  const department = demo.units.find(
    (unit) => unit.path.startsWith(banner.path) && unit.name.includes('组织部'),
  );
  // A person of the banner (the first by pinyin, so one seed always gives the same author).
  const [author] = await tx
    .select({ id: people.id, name: people.name })
    .from(people)
    .where(eq(people.unitId, department?.id ?? banner.id))
    .orderBy(asc(people.namePinyin), asc(people.id))
    .limit(1);
  const [anyone] = author
    ? [author]
    : await tx
        .select({ id: people.id, name: people.name })
        .from(people)
        .orderBy(asc(people.namePinyin), asc(people.id))
        .limit(1);
  if (!anyone) return { dutyReports: 0 };

  const year = Number(demo.today.slice(0, 4));
  const posts: AuthorPost[] = [
    {
      title: '旗委组织部部长',
      unitId: department?.id ?? banner.id,
      from: `${year - 3}-03-01`,
      to: `${year}-08-01`,
      supervisedUnitIds: [],
    },
    {
      title: '旗委常委',
      unitId: banner.id,
      from: `${year}-08-01`,
      to: null,
      supervisedUnitIds: townships.slice(0, 3).map((unit) => unit.id),
    },
  ];
  const template = await ensureDefaultTemplate(tx);
  const [report] = await tx
    .insert(dutyReports)
    .values({
      bannerId: banner.bannerId,
      unitId: banner.id,
      authorId: anyone.id,
      year,
      templateId: template.id,
    })
    .returning();
  await tx.insert(dutyReportPosts).values(
    posts.map((post, position) => ({
      reportId: report!.id,
      position,
      title: post.title,
      unitId: post.unitId,
      fromDate: post.from,
      toDate: post.to,
      supervisedUnitIds: post.supervisedUnitIds,
    })),
  );
  const bannerScope = scopeOf([banner.path]);
  const env = environmentOf(tx as unknown as Db, year, posts, async (evidence, max) => {
    const entity = findEvidenceEntity(evidence.entity);
    if (!entity) return { items: [], count: evidence.ids.length };
    const { items } = await entity.resolve(tx, bannerScope, evidence.ids, { page: 1, pageSize: max });
    return {
      items: items.map((item) => ({ id: item.id, title: item.title, subtitle: item.subtitle })),
      count: evidence.ids.length,
    };
  });
  const content = await draftContent({ title: template.title, blocks: template.sections }, env);
  await tx.insert(dutyReportVersions).values({
    reportId: report!.id,
    number: 1,
    kind: 'draft',
    content,
    createdByName: '系统',
  });
  await recordAudit(tx, systemActor, {
    entity: 'dutyReport',
    entityId: report!.id,
    action: 'create',
    after: { authorId: anyone.id, authorName: anyone.name, year, posts, demo: true },
  });
  return { dutyReports: 1 };
}
