// Operator commands: `npx tsx src/cli.ts <command>` (or `npm run backup -- <file>` and friends).
import fs from 'node:fs';
import path from 'node:path';
import { type DemoSize, generateDemoBanner } from './demo/generate';
import { verifyAuditLog } from './platform/audit/sealer';
import { BackupError, backup, pgliteDirOf, restore } from './platform/backup';
import { type Config, readConfig } from './platform/config';
import { type Database, openDatabase } from './platform/db';
import { DataDirLockedError, lockDataDir } from './platform/db/lock';

const usage = `Jiceng 基层 — 运维命令 (operator commands)

用法 Usage:
  npx tsx src/cli.ts backup <file>             备份数据库和密钥到 <file>
                                               Back up the database and the keys to <file>
  npx tsx src/cli.ts restore <file> [--force]  从 <file> 恢复；已有数据时须加 --force
                                               Restore from <file>; --force replaces existing data
  npx tsx src/cli.ts audit verify              校验审计日志的哈希链（被篡改时退出码为 1）
                                               Verify the audit log hash chain (exit code 1 when broken)
  npx tsx src/cli.ts demo:generate [--size banner|small] [--factor N] [--seed N] [--out file.json]
                                               生成示范旗数据（JSON）以便查看
                                               Write the demo banner data as JSON for inspection

数据库与目录取自环境变量 DATA_DIR、DATABASE_URL、JICENG_SECRETS_FILE（与 npm start 相同）。
The database and directories come from DATA_DIR, DATABASE_URL and JICENG_SECRETS_FILE, as for npm start.
内置数据库（PGlite）备份/恢复前须先停止服务器。Stop the server before backing up or restoring PGlite.
PostgreSQL 备份为 pg_dump 文件，密钥另存为 <file>.secrets.json，两者须一起保管。
A PostgreSQL backup is a pg_dump file plus <file>.secrets.json: keep both, and keep them safe.
`;

class UsageError extends Error {}

/** Reads `--name value` options and plain arguments. */
function parseArgs(args: string[]): { positional: string[]; flags: Map<string, string | true> } {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
    const next = args[i + 1];
    if (inline !== undefined) flags.set(name, inline);
    else if (name !== 'force' && next !== undefined && !next.startsWith('--')) flags.set(name, args[++i]!);
    else flags.set(name, true);
  }
  return { positional, flags };
}

function stringFlag(flags: Map<string, string | true>, name: string): string | undefined {
  const value = flags.get(name);
  if (value === true) throw new UsageError(`--${name} 需要一个值。--${name} needs a value.`);
  return value;
}

async function runBackup(config: Config, file: string | undefined): Promise<void> {
  if (!file) throw new UsageError('请给出备份文件名，例如：npm run backup -- ./jiceng-2026-11-25.backup');
  const started = Date.now();
  const result = await backup({ config, file });
  console.log(
    `备份完成 Backup written: ${result.file}（${(result.bytes / 1024 / 1024).toFixed(1)} MB，用时 ${seconds(started)} 秒）`,
  );
  if (result.kind === 'postgres')
    console.log(`密钥文件 Keys: ${result.secretsFile}（须与备份一起保管 keep it with the dump）`);
  else console.log('备份中含密钥，请妥善保管。The backup contains the secret keys: keep it safe.');
}

async function runRestore(config: Config, file: string | undefined, force: boolean): Promise<void> {
  if (!file) throw new UsageError('请给出要恢复的备份文件，例如：npm run restore -- ./jiceng.backup');
  const started = Date.now();
  const result = await restore({ config, file, force });
  console.log(
    `恢复完成 Restored from ${path.resolve(file)}（${result.kind === 'pglite' ? 'PGlite' : 'PostgreSQL'}，用时 ${seconds(started)} 秒）`,
  );
  console.log(`密钥文件 Keys: ${result.secretsFile}`);
  for (const warning of result.warnings) console.warn(`注意 Warning: ${warning}`);
}

/** Opens the configured database for a one-off command, holding the PGlite lock while it runs. */
async function openForCommand(config: Config): Promise<{ database: Database; release(): Promise<void> }> {
  if (config.databaseUrl) {
    const database = await openDatabase({ kind: 'postgres', url: config.databaseUrl });
    return { database, release: () => database.close() };
  }
  const dataDir = pgliteDirOf(config);
  if (!fs.existsSync(dataDir))
    throw new BackupError(`找不到数据库：${dataDir} 不存在。请检查 DATA_DIR。\nNo database at ${dataDir}.`);
  let lock: { release(): void };
  try {
    lock = lockDataDir(config.dataDir);
  } catch (error) {
    if (!(error instanceof DataDirLockedError)) throw error;
    throw new BackupError(
      `服务器正在运行，请先停止服务器再校验（或在界面“审计日志”中校验）。\n${error.message}`,
    );
  }
  const database = await openDatabase({ kind: 'pglite', dataDir });
  return {
    database,
    async release() {
      await database.close();
      lock.release();
    },
  };
}

async function runAuditVerify(config: Config): Promise<number> {
  const { database, release } = await openForCommand(config);
  try {
    const result = await verifyAuditLog(database.db);
    if (result.ok) {
      console.log(`审计日志完整：已校验 ${result.checked} 条记录，待封存 ${result.pending} 条。`);
      console.log(`Audit log intact: ${result.checked} entries checked, ${result.pending} pending.`);
      return 0;
    }
    console.error(
      `审计日志校验失败：从第 ${result.brokenAt} 条起哈希链断裂（${result.reason}）。已校验 ${result.checked} 条。`,
    );
    console.error(
      `Audit log BROKEN at entry ${result.brokenAt}: ${result.reason}. ${result.checked} entries checked before it.`,
    );
    return 1;
  } finally {
    await release();
  }
}

function runDemoGenerate(flags: Map<string, string | true>): void {
  const size = (stringFlag(flags, 'size') ?? 'banner') as DemoSize;
  if (size !== 'banner' && size !== 'small')
    throw new UsageError('--size 只能是 banner 或 small。--size must be banner or small.');
  const factor = Number(stringFlag(flags, 'factor') ?? 1);
  const seedText = stringFlag(flags, 'seed');
  const seed = seedText === undefined ? undefined : Number(seedText);
  if (!(factor > 0)) throw new UsageError('--factor 须为正数。--factor must be a positive number.');
  if (seed !== undefined && !Number.isInteger(seed))
    throw new UsageError('--seed 须为整数。--seed must be an integer.');
  const data = generateDemoBanner({ size, factor, seed });
  const json = `${JSON.stringify(data, null, 2)}\n`;
  const out = stringFlag(flags, 'out');
  if (!out) {
    process.stdout.write(json);
    return;
  }
  fs.writeFileSync(out, json);
  console.log(`已写入 Written ${out}: ${data.units.length} 个单位 units, ${data.people.length} 人 people`);
}

function seconds(since: number): string {
  return ((Date.now() - since) / 1000).toFixed(1);
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { positional, flags } = parseArgs(rest);
  const config = readConfig();
  switch (command) {
    case 'backup':
      await runBackup(config, positional[0]);
      return 0;
    case 'restore':
      await runRestore(config, positional[0], flags.has('force'));
      return 0;
    case 'audit':
      if (positional[0] !== 'verify') throw new UsageError('用法：audit verify');
      return runAuditVerify(config);
    case 'demo:generate':
      runDemoGenerate(flags);
      return 0;
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(usage);
      return command === undefined ? 2 : 0;
    default:
      throw new UsageError(`未知命令 Unknown command: ${command}`);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\n${usage}`);
      process.exit(2);
    }
    if (error instanceof BackupError) {
      console.error(error.message);
      process.exit(1);
    }
    console.error('命令失败 Command failed:', error);
    process.exit(1);
  },
);
