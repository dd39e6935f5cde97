import { describe, expect, it } from 'vitest';
import { pathInScope, scopeOf } from './scope';

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
