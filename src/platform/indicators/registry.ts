import type { Db } from '../db';
import { AppError } from '../errors';
import { ancestorPath, pathDepth, pathInScope, type Scope } from '../scope';
import type { Period } from './period';

export type { Period } from './period';

/** The records an indicator counted, so every figure can be traced to them. */
export interface Evidence {
  entity: string;
  /** The counted records; empty when only their number was asked for (then `count` holds it). */
  ids: string[];
  /** How many distinct records were counted, set instead of `ids` when the input asked for `count`. */
  count?: number;
}

/**
 * What a computation returns as evidence: `ids` (every counted record, for drill-down, snapshots and
 * reports), or `count` (only how many, for figures shown on screen; the ids are fetched when a figure
 * is drilled into). An indicator may always return ids; it must return ids when asked for them.
 */
export type EvidenceMode = 'ids' | 'count';

/** Input of one computation. */
export interface IndicatorInput {
  db: Db;
  scope: Scope;
  period: Period;
  /** Default `ids`. */
  evidence?: EvidenceMode;
  /**
   * Work shared by the computations of one batch (the dashboard's figures, a snapshot): indicators
   * that read the same rows key them here (see `sharedWork`) and the batch reads them once.
   */
  shared?: Map<string, Promise<unknown>>;
  /**
   * A scope holding this one whose other parts the same batch computes too (the comparison's columns
   * under their parent): an indicator may compute once for it, shared by the batch, and keep its own
   * part, when that gives the same figure.
   */
  within?: Scope;
  /**
   * The periods the same batch computes this indicator for over the same scope, this one among them
   * (a series' periods): an indicator may read them all at once, shared by the batch, and keep its own
   * period's part, when that gives the same figure.
   */
  siblings?: readonly Period[];
}

/** One group of a grouped indicator (members by ethnicity: 蒙古族 → 1,234), with its own evidence. */
export interface IndicatorGroup {
  key: string;
  label: string;
  value: number | null;
  evidence: Evidence;
}

export interface IndicatorValue {
  /** null means "no data", which is never shown as 0. */
  value: number | null;
  evidence: Evidence;
  /** For grouped indicators: the value split by group; `value` is then the total. */
  breakdown?: IndicatorGroup[];
}

export interface IndicatorDefinition {
  /** Stable key, `<module>.<what>` (e.g. `orgs.units.gacha`). */
  key: string;
  name: string;
  unit: string;
  module: string;
  description?: string;
  compute(input: IndicatorInput): Promise<IndicatorValue>;
}

const registry = new Map<string, IndicatorDefinition>();

/** Registers a module's indicator; keys are unique across the platform. */
export function registerIndicator(definition: IndicatorDefinition): void {
  if (registry.has(definition.key)) throw new Error(`indicator ${definition.key} registered twice`);
  registry.set(definition.key, definition);
}

/** Every registered indicator, sorted by key. */
export function listIndicators(): IndicatorDefinition[] {
  return [...registry.values()].sort((a, b) => a.key.localeCompare(b.key));
}

/** One indicator by key. */
export function findIndicator(key: string): IndicatorDefinition | undefined {
  return registry.get(key);
}

/** Registered indicators for the keys, once each in the order given; an unknown key is 404. */
export function indicatorsByKey(keys: readonly string[]): IndicatorDefinition[] {
  return [...new Set(keys)].map((key) => {
    const definition = findIndicator(key);
    if (!definition) throw new AppError('INDICATOR_NOT_FOUND', { params: { key } });
    return definition;
  });
}

/**
 * Computes one indicator. Asked for `count`, the answer carries counts only, whether or not the
 * indicator itself read only counts: ids never travel to a screen that shows numbers.
 */
export async function computeIndicator(
  definition: IndicatorDefinition,
  input: IndicatorInput,
): Promise<IndicatorValue> {
  const value = await definition.compute(input);
  if (input.evidence !== 'count') return value;
  const counted = (evidence: Evidence): Evidence =>
    evidence.count === undefined
      ? { entity: evidence.entity, ids: [], count: evidenceCountOf(evidence) }
      : evidence;
  return {
    ...value,
    evidence: counted(value.evidence),
    breakdown: value.breakdown?.map((group) => ({ ...group, evidence: counted(group.evidence) })),
  };
}

/** How many distinct records the evidence counts, whether it carries the ids or only their number. */
export function evidenceCountOf(evidence: Evidence): number {
  return evidence.count ?? new Set(evidence.ids).size;
}

/** Evidence of `entity`: the ids, or only their number, as the input asked. */
export function evidenceOf(input: Pick<IndicatorInput, 'evidence'>, entity: string, ids: string[]): Evidence {
  return input.evidence === 'count' ? { entity, ids: [], count: new Set(ids).size } : { entity, ids };
}

/**
 * Work of the batches running now, by database and key: concurrent requests that need the same rows
 * (the dashboard's five requests, several leaders opening it at once) read them once. An entry lives
 * only while its work runs, so nothing computed before a request arrived is handed to it afterwards;
 * and a state-changing request drops every entry before it answers (`forgetSharedWork`), so a
 * request made after a change never joins work that may have read the data before it.
 */
let inFlight = new WeakMap<object, Map<string, Promise<unknown>>>();

/** Drops the running batches' work from sharing; what is running finishes for those already waiting. */
export function forgetSharedWork(): void {
  inFlight = new WeakMap();
}

/**
 * Runs `work` once per batch for `key` (which must name everything the result depends on: scope,
 * period, mode …) and hands every caller the same promise; a batch that needs work another batch is
 * running on the same database joins it. Without a batch it simply runs. Callers must not change
 * what they are handed.
 */
export function sharedWork<T>(
  input: Pick<IndicatorInput, 'shared'> & { db: object },
  key: string,
  work: () => Promise<T>,
): Promise<T> {
  if (!input.shared) return work();
  let pending = input.shared.get(key) as Promise<T> | undefined;
  if (pending) return pending;
  let running = inFlight.get(input.db);
  if (!running) {
    running = new Map();
    inFlight.set(input.db, running);
  }
  pending = running.get(key) as Promise<T> | undefined;
  if (!pending) {
    const started = work();
    const own = running;
    own.set(key, started);
    const settle = () => {
      if (own.get(key) === started) own.delete(key);
    };
    started.then(settle, settle);
    pending = started;
  }
  input.shared.set(key, pending);
  return pending;
}

/** The scope a computation reads: the one it is part of (`within`), read once by the batch, else its own. */
export function readScopeOf(input: Pick<IndicatorInput, 'scope' | 'within'>): Scope {
  return input.within ?? input.scope;
}

/** Rows split by the unit they lie under at one depth, for ownPart: by rows, then depth, then path. */
const partsOfRows = new WeakMap<object, Map<number, Map<string, unknown[]>>>();

/**
 * Of rows read for `readScopeOf(input)`, those inside the computation's own scope, in their order. A
 * scope of one unit takes its part of the rows split once by the units at its depth, which every
 * other part at that depth (the comparison's other columns) then reads too; `pathOf` must read the
 * same path of a row for every caller given the same rows.
 */
export function ownPart<T>(
  input: Pick<IndicatorInput, 'scope' | 'within'>,
  rows: readonly T[],
  pathOf: (row: T) => string,
): readonly T[] {
  if (!input.within) return rows;
  const [root, ...more] = input.scope.paths;
  if (root === undefined || more.length > 0)
    return rows.filter((row) => pathInScope(input.scope, pathOf(row)));
  const depth = pathDepth(root);
  let byDepth = partsOfRows.get(rows);
  if (!byDepth) {
    byDepth = new Map();
    partsOfRows.set(rows, byDepth);
  }
  let parts = byDepth.get(depth) as Map<string, T[]> | undefined;
  if (!parts) {
    parts = new Map();
    for (const row of rows) {
      const key = ancestorPath(pathOf(row), depth);
      if (key === null) continue;
      const part = parts.get(key);
      if (part) part.push(row);
      else parts.set(key, [row]);
    }
    byDepth.set(depth, parts);
  }
  return parts.get(root) ?? [];
}

/** A key naming a scope and a period, for `sharedWork`. */
export function batchKeyOf(scope: Scope, period: Period): string {
  return `${scope.paths.join(',')}|${period.from}|${period.to}`;
}
