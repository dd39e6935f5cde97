import type { FieldCipher } from '../platform/crypto';

/** A unit of the loaded demo banner, as module demo loaders see it. */
export interface DemoUnitRef {
  id: string;
  parentId: string | null;
  path: string;
  type: string;
  name: string;
  bannerId: string;
}

/**
 * What a module's demo loader gets after the units and people of the demo banner are written:
 * the units with their ids, the seed for deterministic random choices, and the field cipher for
 * encrypted columns. Loaders read people and other modules' records from the transaction.
 */
export interface DemoContext {
  seed: number;
  size: 'banner' | 'small';
  factor: number;
  rootUnitId: string;
  units: DemoUnitRef[];
  cipher: FieldCipher;
  /** "Today" of the demo, so demo data looks the same on any date it is generated: use it, not Date. */
  today: string;
}
