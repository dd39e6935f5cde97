import { describe, expect, it } from 'vitest';
import { sm3Hex } from '../crypto';
import {
  type AuditEntryContent,
  type ChainRow,
  canonicalJson,
  chainHash,
  GENESIS_HASH,
  verifyChain,
} from './chain';

function entry(n: number): AuditEntryContent {
  return {
    id: String(n),
    at: `2024-06-15T08:00:${String(n % 60).padStart(2, '0')}.000Z`,
    actorId: n % 3 === 0 ? null : `user-${n % 3}`,
    actorName: n % 3 === 0 ? '系统' : '组织部张三',
    ip: n % 3 === 0 ? null : '10.0.0.8',
    entity: 'unit',
    entityId: `unit-${n}`,
    action: n === 1 ? 'create' : 'update',
    before: n === 1 ? null : { name: `第${n - 1}党支部`, tags: ['a', 'b'] },
    after: { name: `第${n}党支部`, tags: ['a', 'b'], meta: { level: n } },
  };
}

/** Seals entries 1..count into a chain exactly as the sealer does. */
function buildChain(count: number): ChainRow[] {
  const rows: ChainRow[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= count; seq++) {
    const content = entry(seq);
    const hash = chainHash(prevHash, content);
    rows.push({ seq, prevHash, hash, entry: content });
    prevHash = hash;
  }
  return rows;
}

describe('canonicalJson', () => {
  it('sorts keys at every depth and leaves no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { y: 1, x: 2 }], c: 'x y' } })).toBe(
      '{"a":{"c":"x y","d":[3,{"x":2,"y":1}]},"b":1}',
    );
  });

  it('gives the same text whatever order the keys were inserted in', () => {
    expect(canonicalJson({ name: '乌兰浩特', id: 1 })).toBe(canonicalJson({ id: 1, name: '乌兰浩特' }));
  });

  it('keeps array order, because order in an array is data', () => {
    expect(canonicalJson([2, 1])).not.toBe(canonicalJson([1, 2]));
  });

  it('writes Dates as ISO strings and follows JSON for the odd values', () => {
    expect(canonicalJson({ at: new Date('2024-06-15T08:00:00Z') })).toBe('{"at":"2024-06-15T08:00:00.000Z"}');
    expect(canonicalJson({ a: undefined, b: null, c: () => 1 })).toBe('{"b":null}');
    expect(canonicalJson([undefined, Number.NaN, Number.POSITIVE_INFINITY])).toBe('[null,null,null]');
    expect(canonicalJson(undefined)).toBe('null');
    expect(canonicalJson('引号"和\n换行')).toBe(JSON.stringify('引号"和\n换行'));
    expect(canonicalJson(true)).toBe('true');
    expect(canonicalJson(12n)).toBe('12');
  });

  it('matches JSON.stringify for values whose keys are already sorted', () => {
    const value = { a: [1, 'two', null, false, { b: 2.5 }], z: '中文' };
    expect(canonicalJson(value)).toBe(JSON.stringify(value));
  });

  it('survives a round trip through JSON (as the database stores it)', () => {
    const content = entry(7);
    expect(canonicalJson(JSON.parse(JSON.stringify(content)))).toBe(canonicalJson(content));
  });

  it('refuses cycles but allows the same object twice', () => {
    const shared = { x: 1 };
    expect(canonicalJson({ a: shared, b: shared })).toBe('{"a":{"x":1},"b":{"x":1}}');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(/cycle/);
  });
});

describe('chainHash', () => {
  it('is SM3 over the previous hash, a newline and the canonical JSON', () => {
    const content = entry(1);
    expect(chainHash(GENESIS_HASH, content)).toBe(sm3Hex(`${GENESIS_HASH}\n${canonicalJson(content)}`));
    expect(chainHash(GENESIS_HASH, content)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes with the previous hash and with any field', () => {
    const content = entry(2);
    const base = chainHash(GENESIS_HASH, content);
    expect(chainHash('f'.repeat(64), content)).not.toBe(base);
    expect(chainHash(GENESIS_HASH, { ...content, ip: '10.0.0.9' })).not.toBe(base);
    expect(
      chainHash(GENESIS_HASH, { ...content, after: { ...(content.after as object), meta: { level: 3 } } }),
    ).not.toBe(base);
  });

  it('starts from 64 zeros', () => {
    expect(GENESIS_HASH).toBe('0'.repeat(64));
  });
});

describe('verifyChain', () => {
  it('accepts an intact chain and an empty one', () => {
    expect(verifyChain(buildChain(50))).toEqual({ ok: true, checked: 50 });
    expect(verifyChain([])).toEqual({ ok: true, checked: 0 });
  });

  it('accepts a row whose content came back from the database with other key order', () => {
    const rows = buildChain(3);
    const { after, before, ...rest } = rows[1]!.entry;
    rows[1] = { ...rows[1]!, entry: { after, before, ...rest } };
    expect(verifyChain(rows)).toEqual({ ok: true, checked: 3 });
  });

  it('detects a changed row', () => {
    const rows = buildChain(10);
    rows[4] = { ...rows[4]!, entry: { ...rows[4]!.entry, actorName: '别人' } };
    expect(verifyChain(rows)).toMatchObject({
      ok: false,
      checked: 4,
      brokenAt: 5,
      reason: expect.stringContaining('修改'),
    });
  });

  it('detects a change deep inside before/after', () => {
    const rows = buildChain(10);
    const after = { ...(rows[6]!.entry.after as Record<string, unknown>), meta: { level: 99 } };
    rows[6] = { ...rows[6]!, entry: { ...rows[6]!.entry, after } };
    expect(verifyChain(rows)).toMatchObject({ ok: false, brokenAt: 7 });
  });

  it('detects a changed row whose own hash was recomputed, at the next row', () => {
    const rows = buildChain(10);
    const forged = { ...rows[4]!.entry, action: 'delete' };
    rows[4] = { ...rows[4]!, entry: forged, hash: chainHash(rows[4]!.prevHash, forged) };
    expect(verifyChain(rows)).toMatchObject({
      ok: false,
      checked: 5,
      brokenAt: 6,
      reason: expect.stringContaining('不衔接'),
    });
  });

  it('detects a deleted row by the gap in seq', () => {
    const rows = buildChain(10);
    rows.splice(3, 1);
    expect(verifyChain(rows)).toMatchObject({
      ok: false,
      checked: 3,
      brokenAt: 5,
      reason: expect.stringContaining('第 4 条'),
    });
  });

  it('detects several deleted rows and names the range', () => {
    const rows = buildChain(10);
    rows.splice(3, 3);
    expect(verifyChain(rows)).toMatchObject({
      ok: false,
      brokenAt: 7,
      reason: expect.stringContaining('第 4–6 条'),
    });
  });

  it('detects a deleted first row', () => {
    expect(verifyChain(buildChain(5).slice(1))).toMatchObject({ ok: false, checked: 0, brokenAt: 2 });
  });

  it('detects a deleted row even when the later seqs were renumbered to hide the gap', () => {
    const rows = buildChain(10);
    rows.splice(3, 1);
    const renumbered = rows.map((row, i) => ({ ...row, seq: i + 1 }));
    expect(verifyChain(renumbered)).toMatchObject({
      ok: false,
      checked: 3,
      brokenAt: 4,
      reason: expect.stringContaining('不衔接'),
    });
  });

  it('detects two rows swapped in order', () => {
    const rows = buildChain(10);
    [rows[2], rows[3]] = [rows[3]!, rows[2]!];
    expect(verifyChain(rows)).toMatchObject({ ok: false, checked: 2, brokenAt: 4 });
  });

  it('detects two rows swapped with their seqs renumbered', () => {
    const rows = buildChain(10);
    [rows[2], rows[3]] = [rows[3]!, rows[2]!];
    const renumbered = rows.map((row, i) => ({ ...row, seq: i + 1 }));
    expect(verifyChain(renumbered)).toMatchObject({ ok: false, checked: 2, brokenAt: 3 });
  });

  it('detects two entries swapped between chain positions', () => {
    const rows = buildChain(10);
    const third = rows[2]!.entry;
    rows[2] = { ...rows[2]!, entry: rows[3]!.entry };
    rows[3] = { ...rows[3]!, entry: third };
    expect(verifyChain(rows)).toMatchObject({
      ok: false,
      checked: 2,
      brokenAt: 3,
      reason: expect.stringContaining('修改'),
    });
  });

  it('detects a duplicated row', () => {
    const rows = buildChain(5);
    rows.splice(2, 0, rows[2]!);
    expect(verifyChain(rows)).toMatchObject({ ok: false, checked: 3, brokenAt: 3 });
  });

  it('verifies in pages when given the hash and seq of the row before', () => {
    const rows = buildChain(20);
    const firstPage = verifyChain(rows.slice(0, 8));
    const secondPage = verifyChain(rows.slice(8), rows[7]!.hash, 8);
    expect(firstPage).toEqual({ ok: true, checked: 8 });
    expect(secondPage).toEqual({ ok: true, checked: 12 });
    expect(verifyChain(rows.slice(8), GENESIS_HASH, 8)).toMatchObject({ ok: false, brokenAt: 9 });
    expect(verifyChain(rows.slice(8), rows[7]!.hash, 7)).toMatchObject({ ok: false, brokenAt: 9 });
  });
});
