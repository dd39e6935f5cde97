import { createHash } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import {
  Column,
  getTableColumns,
  getTableName,
  is,
  Param,
  Placeholder,
  SQL,
  sql,
  Subquery,
} from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import {
  getTableConfig,
  type PgDatabase,
  PgDialect,
  type PgQueryResultHKT,
  type PgTable,
} from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import { withNamedStatements } from './pgliteStatements';
import * as schema from './tables';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Either the database or an open transaction: repository functions accept both. */
export type DbOrTx = Db | Tx;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** The PostgreSQL connection string; null for the embedded database. */
  url: string | null;
  /**
   * Raw rows of a parameterised query. A `name` makes it a prepared statement, planned once per
   * connection (once on the embedded database): for the few queries every request runs.
   */
  query<T = Record<string, unknown>>(
    text: string,
    params?: unknown[],
    options?: { name?: string },
  ): Promise<T[]>;
  /** The embedded database's data directory as an uncompressed tar (for a test template); PGlite only. */
  dumpDataDir?(): Promise<Blob>;
  close(): Promise<void>;
}

export type DatabaseTarget =
  /** `loadDataDir`: for an in-memory database, a data directory dumped by PGlite to start from (tests). */
  { kind: 'pglite'; dataDir: string | null; loadDataDir?: Blob } | { kind: 'postgres'; url: string };

/**
 * Planner settings of every PostgreSQL connection, chosen for what this application runs: many short
 * statements at once, and batches of indicator statements run four at a time.
 * - No JIT compilation. PostgreSQL compiles a statement whose estimated cost passes jit_above_cost,
 *   which at league scale are the indicators' counts over a year of events or meetings: the
 *   compilation alone took 120–180 ms of such a statement's 500–700 ms, and it is paid again on every
 *   call. Nothing this application runs is long enough to earn it back.
 * - No parallel workers. A parallel plan spends more processor time in all to answer one statement
 *   sooner, which pays only on an idle server; here the other connections' statements already use the
 *   cores. At league scale the dashboard's five requests at once took 2,146–2,161 ms (p50) with the
 *   default two workers per statement and 1,740–1,754 ms without.
 * - Index reads priced near sequential reads (random_page_cost 1.1 instead of 4, the default for
 *   spinning disks). On solid-state storage with the working set in memory the default made the
 *   planner read all 1,000,000 grid-event rows to join 13,000 open events (115 ms) instead of looking
 *   each up by its key (34 ms).
 */
export const postgresSessionSettings =
  '-c jit=off -c max_parallel_workers_per_gather=0 -c random_page_cost=1.1';

/**
 * A second, smaller pool whose connections plan each named statement once, for the statements
 * `builtStatement` is told are best planned once (`plan: 'once'`). PostgreSQL plans a prepared
 * statement anew on every call while a plan for its values looks cheaper than one for any values,
 * which for the tree's search as people type was always: planning took 0.27 ms of its 0.6 ms, and the
 * plan for any values (the name index, then the scope) ran in 0.43 ms. With the planner's choice left
 * to it everywhere else, the setting cannot be the whole pool's: a grid worker's list planned once ran
 * in 2 ms against 1.1 planned for the worker's unit.
 */
const plannedOncePools = new WeakMap<object, pg.Pool>();

/** Opens the embedded PGlite database (file-backed, or in memory when dataDir is null) or PostgreSQL. */
export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if (target.kind === 'postgres') {
    const pool = new pg.Pool({
      connectionString: target.url,
      max: Number(process.env.DB_POOL_SIZE ?? 10),
      options: postgresSessionSettings,
    });
    // An idle client whose connection the server closed (restart, failover, database dropped) is
    // discarded by the pool and replaced on next use; without a listener the error would end the process.
    pool.on('error', () => {});
    const db = drizzleNodePg(pool, { schema }) as unknown as Db;
    // Its connections open on first use only.
    const plannedOnce = new pg.Pool({
      connectionString: target.url,
      max: Math.max(2, Math.ceil(pool.options.max / 2)),
      options: `${postgresSessionSettings} -c plan_cache_mode=force_generic_plan`,
    });
    plannedOnce.on('error', () => {});
    plannedOncePools.set(db, plannedOnce);
    return {
      db,
      kind: 'postgres',
      url: target.url,
      async query(text, params, options) {
        const result = await pool.query({ text, values: params as unknown[], name: options?.name });
        return result.rows;
      },
      close: async () => {
        await Promise.all([pool.end(), plannedOnce.end()]);
      },
    };
  }
  const client = target.dataDir
    ? new PGlite(target.dataDir)
    : new PGlite(target.loadDataDir ? { loadDataDir: target.loadDataDir } : {});
  await client.waitReady;
  withNamedStatements(client);
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    url: null,
    async query(text, params, options) {
      const result = await client.query(text, params as unknown[], { name: options?.name } as never);
      return result.rows as never[];
    },
    dumpDataDir: async () => (await client.dumpDataDir('none')) as Blob,
    close: () => client.close(),
  };
}

/** Checks that the database answers; used by /api/health. */
export async function ping(db: Db): Promise<void> {
  await db.execute(sql`select 1`);
}

/** Rows of a raw SQL query run through Drizzle (inside a transaction when given one). */
export async function queryRows<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/** A built drizzle query that can run as a named prepared statement. */
interface Preparable<T> {
  prepare(name: string): PreparedStatement<T>;
}

/** A prepared drizzle query; `values` fill its `sql.placeholder`s. */
export interface PreparedStatement<T> {
  execute(values?: Record<string, unknown>): Promise<T>;
}

/**
 * What drizzle's prepared queries hold: the statement text, and the configurations passed to the
 * driver with each call, where a name makes it a prepared statement (see withNamedStatements for PGlite).
 */
interface PreparedInternals {
  queryString?: unknown;
  queryConfig?: { name?: string };
  rawQueryConfig?: { name?: string };
  /** The selection, one entry per column of the answer's rows (arrays), in order. */
  fields?: Array<{ path: string[]; field: unknown }>;
  joinsNotNullableMap?: Record<string, boolean>;
  customResultMapper?: (rows: unknown[][]) => unknown;
}

interface Decoder {
  mapFromDriverValue(value: unknown): unknown;
}

/**
 * Drizzle's mapping of answer rows to objects, worked out once per prepared statement instead of for
 * every value of every row: drizzle finds each column's decoder and walks its path on each value
 * (`mapResultRow`), which cost a grid worker's page of 20 cases a tenth of the server's time. The
 * objects are the same: the same keys in the same order, the same decoding, and a joined table's
 * object null under the same rule (its first column null, and the join may be absent).
 */
export function rowMapper(
  fields: NonNullable<PreparedInternals['fields']>,
  joinsNotNullableMap: Record<string, boolean> | undefined,
): (rows: unknown[][]) => Record<string, unknown>[] {
  const columns = fields.map(({ path, field }) => {
    const decoderOf = (value: unknown) => (value as { decoder: Decoder }).decoder;
    const decoder: Decoder = is(field, Column)
      ? field
      : is(field, SQL)
        ? decoderOf(field)
        : is(field, Subquery)
          ? decoderOf(field._.sql)
          : decoderOf((field as SQL.Aliased).sql);
    return {
      parents: path.slice(0, -1),
      key: path[path.length - 1]!,
      decoder,
      // A column of a joined table's object: decides whether that object is null.
      table: joinsNotNullableMap && is(field, Column) && path.length === 2 ? getTableName(field.table) : null,
    };
  });
  const mapRow = (row: unknown[]) => {
    const result: Record<string, unknown> = {};
    const nullify: Record<string, string | false> = {};
    for (let i = 0; i < columns.length; i++) {
      const { parents, key, decoder, table } = columns[i]!;
      let node = result;
      for (const parent of parents) {
        if (!(parent in node)) node[parent] = {};
        node = node[parent] as Record<string, unknown>;
      }
      const raw = row[i];
      const value = raw === null ? null : decoder.mapFromDriverValue(raw);
      node[key] = value;
      if (table !== null) {
        const object = parents[0]!;
        const seen = nullify[object];
        if (seen === undefined) nullify[object] = value === null ? table : false;
        else if (typeof seen === 'string' && seen !== table) nullify[object] = false;
      }
    }
    if (joinsNotNullableMap) {
      for (const [object, table] of Object.entries(nullify)) {
        if (typeof table === 'string' && !joinsNotNullableMap[table]) result[object] = null;
      }
    }
    return result;
  };
  return (rows) => rows.map(mapRow);
}

const statementNames = new Map<string, string>();

/** The name of the prepared statement for a SQL text: one per distinct text, the same in every process. */
export function statementName(text: string): string {
  let name = statementNames.get(text);
  if (!name) {
    name = `q_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    // The texts are the few hot list queries' variants; the bound only guards against a caller
    // that builds values into its text.
    if (statementNames.size >= 1000) statementNames.clear();
    statementNames.set(text, name);
  }
  return name;
}

/**
 * Prepares the query under the name of its SQL text. Drizzle builds the text when it prepares; the
 * name is set from that text afterwards rather than by building the text a second time first (that
 * cost an eighth of the tree's children route).
 */
function prepareNamed<T>(query: Preparable<T>): PreparedStatement<T> {
  const prepared = query.prepare('');
  const internals = prepared as PreparedInternals;
  if (typeof internals.queryString === 'string' && internals.queryConfig) {
    const name = statementName(internals.queryString);
    internals.queryConfig.name = name;
    if (internals.rawQueryConfig) internals.rawQueryConfig.name = name;
  }
  if (internals.fields && !internals.customResultMapper) {
    internals.customResultMapper = rowMapper(internals.fields, internals.joinsNotNullableMap);
  }
  return prepared;
}

/**
 * Runs a query as a named prepared statement, named after its SQL text, so each pooled connection
 * (on the embedded database, the database) parses it once and then, as PostgreSQL's plan cache
 * decides, reuses a generic plan instead of planning on every call (planning the roster's joins cost
 * as much as running them). Only for the few hot list queries whose text varies with a handful of
 * filters: every distinct text stays prepared on each connection for its lifetime.
 */
export function runPrepared<T>(query: Preparable<T>): Promise<T> {
  return prepareNamed(query).execute();
}

/**
 * The values of one call of a statement built once (`builtStatement`): a condition writes each value
 * that varies between calls as `values.of(value)`, a placeholder, instead of into its text.
 */
export class StatementValues {
  readonly values: Record<string, unknown> = {};
  #count = 0;

  /** A placeholder for `value`. Placeholders are named in the order they are made, which is the same for every call of one text. */
  of(value: unknown): Placeholder {
    const name = `v${this.#count++}`;
    this.values[name] = value;
    return sql.placeholder(name);
  }

  /**
   * An instant or null, cast in the text. A column's own conversion is not used for placeholders
   * that may be null: drizzle's timestamp conversion fails on null.
   */
  instant(value: Date | null): SQL {
    return sql`${this.of(value?.toISOString() ?? null)}::timestamptz`;
  }

  /** A JSON value, or SQL null for null or undefined (a jsonb column's conversion would write JSON null). */
  json(value: unknown): SQL {
    return sql`${this.of(value === null || value === undefined ? null : JSON.stringify(value))}::jsonb`;
  }
}

const dialect = new PgDialect();

/** Stands for a placeholder among a condition's written values in its shape. */
const placeholderMark = '\u0000placeholder';

/**
 * What a condition written with `StatementValues` holds apart from its placeholders' values: its text
 * and any value written into it (a date a flag was computed for). Equal for calls that differ only in
 * those values and different whenever the built statement would be, so it can key one built once.
 * A condition is a few clauses; building its text costs little beside the whole statement's.
 */
export function shapeOf(condition: SQL): string {
  const { sql: text, params } = dialect.sqlToQuery(condition);
  if (params.length === 0) return text;
  const written = params.map((param) =>
    is(param, Placeholder) || (is(param, Param) && is(param.value, Placeholder)) ? placeholderMark : param,
  );
  return `${text}\n${JSON.stringify(written)}`;
}

/** Statements built once, by database and shape (see `builtStatement`). */
const builtStatements = new WeakMap<object, Map<string, PreparedStatement<unknown>>>();

/**
 * The hot lists' statements, built once per shape and then only executed. Drizzle turns a query into
 * its text and parameters on every call, which for the member roster cost more of the server's time
 * than PostgreSQL's answer did. So a hot query is written with `sql.placeholder` for every value that
 * varies between calls of one shape; `shape` must name everything else the built text holds (which
 * filters are present, how many scope roots, the day a date condition was written for). The first
 * call builds and prepares it as `runPrepared` does; later calls of the shape only fill in `values`.
 * `plan: 'once'`: a statement whose best plan does not depend on its values (see plannedOncePools).
 */
export function builtStatement<T>(
  db: DbOrTx,
  shape: string,
  build: () => Preparable<T>,
  options: { plan?: 'once' } = {},
): PreparedStatement<T> {
  let byShape = builtStatements.get(db);
  if (!byShape) {
    byShape = new Map();
    builtStatements.set(db, byShape);
  }
  let statement = byShape.get(shape) as PreparedStatement<T> | undefined;
  if (!statement) {
    statement = prepareNamed(build());
    // On PostgreSQL, outside a transaction: run on the connections that plan it once.
    const plannedOnce = options.plan === 'once' ? plannedOncePools.get(db) : undefined;
    if (plannedOnce) (statement as unknown as { client: pg.Pool }).client = plannedOnce;
    // Shapes are few (filters combined as people use them, a new day); the bound only guards
    // against a caller that puts a value into its shape.
    if (byShape.size >= 500) byShape.clear();
    byShape.set(shape, statement as PreparedStatement<unknown>);
  }
  return statement;
}

/**
 * The number of matches of a page read with `count(*) over ()` beside its rows: the first row carries
 * it. A page past the end has no row, so only then are the matches counted on their own (`count`).
 */
export async function pageTotal(
  first: { total: number | string } | undefined,
  page: number,
  count: () => PromiseLike<{ n: number }[]>,
): Promise<number> {
  if (first) return Number(first.total);
  if (page <= 1) return 0;
  return Number((await count())[0]?.n ?? 0);
}

/**
 * Inserts many rows as one statement per `batchRows` rows with a single parameter, the rows as JSON,
 * unpacked by jsonb_to_recordset. Drizzle's multi-row insert binds every value on its own and builds
 * that statement more slowly than the database writes it: for an import of 100,000 members most of
 * the server's time. Rows are keyed by the table's property names as for `insert().values()`; a
 * column no row names takes its default, a property a row leaves out is null. Nothing is returned:
 * give rows their ids (randomUUID) when the caller needs them.
 */
export async function insertRows<T extends PgTable>(
  db: DbOrTx,
  table: T,
  rows: readonly T['$inferInsert'][],
  { batchRows = 5000 } = {},
): Promise<void> {
  if (rows.length === 0) return;
  const columns = getTableColumns(table);
  const named = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) named.add(key);
  const used = Object.entries(columns).filter(([key]) => named.has(key));
  const unknown = [...named].filter((key) => !(key in columns));
  if (unknown.length > 0)
    throw new Error(`insertRows: ${getTableConfig(table).name} has no ${unknown.join(', ')}`);
  const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
  const list = sql.raw(used.map(([, c]) => quote(c.name)).join(', '));
  const types = sql.raw(used.map(([, c]) => `${quote(c.name)} ${c.getSQLType()}`).join(', '));
  // json and jsonb columns take the JSON value itself; the others their driver value as text.
  const raw = used.map(([, c]) => /^jsonb?$/.test(c.getSQLType()));
  for (let start = 0; start < rows.length; start += batchRows) {
    const batch = rows.slice(start, start + batchRows).map((row) => {
      const record = row as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      used.forEach(([key, column], i) => {
        const value = record[key];
        out[column.name] =
          value === undefined || value === null || raw[i] ? (value ?? null) : column.mapToDriverValue(value);
      });
      return out;
    });
    await db.execute(
      sql`insert into ${table} (${list}) select ${list} from jsonb_to_recordset(${JSON.stringify(batch)}::jsonb) as x(${types})`,
    );
  }
}
