// What the grid worker's phone keeps in its outbox: report drafts and patrols, with their photos as
// Blobs, until the server has them.

/** draft: being written; recording: a patrol under way; queued/sending: waiting for / talking to the server. */
export type ItemStatus = 'draft' | 'recording' | 'queued' | 'sending' | 'sent' | 'failed';

export interface StoredPhoto {
  id: string;
  name: string;
  type: string;
  blob: Blob;
  /** Set once the files API has the photo, so a retry does not upload it again. */
  fileId: string | null;
}

export interface ReportDraft {
  gridId: string | null;
  /** The unit the photos are uploaded for (the grid's unit, or the worker's own unit without a grid). */
  unitId: string | null;
  categoryKey: string;
  title: string;
  description: string;
  lat: number | null;
  lng: number | null;
  occurredAt: string;
}

export interface TrackPoint {
  lat: number;
  lng: number;
  at: string;
}

export interface PatrolRecord {
  gridId: string;
  gridName: string;
  startedAt: string;
  endedAt: string | null;
  track: TrackPoint[];
  note: string;
}

interface ItemBase {
  id: string;
  /** The user who wrote it: only their session sends it. */
  ownerId: string;
  status: ItemStatus;
  /** Given when the item is first queued and kept through every retry and edit. */
  idempotencyKey: string | null;
  createdAt: string;
  updatedAt: string;
  attempts: number;
  /** Epoch milliseconds before which an automatic retry waits (exponential backoff). */
  nextAttemptAt: number;
  /** Why the last attempt did not succeed, in Chinese, for the worker. */
  error: string | null;
  /** What the server answered once it has the item. */
  result: { id: string; code: string | null } | null;
}

export interface ReportItem extends ItemBase {
  kind: 'report';
  report: ReportDraft;
  photos: StoredPhoto[];
}

export interface PatrolItem extends ItemBase {
  kind: 'patrol';
  patrol: PatrolRecord;
}

export type OutboxItem = ReportItem | PatrolItem;

/** Where outbox items live: IndexedDB on the phone, a Map in unit tests. */
export interface OutboxStore {
  all(): Promise<OutboxItem[]>;
  get(id: string): Promise<OutboxItem | undefined>;
  put(item: OutboxItem): Promise<void>;
  delete(id: string): Promise<void>;
}
