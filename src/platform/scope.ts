import { type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { StatementValues } from './db';

/**
 * The org subtrees an actor may reach for one permission, as materialised paths (`/a/b/`).
 * Every repository query takes a Scope first and filters by it; an empty scope reaches nothing.
 */
export interface Scope {
  readonly paths: readonly string[];
}

/** Builds a scope from unit paths, dropping paths already covered by an ancestor path. */
export function scopeOf(paths: Iterable<string>): Scope {
  const sorted = [...new Set(paths)].sort((a, b) => a.length - b.length);
  const kept: string[] = [];
  for (const path of sorted) {
    if (!kept.some((ancestor) => path.startsWith(ancestor))) kept.push(path);
  }
  return { paths: kept.sort() };
}

/**
 * A scope over everything, for start-up, the demo loader and command-line tools only.
 * The reason is required so every unscoped use says why it is safe.
 */
export function systemScope(reason: string): Scope {
  if (!reason) throw new Error('systemScope needs a reason');
  return { paths: ['/'] };
}

/** True when the unit at `path` lies inside the scope. */
export function pathInScope(scope: Scope, path: string): boolean {
  return scope.paths.some((root) => path.startsWith(root));
}

/** The number of units on a unit path (`/a/b/` has 2). */
export function pathDepth(path: string): number {
  return path.split('/').length - 2;
}

/** The path of a unit's ancestor (or the unit itself) `depth` units deep, or null when it lies higher. */
export function ancestorPath(path: string, depth: number): string | null {
  let at = 0;
  for (let seen = 0; seen <= depth; seen += 1) {
    at = path.indexOf('/', at) + 1;
    if (at === 0) return null;
  }
  return path.slice(0, at);
}

/**
 * SQL condition: the path column lies inside the scope (uses the text_pattern_ops index). With
 * `values`, for a statement built once, the patterns are placeholders and go there.
 */
export function pathCondition(scope: Scope, pathColumn: AnyPgColumn | SQL, values?: StatementValues): SQL {
  return anyRoot(scope, (root) => startsWith(pathColumn, root, values));
}

/**
 * The condition of pathCondition written as ranges: a path ending in '/' (every unit's does) keeps
 * the texts from it up to the same text ending in '0', the byte after '/', with the text_pattern_ops
 * operators, which are exactly the texts that start with it. For the statements PostgreSQL runs on a
 * generic plan (the member list): with `like $1` that plan cannot use the path index and reads every
 * unit. Not for the tree's search, whose generic plan then reads the path index over the whole tree.
 * With `values`, for a statement built once, the bounds are placeholders and go there.
 */
export function pathRangeCondition(
  scope: Scope,
  pathColumn: AnyPgColumn | SQL,
  values?: StatementValues,
): SQL {
  const value = (text: string) => (values ? values.of(text) : text);
  return anyRoot(scope, (root) =>
    root.endsWith('/')
      ? sql`(${pathColumn} ~>=~ ${value(root)} and ${pathColumn} ~<~ ${value(`${root.slice(0, -1)}0`)})`
      : startsWith(pathColumn, root, values),
  );
}

/** The scope's roots, each matched by `part`, joined with or; an empty scope reaches nothing. */
function anyRoot(scope: Scope, part: (root: string) => SQL): SQL {
  if (scope.paths.length === 0) return sql`false`;
  return sql`(${sql.join(scope.paths.map(part), sql` or `)})`;
}

function startsWith(pathColumn: AnyPgColumn | SQL, root: string, values?: StatementValues): SQL {
  const pattern = `${escapeLike(root)}%`;
  return sql`${pathColumn} like ${values ? values.of(pattern) : pattern}`;
}

/** SQL condition: the unit id column points at a unit inside the scope. */
export function unitCondition(scope: Scope, unitIdColumn: AnyPgColumn | SQL): SQL {
  if (scope.paths.length === 0) return sql`false`;
  return sql`${unitIdColumn} in (select u.id from units u where ${pathCondition(scope, sql`u.path`)})`;
}

/** Escapes LIKE wildcards in user-supplied text. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
