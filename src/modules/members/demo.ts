import type { DemoContext } from '../../demo/context';
import type { Tx } from '../../platform/db';

/** Adds the members module's demo records to the freshly loaded demo banner; returns counts by kind. */
export async function loadMembersDemo(_tx: Tx, _demo: DemoContext): Promise<Record<string, number>> {
  return {};
}
