import { describe, expect, it } from 'vitest';
import { type PostHolding, percent, summarise, unitComposition } from './composition';

const secretary = (personId: string | null, extra: Partial<PostHolding> = {}): PostHolding => ({
  personId,
  committee: 'party',
  post: 'secretary',
  ...extra,
});
const director = (personId: string | null, extra: Partial<PostHolding> = {}): PostHolding => ({
  personId,
  committee: 'villagers',
  post: 'director',
  ...extra,
});
const partyMember = (personId: string, extra: Partial<PostHolding> = {}): PostHolding => ({
  personId,
  committee: 'party',
  post: 'member',
  ...extra,
});
const villagersMember = (personId: string, extra: Partial<PostHolding> = {}): PostHolding => ({
  personId,
  committee: 'villagers',
  post: 'member',
  ...extra,
});

describe('unitComposition', () => {
  it('has no committee, no 一肩挑 and no rate when there are no posts', () => {
    const c = unitComposition([]);
    expect(c).toMatchObject({
      partyCount: 0,
      villagersCount: 0,
      bothCount: 0,
      memberCount: 0,
      dualRole: false,
      tripleRole: false,
      secretaryVacant: true,
      directorVacant: true,
      crossRate: null,
    });
    expect(c.members).toEqual([]);
  });

  it('finds 一肩挑 when the secretary chairs the villagers committee', () => {
    const c = unitComposition([
      secretary('a'),
      partyMember('b'),
      partyMember('c'),
      director('a'),
      villagersMember('d'),
    ]);
    expect(c.dualRole).toBe(true);
    expect(c.tripleRole).toBe(false);
    // a sits on both: 1 ÷ (3 + 2 − 1).
    expect(c.bothCount).toBe(1);
    expect(c.memberCount).toBe(4);
    expect(c.crossRate).toBeCloseTo(0.25);
  });

  it('does not count a secretary who is only an ordinary member of the villagers committee as 一肩挑', () => {
    const c = unitComposition([secretary('a'), director('b'), villagersMember('a')]);
    expect(c.dualRole).toBe(false);
    expect(c.bothCount).toBe(1);
    expect(c.crossRate).toBeCloseTo(1 / 2);
  });

  it('does not count a director who is only a Party committee member as 一肩挑', () => {
    const c = unitComposition([secretary('a'), partyMember('b'), director('b')]);
    expect(c.dualRole).toBe(false);
    expect(c.bothCount).toBe(1);
  });

  it('finds 三职一肩挑 when the same person also heads the collective economic organisation', () => {
    const c = unitComposition([
      secretary('a'),
      director('a'),
      { personId: 'a', committee: 'collective', post: 'head' },
    ]);
    expect(c.tripleRole).toBe(true);
    // The collective head is not a 两委 committee: it adds nobody to the member count.
    expect(c.memberCount).toBe(1);
    expect(c.crossRate).toBe(1);
  });

  it('counts a person listed twice in one committee once', () => {
    const c = unitComposition([
      secretary('a'),
      partyMember('a'),
      partyMember('b'),
      director('c'),
      villagersMember('c'),
    ]);
    expect(c.partyCount).toBe(2);
    expect(c.villagersCount).toBe(1);
    expect(c.memberCount).toBe(3);
    expect(c.bothCount).toBe(0);
    expect(c.crossRate).toBe(0);
  });

  it('treats a vacant secretary or director post as no 一肩挑', () => {
    const vacantSecretary = unitComposition([secretary(null), partyMember('b'), director('b')]);
    expect(vacantSecretary.dualRole).toBe(false);
    expect(vacantSecretary.secretaryVacant).toBe(true);
    expect(vacantSecretary.partyCount).toBe(1);
    const vacantDirector = unitComposition([secretary('a'), director(null), villagersMember('a')]);
    expect(vacantDirector.dualRole).toBe(false);
    expect(vacantDirector.directorVacant).toBe(true);
  });

  it('rates everybody in both committees as 100% and nobody as 0%', () => {
    expect(
      unitComposition([secretary('a'), partyMember('b'), director('a'), villagersMember('b')]).crossRate,
    ).toBe(1);
    expect(unitComposition([secretary('a'), director('b')]).crossRate).toBe(0);
  });

  it('keeps the first recorded education of a member who holds two posts', () => {
    const c = unitComposition([
      secretary('a', { education: null }),
      director('a', { education: '大学专科' }),
      villagersMember('b', { education: '高中' }),
    ]);
    expect(c.members.find((m) => m.personId === 'a')?.education).toBe('大学专科');
  });
});

describe('summarise', () => {
  const unit = (id: string, holdings: PostHolding[] | null) => ({
    unitId: id,
    electionId: holdings ? `e-${id}` : null,
    composition: holdings ? unitComposition(holdings) : null,
  });

  it('rates 一肩挑 over units with a committee, leaving out units without one', () => {
    const s = summarise(
      [
        unit('1', [secretary('a'), director('a')]),
        unit('2', [secretary('b'), director('c')]),
        unit('3', [secretary('d'), director('d')]),
        unit('4', null),
      ],
      '2024-06-30',
    );
    expect(s.units).toBe(4);
    expect(s.withCommittee).toBe(3);
    expect(s.dualRoleCount).toBe(2);
    expect(s.dualRoleRate).toBe(66.7);
  });

  it('adds people in both and in either committee across units before dividing', () => {
    const s = summarise(
      [
        // 1 of 2 people in both.
        unit('1', [secretary('a'), director('a'), villagersMember('b')]),
        // 0 of 4.
        unit('2', [secretary('c'), partyMember('d'), director('e'), villagersMember('f')]),
      ],
      '2024-06-30',
    );
    expect(s.bothCount).toBe(1);
    expect(s.memberCount).toBe(6);
    expect(s.crossRate).toBe(16.7);
  });

  it('computes women share, average age and education over distinct people', () => {
    const s = summarise(
      [
        unit('1', [
          secretary('a', { gender: 'male', birthDate: '1970-07-01', education: '大学本科' }),
          director('a', { gender: 'male', birthDate: '1970-07-01', education: '大学本科' }),
          villagersMember('b', { gender: 'female', birthDate: '1990-06-30', education: '高中' }),
        ]),
        unit('2', [secretary('c', { gender: 'female', birthDate: '1984-01-01' })]),
      ],
      '2024-06-30',
    );
    expect(s.people).toBe(3);
    expect(s.women).toBe(2);
    expect(s.womenShare).toBe(66.7);
    // 53 (birthday tomorrow), 34 (birthday today), 40.
    expect(s.averageAge).toBe(42.3);
    expect(s.college).toBe(1);
    expect(s.collegeShare).toBe(33.3);
    expect(Object.fromEntries(s.education)).toEqual({ 大学本科: 1, 高中: 1, '': 1 });
  });

  it('answers null, never 0, when there is nothing to measure', () => {
    const s = summarise([unit('1', null)], '2024-06-30');
    expect(s.dualRoleRate).toBeNull();
    expect(s.crossRate).toBeNull();
    expect(s.womenShare).toBeNull();
    expect(s.averageAge).toBeNull();
    expect(summarise([], '2024-06-30').units).toBe(0);
  });
});

describe('percent', () => {
  it('rounds to one decimal and refuses a zero denominator', () => {
    expect(percent(2, 3)).toBe(66.7);
    expect(percent(1, 8)).toBe(12.5);
    expect(percent(0, 5)).toBe(0);
    expect(percent(1, 0)).toBeNull();
  });
});
