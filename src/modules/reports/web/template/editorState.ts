// The template editor's state and its pure operations: blocks added, moved and removed, runs inserted
// into paragraphs, the body sent to the server, the preview of a paragraph and validation issues placed
// next to the block and run they concern. The state is the server's template format itself, so what is
// edited is exactly what is saved.
import type { BlockTemplate, PlaceholderTemplate, RunTemplate } from '../../dutyReport/model';

export interface TemplateDraft {
  name: string;
  title: string;
  sections: BlockTemplate[];
}

/** The placeholder fields edited in the placeholder form (a record list uses the first four). */
export type PlaceholderFields = Omit<PlaceholderTemplate, 'id' | 'type'>;

export type NewBlockKind = 'heading1' | 'heading2' | 'heading3' | 'paragraph' | 'recordList';

/** A fresh placeholder: the author's posts over the report year, exact, summed. */
export const defaultPlaceholder: PlaceholderFields = {
  indicatorKey: '',
  scope: 'authorPost',
  period: 'reportYear',
};

/** Every id used in the template (blocks and runs), which must stay unique. */
export function usedIds(sections: BlockTemplate[]): Set<string> {
  return new Set(
    sections.flatMap((block) => [
      block.id,
      ...(block.type === 'paragraph' ? block.runs.map((r) => r.id) : []),
    ]),
  );
}

/** An id not yet used in the template: `prefix` followed by the lowest free number. */
export function freeId(sections: BlockTemplate[], prefix: string): string {
  const used = usedIds(sections);
  let n = 1;
  while (used.has(`${prefix}${n}`)) n += 1;
  return `${prefix}${n}`;
}

function newBlock(sections: BlockTemplate[], kind: NewBlockKind): BlockTemplate {
  if (kind === 'paragraph') {
    return {
      id: freeId(sections, 'b'),
      type: 'paragraph',
      runs: [{ id: freeId(sections, 't'), type: 'text', text: '' }],
    };
  }
  if (kind === 'recordList') {
    const { indicatorKey, scope, period } = defaultPlaceholder;
    return {
      id: freeId(sections, 'l'),
      type: 'recordList',
      placeholder: { indicatorKey, scope, period },
      max: 10,
    };
  }
  const level = Number(kind.slice(-1)) as 1 | 2 | 3;
  return { id: freeId(sections, 'h'), type: 'heading', level, text: '' };
}

/** Adds a block of `kind` after the block at `after` (at the end when omitted). */
export function addBlock(sections: BlockTemplate[], kind: NewBlockKind, after?: number): BlockTemplate[] {
  const at = after === undefined ? sections.length : after + 1;
  return [...sections.slice(0, at), newBlock(sections, kind), ...sections.slice(at)];
}

/** Moves the block at `index` one place up (-1) or down (+1); unchanged at either end. */
export function moveBlock(sections: BlockTemplate[], index: number, delta: -1 | 1): BlockTemplate[] {
  const target = index + delta;
  if (target < 0 || target >= sections.length) return sections;
  const next = [...sections];
  [next[index], next[target]] = [next[target]!, next[index]!];
  return next;
}

export function removeBlock(sections: BlockTemplate[], index: number): BlockTemplate[] {
  return sections.filter((_, i) => i !== index);
}

export function replaceBlock(
  sections: BlockTemplate[],
  index: number,
  block: BlockTemplate,
): BlockTemplate[] {
  return sections.map((current, i) => (i === index ? block : current));
}

/** Placeholder fields without empty optional values (no group means the indicator's total). */
export function cleanPlaceholder<T extends Partial<PlaceholderFields>>(fields: T): T {
  const entries = Object.entries(fields).filter(
    ([, value]) => value !== undefined && value !== null && value !== '',
  );
  return Object.fromEntries(entries) as T;
}

/**
 * Inserts a run into the paragraph at `index` after its run `after` (at the end when omitted): a text run,
 * or a placeholder with `fields`. Returns the template and the new run's id.
 */
export function insertRun(
  sections: BlockTemplate[],
  index: number,
  run: { type: 'text' } | { type: 'placeholder'; fields: PlaceholderFields },
  after?: number,
): { sections: BlockTemplate[]; runId: string } {
  const block = sections[index];
  if (block?.type !== 'paragraph') return { sections, runId: '' };
  const created: RunTemplate =
    run.type === 'text'
      ? { id: freeId(sections, 't'), type: 'text', text: '' }
      : { id: freeId(sections, 'p'), type: 'placeholder', ...cleanPlaceholder(run.fields) };
  const at = after === undefined ? block.runs.length : after + 1;
  const runs = [...block.runs.slice(0, at), created, ...block.runs.slice(at)];
  return { sections: replaceBlock(sections, index, { ...block, runs }), runId: created.id };
}

export function updateRun(
  sections: BlockTemplate[],
  index: number,
  runIndex: number,
  run: RunTemplate,
): BlockTemplate[] {
  const block = sections[index];
  if (block?.type !== 'paragraph') return sections;
  return replaceBlock(sections, index, {
    ...block,
    runs: block.runs.map((r, i) => (i === runIndex ? run : r)),
  });
}

export function removeRun(sections: BlockTemplate[], index: number, runIndex: number): BlockTemplate[] {
  const block = sections[index];
  if (block?.type !== 'paragraph') return sections;
  return replaceBlock(sections, index, { ...block, runs: block.runs.filter((_, i) => i !== runIndex) });
}

/** A new template started from `source` (the default template): same content, a name marked as a copy. */
export function copyOf(source: TemplateDraft, suffix: string): TemplateDraft {
  return {
    name: `${source.name}${suffix}`.slice(0, 100),
    title: source.title,
    sections: structuredClone(source.sections),
  };
}

/** The body of POST/PUT /api/reports/duty-templates: names trimmed, empty optional fields left out. */
export function toBody(draft: TemplateDraft): TemplateDraft {
  return {
    name: draft.name.trim(),
    title: draft.title.trim(),
    sections: draft.sections.map((block) => {
      if (block.type === 'paragraph') {
        return {
          ...block,
          runs: block.runs.map((run) => (run.type === 'placeholder' ? cleanPlaceholder(run) : run)),
        };
      }
      if (block.type === 'recordList') return { ...block, placeholder: cleanPlaceholder(block.placeholder) };
      return block;
    }),
  };
}

/** How a placeholder reads in the preview: 【指标名称·分组】. */
export function placeholderLabel(
  fields: Pick<PlaceholderFields, 'indicatorKey' | 'group'>,
  names: {
    indicator: (key: string) => string | undefined;
    group: (key: string, group: string) => string | undefined;
  },
): string {
  const name = fields.indicatorKey ? (names.indicator(fields.indicatorKey) ?? fields.indicatorKey) : '？';
  const group = fields.group ? (names.group(fields.indicatorKey, fields.group) ?? fields.group) : null;
  return `【${group ? `${name}·${group}` : name}】`;
}

/** The paragraph as it would read, each placeholder shown by its indicator's name. */
export function previewText(runs: RunTemplate[], names: Parameters<typeof placeholderLabel>[1]): string {
  return runs.map((run) => (run.type === 'text' ? run.text : placeholderLabel(run, names))).join('');
}

/** Where a validation issue belongs: the template's fields, a block, or one run of a paragraph. */
export type IssueTarget =
  | { kind: 'template'; field: 'name' | 'title' | 'sections' }
  | { kind: 'block'; index: number; field: string | null }
  | { kind: 'run'; index: number; runIndex: number; field: string | null };

export interface PlacedIssue {
  target: IssueTarget;
  message: string;
}

/** Places an issue of the template body's schema by its path (`sections.3.runs.1.indicatorKey`). */
export function placeIssue(path: readonly PropertyKey[], message: string): PlacedIssue {
  const [root, index, part, runIndex, field] = path;
  if (root === 'name' || root === 'title') return { target: { kind: 'template', field: root }, message };
  if (typeof index !== 'number') return { target: { kind: 'template', field: 'sections' }, message };
  if (part === 'runs' && typeof runIndex === 'number') {
    return {
      target: { kind: 'run', index, runIndex, field: typeof field === 'string' ? field : null },
      message,
    };
  }
  const blockField = part === 'placeholder' ? runIndex : part;
  return {
    target: { kind: 'block', index, field: typeof blockField === 'string' ? blockField : null },
    message,
  };
}
