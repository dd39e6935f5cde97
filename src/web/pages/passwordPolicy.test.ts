import { describe, expect, it } from 'vitest';
import { meetsPasswordPolicy } from './passwordPolicy';

describe('meetsPasswordPolicy', () => {
  it('accepts 8+ characters from three classes', () => {
    expect(meetsPasswordPolicy('Admin#2026pass')).toBe(true);
    expect(meetsPasswordPolicy('abcDEF12')).toBe(true);
    expect(meetsPasswordPolicy('abc#ef12')).toBe(true);
  });

  it('rejects short passwords and passwords with only two classes', () => {
    expect(meetsPasswordPolicy('aB1#xyz')).toBe(false);
    expect(meetsPasswordPolicy('abcdefgh1234')).toBe(false);
    expect(meetsPasswordPolicy('ABCDEFGH####')).toBe(false);
  });
});
