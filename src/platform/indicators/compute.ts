import type { Db } from '../db';
import type { Scope } from '../scope';
import type { Period } from './period';
import {
  computeIndicator,
  type EvidenceMode,
  type IndicatorDefinition,
  type IndicatorValue,
} from './registry';

/**
 * Runs `task` over the items with at most `limit` running at once, keeping the input order in the
 * result. A failing task rejects the whole run unless the task catches its own error.
 */
export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

/** One indicator's outcome in a batch: its value, or the error that stopped it. */
export type ComputedIndicator =
  | { definition: IndicatorDefinition; ok: true; result: IndicatorValue }
  | { definition: IndicatorDefinition; ok: false; error: unknown };

/** How many indicators a batch computes at once: enough to overlap queries, few enough to spare the pool. */
export const INDICATOR_CONCURRENCY = 4;

/**
 * Computes several indicators for one scope and period with bounded concurrency, as one batch (rows
 * several indicators read are read once). One failing indicator does not stop the others: its
 * outcome carries the error.
 */
export async function computeIndicators(input: {
  db: Db;
  scope: Scope;
  period: Period;
  definitions: readonly IndicatorDefinition[];
  /** Default `ids`. */
  evidence?: EvidenceMode;
  concurrency?: number;
  /** Work shared with other computations of the same batch (see IndicatorInput.shared). */
  shared?: Map<string, Promise<unknown>>;
}): Promise<ComputedIndicator[]> {
  const { db, scope, period, evidence } = input;
  const shared = input.shared ?? new Map<string, Promise<unknown>>();
  return mapWithConcurrency(
    input.definitions,
    input.concurrency ?? INDICATOR_CONCURRENCY,
    async (definition): Promise<ComputedIndicator> => {
      try {
        return {
          definition,
          ok: true,
          result: await computeIndicator(definition, { db, scope, period, evidence, shared }),
        };
      } catch (error) {
        return { definition, ok: false, error };
      }
    },
  );
}
