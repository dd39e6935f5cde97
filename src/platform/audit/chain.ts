import { sm3Hex } from '../crypto';

/** The hashed content of one audit log row. */
export interface AuditEntryContent {
  id: string;
  at: string;
  actorId: string | null;
  actorName: string | null;
  ip: string | null;
  entity: string;
  entityId: string | null;
  action: string;
  before: unknown;
  after: unknown;
}

/** One sealed row of the chain as stored: its position, the hash it links to, its own hash and content. */
export interface ChainRow {
  seq: number;
  prevHash: string;
  hash: string;
  entry: AuditEntryContent;
}

export type ChainVerification =
  | { ok: true; checked: number }
  | { ok: false; checked: number; brokenAt: number; reason: string };

/** The hash the first row of the chain links to. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * Serialises a value as JSON with object keys sorted at every depth and no whitespace, so the same
 * content always hashes the same, whatever key order the database hands back. Follows JSON.stringify for
 * everything else: Dates become ISO strings, undefined properties are left out, non-finite numbers are null.
 */
export function canonicalJson(value: unknown): string {
  return serialise(value, new Set()) ?? 'null';
}

function serialise(input: unknown, ancestors: Set<object>): string | undefined {
  let value = input;
  if (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { toJSON?: unknown }).toJSON === 'function'
  ) {
    value = (value as { toJSON: () => unknown }).toJSON();
  }
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return value.toString();
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
  }
  if (value === null) return 'null';
  const object = value as object;
  if (ancestors.has(object)) throw new TypeError('canonicalJson: value contains a cycle');
  ancestors.add(object);
  try {
    if (Array.isArray(object)) {
      return `[${object.map((item) => serialise(item, ancestors) ?? 'null').join(',')}]`;
    }
    const record = object as Record<string, unknown>;
    const members: string[] = [];
    for (const key of Object.keys(record).sort()) {
      const member = serialise(record[key], ancestors);
      if (member !== undefined) members.push(`${JSON.stringify(key)}:${member}`);
    }
    return `{${members.join(',')}}`;
  } finally {
    ancestors.delete(object);
  }
}

/** Computes a row's hash: SM3 over the previous row's hash, a newline and the row's canonical JSON. */
export function chainHash(prevHash: string, entry: AuditEntryContent): string {
  return sm3Hex(`${prevHash}\n${canonicalJson(entry)}`);
}

/**
 * Walks rows in seq order and reports the first break: a changed row (its hash no longer matches its
 * content), a deleted row (a seq gap, or a prevHash that does not link to the row before) or a
 * reordered row. `startPrevHash` and `startSeq` describe the row just before `rows` when verifying in pages.
 */
export function verifyChain(
  rows: readonly ChainRow[],
  startPrevHash: string = GENESIS_HASH,
  startSeq = 0,
): ChainVerification {
  let prevHash = startPrevHash;
  let expectedSeq = startSeq + 1;
  let checked = 0;
  for (const row of rows) {
    const broken = (reason: string): ChainVerification => ({ ok: false, checked, brokenAt: row.seq, reason });
    if (row.seq < expectedSeq) return broken(`第 ${row.seq} 条审计记录顺序错乱（应为第 ${expectedSeq} 条）`);
    if (row.seq > expectedSeq) {
      const missing =
        row.seq - 1 === expectedSeq ? `第 ${expectedSeq} 条` : `第 ${expectedSeq}–${row.seq - 1} 条`;
      return broken(`${missing}审计记录缺失（被删除或顺序被调换）`);
    }
    if (row.prevHash !== prevHash) {
      return broken(`第 ${row.seq} 条审计记录与前一条不衔接：前面的记录被删除、修改或调换了顺序`);
    }
    if (chainHash(row.prevHash, row.entry) !== row.hash) {
      return broken(`第 ${row.seq} 条审计记录的内容已被修改`);
    }
    prevHash = row.hash;
    expectedSeq += 1;
    checked += 1;
  }
  return { ok: true, checked };
}
