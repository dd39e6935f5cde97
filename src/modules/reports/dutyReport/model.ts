// The duty report (述职报告) as data: templates of ordered blocks whose paragraphs mix free text with
// placeholders bound to registered indicators, and drafted content where every placeholder became a
// figure (with its evidence) or a `missing` run (with the reason). Shared by the server and the web app.

/**
 * The scope a placeholder computes over:
 * - `authorPost`: the subtree of the unit of each of the author's posts in the report year;
 * - `supervisedUnits`: the subtrees of the units each post supervises (分管/联系), posts without any skipped;
 * - a unit id: that unit's subtree, whatever the posts.
 */
export type PlaceholderScope = 'authorPost' | 'supervisedUnits' | string;

/**
 * The period a placeholder computes over:
 * - `reportYear`: the whole report year, once per scope;
 * - `postPeriod`: each post's own part of the report year (a post held January–July and another from
 *   August give two periods).
 */
export type PlaceholderPeriod = 'reportYear' | 'postPeriod';

/**
 * How the values of several posts make one figure:
 * - `sum` (default): added up — for flows (meetings held, people trained in the period);
 * - `last`: the value of the last post — for stocks at the end of the period (units, members);
 * - `perPost`: one figure per post, written "组织部部长期间12、旗委常委期间8".
 * With one post all three read the same.
 */
export type PlaceholderCombine = 'sum' | 'last' | 'perPost';

/** Exact figures by default; `approx` writes "2000余" (see numbers.ts). */
export type PlaceholderRounding = 'exact' | 'approx';

export interface TextRunTemplate {
  id: string;
  type: 'text';
  text: string;
}

export interface PlaceholderTemplate {
  id: string;
  type: 'placeholder';
  indicatorKey: string;
  /** One group of a grouped indicator (e.g. `partyClass` of `meetings.held.byKind`). */
  group?: string;
  scope: PlaceholderScope;
  period: PlaceholderPeriod;
  combine?: PlaceholderCombine;
  rounding?: PlaceholderRounding;
  /** Decimal places for non-integer values (rates); default 1. */
  decimals?: number;
}

export type RunTemplate = TextRunTemplate | PlaceholderTemplate;

export type BlockTemplate =
  | { id: string; type: 'heading'; level: 1 | 2 | 3; text: string }
  | { id: string; type: 'paragraph'; runs: RunTemplate[] }
  | {
      id: string;
      type: 'recordList';
      /** The evidence of this figure is listed, one record per line. */
      placeholder: Omit<PlaceholderTemplate, 'id' | 'type' | 'rounding' | 'combine' | 'decimals'>;
      max: number;
    };

/** One part of a figure: the computation of one indicator for one scope and one period. */
export interface FigurePart {
  /** The post this part belongs to (its title), or null for a fixed unit over the report year. */
  postTitle: string | null;
  /** The scope: the subtree(s) of these units. */
  unitIds: string[];
  period: { from: string; to: string };
  value: number | null;
  /** The records the part counted (ids frozen in the version, so the figure is reproducible). */
  evidence: { entity: string; ids: string[] };
}

/** Why a placeholder could not be filled. */
export type MissingReason = 'unknownIndicator' | 'noData' | 'failed' | 'noScope' | 'unknownGroup';

export type DraftRun =
  | {
      id: string;
      type: 'text';
      text: string /** Changed by the author: kept when drafting again. */;
      edited: boolean;
    }
  | {
      id: string;
      type: 'figure';
      indicatorKey: string;
      indicatorName: string;
      group: string | null;
      /** The group's Chinese label (absent in reports drafted before it was kept). */
      groupLabel?: string;
      /** The text written in the report ("2000余", "组织部部长期间12、旗委常委期间8"). */
      text: string;
      /** The combined value (null for perPost figures). */
      value: number | null;
      measureUnit: string;
      parts: FigurePart[];
    }
  | { id: string; type: 'missing'; indicatorKey: string; reason: MissingReason; reasonText: string };

export interface RecordListItem {
  id: string;
  title: string;
  subtitle?: string;
}

export type DraftBlock =
  | { id: string; type: 'heading'; level: 1 | 2 | 3; text: string }
  | { id: string; type: 'paragraph'; runs: DraftRun[] }
  | {
      id: string;
      type: 'recordList';
      indicatorKey: string;
      /** The figure whose evidence is listed, or the reason it could not be computed. */
      source: Extract<DraftRun, { type: 'figure' | 'missing' }>;
      items: RecordListItem[];
      /** Records beyond `max` (or outside what the drafting user may see) are counted, not listed. */
      more: number;
    };

/** The drafted report: title and blocks, as stored in a version. */
export interface DraftContent {
  title: string;
  blocks: DraftBlock[];
}

/** A post the author held (entered on the report until a cadres module supplies posts). */
export interface AuthorPost {
  title: string;
  unitId: string;
  /** Half-open [from, to): to null while still held. */
  from: string;
  to: string | null;
  supervisedUnitIds: string[];
}

export const missingReasonText: Record<MissingReason, string> = {
  unknownIndicator: '尚无模块提供该指标',
  noData: '无数据',
  failed: '计算失败',
  noScope: '报告期内没有对应的职务或分管单位',
  unknownGroup: '指标没有该分组',
};
