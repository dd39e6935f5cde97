import { describe, expect, it } from 'vitest';
import { type PostHolding, unitComposition } from './composition';
import { evaluateTarget, meets, metricValue, type UnitFact } from './metrics';

const asOf = '2024-06-30';

function fact(
  id: string,
  type: 'gacha' | 'community',
  holdings: PostHolding[] | null,
  round = true,
): UnitFact {
  return {
    unitId: id,
    unitName: `单位${id}`,
    unitType: type,
    unitPath: `/b/s/${id}/`,
    pinyin: '',
    townshipId: 's',
    townshipName: '某苏木',
    electionId: holdings ? `e${id}` : null,
    electionDate: holdings ? '2021-04-01' : null,
    termEnd: holdings ? '2026-04-01' : null,
    roundElectionId: holdings && round ? `e${id}` : null,
    composition: holdings ? unitComposition(holdings) : null,
  };
}

const dual = (p: string): PostHolding[] => [
  { personId: p, committee: 'party', post: 'secretary', gender: 'male', birthDate: '1975-01-01' },
  { personId: p, committee: 'villagers', post: 'director', gender: 'male', birthDate: '1975-01-01' },
  { personId: `${p}2`, committee: 'villagers', post: 'member', gender: 'female', birthDate: '1990-01-01' },
];
const split = (p: string): PostHolding[] => [
  { personId: p, committee: 'party', post: 'secretary', gender: 'male', birthDate: '1970-01-01' },
  { personId: `${p}2`, committee: 'villagers', post: 'director', gender: 'male', birthDate: '1980-01-01' },
];

const facts = [
  fact('1', 'gacha', dual('a')),
  fact('2', 'gacha', split('b')),
  fact('3', 'gacha', null),
  fact('4', 'community', split('c'), false),
];

describe('metricValue', () => {
  it('measures completion over every unit and 一肩挑 over units with a committee', () => {
    expect(metricValue('elections.completed', facts, asOf)).toBe(50);
    expect(metricValue('elections.dualRole.rate', facts, asOf)).toBe(33.3);
    expect(metricValue('elections.dualRole.rate', [facts[0]!], asOf)).toBe(100);
    expect(metricValue('elections.dualRole.rate', [facts[2]!], asOf)).toBeNull();
  });
  it('measures people figures', () => {
    // People: a, a2, b, b2, c, c2 → women: a2.
    expect(metricValue('elections.committee.womenShare', facts, asOf)).toBe(16.7);
    expect(metricValue('elections.crossAppointment.rate', [facts[0]!], asOf)).toBe(50);
  });
});

describe('meets', () => {
  it('compares with ≥, ≤ and = and never passes a missing value', () => {
    expect(meets(80, 'gte', 80)).toBe(true);
    expect(meets(79.9, 'gte', 80)).toBe(false);
    expect(meets(45, 'lte', 45)).toBe(true);
    expect(meets(45.1, 'lte', 45)).toBe(false);
    expect(meets(100, 'eq', 100)).toBe(true);
    expect(meets(99.9, 'eq', 100)).toBe(false);
    expect(meets(null, 'lte', 100)).toBe(false);
  });
});

describe('evaluateTarget', () => {
  it('lists the units that miss a 一肩挑 target, including one without a committee', () => {
    const result = evaluateTarget(
      { indicatorKey: 'elections.dualRole.rate', comparator: 'gte', threshold: 100, unitTypes: ['gacha'] },
      facts,
      asOf,
    );
    expect(result.units).toBe(3);
    expect(result.value).toBe(50);
    expect(result.met).toBe(false);
    expect(result.missing.map((m) => [m.fact.unitId, m.value])).toEqual([
      ['2', 0],
      ['3', null],
    ]);
  });
  it('applies only to the unit types it names', () => {
    const result = evaluateTarget(
      { indicatorKey: 'elections.completed', comparator: 'gte', threshold: 100, unitTypes: ['community'] },
      facts,
      asOf,
    );
    expect(result.units).toBe(1);
    expect(result.value).toBe(0);
    expect(result.missing.map((m) => m.fact.unitId)).toEqual(['4']);
  });
  it('is met with no unit missing when every unit passes', () => {
    const result = evaluateTarget(
      {
        indicatorKey: 'elections.committee.averageAge',
        comparator: 'lte',
        threshold: 60,
        unitTypes: ['gacha'],
      },
      [facts[0]!, facts[1]!],
      asOf,
    );
    expect(result.met).toBe(true);
    expect(result.missing).toEqual([]);
  });
  it('is not met when no unit of its types exists', () => {
    const result = evaluateTarget(
      {
        indicatorKey: 'elections.dualRole.rate',
        comparator: 'lte',
        threshold: 100,
        unitTypes: ['community'],
      },
      [facts[0]!],
      asOf,
    );
    expect(result).toMatchObject({ units: 0, value: null, met: false, missing: [] });
  });
});
