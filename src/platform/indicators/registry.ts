import type { Db } from '../db';
import type { Scope } from '../scope';
import type { Period } from './period';

export type { Period } from './period';

/** The records an indicator counted, so every figure can be traced to them. */
export interface Evidence {
  entity: string;
  ids: string[];
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
  compute(input: { db: Db; scope: Scope; period: Period }): Promise<IndicatorValue>;
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
