import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withNamedStatements } from './pgliteStatements';

// The embedded database's named statements, on an in-memory PGlite whatever DATABASE_URL says: the
// same answers as PGlite's own query(), errors that leave the database usable, and the transaction
// lock respected.
describe('PGlite named statements', () => {
  let client: PGlite;
  const named = (text: string, params: unknown[], name = 'test_statement') =>
    client.query<Record<string, unknown>>(text, params, { name } as never);

  beforeAll(async () => {
    client = new PGlite();
    await client.waitReady;
    withNamedStatements(client);
    await client.exec(`
      create table item (id int primary key, name text not null, tags text[], born date,
        at timestamptz, amount numeric, data jsonb);
      insert into item values
        (1, '甲', '{a,b}', '2026-01-02', '2026-03-04T05:06:07Z', 12.5, '{"k": [1, 2]}'),
        (2, '乙', null, null, null, null, null);`);
  });
  afterAll(async () => client?.close());

  const text =
    'select id, name, tags, born, at, amount, data from item where id = any($1::int[]) and name <> $2 order by id';

  it('answers as the unnamed query, with every type parsed the same way, call after call', async () => {
    const plain = await client.query(text, [[1, 2], '丙']);
    for (let i = 0; i < 3; i++) {
      const result = await named(text, [[1, 2], '丙']);
      expect(result.rows).toEqual(plain.rows);
      expect(result.fields).toEqual(plain.fields);
    }
    const arrays = await client.query(text, [[1], '丙'], {
      rowMode: 'array',
      name: 'test_statement',
    } as never);
    expect(arrays.rows).toEqual([
      [
        1,
        '甲',
        ['a', 'b'],
        new Date('2026-01-02T00:00:00Z'),
        new Date('2026-03-04T05:06:07Z'),
        '12.5',
        { k: [1, 2] },
      ],
    ]);
    const prepared = await client.query<{ name: string }>('select name from pg_prepared_statements');
    expect(prepared.rows).toEqual([{ name: 'test_statement' }]);
  });

  it('binds null, dates and JSON parameters', async () => {
    const result = await named(
      'select $1::date as d, $2::jsonb as j, $3::text is null as missing',
      [new Date('2026-05-06T00:00:00Z'), { a: '乙' }, null],
      'test_types',
    );
    expect(result.rows).toEqual([{ d: new Date('2026-05-06T00:00:00Z'), j: { a: '乙' }, missing: true }]);
  });

  it('reports an error and stays usable, for the statement and the database', async () => {
    await expect(named('select 10 / $1::int as q', [0], 'test_divide')).rejects.toThrow(/division by zero/);
    expect((await named('select 10 / $1::int as q', [5], 'test_divide')).rows).toEqual([{ q: 2 }]);
    await expect(named('select from nowhere_at_all', [], 'test_missing')).rejects.toThrow(/nowhere_at_all/);
    await client.exec('create table nowhere_at_all (x int)');
    expect((await named('select count(*)::int as n from nowhere_at_all', [], 'test_missing_2')).rows).toEqual(
      [{ n: 0 }],
    );
    expect((await client.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
  });

  it('waits for an open transaction instead of reading inside it', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const transaction = client.transaction(async (tx) => {
      await tx.query("insert into item (id, name) values (3, '丙')");
      await held;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const read = named('select count(*)::int as n from item', [], 'test_count');
    let answered = false;
    void read.then(() => {
      answered = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(answered).toBe(false);
    release();
    await transaction;
    expect((await read).rows).toEqual([{ n: 3 }]);
  });

  it('drops its statements once too many names were prepared, and answers on', async () => {
    for (let i = 0; i < 520; i++) {
      const result = await named(`select $1::int + ${i} as v`, [1], `test_many_${i}`);
      expect(result.rows).toEqual([{ v: i + 1 }]);
    }
    const prepared = await client.query<{ n: number }>(
      'select count(*)::int as n from pg_prepared_statements',
    );
    expect(prepared.rows[0]!.n).toBeLessThan(500);
    expect((await named(text, [[1], '丙'])).rows).toHaveLength(1);
  });
});
