// The suite: gets a seeded database ready, starts the real server and the baseline server over it,
// runs every scenario in an order where the writing ones come last, then (when the run is on
// PostgreSQL) the member-list and tree scenarios again on the embedded database at banner scale.
// `npm run bench` (bench/run.ts) and the smoke test (test/bench-smoke.test.ts) both call runSuite().
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  type BenchRow,
  type Launched,
  freePort,
  killAll,
  launch,
  login,
  type LoadOptions,
  loadPair,
  repoRoot,
  type Session,
  sample,
  memoryOf,
  sleep,
  stop,
  waitForHttp,
  watchMemory,
} from './harness';
import { complianceScenario } from './scenarios/compliance';
import type { Account, LoadRequest, Scenario, ScenarioContext } from './scenarios/context';
import { dashboardScenario } from './scenarios/dashboard';
import { dutyReportScenario } from './scenarios/dutyReport';
import { embeddedRows } from './scenarios/embedded';
import { eventCreateScenario } from './scenarios/eventCreate';
import { eventsScenario } from './scenarios/events';
import { memberImportScenario } from './scenarios/memberImport';
import { membersScenario } from './scenarios/members';
import { memoryScenario } from './scenarios/memory';
import { pingScenario } from './scenarios/ping';
import { treeScenario } from './scenarios/tree';
import { webScenario } from './scenarios/web';
import {
  copyPglite,
  createPostgresDatabase,
  type DataTarget,
  type Fixtures,
  isSeeded,
  prepareFixtures,
  seed,
  serverEnv,
} from './setup';

/** Scenarios on the main server, in the order they run: reads first, then writes, memory last. */
export const scenarios: Scenario[] = [
  pingScenario,
  treeScenario,
  membersScenario,
  eventsScenario,
  dashboardScenario,
  complianceScenario,
  dutyReportScenario,
  eventCreateScenario,
  memberImportScenario,
  webScenario,
  memoryScenario,
];
/** The name of the embedded-database comparison, run after the main server has stopped. */
export const EMBEDDED = 'embedded';
export const scenarioNames = [...scenarios.map((s) => s.name), EMBEDDED];

export interface SuiteOptions {
  /** Scale of a database the suite seeds itself (10 = a league of ten banners). */
  factor: number;
  /** Use this PostgreSQL database (seeded already, or seeded here when empty). */
  databaseUrl: string | null;
  /** With databaseUrl: work on it directly instead of on a copy (CREATE DATABASE … TEMPLATE). */
  inPlace: boolean;
  /** Without databaseUrl: create a fresh database on this PostgreSQL server (DATABASE_URL); else PGlite. */
  postgresServer: string | null;
  seconds: number;
  connections: number;
  /** Scenario names to run; empty for all. */
  only: string[];
  smoke: boolean;
  /** Keep the databases and data directories the suite created. */
  keep: boolean;
  /** Write a V8 CPU profile of the server into this directory (node --cpu-prof). */
  profileDir: string | null;
  /** Print what the servers and the seeder print. */
  echo: boolean;
  log: (line: string) => void;
}

export interface SuiteResult {
  database: 'postgres' | 'pglite';
  factor: number;
  smoke: boolean;
  seededBy: string;
  startedAt: string;
  durationSeconds: number;
  seconds: number;
  connections: number;
  machine: { node: string; cpus: number; cpuModel: string; memoryGiB: number };
  counts: Fixtures['counts'];
  rows: BenchRow[];
  /** The main server's resident memory before, at the peak of and after each scenario. */
  serverMemory: ScenarioMemory[];
}

/** A row for a scenario that threw: no figure, counted as an error and missed. */
function failedRow(scenario: Scenario | { name: string; title: string }, error: unknown): BenchRow {
  const message = error instanceof Error ? error.message : String(error);
  return {
    scenario: scenario.name,
    key: `${scenario.name}.failed`,
    title: `${scenario.title}: the scenario failed`,
    value: Number.NaN,
    unit: 'ms',
    figure: 'failed',
    baseline: null,
    ratio: null,
    target: '—',
    met: false,
    errors: 1,
    note: message.split('\n').slice(0, 3).join(' ').slice(0, 400),
  };
}

/** Where the data comes from: reuse (a copy of) a database, a fresh one on a server, or PGlite. */
async function chooseTarget(
  options: SuiteOptions,
  cleanups: Array<() => Promise<void>>,
): Promise<{ target: DataTarget; fresh: boolean }> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'jiceng-bench-'));
  if (!options.keep) cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
  else options.log(`data directory (kept): ${dataDir}`);
  if (options.databaseUrl) {
    const given: DataTarget = { kind: 'postgres', url: options.databaseUrl, dataDir };
    if (options.inPlace || !(await isSeeded(given))) return { target: given, fresh: false };
    // The scenarios write (events, 100,000 imported members): work on a copy, so the seeded database
    // stays as it was. A template copy needs the source database to have no other connections.
    const source = new URL(options.databaseUrl).pathname.slice(1);
    try {
      const copy = await createPostgresDatabase(options.databaseUrl, { template: source });
      if (!options.keep) cleanups.push(copy.drop);
      else options.log(`copy (kept): ${copy.url}`);
      options.log(`working on a copy of ${source}: ${new URL(copy.url).pathname.slice(1)}`);
      return { target: { kind: 'postgres', url: copy.url, dataDir }, fresh: false };
    } catch (error) {
      options.log(
        `cannot copy ${source} (${(error as Error).message.split('\n')[0]}): running on it in place`,
      );
      return { target: given, fresh: false };
    }
  }
  if (options.postgresServer) {
    const created = await createPostgresDatabase(options.postgresServer);
    if (!options.keep) cleanups.push(created.drop);
    else options.log(`database (kept): ${created.url}`);
    return { target: { kind: 'postgres', url: created.url, dataDir }, fresh: true };
  }
  return { target: { kind: 'pglite', url: null, dataDir }, fresh: true };
}

interface Servers {
  jiceng: Launched & { baseUrl: string };
  baseline: (Launched & { baseUrl: string }) | null;
}

async function startServers(
  target: DataTarget,
  options: { withBaseline: boolean; profileDir: string | null; echo: boolean },
): Promise<Servers> {
  const port = await freePort();
  const jiceng = launch({
    name: 'jiceng',
    script: 'src/main.ts',
    env: { ...serverEnv(target), PORT: String(port), JICENG_DEMO: 'none' },
    nodeFlags: options.profileDir ? ['--cpu-prof', '--cpu-prof-dir', options.profileDir] : [],
    echo: options.echo,
  });
  let baseline: Servers['baseline'] = null;
  if (options.withBaseline) {
    const baselinePort = await freePort();
    // PGlite allows one process per directory: the baseline reads a copy made while the server was stopped.
    const copy =
      target.kind === 'pglite' ? copyPglite(target, path.join(target.dataDir, 'baseline-pglite')) : null;
    const bare = launch({
      name: 'baseline',
      script: 'bench/baseline.ts',
      env: {
        PORT: String(baselinePort),
        DATABASE_URL: target.url ?? undefined,
        PGLITE_DIR: copy ?? undefined,
      },
      echo: options.echo,
    });
    baseline = { ...bare, baseUrl: `http://127.0.0.1:${baselinePort}` };
  }
  const servers = { jiceng: { ...jiceng, baseUrl: `http://127.0.0.1:${port}` }, baseline };
  await waitForHttp(`${servers.jiceng.baseUrl}/api/health`, jiceng);
  if (baseline) await waitForHttp(`${baseline.baseUrl}/ping`, baseline);
  await waitForQuiet(`${servers.jiceng.baseUrl}/api/health`);
  return servers;
}

/**
 * Waits until the server's start-up work is over: it runs the compliance, probation and escalation
 * ticks at once, and on PGlite every request queues behind them. Quiet = five health checks in a row
 * each answered within 50 ms (or two minutes have passed).
 */
async function waitForQuiet(url: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  let quiet = 0;
  while (quiet < 5 && Date.now() < deadline) {
    const started = performance.now();
    await fetch(url).then((response) => response.arrayBuffer());
    if (performance.now() - started < 50) quiet += 1;
    else {
      quiet = 0;
      await sleep(1000);
    }
  }
}

function contextFor(
  options: SuiteOptions,
  servers: Servers,
  fixtures: Fixtures,
  target: DataTarget,
  factor: number,
  rows: BenchRow[],
): ScenarioContext {
  const sessions = new Map<Account, Promise<Session>>();
  // Smoke: three requests on one connection; else the run's connections and seconds after a warm-up.
  const settle = (load: LoadRequest): LoadOptions =>
    options.smoke
      ? { ...load, connections: 1, seconds: 1, amount: 3 }
      : {
          connections: options.connections,
          ...load,
          seconds: options.seconds,
          warmupSeconds: Math.min(2, options.seconds),
        };
  return {
    smoke: options.smoke,
    seconds: options.seconds,
    connections: options.connections,
    database: target.kind,
    factor,
    jiceng: { baseUrl: servers.jiceng.baseUrl, pid: servers.jiceng.pid },
    baseline: servers.baseline ? { baseUrl: servers.baseline.baseUrl } : null,
    fixtures,
    rows,
    log: options.log,
    session(account) {
      let session = sessions.get(account);
      if (!session) {
        session = login(servers.jiceng.baseUrl, fixtures.users[account]);
        sessions.set(account, session);
      }
      return session;
    },
    load: async (load) => (await loadPair(settle(load), null))[0],
    loadPair: (primary, baseline) => loadPair(settle(primary), baseline ? settle(baseline) : null),
    sample: (once, limits = {}) =>
      options.smoke
        ? sample(once, { min: 1, max: 1, seconds: 0, warmup: false })
        : sample(once, {
            min: limits.min ?? 3,
            max: limits.max ?? 10,
            seconds: limits.seconds ?? options.seconds,
            warmup: true,
          }),
  };
}

/** The server's resident memory over one scenario, so a peak can be told apart from what came before. */
export interface ScenarioMemory {
  scenario: string;
  beforeMiB: number;
  peakMiB: number;
  afterMiB: number;
}

async function runScenario(
  ctx: ScenarioContext,
  scenario: Scenario,
  rows: BenchRow[],
  memories: ScenarioMemory[],
): Promise<void> {
  const started = performance.now();
  ctx.log(`▶ ${scenario.name}: ${scenario.title}`);
  const beforeMiB = Math.round(memoryOf(ctx.jiceng.pid)?.rssMiB ?? 0);
  const memory = watchMemory(ctx.jiceng.pid);
  try {
    rows.push(...(await scenario.run(ctx)));
  } catch (error) {
    rows.push(failedRow(scenario, error));
    ctx.log(`  ✗ ${scenario.name} failed: ${(error as Error).message.split('\n')[0]}`);
  }
  const peakMiB = Math.round(memory.stop());
  const afterMiB = Math.round(memoryOf(ctx.jiceng.pid)?.rssMiB ?? 0);
  memories.push({ scenario: scenario.name, beforeMiB, peakMiB, afterMiB });
  ctx.log(
    `  ${scenario.name} took ${((performance.now() - started) / 1000).toFixed(1)} s; server memory ${beforeMiB} → peak ${peakMiB} → ${afterMiB} MiB`,
  );
}

/** Runs the suite; never leaves a process or (unless `keep`) a database behind. */
export async function runSuite(options: SuiteOptions): Promise<SuiteResult> {
  const started = Date.now();
  const cleanups: Array<() => Promise<void>> = [];
  const rows: BenchRow[] = [];
  const wanted = (name: string) => options.only.length === 0 || options.only.includes(name);
  const log = options.log;
  let servers: Servers | null = null;
  try {
    const { target, fresh } = await chooseTarget(options, cleanups);
    const factor = options.smoke ? 1 : options.factor;
    let seededBy = 'an existing database';
    if (fresh || !(await isSeeded(target))) {
      log(`seeding ${target.kind} at ×${factor}…`);
      const seedStarted = Date.now();
      seededBy = await seed(target, {
        factor,
        loader: options.smoke ? 'small' : 'scale',
        echo: options.echo,
      });
      log(`seeded with ${seededBy} in ${((Date.now() - seedStarted) / 1000).toFixed(0)} s`);
    }
    const fixtures = await prepareFixtures(target);
    // A database seeded elsewhere is as large as its banners: ×N is a league of N banners.
    const scale = seededBy === 'an existing database' ? Math.max(1, fixtures.counts.banners) : factor;
    log(
      `data: ×${scale}, ${fixtures.counts.units.toLocaleString('en-US')} units, ${fixtures.counts.members.toLocaleString('en-US')} members, ${fixtures.counts.gridEvents.toLocaleString('en-US')} grid events, ${fixtures.counts.auditRows.toLocaleString('en-US')} audit rows`,
    );
    servers = await startServers(target, {
      withBaseline: true,
      profileDir: options.profileDir,
      echo: options.echo,
    });
    const ctx = contextFor(options, servers, fixtures, target, scale, rows);
    log(
      options.smoke
        ? 'smoke mode: every scenario once'
        : `load runs: ${options.seconds} s each after a warm-up, ${options.connections} connections`,
    );
    const memories: ScenarioMemory[] = [];
    for (const scenario of scenarios) {
      if (wanted(scenario.name)) await runScenario(ctx, scenario, rows, memories);
    }
    await stop(servers.jiceng);
    if (servers.baseline) await stop(servers.baseline);
    servers = null;

    if (wanted(EMBEDDED) && target.kind === 'postgres') {
      await runEmbedded(options, rows, cleanups);
    } else if (wanted(EMBEDDED)) {
      log(`▶ ${EMBEDDED}: skipped — the run is on PGlite already (set DATABASE_URL to compare)`);
    }

    return {
      database: target.kind,
      factor: scale,
      smoke: options.smoke,
      seededBy,
      startedAt: new Date(started).toISOString(),
      durationSeconds: Math.round((Date.now() - started) / 1000),
      seconds: options.seconds,
      connections: options.connections,
      machine: {
        node: process.version,
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model ?? 'unknown',
        memoryGiB: Math.round(os.totalmem() / 1024 ** 3),
      },
      counts: fixtures.counts,
      rows,
      serverMemory: memories,
    };
  } finally {
    if (servers) {
      await stop(servers.jiceng).catch(() => undefined);
      if (servers.baseline) await stop(servers.baseline).catch(() => undefined);
    }
    killAll();
    for (const cleanup of cleanups.reverse()) await cleanup().catch((error) => log(`cleanup: ${error}`));
  }
}

/** The member-list and tree scenarios on a PGlite server at banner scale, against the rows so far. */
async function runEmbedded(options: SuiteOptions, rows: BenchRow[], cleanups: Array<() => Promise<void>>) {
  const started = performance.now();
  options.log(`▶ ${EMBEDDED}: member list and tree on PGlite at banner scale`);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'jiceng-bench-pglite-'));
  if (!options.keep) cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
  else options.log(`PGlite data directory (kept): ${dataDir}`);
  const target: DataTarget = { kind: 'pglite', url: null, dataDir };
  let servers: Servers | null = null;
  try {
    // The tree and the members are the same whichever loader writes them (the scale seeder adds years of
    // events): the demo loader does it in seconds. The smoke test only checks the path: the small demo.
    await seed(target, { factor: 1, loader: options.smoke ? 'small' : 'demo', echo: options.echo });
    const fixtures = await prepareFixtures(target);
    servers = await startServers(target, {
      withBaseline: false,
      profileDir: options.profileDir,
      echo: options.echo,
    });
    const ctx = contextFor(options, servers, fixtures, target, 1, rows);
    rows.push(...(await embeddedRows(ctx, rows)));
  } catch (error) {
    rows.push(failedRow({ name: EMBEDDED, title: 'embedded database comparison' }, error));
    options.log(`  ✗ ${EMBEDDED} failed: ${(error as Error).message.split('\n')[0]}`);
  } finally {
    if (servers) await stop(servers.jiceng).catch(() => undefined);
  }
  options.log(`  ${EMBEDDED} took ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/** The short commit id of the checkout, read from .git without running git; 'unknown' elsewhere. */
export async function commitId(): Promise<string> {
  const { existsSync, readFileSync } = await import('node:fs');
  const gitDir = path.join(repoRoot, '.git');
  try {
    const head = readFileSync(path.join(gitDir, 'HEAD'), 'utf8').trim();
    if (!head.startsWith('ref: ')) return head.slice(0, 7);
    const ref = head.slice(5);
    const loose = path.join(gitDir, ref);
    if (existsSync(loose)) return readFileSync(loose, 'utf8').trim().slice(0, 7);
    const packed = readFileSync(path.join(gitDir, 'packed-refs'), 'utf8');
    const line = packed.split('\n').find((l) => l.endsWith(` ${ref}`));
    return line ? line.slice(0, 7) : 'unknown';
  } catch {
    return 'unknown';
  }
}
