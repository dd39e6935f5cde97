import { type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { pathNamesOf } from '../../modules/orgs';
import type { Actor } from '../auth/actor';
import type { Permission } from '../auth/permissions';
import type { DbOrTx } from '../db';
import { type Scope, scopeOf } from '../scope';

/** One record an indicator counted, as a drill-down list shows it. */
export interface EvidenceItem {
  id: string;
  /** What the record is called (a unit's name, a person's name, a meeting's topic). */
  title: string;
  /** One line of detail (type, date, masked ID number …). */
  subtitle?: string;
  /** Full name path of the unit the record belongs to ("某旗/某苏木/某嘎查"). */
  unitPath?: string;
  /** Where the record opens in the web app (`/orgs/<id>`), when it has a page. */
  link?: string;
}

/** A page of a drill-down list: 1-based page number and its size. */
export interface EvidencePage {
  page: number;
  pageSize: number;
}

/** How a module turns evidence ids of one kind of record into a readable, scoped list. */
export interface EvidenceEntityDefinition {
  /** The `entity` its indicators put in their evidence (`unit`, `person`, `party_member` …). */
  entity: string;
  /** Chinese name of the kind of record (单位, 人员, 党员 …). */
  name: string;
  /**
   * The permission a viewer needs to see these records (`people.read`): the list is limited to where
   * the viewer holds it as well as to the scope of the figure. Leave out only for records that carry no
   * more than the figure itself.
   */
  permission?: Permission;
  /**
   * The records among `ids` that lie inside `scope`, one page of them in a stable order, and how many
   * there are in all. MUST filter by the scope: ids come from a computation, but a viewer never sees a
   * record outside their scope. Use `evidenceIdsCondition` for the id filter.
   */
  resolve(
    db: DbOrTx,
    scope: Scope,
    ids: readonly string[],
    page: EvidencePage,
  ): Promise<{ items: EvidenceItem[]; total: number }>;
}

const entities = new Map<string, EvidenceEntityDefinition>();

/** Registers how the records of one evidence entity are listed; one registration per entity. */
export function registerEvidenceEntity(definition: EvidenceEntityDefinition): void {
  if (entities.has(definition.entity))
    throw new Error(`evidence entity ${definition.entity} registered twice`);
  entities.set(definition.entity, definition);
}

/** The registration of an evidence entity, if any module made one. */
export function findEvidenceEntity(entity: string): EvidenceEntityDefinition | undefined {
  return entities.get(entity);
}

/** Every registered evidence entity, sorted by entity. */
export function listEvidenceEntities(): EvidenceEntityDefinition[] {
  return [...entities.values()].sort((a, b) => a.entity.localeCompare(b.entity));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * SQL condition: the uuid column is one of the ids. The ids travel as one JSON parameter, so a list of
 * 10,000 ids is one bind value, not 10,000. Strings that are not UUIDs match nothing.
 */
export function evidenceIdsCondition(column: AnyPgColumn | SQL, ids: readonly string[]): SQL {
  const valid = [...new Set(ids.filter((id) => UUID.test(id)))];
  if (valid.length === 0) return sql`false`;
  return sql`${column} in (select jsonb_array_elements_text(${JSON.stringify(valid)}::jsonb)::uuid)`;
}

/** A column for a drill-down query: how many rows the query matches before limit and offset. */
export const totalRows = sql<number>`count(*) over ()`.mapWith(Number);

/**
 * One page of a drill-down list from a query whose rows carry `path` (the record's unit path) and
 * `total` (select `totalRows`): reads the page, names each row's unit ("某旗/某苏木/某嘎查") and
 * presents it. `read` must already filter by the scope and the evidence ids.
 */
export async function evidencePage<Row extends { path: string; total: number }>(
  db: DbOrTx,
  page: EvidencePage,
  read: (limit: number, offset: number) => Promise<Row[]>,
  present: (row: Row) => Omit<EvidenceItem, 'unitPath'>,
): Promise<{ items: EvidenceItem[]; total: number }> {
  const rows = await read(page.pageSize, (page.page - 1) * page.pageSize);
  // Past the last page the window count is not there: ask for the first row only to learn it.
  const total = rows[0]?.total ?? (page.page > 1 ? ((await read(1, 0))[0]?.total ?? 0) : 0);
  const names = await pathNamesOf(
    db,
    rows.map((row) => row.path),
  );
  return { total, items: rows.map((row) => ({ ...present(row), unitPath: names.get(row.path) })) };
}

/** The ids once each, in first-seen order: a drill-down lists each counted record once. */
export function distinctIds(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}

/** The subtrees inside both scopes. */
export function intersectScopes(a: Scope, b: Scope): Scope {
  const paths: string[] = [];
  for (const left of a.paths) {
    for (const right of b.paths) {
      if (right.startsWith(left)) paths.push(right);
      else if (left.startsWith(right)) paths.push(left);
    }
  }
  return scopeOf(paths);
}

export interface ResolvedEvidence {
  entity: string;
  entityName: string;
  /** False when no module registered how to list this entity yet: only the count is known. */
  resolvable: boolean;
  /** How many distinct records the figure counted. */
  count: number;
  /** How many of them the viewer may see (the list's length over all pages). */
  total: number;
  items: EvidenceItem[];
  page: number;
  pageSize: number;
}

/**
 * One page of the records behind a figure, limited to `scope` and, when the entity names a permission,
 * to where the actor holds it.
 */
export async function resolveEvidence(input: {
  db: DbOrTx;
  actor: Actor;
  scope: Scope;
  evidence: { entity: string; ids: readonly string[] };
  page: EvidencePage;
}): Promise<ResolvedEvidence> {
  const { evidence, page } = input;
  const ids = distinctIds(evidence.ids);
  const definition = findEvidenceEntity(evidence.entity);
  const base = { entity: evidence.entity, count: ids.length, page: page.page, pageSize: page.pageSize };
  if (!definition) {
    return { ...base, entityName: evidence.entity, resolvable: false, total: 0, items: [] };
  }
  const scope = definition.permission
    ? intersectScopes(input.scope, input.actor.scopeFor(definition.permission))
    : input.scope;
  const { items, total } =
    ids.length === 0 || scope.paths.length === 0
      ? { items: [], total: 0 }
      : await definition.resolve(input.db, scope, ids, page);
  return { ...base, entityName: definition.name, resolvable: true, total, items };
}
