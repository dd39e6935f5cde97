import { createServer } from 'node:http';
import { constants, PerformanceObserver } from 'node:perf_hooks';
import v8 from 'node:v8';
import { afterEach, describe, expect, it } from 'vitest';
import { collectWhenIdle, releaseMemory } from './memory';

const MiB = 1024 * 1024;
const usedHeap = () => v8.getHeapStatistics().used_heap_size;

/** Leaves about 64 MiB of dead objects on the heap, the kind bulk work leaves behind. */
function leaveGarbage(): void {
  let rows: { id: number; name: string }[] | null = [];
  for (let i = 0; i < 800_000; i++) rows.push({ id: i, name: `第${i}行` });
  rows = null;
}

/** Waits until `check` holds, looking every 20 ms, at most `tries` times. */
async function eventually(check: () => boolean, tries = 100): Promise<boolean> {
  for (let i = 0; i < tries; i++) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return check();
}

/** Counts full collections asked for by the program (V8 marks those as forced), not V8's own. */
function watchForcedCollections() {
  let forced = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const { detail } = entry as unknown as { detail: { kind: number; flags: number } };
      if (
        detail.kind === constants.NODE_PERFORMANCE_GC_MAJOR &&
        detail.flags & constants.NODE_PERFORMANCE_GC_FLAGS_FORCED
      )
        forced++;
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  return { count: () => forced, stop: () => observer.disconnect() };
}

let stops: Array<() => void> = [];
afterEach(() => {
  for (const stop of stops) stop();
  stops = [];
});

describe('giving memory back after bulk work', () => {
  it('releaseMemory runs one full collection, which frees what bulk work left behind', async () => {
    const forced = watchForcedCollections();
    stops.push(forced.stop);
    leaveGarbage();
    const before = usedHeap();
    releaseMemory(0);
    releaseMemory(0);
    expect(await eventually(() => forced.count() > 0)).toBe(true);
    expect(usedHeap()).toBeLessThan(before - 30 * MiB);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(forced.count()).toBe(1);
  });

  it('collectWhenIdle collects on a quiet server whose heap has grown, and stops listening when stopped', async () => {
    const forced = watchForcedCollections();
    stops.push(forced.stop);
    const server = createServer();
    const stop = collectWhenIdle(server, { everyMs: 20, atLeastMiB: 1 });
    expect(server.listenerCount('request')).toBe(1);
    leaveGarbage();
    const before = usedHeap();
    expect(await eventually(() => forced.count() > 0)).toBe(true);
    expect(usedHeap()).toBeLessThan(before - 30 * MiB);
    stop();
    expect(server.listenerCount('request')).toBe(0);
  });

  it('collectWhenIdle leaves a server that keeps answering requests alone', async () => {
    const forced = watchForcedCollections();
    stops.push(forced.stop);
    const server = createServer();
    stops.push(collectWhenIdle(server, { everyMs: 40, atLeastMiB: 1 }));
    const traffic = setInterval(() => server.emit('request'), 5);
    stops.push(() => clearInterval(traffic));
    leaveGarbage();
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(forced.count()).toBe(0);
  });
});
