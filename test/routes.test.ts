import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTree, buildUser, createTestApp, loginAs, type TestContext } from './support/app';

let t: TestContext;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

const sampleId = '11111111-1111-4111-8111-111111111111';
const urlOf = (url: string) =>
  url.replace(/:(\w+)/g, (_, name: string) => (name === 'key' ? 'orgs.units.gacha' : sampleId));

describe('every registered route', () => {
  it('declares a permission, authenticated or public (registration refuses otherwise)', () => {
    const api = t.app.routesList.filter((r) => r.url.startsWith('/api'));
    expect(api.length).toBeGreaterThan(25);
    for (const route of api) {
      expect(
        route.permission !== null || route.public || route.authenticated,
        `${route.method} ${route.url}`,
      ).toBe(true);
    }
  });

  it('answers 401 without a session unless public', async () => {
    const closed = t.app.routesList.filter((r) => r.url.startsWith('/api') && !r.public);
    for (const route of closed) {
      const response = await t.app.inject({
        method: route.method as 'GET',
        url: urlOf(route.url),
        payload: route.method === 'GET' ? undefined : {},
      });
      expect(response.statusCode, `${route.method} ${route.url}`).toBe(401);
      expect(response.json().error.message).toBe('请先登录');
    }
  });

  it('answers 403 to a logged-in user without the permission', async () => {
    const tree = await buildTree(t);
    await buildUser(t, { username: 'nobody', grants: [{ role: 'departmentHandler', unit: tree.gachaA }] });
    const session = await loginAs(t, 'nobody');
    const me = (await session.get('/api/auth/me')).json();
    const guarded = t.app.routesList.filter(
      (r) => r.url.startsWith('/api') && r.permission && !me.permissions.includes(r.permission),
    );
    expect(guarded.length).toBeGreaterThan(15);
    for (const route of guarded) {
      const response = await session.request(
        route.method,
        urlOf(route.url),
        route.method === 'GET' ? undefined : {},
      );
      expect(response.statusCode, `${route.method} ${route.url}`).toBe(403);
      expect(response.json().error.message).toBe('没有权限执行此操作');
    }
  });

  it('lists every route with its schemas in /api/openapi.json', async () => {
    const spec = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(spec.openapi).toMatch(/^3\./);
    const documented = Object.entries(spec.paths as Record<string, Record<string, unknown>>).flatMap(
      ([path, methods]) =>
        Object.keys(methods).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    const api = t.app.routesList.filter((r) => r.url.startsWith('/api') && r.url !== '/api/openapi.json');
    for (const route of api)
      expect(documented, `${route.method} ${route.url}`).toContain(`${route.method} ${route.url}`);
    expect(spec.paths['/api/orgs'].post.requestBody).toBeDefined();
    expect(spec.paths['/api/auth/login'].post.responses['200']).toBeDefined();
  });

  it('answers health publicly', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      status: 'ok',
      database: process.env.DATABASE_URL ? 'postgres' : 'pglite',
    });
  });
});
