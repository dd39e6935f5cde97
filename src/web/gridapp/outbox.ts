// The outbox: queues drafts and patrols with an idempotency key given once, sends them when the
// network allows, retries with exponential backoff, stops on a validation error and pauses until the
// worker logs in again when the session is gone.
import type { OutboxItem, OutboxStore, PatrolItem, ReportItem, StoredPhoto } from './outbox-types';

/** A failed request: status 0 is no network. */
export class SendFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'SendFailure';
  }
}

/** How the outbox talks to the server; the real one is HTTP, tests pass their own. */
export interface Transport {
  uploadPhoto(unitId: string, photo: StoredPhoto): Promise<string>;
  postReport(item: ReportItem, attachmentIds: string[]): Promise<{ id: string; code: string | null }>;
  postPatrol(item: PatrolItem): Promise<{ id: string; code: string | null }>;
}

export interface OutboxOptions {
  now?: () => number;
  newKey?: () => string;
}

export interface FlushResult {
  sent: number;
  failed: number;
  /** The session is gone: nothing more is sent until `resume()` after a new login. */
  authRequired: boolean;
  /** When the earliest waiting item may be retried, if any waits. */
  nextAttemptAt: number | null;
}

const BASE_DELAY_MS = 5_000;
const MAX_DELAY_MS = 5 * 60_000;
const WAITING: ReadonlySet<OutboxItem['status']> = new Set(['queued', 'sending']);

/** Milliseconds before retry number `attempts` (1 = after the first failure): 5 s, 10 s, 20 s … 5 min. */
export function backoffDelay(attempts: number): number {
  return Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempts - 1));
}

type Outcome = 'retry' | 'auth' | 'reject';

/** No network, server trouble and rate limits are retried; a gone session waits for login; the rest needs the worker. */
export function classify(failure: SendFailure): Outcome {
  if (failure.status === 0 || failure.status >= 500 || failure.status === 429 || failure.status === 408)
    return 'retry';
  if (failure.status === 401) return 'auth';
  if (
    failure.status === 403 &&
    (failure.code === 'CSRF_FAILED' || failure.code === 'PASSWORD_CHANGE_REQUIRED')
  )
    return 'auth';
  return 'reject';
}

function asFailure(error: unknown): SendFailure {
  if (error instanceof SendFailure) return error;
  return new SendFailure(0, 'NETWORK', error instanceof Error ? error.message : String(error));
}

const RETRY_REASON = '网络不可用或服务器繁忙，将自动重试';
const AUTH_REASON = '登录已过期，请重新登录后发送';

export class Outbox {
  private readonly now: () => number;
  private readonly newKey: () => string;
  private authPaused = false;
  private running: Promise<FlushResult> | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly store: OutboxStore,
    private readonly transport: Transport,
    options: OutboxOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.newKey = options.newKey ?? (() => crypto.randomUUID());
  }

  get paused(): boolean {
    return this.authPaused;
  }

  /** Called on every change, so the screens can reload the list. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async save(item: OutboxItem): Promise<void> {
    await this.store.put({ ...item, updatedAt: new Date(this.now()).toISOString() });
    for (const listener of this.listeners) listener();
  }

  /** Keeps a draft or a patrol as it is now (not sent). */
  async keep(item: OutboxItem): Promise<void> {
    await this.save(item);
  }

  async remove(id: string): Promise<void> {
    const item = await this.store.get(id);
    if (item?.status === 'sending') throw new Error('正在发送，请稍后再删除');
    await this.store.delete(id);
    for (const listener of this.listeners) listener();
  }

  /** Puts an item in the queue; its idempotency key is made now if it has none and never changes after. */
  async queue(item: OutboxItem): Promise<OutboxItem> {
    const queued: OutboxItem = {
      ...item,
      status: 'queued',
      idempotencyKey: item.idempotencyKey ?? this.newKey(),
      attempts: 0,
      nextAttemptAt: this.now(),
      error: null,
    };
    await this.save(queued);
    return queued;
  }

  /** After a crash or a closed tab mid-send: those items go back to the queue with the same key. */
  async recover(): Promise<void> {
    for (const item of await this.store.all()) {
      if (item.status === 'sending') await this.save({ ...item, status: 'queued' });
    }
  }

  /** Lets a new login of `ownerId` send again. */
  resume(): void {
    this.authPaused = false;
  }

  /**
   * Sends the owner's queued items one by one, oldest first. `force` ignores the backoff (the network
   * just came back or the worker pressed 发送). Only one flush runs at a time.
   */
  flush(ownerId: string, options: { force?: boolean } = {}): Promise<FlushResult> {
    if (this.running) return this.running;
    this.running = this.sendAll(ownerId, options.force === true).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async sendAll(ownerId: string, force: boolean): Promise<FlushResult> {
    const result: FlushResult = { sent: 0, failed: 0, authRequired: this.authPaused, nextAttemptAt: null };
    if (this.authPaused) return result;
    const items = (await this.store.all())
      .filter((item) => item.ownerId === ownerId && WAITING.has(item.status))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    for (const item of items) {
      if (!force && item.nextAttemptAt > this.now()) {
        result.nextAttemptAt = Math.min(result.nextAttemptAt ?? Infinity, item.nextAttemptAt);
        continue;
      }
      const outcome = await this.sendOne(item);
      if (outcome === 'sent') result.sent += 1;
      else if (outcome === 'reject') result.failed += 1;
      else if (outcome === 'auth') {
        this.authPaused = true;
        result.authRequired = true;
        return result;
      } else {
        const retryAt = (await this.store.get(item.id))?.nextAttemptAt ?? this.now();
        result.nextAttemptAt = Math.min(result.nextAttemptAt ?? Infinity, retryAt);
      }
    }
    return result;
  }

  private async sendOne(item: OutboxItem): Promise<'sent' | Outcome> {
    let current: OutboxItem = { ...item, status: 'sending' };
    await this.save(current);
    try {
      const answer =
        current.kind === 'report'
          ? await this.sendReport(current, (next) => {
              current = next;
            })
          : await this.transport.postPatrol(current);
      // The server has it: the photos' Blobs are no longer needed on the phone.
      const sent: OutboxItem =
        current.kind === 'report'
          ? { ...current, status: 'sent', photos: [], result: answer, error: null }
          : { ...current, status: 'sent', result: answer, error: null };
      await this.save(sent);
      return 'sent';
    } catch (error) {
      const failure = asFailure(error);
      const outcome = classify(failure);
      if (outcome === 'retry') {
        const attempts = current.attempts + 1;
        await this.save({
          ...current,
          status: 'queued',
          attempts,
          nextAttemptAt: this.now() + backoffDelay(attempts),
          error: failure.status >= 500 ? `${failure.message}（将自动重试）` : RETRY_REASON,
        });
      } else if (outcome === 'auth') {
        await this.save({ ...current, status: 'queued', error: AUTH_REASON });
      } else {
        await this.save({ ...current, status: 'failed', error: failure.message });
      }
      return outcome;
    }
  }

  /** Uploads the photos not yet uploaded (saving each file id at once), then posts the event. */
  private async sendReport(item: ReportItem, update: (next: ReportItem) => void) {
    let current = item;
    for (const photo of item.photos) {
      if (photo.fileId) continue;
      if (!current.report.unitId) throw new SendFailure(400, 'NO_UNIT', '请选择网格后再发送照片');
      const fileId = await this.transport.uploadPhoto(current.report.unitId, photo);
      current = {
        ...current,
        photos: current.photos.map((p) => (p.id === photo.id ? { ...p, fileId } : p)),
      };
      update(current);
      await this.save(current);
    }
    const attachmentIds = current.photos.map((p) => p.fileId).filter((id): id is string => id !== null);
    return this.transport.postReport(current, attachmentIds);
  }
}
