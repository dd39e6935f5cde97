// `npm run bench`: starts the real server on the demo banner, drives it over HTTP with autocannon from
// this (separate) process, and prints each figure beside a baseline measured in the same run.
// PGlite by default; PostgreSQL when DATABASE_URL is set (a fresh database is created for the run).
import { type ChildProcess, execSync, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';

const PASSWORD = 'Bench#2026pass';
const duration = Number(process.env.BENCH_SECONDS ?? 10);
const children: ChildProcess[] = [];

function launch(
  script: string,
  env: Record<string, string | undefined>,
  ready: RegExp,
): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (d: Buffer) => {
      output += d;
      if (ready.test(output)) resolve(child);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`${script} exited ${code}: ${output}`)));
  });
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.on('exit', r));
  child.kill('SIGTERM');
  await exited;
}

async function run(options: autocannon.Options) {
  return autocannon({ duration, connections: 16, ...options });
}

interface Figure {
  requestsPerSecond: number;
  p50ms: number;
  p97_5ms: number;
  p99ms: number;
  errors: number;
}

function summary(result: autocannon.Result): Figure {
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50ms: result.latency.p50,
    // autocannon reports p97.5, not p95: a stricter figure, used against the p95 targets.
    p97_5ms: result.latency.p97_5,
    p99ms: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

async function freshPostgres(): Promise<string | undefined> {
  const url = process.env.DATABASE_URL;
  if (!url) return undefined;
  const name = `jiceng_bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const target = new URL(url);
  target.pathname = `/${name}`;
  return target.toString();
}

async function main() {
  const work = mkdtempSync(path.join(os.tmpdir(), 'jiceng-bench-'));
  const databaseUrl = await freshPostgres();
  const dataDir = path.join(work, 'data');
  const serverEnv = {
    PORT: '3401',
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    JICENG_ADMIN_PASSWORD: PASSWORD,
    JICENG_SKIP_WEB_BUILD: '1',
    LOG_LEVEL: 'error',
  };
  console.log(`数据库 ${databaseUrl ? 'PostgreSQL' : 'PGlite'}；每项 ${duration} 秒，16 个并发连接`);
  // First start loads the demo banner; then the embedded data is copied for the baseline server.
  let server = await launch('src/main.ts', serverEnv, /已启动/);
  await stop(server);
  const baselineDir = path.join(work, 'baseline');
  if (!databaseUrl) cpSync(path.join(dataDir, 'pglite'), baselineDir, { recursive: true });
  server = await launch('src/main.ts', serverEnv, /已启动/);
  await launch(
    'bench/baseline.ts',
    { PORT: '3402', PGLITE_DIR: baselineDir, DATABASE_URL: databaseUrl },
    /baseline ready/,
  );

  const login = await fetch('http://127.0.0.1:3401/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: PASSWORD }),
  });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const headers = { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' };
  const roots = (await (await fetch('http://127.0.0.1:3401/api/orgs/roots', { headers })).json()) as Array<{
    id: string;
  }>;
  const bannerId = roots[0]!.id;
  const sumus = (await (
    await fetch(`http://127.0.0.1:3401/api/orgs/${bannerId}/children`, { headers })
  ).json()) as Array<{
    id: string;
    type: string;
  }>;
  const sumuId = sumus.find((u) => u.type === 'sumu' || u.type === 'town')!.id;

  const rows: Array<{ scenario: string; figure: Figure; baseline: Figure; target: string; met: boolean }> =
    [];

  const healthJ = summary(await run({ url: 'http://127.0.0.1:3401/api/health' }));
  const pingB = summary(await run({ url: 'http://127.0.0.1:3402/ping' }));
  rows.push({
    scenario: 'GET /api/health vs bare Fastify /ping',
    figure: healthJ,
    baseline: pingB,
    target: 'HTTP baseline',
    met: true,
  });

  const childrenJ = summary(
    await run({ url: `http://127.0.0.1:3401/api/orgs/${bannerId}/children`, headers }),
  );
  const childrenB = summary(await run({ url: `http://127.0.0.1:3402/children/${bannerId}` }));
  rows.push({
    scenario: 'tree: children of the banner (auth + scope + validation)',
    figure: childrenJ,
    baseline: childrenB,
    target: 'p95 ≤ 30 ms',
    met: childrenJ.p97_5ms <= 30,
  });

  const searchJ = summary(
    await run({ url: `http://127.0.0.1:3401/api/orgs/search?q=${encodeURIComponent('bys')}`, headers }),
  );
  rows.push({
    scenario: 'tree: subtree search by pinyin',
    figure: searchJ,
    baseline: childrenB,
    target: 'p95 ≤ 30 ms',
    met: searchJ.p97_5ms <= 30,
  });

  let n = 0;
  const createJ = summary(
    await run({
      url: 'http://127.0.0.1:3401/api/orgs',
      method: 'POST',
      headers,
      requests: [
        {
          setupRequest: (request) => {
            n += 1;
            return {
              ...request,
              body: JSON.stringify({ parentId: sumuId, name: `压测嘎查${n}`, type: 'gacha' }),
            };
          },
        },
      ],
    }),
  );
  const createB = summary(
    await run({
      url: 'http://127.0.0.1:3402/units',
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ parentId: sumuId }),
    }),
  );
  rows.push({
    scenario: 'audited write: create a unit (validation, scope, audit row)',
    figure: createJ,
    baseline: createB,
    target: '≥ 500 per second, no errors',
    met: createJ.requestsPerSecond >= 500 && createJ.errors === 0,
  });

  // The chain must still verify after the load: seal and verify through the API as the audit admin.
  const auditLogin = await fetch('http://127.0.0.1:3401/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'auditadmin', password: PASSWORD }),
  });
  const auditCookie = auditLogin.headers.get('set-cookie')!.split(';')[0]!;
  const auditCsrf = ((await auditLogin.json()) as { csrfToken: string }).csrfToken;
  const verify = (await (
    await fetch('http://127.0.0.1:3401/api/audit/verify', {
      method: 'POST',
      headers: { cookie: auditCookie, 'x-csrf-token': auditCsrf },
    })
  ).json()) as { ok: boolean; checked: number };

  console.log(
    '\n| scenario | Jiceng req/s | p50 ms | p97.5 ms | errors | baseline req/s | baseline p97.5 ms | ratio | target | met |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const row of rows) {
    const ratio = (row.figure.requestsPerSecond / Math.max(1, row.baseline.requestsPerSecond)).toFixed(2);
    console.log(
      `| ${row.scenario} | ${row.figure.requestsPerSecond} | ${row.figure.p50ms} | ${row.figure.p97_5ms} | ${row.figure.errors} | ${row.baseline.requestsPerSecond} | ${row.baseline.p97_5ms} | ${ratio} | ${row.target} | ${row.met ? 'met' : 'MISSED'} |`,
    );
  }
  console.log(
    `\naudit chain after the load: ${verify.ok ? 'verifies' : 'BROKEN'} (${verify.checked} rows checked)`,
  );

  let commit = 'unknown';
  try {
    commit = execSync('git rev-parse --short HEAD').toString().trim();
  } catch {
    // not a git checkout
  }
  mkdirSync('bench/results', { recursive: true });
  const file = `bench/results/${new Date().toISOString().slice(0, 10)}-${commit}-${databaseUrl ? 'postgres' : 'pglite'}.json`;
  writeFileSync(
    file,
    JSON.stringify(
      {
        commit,
        database: databaseUrl ? 'postgres' : 'pglite',
        durationSeconds: duration,
        connections: 16,
        rows,
        auditChain: verify,
      },
      null,
      2,
    ),
  );
  console.log(`结果已写入 results written to ${file}`);
  for (const child of children) await stop(child);
  rmSync(work, { recursive: true, force: true });
  if (databaseUrl) {
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`drop database if exists ${new URL(databaseUrl).pathname.slice(1)} with (force)`);
    await admin.end();
  }
}

main().catch(async (error) => {
  console.error(error);
  for (const child of children) child.kill('SIGKILL');
  process.exit(1);
});
