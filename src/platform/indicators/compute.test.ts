import { describe, expect, it } from 'vitest';
import type { Db } from '../db';
import { computeIndicators, mapWithConcurrency } from './compute';
import { distinctIds, intersectScopes } from './evidence';
import { forgetSharedWork, type IndicatorDefinition, sharedWork } from './registry';

describe('bounded concurrency', () => {
  it('never runs more than the limit at once and keeps the input order', async () => {
    let running = 0;
    let peak = 0;
    const results = await mapWithConcurrency([5, 1, 4, 2, 3, 0, 6], 3, async (n) => {
      running += 1;
      peak = Math.max(peak, running);
      // Yield a few times so that tasks genuinely overlap.
      for (let i = 0; i < n + 1; i++) await Promise.resolve();
      running -= 1;
      return n * 10;
    });
    expect(results).toEqual([50, 10, 40, 20, 30, 0, 60]);
    expect(peak).toBe(3);
    expect(await mapWithConcurrency([], 4, async () => 1)).toEqual([]);
  });

  it('reports a failing indicator without stopping the others', async () => {
    const definition = (key: string, fail = false): IndicatorDefinition => ({
      key,
      name: key,
      unit: '个',
      module: 'test',
      async compute() {
        if (fail) throw new Error('boom');
        return { value: null, evidence: { entity: 'unit', ids: [] } };
      },
    });
    const outcomes = await computeIndicators({
      db: {} as Db,
      scope: { paths: ['/a/'] },
      period: { from: '2025-01-01', to: '2026-01-01' },
      definitions: [definition('a'), definition('b', true), definition('c')],
    });
    expect(outcomes.map((o) => [o.definition.key, o.ok])).toEqual([
      ['a', true],
      ['b', false],
      ['c', true],
    ]);
    // "No data" stays null, never 0.
    expect(outcomes[0]!.ok && outcomes[0]!.result.value).toBeNull();
  });
});

describe('work shared between batches', () => {
  it('joins work another batch is running on the same database, only while it runs', async () => {
    const db = {};
    const finishers: Array<() => void> = [];
    const work = () =>
      new Promise<number>((resolve) => {
        finishers.push(() => resolve(finishers.length));
      });
    const first = sharedWork({ db, shared: new Map() }, 'k', work);
    const second = sharedWork({ db, shared: new Map() }, 'k', work);
    expect(second).toBe(first);
    expect(finishers).toHaveLength(1);
    // Another database, or no batch at all, runs its own.
    void sharedWork({ db: {}, shared: new Map() }, 'k', work);
    void sharedWork({ db }, 'k', work);
    expect(finishers).toHaveLength(3);
    // Finished work is not handed to a batch that starts afterwards.
    finishers[0]!();
    await first;
    await Promise.resolve();
    const afterwards = sharedWork({ db, shared: new Map() }, 'k', work);
    expect(afterwards).not.toBe(first);
    expect(finishers).toHaveLength(4);
    // After a change, new batches do not join work that may have read the data before it.
    forgetSharedWork();
    const changed = sharedWork({ db, shared: new Map() }, 'k', work);
    expect(changed).not.toBe(afterwards);
    expect(finishers).toHaveLength(5);
    for (const finish of finishers) finish();
    await Promise.all([afterwards, changed]);
  });
});

describe('evidence helpers', () => {
  it('intersects scopes subtree by subtree', () => {
    expect(intersectScopes({ paths: ['/b/'] }, { paths: ['/b/s1/'] })).toEqual({ paths: ['/b/s1/'] });
    expect(intersectScopes({ paths: ['/b/s1/'] }, { paths: ['/b/'] })).toEqual({ paths: ['/b/s1/'] });
    expect(intersectScopes({ paths: ['/b/s1/', '/b/s2/'] }, { paths: ['/b/s2/g/', '/c/'] })).toEqual({
      paths: ['/b/s2/g/'],
    });
    expect(intersectScopes({ paths: ['/b/s1/'] }, { paths: ['/b/s2/'] })).toEqual({ paths: [] });
    expect(intersectScopes({ paths: [] }, { paths: ['/'] })).toEqual({ paths: [] });
  });

  it('lists each counted record once', () => {
    expect(distinctIds(['a', 'b', 'a', 'c', 'b'])).toEqual(['a', 'b', 'c']);
  });
});
