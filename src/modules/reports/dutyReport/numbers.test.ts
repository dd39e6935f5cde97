import { describe, expect, it } from 'vitest';
import { formatApprox, formatExact, formatFigure } from './numbers';

describe('duty report numbers', () => {
  it('writes exact figures as they are, rates with their decimals', () => {
    expect(formatExact(2356)).toBe('2356');
    expect(formatExact(0)).toBe('0');
    expect(formatExact(96.5)).toBe('96.5');
    expect(formatExact(96.54, 1)).toBe('96.5');
    expect(formatExact(96.04, 1)).toBe('96');
    expect(formatExact(2 / 3, 2)).toBe('0.67');
    expect(formatFigure(2356)).toBe('2356');
  });

  it('floors to the two leading digits and adds 余 when something was dropped', () => {
    expect(formatApprox(2356)).toBe('2300余');
    expect(formatApprox(2056)).toBe('2000余');
    expect(formatApprox(2000)).toBe('2000');
    expect(formatApprox(156)).toBe('150余');
    expect(formatApprox(150)).toBe('150');
    expect(formatApprox(48)).toBe('40余');
    expect(formatApprox(10)).toBe('10');
    expect(formatFigure(2099, 'approx')).toBe('2000余');
  });

  it('writes ten thousand and more in 万', () => {
    expect(formatApprox(23_456)).toBe('2.3万余');
    expect(formatApprox(123_456)).toBe('12万余');
    expect(formatApprox(50_000)).toBe('5万');
  });

  it('keeps small, negative and non-integer values exact', () => {
    expect(formatApprox(9)).toBe('9');
    expect(formatApprox(0)).toBe('0');
    expect(formatApprox(-120)).toBe('-120');
    expect(formatApprox(87.25, 1)).toBe('87.3');
  });
});
