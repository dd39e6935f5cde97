import { describe, expect, it } from 'vitest';
import { bigrams, haversineMetres, matchRepeats, normaliseText, textSimilarity } from './similarity';

describe('haversine distance', () => {
  it('measures metres between positions', () => {
    const a = { lat: 46.08, lng: 122.05 };
    expect(haversineMetres(a, a)).toBe(0);
    // 0.001° of latitude ≈ 111 m.
    expect(haversineMetres(a, { lat: 46.081, lng: 122.05 })).toBeCloseTo(111.2, 0);
    // Ulanhot → Hohhot is roughly 1,000 km.
    const far = haversineMetres({ lat: 46.08, lng: 122.07 }, { lat: 40.84, lng: 111.75 });
    expect(far).toBeGreaterThan(950_000);
    expect(far).toBeLessThan(1_050_000);
  });
});

describe('text similarity', () => {
  it('normalises punctuation, spaces and case', () => {
    expect(normaliseText('路灯 坏了！Light-1')).toBe('路灯坏了light1');
    expect([...bigrams('路灯坏')]).toEqual(['路灯', '灯坏']);
    expect([...bigrams('灯')]).toEqual(['灯']);
  });

  it('scores identical texts 1, unrelated 0, near ones in between', () => {
    expect(textSimilarity('村口路灯坏了', '村口路灯坏了。')).toBe(1);
    expect(textSimilarity('村口路灯坏了', '牧场围栏需要维修')).toBe(0);
    const near = textSimilarity('村口的路灯坏了好几天', '村口路灯又坏了');
    expect(near).toBeGreaterThan(0.2);
    expect(near).toBeLessThan(1);
    expect(textSimilarity('', '路灯')).toBe(0);
  });
});

describe('repeat matching', () => {
  const settings = { radiusMetres: 200, minSimilarity: 0.3 };
  const here = { lat: 46.08, lng: 122.05 };
  const near = { lat: 46.0805, lng: 122.05 }; // ≈ 56 m
  const far = { lat: 46.09, lng: 122.05 }; // ≈ 1.1 km

  it('matches the same person or the same place, only with similar text', () => {
    const subject = { submitterIndex: 'p1', position: here, text: '村口路灯坏了' };
    const matches = matchRepeats(
      subject,
      [
        { id: 'samePersonFar', submitterIndex: 'p1', position: far, text: '村口路灯坏了' },
        { id: 'otherPersonNear', submitterIndex: 'p2', position: near, text: '村口路灯坏了两天' },
        { id: 'otherPersonFar', submitterIndex: 'p2', position: far, text: '村口路灯坏了' },
        { id: 'nearDifferentText', submitterIndex: 'p3', position: near, text: '草场被占用' },
        { id: 'samePersonNoPosition', submitterIndex: 'p1', position: null, text: '村口的路灯坏了' },
      ],
      settings,
    );
    expect(matches.map((m) => m.id)).toEqual(['samePersonFar', 'otherPersonNear', 'samePersonNoPosition']);
    expect(matches[0]).toMatchObject({ samePerson: true, similarity: 1 });
    expect(matches[1]!.distanceMetres).toBeLessThan(60);
    expect(matches[2]!.distanceMetres).toBeNull();
  });

  it('never matches on a missing submitter index', () => {
    const matches = matchRepeats(
      { submitterIndex: null, position: null, text: '路灯坏了' },
      [{ id: 'x', submitterIndex: null, position: null, text: '路灯坏了' }],
      settings,
    );
    expect(matches).toEqual([]);
  });
});
