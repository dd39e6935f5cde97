import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/support/database';
import { queryRows } from './db';
import { ownPart } from './indicators/registry';
import { ancestorPath, pathCondition, pathDepth, pathInScope, pathRangeCondition, scopeOf } from './scope';

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

  it('finds a path’s depth and its ancestor at a depth', () => {
    expect(pathDepth('/a/')).toBe(1);
    expect(pathDepth('/a/bc/d/')).toBe(3);
    expect(ancestorPath('/a/bc/d/', 1)).toBe('/a/');
    expect(ancestorPath('/a/bc/d/', 2)).toBe('/a/bc/');
    expect(ancestorPath('/a/bc/d/', 3)).toBe('/a/bc/d/');
    expect(ancestorPath('/a/bc/', 3)).toBeNull();
  });

  it('gives each part of rows read for a whole what filtering would, in order, at any depth', () => {
    const rows = ['/r/a/x/', '/r/b/', '/r/a/', '/r/ab/y/', '/r/', '/r/a/x/z/', '/r/b/q/'].map((path, i) => ({
      path,
      i,
    }));
    const within = scopeOf(['/r/']);
    for (const part of [
      ['/r/a/'],
      ['/r/b/'],
      ['/r/ab/'],
      ['/r/c/'],
      ['/r/a/x/'],
      ['/r/'],
      ['/r/a/', '/r/b/q/'],
    ]) {
      const scope = scopeOf(part);
      const filtered = rows.filter((row) => pathInScope(scope, row.path));
      // Twice: the second read comes from the split the first one made.
      for (let read = 0; read < 2; read += 1)
        expect(
          ownPart({ scope, within }, rows, (row) => row.path),
          part.join(','),
        ).toEqual(filtered);
    }
    expect(ownPart({ scope: scopeOf(['/r/a/']) }, rows, (row) => row.path)).toBe(rows);
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
