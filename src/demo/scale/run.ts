// What every stage of the scale seeding shares: the open transaction and its bulk writer, the audit
// trail, the snapshot of the demo data, ids, the cipher, the calendar and the seeding's "now".
import type { FieldCipher } from '../../platform/crypto';
import type { HolidayCalendar } from '../../platform/cases';
import type { Tx } from '../../platform/db';
import type { DemoSize } from '../generate';
import type { AuditTrail } from './audit';
import type { BulkWriter } from './bulk';
import type { IdSource } from './ids';
import type { ProgressListener } from './progress';
import type { ScaleSnapshot } from './snapshot';

export interface ScaleRun {
  tx: Tx;
  writer: BulkWriter;
  audit: AuditTrail;
  snapshot: ScaleSnapshot;
  ids: IdSource;
  cipher: FieldCipher;
  calendar: HolidayCalendar;
  seed: number;
  size: DemoSize;
  /** The demo's today (China date); generated records lie before `until`. */
  today: string;
  /** 00:00 China time of today: nothing generated is later. */
  until: Date;
  /** A photo per unit, for replies that must carry attachments. */
  photoOf: (unitId: string) => string;
  onProgress?: ProgressListener;
}
