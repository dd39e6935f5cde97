// The pure core of drafting: which scopes and periods a placeholder stands for, given the author's
// posts; how the values of several posts make one figure; and how a new draft keeps the author's edits
// to free text while every figure is computed again. No database here: the service passes `compute`.
import { dateOf, type Period } from '../../../platform/indicators/period';
import type { IndicatorValue } from '../../../platform/indicators/registry';
import {
  type AuthorPost,
  type BlockTemplate,
  type DraftBlock,
  type DraftContent,
  type DraftRun,
  type FigurePart,
  type MissingReason,
  missingReasonText,
  type PlaceholderTemplate,
  type RecordListItem,
} from './model';
import { formatFigure } from './numbers';

/** The calendar year of the report, [year-01-01, next year-01-01). */
export function reportYearPeriod(year: number): Period {
  return { from: dateOf(year, 1), to: dateOf(year + 1, 1) };
}

/** The author's posts cut to the report year, in order of start; posts outside the year are dropped. */
export function postsInYear(
  posts: readonly AuthorPost[],
  year: number,
): Array<AuthorPost & { period: Period }> {
  const yearPeriod = reportYearPeriod(year);
  return posts
    .map((post) => {
      // ISO dates compare as strings: the later start, the earlier end.
      const from = [post.from, yearPeriod.from].sort()[1]!;
      const to = [post.to ?? yearPeriod.to, yearPeriod.to].sort()[0]!;
      return { ...post, period: { from, to } };
    })
    .filter((post) => post.period.from < post.period.to)
    .sort((a, b) => a.period.from.localeCompare(b.period.from));
}

/** What one computation is over: a set of unit subtrees and a period, and the post it stands for. */
export interface PartSpec {
  postTitle: string | null;
  unitIds: string[];
  period: Period;
}

/**
 * The computations a placeholder stands for. `authorPost` gives one part per post (its unit),
 * `supervisedUnits` one part per post that supervises units (all of them together), a unit id one part
 * (over the report year) or one per post (over each post's period). With `reportYear` every part runs
 * over the whole year; parts with the same units and period are computed once (their post titles joined),
 * so two posts in the same unit never count the same records twice.
 */
export function partsOf(
  placeholder: Pick<PlaceholderTemplate, 'scope' | 'period'>,
  posts: readonly AuthorPost[],
  year: number,
): PartSpec[] {
  const yearPeriod = reportYearPeriod(year);
  const held = postsInYear(posts, year);
  const periodOf = (post: { period: Period }) =>
    placeholder.period === 'postPeriod' ? post.period : yearPeriod;
  let specs: PartSpec[];
  if (placeholder.scope === 'authorPost') {
    specs = held.map((post) => ({ postTitle: post.title, unitIds: [post.unitId], period: periodOf(post) }));
  } else if (placeholder.scope === 'supervisedUnits') {
    specs = held
      .filter((post) => post.supervisedUnitIds.length > 0)
      .map((post) => ({
        postTitle: post.title,
        unitIds: [...new Set(post.supervisedUnitIds)].sort(),
        period: periodOf(post),
      }));
  } else if (placeholder.period === 'reportYear') {
    specs = [{ postTitle: null, unitIds: [placeholder.scope], period: yearPeriod }];
  } else {
    specs = held.map((post) => ({
      postTitle: post.title,
      unitIds: [placeholder.scope],
      period: post.period,
    }));
  }
  const merged = new Map<string, PartSpec>();
  for (const spec of specs) {
    const key = `${spec.unitIds.join(',')}|${spec.period.from}|${spec.period.to}`;
    const found = merged.get(key);
    if (!found) merged.set(key, { ...spec, unitIds: [...spec.unitIds] });
    else if (spec.postTitle && found.postTitle !== spec.postTitle)
      found.postTitle = found.postTitle ? `${found.postTitle}、${spec.postTitle}` : spec.postTitle;
  }
  return [...merged.values()];
}

/** What the service knows about an indicator: its name and measure, or undefined when none is registered. */
export interface IndicatorInfo {
  name: string;
  unit: string;
}

export interface DraftEnvironment {
  year: number;
  posts: readonly AuthorPost[];
  indicator(key: string): IndicatorInfo | undefined;
  /** Computes a registered indicator over the subtrees of the units and the period; throws on failure. */
  compute(key: string, unitIds: readonly string[], period: Period): Promise<IndicatorValue>;
  /** The first `max` records of an evidence list the drafting user may see, and how many were counted. */
  listRecords(
    evidence: { entity: string; ids: readonly string[] },
    max: number,
  ): Promise<{ items: RecordListItem[]; count: number }>;
}

type FigureOrMissing = Extract<DraftRun, { type: 'figure' | 'missing' }>;

const missing = (id: string, indicatorKey: string, reason: MissingReason): FigureOrMissing => ({
  id,
  type: 'missing',
  indicatorKey,
  reason,
  reasonText: missingReasonText[reason],
});

/**
 * Fills one placeholder: computes every part, combines them (sum, last, per post) and writes the figure;
 * or says why it cannot (unknown indicator, no scope, no data, failed computation, unknown group).
 * Never a made-up number: a part without data is left out of a sum, and a figure without any data is
 * `missing` with reason 无数据, never 0.
 */
export async function fillPlaceholder(
  placeholder: Omit<PlaceholderTemplate, 'type'>,
  env: DraftEnvironment,
): Promise<FigureOrMissing> {
  const { id, indicatorKey } = placeholder;
  const info = env.indicator(indicatorKey);
  if (!info) return missing(id, indicatorKey, 'unknownIndicator');
  const specs = partsOf(placeholder, env.posts, env.year);
  if (specs.length === 0) return missing(id, indicatorKey, 'noScope');
  const parts: FigurePart[] = [];
  let groupLabel: string | undefined;
  for (const spec of specs) {
    let result: IndicatorValue;
    try {
      result = await env.compute(indicatorKey, spec.unitIds, spec.period);
    } catch {
      return missing(id, indicatorKey, 'failed');
    }
    let value = result.value;
    let evidence = result.evidence;
    if (placeholder.group !== undefined) {
      const group = result.breakdown?.find((candidate) => candidate.key === placeholder.group);
      if (!group) return missing(id, indicatorKey, 'unknownGroup');
      value = group.value;
      evidence = group.evidence;
      groupLabel = group.label;
    }
    parts.push({
      ...spec,
      value,
      evidence: { entity: evidence.entity, ids: [...new Set(evidence.ids)] },
    });
  }
  const known = parts.filter((part) => part.value !== null);
  if (known.length === 0) return missing(id, indicatorKey, 'noData');
  const write = (value: number) => formatFigure(value, placeholder.rounding, placeholder.decimals);
  const base = {
    id,
    type: 'figure' as const,
    indicatorKey,
    indicatorName: info.name,
    group: placeholder.group ?? null,
    ...(groupLabel ? { groupLabel } : {}),
    measureUnit: info.unit,
  };
  const combine = placeholder.combine ?? 'sum';
  if (combine === 'perPost' && parts.length > 1) {
    return {
      ...base,
      value: null,
      parts,
      text: parts
        .map(
          (part) =>
            `${part.postTitle ?? ''}期间${part.value === null ? missingReasonText.noData : write(part.value)}`,
        )
        .join('、'),
    };
  }
  if (combine === 'last') {
    const last = parts[parts.length - 1]!;
    if (last.value === null) return missing(id, indicatorKey, 'noData');
    return { ...base, value: last.value, parts: [last], text: write(last.value) };
  }
  const total = known.reduce((sum, part) => sum + (part.value ?? 0), 0);
  return { ...base, value: total, parts: known, text: write(total) };
}

/** The text runs the author edited in a version, by run id. */
function editedTexts(previous: DraftContent | null | undefined): Map<string, string> {
  const kept = new Map<string, string>();
  for (const block of previous?.blocks ?? []) {
    if (block.type !== 'paragraph') continue;
    for (const run of block.runs) if (run.type === 'text' && run.edited) kept.set(run.id, run.text);
  }
  return kept;
}

/**
 * Drafts the report from its template: every placeholder computed afresh, every free-text run taken from
 * the template unless the author edited it in `previous` (then the edit is kept).
 */
export async function draftContent(
  template: { title: string; blocks: readonly BlockTemplate[] },
  env: DraftEnvironment,
  previous?: DraftContent | null,
): Promise<DraftContent> {
  const kept = editedTexts(previous);
  const blocks: DraftBlock[] = [];
  for (const block of template.blocks) {
    if (block.type === 'heading') {
      blocks.push({ ...block });
    } else if (block.type === 'paragraph') {
      const runs: DraftRun[] = [];
      for (const run of block.runs) {
        if (run.type === 'text') {
          const edited = kept.get(run.id);
          runs.push({ id: run.id, type: 'text', text: edited ?? run.text, edited: edited !== undefined });
        } else {
          runs.push(await fillPlaceholder(run, env));
        }
      }
      blocks.push({ id: block.id, type: 'paragraph', runs });
    } else {
      const source = await fillPlaceholder({ id: `${block.id}.source`, ...block.placeholder }, env);
      if (source.type === 'missing') {
        blocks.push({
          id: block.id,
          type: 'recordList',
          indicatorKey: source.indicatorKey,
          source,
          items: [],
          more: 0,
        });
        continue;
      }
      const entity = source.parts[0]?.evidence.entity ?? '';
      const ids = [...new Set(source.parts.flatMap((part) => part.evidence.ids))];
      const { items, count } = await env.listRecords({ entity, ids }, block.max);
      blocks.push({
        id: block.id,
        type: 'recordList',
        indicatorKey: source.indicatorKey,
        source,
        items,
        more: Math.max(0, count - items.length),
      });
    }
  }
  return { title: template.title, blocks };
}

/**
 * Applies the author's edits to free-text runs (by run id). Figures and missing runs cannot be edited:
 * they come from the records. Returns the ids that were not editable text runs.
 */
export function applyTextEdits(
  content: DraftContent,
  edits: ReadonlyArray<{ runId: string; text: string }>,
): { content: DraftContent; rejected: string[] } {
  const wanted = new Map(edits.map((edit) => [edit.runId, edit.text]));
  const applied = new Set<string>();
  const blocks = content.blocks.map((block): DraftBlock => {
    if (block.type !== 'paragraph') return block;
    return {
      ...block,
      runs: block.runs.map((run): DraftRun => {
        const text = wanted.get(run.id);
        if (run.type !== 'text' || text === undefined) return run;
        applied.add(run.id);
        return text === run.text ? run : { ...run, text, edited: true };
      }),
    };
  });
  return { content: { ...content, blocks }, rejected: [...wanted.keys()].filter((id) => !applied.has(id)) };
}

/** The plain text of a paragraph as the report reads (missing figures as 【缺：…】). */
export function paragraphText(runs: readonly DraftRun[]): string {
  return runs
    .map((run) => (run.type === 'missing' ? `【缺：${run.indicatorKey}，${run.reasonText}】` : run.text))
    .join('');
}
