import { describe, expect, it } from 'vitest';
import { diffSnapshots, formatValue } from './auditDiff';

describe('diffSnapshots', () => {
  it('lists changed fields first and marks unchanged ones', () => {
    const changes = diffSnapshots(
      { name: '甲嘎查', type: 'gacha', code: 'A1' },
      { name: '乙嘎查', type: 'gacha', code: null },
    );
    expect(changes.map((change) => [change.field, change.changed])).toEqual([
      ['name', true],
      ['code', true],
      ['type', false],
    ]);
  });

  it('treats a creation (no before) as every field changed', () => {
    const changes = diffSnapshots(null, { name: '新社区' });
    expect(changes).toEqual([{ field: 'name', before: undefined, after: '新社区', changed: true }]);
  });

  it('formats values for display', () => {
    expect(formatValue('张三')).toBe('张三');
    expect(formatValue(null)).toBe('null');
    expect(formatValue({ a: 1 })).toBe('{"a":1}');
    expect(formatValue(undefined)).toBe('');
  });
});
