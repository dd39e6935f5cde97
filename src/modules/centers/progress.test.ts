import { describe, expect, it } from 'vitest';
import { asPercent, averageShare, centreProgress, ratio } from './progress';

const assessed = (items: number, met: number, partly = 0, assessedOn = '2026-03-01') => ({
  activeItems: items,
  latest: { items, met, partly, assessedOn },
});

describe('centre progress', () => {
  it('is the share of items met on the latest assessment', () => {
    const progress = centreProgress([assessed(8, 6, 1)]);
    expect(progress).toMatchObject({ itemCount: 8, metCount: 6, partlyCount: 1, meetsStandard: false });
    expect(progress.share).toBe(0.75);
  });

  it('meets the standard only when every item is met', () => {
    expect(centreProgress([assessed(5, 5)]).meetsStandard).toBe(true);
    expect(centreProgress([assessed(5, 4, 1)]).meetsStandard).toBe(false);
  });

  it('has no share before any assessment, and never meets the standard then', () => {
    const progress = centreProgress([{ activeItems: 8, latest: null }]);
    expect(progress.share).toBeNull();
    expect(progress.meetsStandard).toBe(false);
    expect(progress.itemCount).toBe(8);
    expect(progress.lastAssessedOn).toBeNull();
  });

  it('has no share and does not meet anything when no standard applies', () => {
    expect(centreProgress([])).toEqual({
      itemCount: 0,
      metCount: 0,
      partlyCount: 0,
      share: null,
      meetsStandard: false,
      lastAssessedOn: null,
    });
  });

  it('counts an unassessed second standard as not met, over both standards', () => {
    const progress = centreProgress([assessed(4, 4), { activeItems: 4, latest: null }]);
    expect(progress.share).toBe(0.5);
    expect(progress.meetsStandard).toBe(false);
  });

  it('combines two assessed standards and reports the most recent date', () => {
    const progress = centreProgress([assessed(5, 5, 0, '2026-01-10'), assessed(3, 3, 0, '2026-02-20')]);
    expect(progress.share).toBe(1);
    expect(progress.meetsStandard).toBe(true);
    expect(progress.lastAssessedOn).toBe('2026-02-20');
  });

  it('treats partly met items as not met', () => {
    expect(centreProgress([assessed(4, 0, 4)]).share).toBe(0);
  });
});

describe('averages and percentages', () => {
  it('averages known shares and leaves out unassessed centres', () => {
    expect(averageShare([1, 0.5, null])).toBe(0.75);
    expect(averageShare([null, null])).toBeNull();
    expect(averageShare([])).toBeNull();
  });

  it('rounds percentages and ratios to one decimal, keeping null as no data', () => {
    expect(asPercent(5 / 6)).toBe(83.3);
    expect(asPercent(0)).toBe(0);
    expect(asPercent(null)).toBeNull();
    expect(ratio(47, 3)).toBe(15.7);
    expect(ratio(5, 0)).toBeNull();
  });
});
