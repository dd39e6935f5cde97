// `npm start`: build the web app if needed, open the database, migrate, load the demo banner on first
// start, and serve everything on one port.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { createJicengApp } from './app';
import { loadDemoData } from './demo/load';
import { createDemoGridWorkerLogin } from './modules/grid/demoPatrols';
import { runComplianceTick } from './modules/meetings';
import { foldCaseMonthly, runEscalationTick } from './platform/cases';
import { runProbationReminders } from './modules/members';
import { sealAuditLog } from './platform/audit/sealer';
import { createAdminAccounts, ensureRootUnit, isFirstStart, seedRoles } from './platform/bootstrap';
import { readConfig } from './platform/config';
import { createFieldCipher, loadOrCreateSecrets } from './platform/crypto';
import { openDatabase } from './platform/db';
import { collectWhenIdle } from './platform/memory';
import { DataDirLockedError, lockDataDir } from './platform/db/lock';
import { applyMigrations } from './platform/db/migrate';
import { drainImports, expireStaleImports, failInterruptedImports } from './platform/excel';

const root = path.resolve(import.meta.dirname, '..');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else if (/\.(tsx?|css|html|svg|png)$/.test(entry.name)) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

/** Builds the web app when dist/web is missing or older than its sources. */
async function buildWebIfNeeded(): Promise<void> {
  const index = path.join(root, 'dist/web/index.html');
  const sources = [
    path.join(root, 'src/web'),
    ...readdirSync(path.join(root, 'src/modules')).map((m) => path.join(root, 'src/modules', m, 'web')),
  ];
  const newestSource = Math.max(
    ...sources.filter(existsSync).map(newestMtime),
    statSync(path.join(root, 'vite.config.ts')).mtimeMs,
  );
  if (existsSync(index) && statSync(index).mtimeMs >= newestSource) return;
  console.log('正在构建前端（首次启动约需 1 分钟）… Building the web app…');
  const { build } = await import('vite');
  await build({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });
}

async function main(): Promise<void> {
  const config = readConfig();
  let lock: { release(): void } | null = null;
  if (!config.databaseUrl) {
    try {
      lock = lockDataDir(config.dataDir);
    } catch (error) {
      if (error instanceof DataDirLockedError) {
        console.error(error.message);
        process.exit(2);
      }
      throw error;
    }
  }
  if (process.env.JICENG_SKIP_WEB_BUILD !== '1') await buildWebIfNeeded();
  const secrets = loadOrCreateSecrets({ file: config.secretsFile });
  const cipher = createFieldCipher(secrets);
  const database = await openDatabase(
    config.databaseUrl
      ? { kind: 'postgres', url: config.databaseUrl }
      : { kind: 'pglite', dataDir: path.join(config.dataDir, 'pglite') },
  );
  await applyMigrations(database);
  await seedRoles(database.db);

  let admins: Awaited<ReturnType<typeof createAdminAccounts>> = [];
  if (await isFirstStart(database.db)) {
    let rootUnitId: string;
    if (config.demo === 'none') {
      rootUnitId = await ensureRootUnit(database.db);
    } else {
      console.log('首次启动：正在载入示范旗数据… Loading the demo banner…');
      const started = Date.now();
      const loaded = await loadDemoData(database, {
        cipher,
        size: config.demo === 'small' ? 'small' : 'banner',
        factor: config.demoScale,
        onProgress: (stage, done, total) => {
          if (done === total) console.log(total === 1 ? `  ${stage} ✓` : `  ${stage}: ${total}`);
        },
      });
      rootUnitId = loaded.rootUnitId;
      console.log(
        `示范数据已载入（${loaded.counts.units} 个单位，${loaded.counts.people} 人，${loaded.counts.members ?? 0} 名党员，${loaded.counts.meetings ?? 0} 次组织生活，用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒）`,
      );
    }
    admins = await createAdminAccounts(database.db, rootUnitId, config.adminPassword);
    if (config.demo !== 'none') {
      const worker = await createDemoGridWorkerLogin(database.db, config.adminPassword);
      if (worker) admins.push(worker);
    }
  }

  // On the embedded database this process is the only one, so a job left mid-way was interrupted.
  if (database.kind === 'pglite') await failInterruptedImports(database.db);

  const app = await createJicengApp({ database, cipher, dataDir: config.dataDir }, { logger: true });
  await app.listen({ port: config.port, host: config.host });
  const stopIdleCollection = collectWhenIdle(app.server);

  const sealer = setInterval(() => {
    sealAuditLog(database.db).catch((error) => app.log.error({ err: error }, 'audit sealing failed'));
  }, 2000);
  sealer.unref();
  // The monthly case roll-up takes in the changes the case triggers appended (figures read both).
  const folder = setInterval(() => {
    foldCaseMonthly(database.db).catch((error) =>
      app.log.error({ err: error }, 'case roll-up folding failed'),
    );
  }, 10_000);
  folder.unref();
  // Uploaded rows may hold ID numbers: jobs never committed are cleared after a day.
  const expiry = setInterval(() => {
    expireStaleImports(database.db, { olderThanHours: 24 }).catch((error) =>
      app.log.error({ err: error }, 'import expiry failed'),
    );
  }, 3_600_000);
  expiry.unref();
  // Organisational-life compliance: warning notices for clerks now and every hour (advisory-locked,
  // deduplicated, so several instances never double-notify).
  const complianceTick = () =>
    Promise.all([
      runComplianceTick(database.db).catch((error) =>
        app.log.error({ err: error }, 'compliance tick failed'),
      ),
      // Probation reminders: conversion due within the window or overdue, for the members clerks.
      runProbationReminders(database.db).catch((error) =>
        app.log.error({ err: error }, 'probation reminders failed'),
      ),
      // Case escalation: overdue grid events (and every other case type) climb their ladder, each step
      // once per case across instances (advisory lock + unique event per step).
      runEscalationTick(database.db).catch((error) =>
        app.log.error({ err: error }, 'case escalation failed'),
      ),
    ]);
  void complianceTick();
  const compliance = setInterval(complianceTick, 3_600_000);
  compliance.unref();

  console.log(
    `\nJiceng 基层 已启动：http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${config.port}`,
  );
  console.log(`数据库 database: ${database.kind === 'pglite' ? `PGlite ${config.dataDir}` : 'PostgreSQL'}`);
  if (admins.length > 0) {
    console.log('\n首次启动已创建管理员账号（三员分立）— admin logins created on first start:');
    for (const a of admins)
      console.log(`  ${a.displayName.padEnd(6, '　')}  用户名 ${a.username.padEnd(10)} 密码 ${a.password}`);
    if (admins[0]?.generated)
      console.log('  首次登录须修改密码。The generated passwords must be changed at first login.');
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n收到 ${signal}，正在停止… stopping`);
    clearInterval(sealer);
    clearInterval(folder);
    clearInterval(expiry);
    clearInterval(compliance);
    stopIdleCollection();
    await app.close();
    await drainImports();
    await sealAuditLog(database.db).catch(() => undefined);
    await database.close();
    lock?.release();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error) => {
  console.error('启动失败 Start-up failed:', error);
  process.exit(1);
});
