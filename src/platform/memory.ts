// Giving memory back after bulk work. An import of 100,000 rows, the audit chain's check or the
// league's dashboard leaves hundreds of megabytes of garbage on V8's heap. V8 collects it at its next
// full collection, and a server that has gone quiet may not run one for a long time: its resident
// memory stays high while it idles (measured after an import: 698 MiB at its end, still 440 MiB
// twenty seconds later with 60 MB live, the old space never collected). So bulk work asks for one
// full collection when it is done, and a server that has been idle for a while collects once when its
// heap has grown well past what the last collection left.
import type { Server } from 'node:http';
import v8 from 'node:v8';
import vm from 'node:vm';

type Collect = () => void;
let collect: Collect | null | undefined;

/**
 * The full collection: `gc` when the process was started with --expose-gc, else the same function
 * taken from a fresh context once the flag is set; null where neither works.
 */
function collector(): Collect | null {
  if (collect !== undefined) return collect;
  const own = (globalThis as { gc?: unknown }).gc;
  if (typeof own === 'function') {
    collect = own as Collect;
  } else {
    try {
      v8.setFlagsFromString('--expose-gc');
      collect = vm.runInNewContext('gc') as Collect;
    } catch {
      collect = null;
    }
  }
  return collect;
}

let scheduled: NodeJS.Timeout | null = null;
/** Heap in use right after the last collection this module ran: what the process really keeps. */
let keptBytes = 0;

/** Runs one full collection now and notes what it kept. */
function collectNow(): void {
  collector()?.();
  keptBytes = v8.getHeapStatistics().used_heap_size;
}

/**
 * Asks for one full collection shortly after bulk work has answered; calls close together run one.
 * It pauses the process for tens of milliseconds, so it is for the end of work that took seconds.
 */
export function releaseMemory(delayMs = 200): void {
  if (scheduled) return;
  scheduled = setTimeout(() => {
    scheduled = null;
    collectNow();
  }, delayMs);
  scheduled.unref();
}

/**
 * Every `everyMs`, when the server answered no request since the last look and its heap holds more
 * than `atLeastMiB` and twice what the last collection kept, collects once. Returns the stop.
 */
export function collectWhenIdle(
  server: Server,
  { everyMs = 5000, atLeastMiB = 128 }: { everyMs?: number; atLeastMiB?: number } = {},
): () => void {
  let requests = 0;
  const onRequest = () => {
    requests++;
  };
  server.on('request', onRequest);
  let seen = 0;
  const timer = setInterval(() => {
    const busy = requests !== seen;
    seen = requests;
    if (busy) return;
    const used = v8.getHeapStatistics().used_heap_size;
    if (used > atLeastMiB * 1024 * 1024 && used > 2 * keptBytes) collectNow();
  }, everyMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    server.off('request', onRequest);
  };
}
