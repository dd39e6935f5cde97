// Getting a database ready for the suite: a fresh PostgreSQL database or PGlite data directory, seeded
// with the scale seeder (scripts/seed-scale.ts) when it exists or else with the server's own demo loader
// (JICENG_DEMO_FACTOR on first start); then the suite's own accounts and the records the scenarios use,
// written directly while no server runs on the data.
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { type Database, openDatabase } from '../src/platform/db';
import { hashPassword } from '../src/platform/password';
import { BENCH_PASSWORD, freePort, launch, repoRoot, runToEnd, stop, waitForHttp } from './harness';

/** Where the data lives: a PostgreSQL database, or a PGlite data directory. */
export interface DataTarget {
  kind: 'postgres' | 'pglite';
  /** PostgreSQL connection string (null for PGlite). */
  url: string | null;
  /** The server's DATA_DIR: the PGlite files (`pglite/`) and the keys file. */
  dataDir: string;
}

/** The server environment for a target (port and extras added by the caller). */
export function serverEnv(target: DataTarget): Record<string, string | undefined> {
  return {
    DATA_DIR: target.dataDir,
    DATABASE_URL: target.url ?? undefined,
    JICENG_ADMIN_PASSWORD: BENCH_PASSWORD,
    JICENG_SKIP_WEB_BUILD: '1',
    LOG_LEVEL: 'error',
    HOST: '127.0.0.1',
    // As `npm start` runs the server (scripts/start.mjs).
    MALLOC_ARENA_MAX: '2',
  };
}

/**
 * A new database on the PostgreSQL server of `serverUrl`: empty, or a copy of `template` (which must
 * have no other connection meanwhile); `drop()` removes it.
 */
export async function createPostgresDatabase(
  serverUrl: string,
  options: { template?: string } = {},
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `jiceng_bench_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const template = options.template ? ` template "${options.template.replace(/"/g, '""')}"` : '';
  await adminQuery(serverUrl, `create database ${name}${template}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => adminQuery(serverUrl, `drop database if exists ${name} with (force)`),
  };
}

/** Runs a statement on the server's maintenance database (never on the database being copied). */
async function adminQuery(serverUrl: string, text: string): Promise<void> {
  const url = new URL(serverUrl);
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** Opens the target's database directly (PGlite: only while no server has it open). */
function open(target: DataTarget): Promise<Database> {
  return openDatabase(
    target.url
      ? { kind: 'postgres', url: target.url }
      : { kind: 'pglite', dataDir: path.join(target.dataDir, 'pglite') },
  );
}

/** True when the target already holds a loaded platform: users and units exist. */
export async function isSeeded(target: DataTarget): Promise<boolean> {
  if (target.kind === 'pglite') {
    const dir = path.join(target.dataDir, 'pglite');
    if (!existsSync(dir) || readdirSync(dir).length === 0) return false;
  }
  const database = await open(target);
  try {
    const [tables] = await database.query<{ users: string | null; units: string | null }>(
      `select to_regclass('public.users')::text as users, to_regclass('public.units')::text as units`,
    );
    if (!tables?.users || !tables.units) return false;
    const [row] = await database.query<{ users: number; units: number }>(
      'select (select count(*)::int from users) as users, (select count(*)::int from units) as units',
    );
    return (row?.users ?? 0) > 0 && (row?.units ?? 0) > 0;
  } finally {
    await database.close();
  }
}

export const SCALE_SEEDER = 'scripts/seed-scale.ts';

/**
 * Seeds an empty target at `factor`: with the scale seeder when the repository has it (its last line
 * starts `seed:scale done`), otherwise — or when asked for the demo — by starting the server once with
 * JICENG_DEMO_FACTOR (or the small demo) and stopping it once the demo has loaded. The demo loader is
 * far faster (no five years of events, no million-row audit trail): the smoke run uses it.
 * Returns how the target was seeded.
 */
export async function seed(
  target: DataTarget,
  options: { factor: number; loader: 'scale' | 'demo' | 'small'; echo: boolean },
): Promise<string> {
  const small = options.loader === 'small';
  if (options.loader === 'scale' && existsSync(path.join(repoRoot, SCALE_SEEDER))) {
    const seeder = launch({
      name: 'seed',
      script: SCALE_SEEDER,
      args: [
        '--factor',
        String(options.factor),
        ...(target.kind === 'pglite' ? ['--data-dir', target.dataDir] : []),
      ],
      env: serverEnv(target),
      echo: options.echo,
    });
    const output = await runToEnd(seeder);
    const last = output.trim().split('\n').pop() ?? '';
    if (!last.startsWith('seed:scale done')) {
      throw new Error(`${SCALE_SEEDER} ended without "seed:scale done":\n${output}`);
    }
    return `${SCALE_SEEDER} --factor ${options.factor}`;
  }
  const port = await freePort();
  const server = launch({
    name: 'seed-server',
    script: 'src/main.ts',
    env: {
      ...serverEnv(target),
      PORT: String(port),
      JICENG_DEMO_FACTOR: String(options.factor),
      JICENG_DEMO_SCALE: small ? 'small' : undefined,
      JICENG_DEMO: undefined,
    },
    echo: options.echo,
  });
  await waitForHttp(`http://127.0.0.1:${port}/api/health`, server, 3_600_000);
  await stop(server);
  // The demo loader ends with ANALYZE, as the scale seeder does.
  return small
    ? 'demo loader (JICENG_DEMO_SCALE=small)'
    : `demo loader (JICENG_DEMO_FACTOR=${options.factor})`;
}

/** Copies the PGlite files of a stopped target for the baseline server (PGlite allows one process). */
export function copyPglite(target: DataTarget, into: string): string {
  cpSync(path.join(target.dataDir, 'pglite'), into, { recursive: true });
  return into;
}

/** The records every scenario works on, found once in the seeded data. */
export interface Fixtures {
  /** The tree's root: the banner at ×1, the league above the banners at ×2 and more. */
  root: { id: string; path: string; name: string };
  /** The 苏木镇 with the most active members: the member-list scenario's scope. */
  sumu: { id: string; path: string; name: string; pinyin: string; members: number };
  /** The grid with the most events and its worker: the grid-worker scenarios. */
  grid: { id: string; unitId: string; unitPath: string; personId: string; events: number };
  counts: { banners: number; units: number; members: number; gridEvents: number; auditRows: number };
  /** Login names of the suite's accounts (password BENCH_PASSWORD). */
  users: { staff: string; audit: string; sumu: string; grid: string };
  /** The grid worker account's user id (the baseline's event routes take it). */
  gridUserId: string;
}

const ACCOUNTS = {
  staff: 'bench_staff',
  audit: 'bench_audit',
  sumu: 'bench_sumu',
  grid: 'bench_grid',
} as const;

/**
 * Finds the fixtures and creates (or resets) the suite's four accounts directly in the database:
 * 组织部干部 at the root, 审计管理员 at the root, 单位党务干事 at the busiest 苏木镇, and 网格员 linked
 * to the busiest grid's worker. Must run while no server holds a PGlite target.
 */
export async function prepareFixtures(target: DataTarget): Promise<Fixtures> {
  const database = await open(target);
  try {
    const [root] = await database.query<{ id: string; path: string; name: string }>(
      'select id, path, name from units where parent_id is null order by created_at, id limit 1',
    );
    if (!root) throw new Error('the database has no organisation tree');
    const [sumu] = await database.query<Fixtures['sumu']>(
      `select s.id, s.path, s.name, s.pinyin,
         (select count(*)::int from party_members pm join units mu on mu.id = pm.unit_id
           where mu.path like s.path || '%' and pm.status = 'active') as members
       from units s where s.type in ('sumu', 'town') and s.active
       order by members desc, s.path limit 1`,
    );
    if (!sumu) throw new Error('the database has no 苏木镇');
    const [grid] = await database.query<Fixtures['grid']>(
      `select g.id, g.unit_id as "unitId", u.path as "unitPath", gw.person_id as "personId",
         (select count(*)::int from grid_events ge where ge.grid_id = g.id) as events
       from grids g join grid_workers gw on gw.grid_id = g.id and gw.active join units u on u.id = g.unit_id
       where g.active and u.active order by events desc, g.code limit 1`,
    );
    if (!grid) throw new Error('the database has no grid with a worker');
    const [counts] = await database.query<Fixtures['counts']>(
      `select (select count(*)::int from units where type = 'banner') as banners,
         (select count(*)::int from units) as units,
         (select count(*)::int from party_members) as members,
         (select count(*)::int from grid_events) as "gridEvents",
         (select count(*)::int from audit_log) as "auditRows"`,
    );

    const roles = new Map(
      (await database.query<{ id: string; key: string }>('select id, key from roles')).map((r) => [
        r.key,
        r.id,
      ]),
    );
    const passwordHash = await hashPassword(BENCH_PASSWORD);
    const account = async (
      username: string,
      displayName: string,
      grants: Array<{ role: string; unitId: string }>,
      personId: string | null = null,
    ) => {
      const [user] = await database.query<{ id: string }>(
        `insert into users (username, display_name, password_hash, must_change_password, person_id)
         values ($1, $2, $3, false, $4)
         on conflict (username) do update set password_hash = excluded.password_hash,
           must_change_password = false, active = true, failed_logins = 0, locked_until = null,
           person_id = excluded.person_id
         returning id`,
        [username, displayName, passwordHash, personId],
      );
      await database.query(
        'update role_assignments set revoked_at = now() where user_id = $1 and revoked_at is null',
        [user!.id],
      );
      for (const grant of grants) {
        const roleId = roles.get(grant.role);
        if (!roleId) throw new Error(`no role ${grant.role}`);
        await database.query('insert into role_assignments (user_id, role_id, unit_id) values ($1, $2, $3)', [
          user!.id,
          roleId,
          grant.unitId,
        ]);
      }
      return user!.id;
    };
    await account(ACCOUNTS.staff, '压测组织部干部', [{ role: 'orgStaff', unitId: root.id }]);
    await account(ACCOUNTS.audit, '压测审计管理员', [{ role: 'auditAdmin', unitId: root.id }]);
    await account(ACCOUNTS.sumu, '压测苏木镇干事', [{ role: 'unitClerk', unitId: sumu.id }]);
    const gridUserId = await account(
      ACCOUNTS.grid,
      '压测网格员',
      [{ role: 'gridWorker', unitId: grid.unitId }],
      grid.personId,
    );
    return { root, sumu, grid, counts: counts!, users: { ...ACCOUNTS }, gridUserId };
  } finally {
    await database.close();
  }
}
