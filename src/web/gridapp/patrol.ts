// The patrol recorder: while a patrol runs, the position is written into IndexedDB every
// PATROL_INTERVAL_MS (and on the first fix), so a crash or a closed app loses nothing; stopping
// queues the patrol like a report.
import { useEffect, useSyncExternalStore } from 'react';
import { idbOutboxStore } from './idb';
import type { PatrolItem, TrackPoint } from './outbox-types';
import { outbox } from './state';
import type { MyGrid } from './types';

export const PATROL_INTERVAL_MS = 15_000;

let active: PatrolItem | null = null;
let watchId: number | null = null;
let timer: number | undefined;
let latest: TrackPoint | null = null;
let lastError: string | null = null;
let writes: Promise<void> = Promise.resolve();
const listeners = new Set<() => void>();

function notify() {
  for (const listener of listeners) listener();
}

/** Appends a point to the stored patrol; writes are chained so none overtakes another. */
function record(point: TrackPoint) {
  writes = writes.then(async () => {
    if (!active) return;
    const stored = await idbOutboxStore.get(active.id);
    if (stored?.kind !== 'patrol' || stored.status !== 'recording') return;
    active = { ...stored, patrol: { ...stored.patrol, track: [...stored.patrol.track, point] } };
    await outbox.keep(active);
    notify();
  });
}

function positionText(error: GeolocationPositionError): string {
  if (error.code === error.PERMISSION_DENIED) return '未允许定位：请在浏览器设置中允许本应用获取位置';
  if (error.code === error.TIMEOUT) return '定位超时，正在继续尝试';
  return '暂时无法定位，正在继续尝试';
}

function startWatching() {
  if (!('geolocation' in navigator)) {
    lastError = '本设备不支持定位，巡查只记录开始和结束时间';
    notify();
    return;
  }
  let first = true;
  watchId = navigator.geolocation.watchPosition(
    (position) => {
      latest = {
        lat: position.coords.latitude,
        lng: position.coords.longitude,
        at: new Date(position.timestamp || Date.now()).toISOString(),
      };
      lastError = null;
      if (first) {
        first = false;
        record(latest);
      }
      notify();
    },
    (error) => {
      lastError = positionText(error);
      notify();
    },
    { enableHighAccuracy: true, maximumAge: 10_000, timeout: 30_000 },
  );
  timer = window.setInterval(() => {
    if (latest) record({ ...latest, at: new Date().toISOString() });
  }, PATROL_INTERVAL_MS);
}

function stopWatching() {
  if (watchId !== null) navigator.geolocation.clearWatch(watchId);
  window.clearInterval(timer);
  watchId = null;
  latest = null;
}

/** Starts a patrol in the grid (written to IndexedDB before anything else happens). */
export async function startPatrol(ownerId: string, grid: MyGrid): Promise<void> {
  if (active) return;
  const now = new Date().toISOString();
  active = {
    id: crypto.randomUUID(),
    kind: 'patrol',
    ownerId,
    status: 'recording',
    idempotencyKey: null,
    createdAt: now,
    updatedAt: now,
    attempts: 0,
    nextAttemptAt: 0,
    error: null,
    result: null,
    patrol: { gridId: grid.id, gridName: grid.name, startedAt: now, endedAt: null, track: [], note: '' },
  };
  await outbox.keep(active);
  startWatching();
  notify();
}

/** Ends the running patrol and queues it for sending. */
export async function stopPatrol(note: string): Promise<PatrolItem | null> {
  if (!active) return null;
  stopWatching();
  await writes;
  const stored = await idbOutboxStore.get(active.id);
  const current = stored?.kind === 'patrol' ? stored : active;
  const finished: PatrolItem = {
    ...current,
    patrol: { ...current.patrol, endedAt: new Date().toISOString(), note: note.trim() },
  };
  active = null;
  notify();
  await outbox.queue(finished);
  return finished;
}

/** After the app was closed mid-patrol: carry on recording the same patrol. */
async function resumePatrol(ownerId: string) {
  if (active) return;
  const running = (await idbOutboxStore.all()).find(
    (item): item is PatrolItem =>
      item.kind === 'patrol' && item.status === 'recording' && item.ownerId === ownerId,
  );
  if (!running) return;
  active = running;
  startWatching();
  notify();
}

interface PatrolSnapshot {
  active: PatrolItem | null;
  latest: TrackPoint | null;
  error: string | null;
}

let snapshot: PatrolSnapshot = { active: null, latest: null, error: null };

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function getSnapshot(): PatrolSnapshot {
  if (snapshot.active !== active || snapshot.latest !== latest || snapshot.error !== lastError)
    snapshot = { active, latest, error: lastError };
  return snapshot;
}

/** The running patrol of this worker, resumed after a restart. */
export function usePatrol(ownerId: string | undefined): PatrolSnapshot {
  useEffect(() => {
    if (ownerId) void resumePatrol(ownerId);
  }, [ownerId]);
  return useSyncExternalStore(subscribe, getSnapshot);
}
