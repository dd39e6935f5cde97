import { describe, expect, it } from 'vitest';
import { computeAccess } from './access';
import { landingRoute } from './routes';

describe('landingRoute (the page downloaded as soon as the session is known)', () => {
  it('is, on /, the first page the user may open: where the app redirects them', () => {
    expect(landingRoute('/', computeAccess(['orgs.read', 'members.read']))?.menuPath).toBe('/orgs');
    expect(landingRoute('/', computeAccess(['members.read']))?.menuPath).toBe('/members');
    expect(landingRoute('/', computeAccess([]))).toBeUndefined();
  });

  it('is, elsewhere, the page whose menu entry the address is under, when the user may open it', () => {
    const access = computeAccess(['orgs.read', 'members.read', 'reports.read']);
    expect(landingRoute('/members/transfers', access)?.menuPath).toBe('/members');
    expect(landingRoute('/orgs', access)?.menuPath).toBe('/orgs');
    expect(landingRoute('/audit', access)).toBeUndefined();
    expect(landingRoute('/login', access)).toBeUndefined();
    expect(landingRoute('/membersx', access)).toBeUndefined();
    // A menu path that begins another's is told apart from it.
    expect(landingRoute('/reports/duty/42', access)?.menuPath).toBe('/reports/duty');
    const templates = computeAccess(['reports.read', 'reports.snapshot']);
    expect(landingRoute('/reports/duty-templates/7', templates)?.menuPath).toBe('/reports/duty-templates');
  });
});
