import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { createJicengApp } from '../../src/app';
import { units } from '../../src/modules/orgs/schema';
import { newUnitValues } from '../../src/modules/orgs/service';
import { roleAssignments, roles, users } from '../../src/platform/auth/schema';
import { seedRoles } from '../../src/platform/bootstrap';
import { createFieldCipher, type FieldCipher } from '../../src/platform/crypto';
import type { Database } from '../../src/platform/db';
import { hashPassword } from '../../src/platform/password';
import { pinyinKey } from '../../src/platform/pinyin';
import { createTestDatabase } from './database';

export const TEST_PASSWORD = 'Test#2026pass';

export interface TestContext {
  app: Awaited<ReturnType<typeof createJicengApp>>;
  database: Database;
  cipher: FieldCipher;
  close(): Promise<void>;
}

/** The real application over a fresh real database, driven in-process with `app.inject`. */
export async function createTestApp(): Promise<TestContext> {
  const database = await createTestDatabase();
  await seedRoles(database.db);
  const cipher = createFieldCipher({
    encryptionKey: randomBytes(16),
    macKey: randomBytes(32),
    indexKey: randomBytes(32),
  });
  const app = await createJicengApp(
    { database, cipher, dataDir: mkdtempSync(path.join(os.tmpdir(), 'jiceng-test-')) },
    { serveWeb: false },
  );
  await app.ready();
  return {
    app,
    database,
    cipher,
    async close() {
      await app.close();
      await database.close();
    },
  };
}

type UnitRow = typeof units.$inferSelect;

/** Creates a unit under a parent (or a root banner when parent is null). */
export async function buildUnit(
  t: TestContext,
  parent: UnitRow | null,
  input: { name: string; type: string },
): Promise<UnitRow> {
  if (!parent) {
    const id = crypto.randomUUID();
    const [row] = await t.database.db
      .insert(units)
      .values({
        id,
        name: input.name,
        type: input.type,
        path: `/${id}/`,
        depth: 0,
        bannerId: id,
        pinyin: pinyinKey(input.name),
      })
      .returning();
    return row!;
  }
  const [row] = await t.database.db.insert(units).values(newUnitValues(parent, input)).returning();
  return row!;
}

/** A small banner: two 苏木 with a 嘎查 each, and the 嘎查's branch. */
export async function buildTree(t: TestContext) {
  const banner = await buildUnit(t, null, { name: '测试旗', type: 'banner' });
  const sumuA = await buildUnit(t, banner, { name: '巴彦苏木', type: 'sumu' });
  const sumuB = await buildUnit(t, banner, { name: '好腰苏木', type: 'sumu' });
  const gachaA = await buildUnit(t, sumuA, { name: '乌兰嘎查', type: 'gacha' });
  const gachaB = await buildUnit(t, sumuB, { name: '哈日嘎查', type: 'gacha' });
  const branchA = await buildUnit(t, gachaA, { name: '乌兰嘎查党支部', type: 'branch' });
  return { banner, sumuA, sumuB, gachaA, gachaB, branchA };
}

/** A user holding the given roles at the given units, with a known password already changed. */
export async function buildUser(
  t: TestContext,
  input: {
    username?: string;
    grants: Array<{ role: string; unit: { id: string } }>;
    mustChangePassword?: boolean;
  },
) {
  const username = input.username ?? `u${randomBytes(4).toString('hex')}`;
  const [user] = await t.database.db
    .insert(users)
    .values({
      username,
      displayName: `测试${username}`,
      passwordHash: await hashPassword(TEST_PASSWORD),
      mustChangePassword: input.mustChangePassword ?? false,
    })
    .returning();
  for (const grant of input.grants) {
    const [role] = await t.database.db.select().from(roles).where(eq(roles.key, grant.role));
    if (!role) throw new Error(`no role ${grant.role}`);
    await t.database.db
      .insert(roleAssignments)
      .values({ userId: user!.id, roleId: role.id, unitId: grant.unit.id });
  }
  return user!;
}

export interface Session {
  csrfToken: string;
  cookie: string;
  request(method: string, url: string, body?: unknown): Promise<LightMyRequestResponse>;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  patch(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  del(url: string): Promise<LightMyRequestResponse>;
}

/** Logs in over HTTP and returns a client that sends the session cookie and CSRF token. */
export async function loginAs(t: TestContext, username: string, password = TEST_PASSWORD): Promise<Session> {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password },
  });
  if (response.statusCode !== 200) throw new Error(`login failed: ${response.statusCode} ${response.body}`);
  const cookie = response.cookies.find((c) => c.name === 'jiceng_sid');
  if (!cookie) throw new Error('no session cookie');
  const csrfToken = response.json().csrfToken as string;
  const request = (method: string, url: string, body?: unknown) =>
    t.app.inject({
      method: method as 'GET',
      url,
      headers: { cookie: `jiceng_sid=${cookie.value}`, 'x-csrf-token': csrfToken },
      ...(body !== undefined && { payload: body as object }),
    });
  return {
    csrfToken,
    cookie: `jiceng_sid=${cookie.value}`,
    request,
    get: (url) => request('GET', url),
    post: (url, body) => request('POST', url, body ?? {}),
    patch: (url, body) => request('PATCH', url, body),
    del: (url) => request('DELETE', url),
  };
}
