import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/support/database';
import { auditLog } from '../audit/schema';
import { type Database, insertRows } from './index';

describe('insertRows', () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database?.close());

  it('writes every row as drizzle would, in batches, with defaults for columns no row names', async () => {
    const awkward = 'quote " backslash \\ tab \t newline \n 中文 🐎 \u0001';
    const rows = Array.from({ length: 12 }, (_, i) => ({
      actorId: i === 0 ? null : `00000000-0000-4000-8000-00000000000${i % 10}`,
      actorName: i === 1 ? awkward : `第${i}位`,
      entity: 'insert-rows-test',
      entityId: String(i),
      action: 'import',
      before: i === 2 ? null : { nested: { list: [1, 'two', null], text: awkward }, n: i },
      after: i === 3 ? ['an', 'array'] : 'a JSON string',
    }));
    await insertRows(database.db, auditLog, rows, { batchRows: 5 });
    const stored = await database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.entity, 'insert-rows-test'))
      .orderBy(asc(auditLog.id));
    expect(stored).toHaveLength(12);
    expect(
      stored.map(({ actorId, actorName, entity, entityId, action, before, after }) => ({
        actorId,
        actorName,
        entity,
        entityId,
        action,
        before,
        after,
      })),
    ).toEqual(rows);
    // Defaults: the id sequence, the transaction id and the time.
    expect(new Set(stored.map((r) => r.id)).size).toBe(12);
    for (const row of stored) {
      expect(row.txid).toBeGreaterThan(0);
      expect(Date.now() - new Date(row.at).getTime()).toBeLessThan(60_000);
    }
  });

  it('refuses a property the table does not have, writing nothing', async () => {
    await expect(
      insertRows(database.db, auditLog, [{ entity: 'x', action: 'y', colour: 'red' } as never]),
    ).rejects.toThrow(/audit_log has no colour/);
    expect(await database.db.select().from(auditLog).where(eq(auditLog.entity, 'x'))).toEqual([]);
  });
});
