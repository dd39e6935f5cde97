// Bulk writes of the scale seeding: a few thousand rows per statement, by COPY on PostgreSQL and as one
// JSON parameter unpacked by jsonb_to_recordset on PGlite.
// A few statements stay in flight on the transaction's connection, so the next batch is generated
// while the database writes the last one. Heavy secondary indexes are dropped for the load and built
// again from their own definitions at the end, in the same transaction.
import { type SQL, sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../platform/db';
import { copyText } from './copy';

/** Column name → SQL type, in the order the rows are written. */
export type ColumnTypes = Readonly<Record<string, string>>;

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Writes rows with COPY (PostgreSQL): table, column names, rows as COPY text. */
export type CopyRows = (table: string, columns: readonly string[], text: string) => Promise<void>;

/**
 * Queues bulk writes on one transaction. They run strictly one after another (one connection, and
 * node-postgres wants one query at a time), while the caller goes on generating rows: up to `queuedBytes`
 * of statements may wait, so the database writes one month while the next is being generated. Rows go by
 * COPY when a `copy` is given, else as JSON through jsonb_to_recordset. The first failure wins.
 */
export class BulkWriter {
  private readonly pending = new Set<Promise<void>>();
  private tail: Promise<unknown> = Promise.resolve();
  private failure: unknown = null;
  private queuedBytes = 0;
  /** Rows written (or queued) by this writer, per table. */
  readonly rowsByTable = new Map<string, number>();

  constructor(
    private readonly tx: Tx,
    private readonly options: { batchRows: number; queuedBytes: number; copy?: CopyRows },
  ) {}

  get rows(): number {
    let total = 0;
    for (const n of this.rowsByTable.values()) total += n;
    return total;
  }

  /** Queues a query once the queue has room; the returned promise settles when it has run. */
  submit<T>(query: SQL, bytes = 0): Promise<{ done: Promise<T[]> }> {
    return this.enqueue(() => queryRows<T>(this.tx, query), bytes);
  }

  private async enqueue<T>(job: () => Promise<T>, bytes: number): Promise<{ done: Promise<T> }> {
    while (this.pending.size > 0 && this.queuedBytes + bytes > this.options.queuedBytes)
      await Promise.race(this.pending);
    if (this.failure) throw this.failure;
    this.queuedBytes += bytes;
    const done = this.tail.then(() => {
      if (this.failure) throw this.failure;
      return job();
    });
    this.tail = done.catch(() => undefined);
    const settled: Promise<void> = done
      .then(
        () => undefined,
        (error: unknown) => {
          this.failure ??= error;
        },
      )
      .then(() => {
        this.queuedBytes -= bytes;
        this.pending.delete(settled);
      });
    this.pending.add(settled);
    // Failures are collected above and thrown by the next call or by drain().
    done.catch(() => undefined);
    return { done };
  }

  /** Queues the rows in batches; resolves once every batch is queued (not necessarily written). */
  async insert(table: string, columns: ColumnTypes, rows: readonly object[]): Promise<void> {
    const names = Object.keys(columns);
    for (let i = 0; i < rows.length; i += this.options.batchRows) {
      const batch = rows.slice(i, i + this.options.batchRows);
      this.rowsByTable.set(table, (this.rowsByTable.get(table) ?? 0) + batch.length);
      const { copy } = this.options;
      if (copy) {
        const text = copyText(columns, batch);
        await this.enqueue(() => copy(table, names, text), text.length * 2);
        continue;
      }
      const json = JSON.stringify(batch);
      const list = sql.raw(names.map(quote).join(', '));
      const types = sql.raw(names.map((n) => `${quote(n)} ${columns[n]}`).join(', '));
      // UTF-16 code units: a bound on the memory held, not the bytes sent.
      await this.submit(
        sql`insert into ${sql.raw(quote(table))} (${list}) select ${list} from jsonb_to_recordset(${json}::jsonb) as x(${types})`,
        json.length * 2,
      );
    }
  }

  /** Waits for every statement queued; throws the first failure. */
  async drain(): Promise<void> {
    while (this.pending.size > 0) await Promise.all(this.pending);
    if (this.failure) throw this.failure;
  }
}

/** A foreign key as the database defines it, to be added (and checked) again after the load. */
export interface DroppedForeignKey {
  name: string;
  table: string;
  definition: string;
}

/**
 * Drops the foreign keys of the given tables and returns their definitions. Checked once over the loaded
 * rows when added again, they cost a join instead of an index probe per inserted row.
 */
export async function dropForeignKeys(tx: Tx, tables: readonly string[]): Promise<DroppedForeignKey[]> {
  const keys = await queryRows<DroppedForeignKey>(
    tx,
    sql`select k.conname as name, c.relname as "table", pg_get_constraintdef(k.oid) as definition
        from pg_constraint k
        join pg_class c on c.oid = k.conrelid
        join pg_namespace n on n.oid = c.relnamespace
        where k.contype = 'f' and n.nspname = current_schema()
          and c.relname in (${sql.join(
            tables.map((t) => sql`${t}`),
            sql`, `,
          )})
        order by c.relname, k.conname`,
  );
  for (const key of keys)
    await tx.execute(sql.raw(`alter table ${quote(key.table)} drop constraint ${quote(key.name)}`));
  return keys;
}

/** Adds the dropped foreign keys again: each is checked against every row, so a bad row fails the load. */
export async function restoreForeignKeys(
  tx: Tx,
  keys: readonly DroppedForeignKey[],
  onAdded?: (key: DroppedForeignKey, done: number) => void,
): Promise<void> {
  let done = 0;
  for (const key of keys) {
    await tx.execute(
      sql.raw(`alter table ${quote(key.table)} add constraint ${quote(key.name)} ${key.definition}`),
    );
    done += 1;
    onAdded?.(key, done);
  }
}

/** A secondary index as the database defines it, to be built again after the load. */
export interface DroppedIndex {
  name: string;
  table: string;
  definition: string;
}

/**
 * Drops the secondary indexes of the given tables (not primary keys, not indexes behind constraints)
 * and returns their definitions. Building them once over the loaded rows is far cheaper than keeping
 * them up to date row by row.
 */
export async function dropSecondaryIndexes(tx: Tx, tables: readonly string[]): Promise<DroppedIndex[]> {
  const indexes = await queryRows<DroppedIndex>(
    tx,
    sql`select ic.relname as name, tc.relname as "table", pg_get_indexdef(i.indexrelid) as definition
        from pg_index i
        join pg_class ic on ic.oid = i.indexrelid
        join pg_class tc on tc.oid = i.indrelid
        join pg_namespace n on n.oid = tc.relnamespace
        where n.nspname = current_schema()
          and tc.relname in (${sql.join(
            tables.map((t) => sql`${t}`),
            sql`, `,
          )})
          and not i.indisprimary
          and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid)
        order by tc.relname, ic.relname`,
  );
  for (const index of indexes) await tx.execute(sql.raw(`drop index ${quote(index.name)}`));
  return indexes;
}

/** Builds the dropped indexes again from their definitions, reporting each. */
export async function rebuildIndexes(
  tx: Tx,
  indexes: readonly DroppedIndex[],
  onBuilt?: (index: DroppedIndex, done: number) => void,
): Promise<void> {
  let done = 0;
  for (const index of indexes) {
    await tx.execute(sql.raw(index.definition));
    done += 1;
    onBuilt?.(index, done);
  }
}
