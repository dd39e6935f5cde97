import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/support/database';
import { queryRows } from './db';
import { pathCondition, pathInScope, pathRangeCondition, scopeOf } from './scope';

describe('scope maths', () => {
  it('keeps only the outermost subtrees of a union', () => {
    const scope = scopeOf(['/a/b/', '/a/', '/c/d/', '/c/d/e/', '/a/b/']);
    expect(scope.paths).toEqual(['/a/', '/c/d/']);
  });

  it('does not treat a sibling with a common prefix as inside', () => {
    const scope = scopeOf(['/a/b/']);
    expect(pathInScope(scope, '/a/b/x/')).toBe(true);
    expect(pathInScope(scope, '/a/b/')).toBe(true);
    expect(pathInScope(scope, '/a/bc/')).toBe(false);
    expect(pathInScope(scope, '/a/')).toBe(false);
  });

  it('an empty scope reaches nothing', () => {
    expect(pathInScope(scopeOf([]), '/a/')).toBe(false);
  });
});

describe('path conditions in the database', () => {
  it('match exactly the paths pathInScope keeps, as patterns and as ranges, for one subtree, several, the whole tree and none', async () => {
    const database = await createTestDatabase();
    try {
      const paths = [
        '/a/',
        '/a/b/',
        '/a/b/x/',
        '/a/b/中/',
        '/a/bc/',
        '/a/b0/',
        '/a/b中/',
        '/a/b',
        '/c/d/e/',
        '/c/',
      ];
      const values = sql.join(
        paths.map((path) => sql`(${path})`),
        sql`, `,
      );
      for (const scope of [scopeOf(['/a/b/']), scopeOf(['/a/b/', '/c/d/']), scopeOf(['/']), scopeOf([])]) {
        for (const condition of [pathCondition, pathRangeCondition]) {
          const rows = await queryRows<{ path: string }>(
            database.db,
            sql`select p.path from (values ${values}) as p(path) where ${condition(scope, sql`p.path`)} order by p.path collate "C"`,
          );
          expect(rows.map((row) => row.path)).toEqual(
            paths.filter((path) => pathInScope(scope, path)).sort(bytewise),
          );
        }
      }
    } finally {
      await database.close();
    }
  });
});

/** The order of text_pattern_ops: byte by byte. */
function bytewise(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}
