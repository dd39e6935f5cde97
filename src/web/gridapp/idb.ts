// The phone's storage: IndexedDB keeps the outbox (with photo Blobs) and the last known session,
// grids and categories, so the app works with no network.
import type { OutboxItem, OutboxStore } from './outbox-types';

const DB_NAME = 'jiceng-gridapp';
const OUTBOX = 'outbox';
const SAVED = 'saved';

let opening: Promise<IDBDatabase> | null = null;

function openDb(): Promise<IDBDatabase> {
  opening ??= new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => {
      request.result.createObjectStore(OUTBOX, { keyPath: 'id' });
      request.result.createObjectStore(SAVED);
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  return opening;
}

async function run<T>(
  storeName: string,
  mode: IDBTransactionMode,
  work: (store: IDBObjectStore) => IDBRequest,
): Promise<T> {
  const db = await openDb();
  return new Promise<T>((resolve, reject) => {
    const tx = db.transaction(storeName, mode);
    const request = work(tx.objectStore(storeName));
    // Resolve when the transaction commits, so a write is on disk before the caller goes on.
    tx.oncomplete = () => resolve(request.result as T);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

/** The outbox in IndexedDB. */
export const idbOutboxStore: OutboxStore = {
  all: () => run<OutboxItem[]>(OUTBOX, 'readonly', (store) => store.getAll()),
  get: (id) => run<OutboxItem | undefined>(OUTBOX, 'readonly', (store) => store.get(id)),
  put: async (item) => {
    await run(OUTBOX, 'readwrite', (store) => store.put(item));
  },
  delete: async (id) => {
    await run(OUTBOX, 'readwrite', (store) => store.delete(id));
  },
};

/** A value kept for offline use (the session, my grids, the category tree). */
export function loadSaved<T>(key: string): Promise<T | undefined> {
  return run<T | undefined>(SAVED, 'readonly', (store) => store.get(key));
}

export async function save(key: string, value: unknown): Promise<void> {
  await run(SAVED, 'readwrite', (store) => store.put(value, key));
}

export async function forget(key: string): Promise<void> {
  await run(SAVED, 'readwrite', (store) => store.delete(key));
}
