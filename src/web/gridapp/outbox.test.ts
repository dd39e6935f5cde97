import { beforeEach, describe, expect, it } from 'vitest';
import { backoffDelay, Outbox, SendFailure, type Transport } from './outbox';
import type { OutboxItem, OutboxStore, PatrolItem, ReportItem, StoredPhoto } from './outbox-types';

/** The outbox's storage contract kept in a Map; the phone's IndexedDB store is proven by the browser journey. */
class MapStore implements OutboxStore {
  readonly items = new Map<string, OutboxItem>();
  async all() {
    return [...this.items.values()].map((item) => structuredClone(item));
  }
  async get(id: string) {
    const item = this.items.get(id);
    return item ? structuredClone(item) : undefined;
  }
  async put(item: OutboxItem) {
    this.items.set(item.id, structuredClone(item));
  }
  async delete(id: string) {
    this.items.delete(id);
  }
}

/** A server that keeps events by idempotency key, like POST /api/grid/events, and fails on demand. */
class FakeServer implements Transport {
  readonly events = new Map<string, { id: string; attachmentIds: string[] }>();
  readonly uploads: string[] = [];
  readonly failures: SendFailure[] = [];
  /** Fail the upload of this photo name once with no network. */
  dropUploadOf: string | null = null;

  async uploadPhoto(_unitId: string, photo: StoredPhoto) {
    this.uploads.push(photo.name);
    if (this.dropUploadOf === photo.name) {
      this.dropUploadOf = null;
      throw new SendFailure(0, 'NETWORK', '网络不可用');
    }
    return `file-${this.uploads.length}`;
  }

  private answer(key: string | null, attachmentIds: string[]) {
    const failure = this.failures.shift();
    if (failure) throw failure;
    if (!key) throw new Error('sent without an idempotency key');
    const existing = this.events.get(key);
    if (existing) return { id: existing.id, code: `SJ-${existing.id}` };
    const id = String(this.events.size + 1);
    this.events.set(key, { id, attachmentIds });
    return { id, code: `SJ-${id}` };
  }

  async postReport(item: ReportItem, attachmentIds: string[]) {
    return this.answer(item.idempotencyKey, attachmentIds);
  }

  async postPatrol(item: PatrolItem) {
    return this.answer(item.idempotencyKey, []);
  }
}

const OWNER = 'worker-1';
let clock = 1_000_000;
let keys = 0;

function report(id: string, overrides: Partial<ReportItem> = {}): ReportItem {
  return {
    id,
    kind: 'report',
    ownerId: OWNER,
    status: 'draft',
    idempotencyKey: null,
    createdAt: new Date(clock).toISOString(),
    updatedAt: new Date(clock).toISOString(),
    attempts: 0,
    nextAttemptAt: 0,
    error: null,
    result: null,
    report: {
      gridId: 'grid-1',
      unitId: 'unit-1',
      categoryKey: 'environment',
      title: `事件 ${id}`,
      description: '',
      lat: null,
      lng: null,
      occurredAt: new Date(clock).toISOString(),
    },
    photos: [],
    ...overrides,
  };
}

function photo(name: string): StoredPhoto {
  return { id: name, name, type: 'image/png', blob: new Blob([name]), fileId: null };
}

describe('the outbox', () => {
  let store: MapStore;
  let server: FakeServer;
  let outbox: Outbox;

  beforeEach(() => {
    clock = 1_000_000;
    keys = 0;
    store = new MapStore();
    server = new FakeServer();
    outbox = new Outbox(store, server, {
      now: () => clock,
      newKey: () => {
        keys += 1;
        return `key-${keys}`;
      },
    });
  });

  it('keeps several drafts without sending them, and sends only what is queued', async () => {
    await outbox.keep(report('a'));
    await outbox.keep(report('b'));
    await outbox.queue(report('c'));
    const result = await outbox.flush(OWNER);
    expect(result.sent).toBe(1);
    expect(server.events.size).toBe(1);
    expect((await store.get('a'))?.status).toBe('draft');
    expect((await store.get('c'))?.status).toBe('sent');
    expect((await store.get('c'))?.result).toEqual({ id: '1', code: 'SJ-1' });
  });

  it('gives the key when first queued and keeps it through retries, so the server files one event', async () => {
    await outbox.queue(report('a'));
    server.failures.push(
      new SendFailure(0, 'NETWORK', 'offline'),
      new SendFailure(503, 'INTERNAL', '服务器繁忙'),
    );
    await outbox.flush(OWNER);
    const afterFirst = await store.get('a');
    expect(afterFirst?.status).toBe('queued');
    expect(afterFirst?.idempotencyKey).toBe('key-1');
    expect(afterFirst?.error).toContain('自动重试');
    await outbox.flush(OWNER, { force: true });
    expect((await store.get('a'))?.error).toContain('服务器繁忙');
    await outbox.flush(OWNER, { force: true });
    expect((await store.get('a'))?.status).toBe('sent');
    expect([...server.events.keys()]).toEqual(['key-1']);
  });

  it('sends again after a lost answer with the same key and gets the same event back', async () => {
    const queued = await outbox.queue(report('a'));
    await outbox.flush(OWNER);
    // The answer was lost: the phone still thinks it is queued and sends it again.
    await store.put({ ...queued, status: 'queued' });
    await outbox.flush(OWNER);
    expect(server.events.size).toBe(1);
    expect((await store.get('a'))?.result?.id).toBe('1');
  });

  it('waits with exponential backoff unless forced', async () => {
    expect([1, 2, 3, 4, 10].map(backoffDelay)).toEqual([5_000, 10_000, 20_000, 40_000, 300_000]);
    await outbox.queue(report('a'));
    server.failures.push(new SendFailure(0, 'NETWORK', 'offline'), new SendFailure(0, 'NETWORK', 'offline'));
    const first = await outbox.flush(OWNER);
    expect(first.nextAttemptAt).toBe(clock + 5_000);
    clock += 1_000;
    const tooEarly = await outbox.flush(OWNER);
    expect(tooEarly.sent).toBe(0);
    expect(server.failures.length).toBe(1);
    clock += 4_000;
    const second = await outbox.flush(OWNER);
    expect(second.nextAttemptAt).toBe(clock + 10_000);
    expect((await store.get('a'))?.attempts).toBe(2);
    const forced = await outbox.flush(OWNER, { force: true });
    expect(forced.sent).toBe(1);
  });

  it('stops retrying a validation error and shows the server message until the worker queues it again', async () => {
    await outbox.queue(report('a'));
    server.failures.push(new SendFailure(400, 'VALIDATION_FAILED', '请填写事件标题'));
    const result = await outbox.flush(OWNER, { force: true });
    expect(result.failed).toBe(1);
    const failed = await store.get('a');
    expect(failed?.status).toBe('failed');
    expect(failed?.error).toBe('请填写事件标题');
    await outbox.flush(OWNER, { force: true });
    expect(server.events.size).toBe(0);
    const fixed = await outbox.queue({
      ...(failed as ReportItem),
      report: { ...(failed as ReportItem).report, title: '修好了' },
    });
    expect(fixed.idempotencyKey).toBe('key-1');
    await outbox.flush(OWNER);
    expect((await store.get('a'))?.status).toBe('sent');
  });

  it('pauses on 401 keeping the queue, and sends after a new login', async () => {
    await outbox.queue(report('a'));
    await outbox.queue(report('b'));
    server.failures.push(new SendFailure(401, 'SESSION_EXPIRED', '登录已过期'));
    const result = await outbox.flush(OWNER);
    expect(result.authRequired).toBe(true);
    expect(outbox.paused).toBe(true);
    expect((await store.get('a'))?.status).toBe('queued');
    expect((await store.get('a'))?.error).toContain('重新登录');
    expect((await store.get('b'))?.status).toBe('queued');
    expect((await outbox.flush(OWNER, { force: true })).sent).toBe(0);
    outbox.resume();
    expect((await outbox.flush(OWNER)).sent).toBe(2);
  });

  it('does not upload a photo twice when the connection drops halfway, and removes the blobs once sent', async () => {
    await outbox.queue(report('a', { photos: [photo('one.png'), photo('two.png')] }));
    server.dropUploadOf = 'two.png';
    await outbox.flush(OWNER);
    const halfway = (await store.get('a')) as ReportItem;
    expect(halfway.photos.map((p) => p.fileId)).toEqual(['file-1', null]);
    await outbox.flush(OWNER, { force: true });
    expect(server.uploads).toEqual(['one.png', 'two.png', 'two.png']);
    expect(server.events.get('key-1')?.attachmentIds).toEqual(['file-1', 'file-3']);
    expect(((await store.get('a')) as ReportItem).photos).toEqual([]);
  });

  it('puts an item caught mid-send back in the queue with its key', async () => {
    const queued = await outbox.queue(report('a'));
    await store.put({ ...queued, status: 'sending' });
    await outbox.recover();
    expect((await store.get('a'))?.status).toBe('queued');
    await outbox.flush(OWNER);
    expect([...server.events.keys()]).toEqual(['key-1']);
  });

  it("sends only the logged-in worker's items", async () => {
    await outbox.queue(report('a', { ownerId: 'someone-else' }));
    await outbox.queue(report('b'));
    expect((await outbox.flush(OWNER)).sent).toBe(1);
    expect((await store.get('a'))?.status).toBe('queued');
  });

  it('sends a finished patrol like a report, once', async () => {
    const patrol: PatrolItem = {
      ...report('p'),
      kind: 'patrol',
      patrol: {
        gridId: 'grid-1',
        gridName: '一网格',
        startedAt: new Date(clock).toISOString(),
        endedAt: new Date(clock + 60_000).toISOString(),
        track: [{ lat: 43.6, lng: 118.1, at: new Date(clock).toISOString() }],
        note: '',
      },
    };
    await outbox.queue(patrol);
    server.failures.push(new SendFailure(0, 'NETWORK', 'offline'));
    await outbox.flush(OWNER);
    await outbox.flush(OWNER, { force: true });
    expect(server.events.size).toBe(1);
    expect((await store.get('p'))?.status).toBe('sent');
  });

  it('refuses to delete an item while it is being sent', async () => {
    const queued = await outbox.queue(report('a'));
    await store.put({ ...queued, status: 'sending' });
    await expect(outbox.remove('a')).rejects.toThrow('正在发送');
    await store.put({ ...queued, status: 'failed' });
    await outbox.remove('a');
    expect(await store.all()).toEqual([]);
  });
});
