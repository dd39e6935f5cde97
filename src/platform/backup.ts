/**
 * Backup and restore of a whole installation: the database and the secret keys that decrypt it.
 *
 * Embedded database (PGlite): ONE file, a plain POSIX tar (inspect it with `tar -tvf`) holding
 *   manifest.json            { format: 'jiceng-backup', version: 1, kind: 'pglite', createdAt, files: [{ name, bytes, sha256 }] }
 *   pglite-datadir.tar.gz    PGlite's own dumpDataDir('gzip') of DATA_DIR/pglite
 *   secrets.json             the secrets file (keys!)
 * PostgreSQL (DATABASE_URL): `<file>` is a `pg_dump --format=custom` dump and `<file>.secrets.json` the keys.
 *
 * Without the keys every encrypted ID number and phone number is unreadable, so both parts are always
 * written together and the backup must be kept as carefully as the keys themselves (mode 0600).
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { Config } from './config';
import { loadOrCreateSecrets } from './crypto';
import { DataDirLockedError, lockDataDir } from './db/lock';

const run = promisify(execFile);

const FORMAT = 'jiceng-backup';
const DATABASE_ENTRY = 'pglite-datadir.tar.gz';
const SECRETS_ENTRY = 'secrets.json';
const MANIFEST_ENTRY = 'manifest.json';

/** A backup or restore that cannot go ahead; the message is Chinese (with English) and says what to do. */
export class BackupError extends Error {}

export interface BackupOptions {
  config: Config;
  file: string;
  /** Where JICENG_SECRETS is read from; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
}

export interface BackupResult {
  kind: 'pglite' | 'postgres';
  file: string;
  /** Where the keys were written: the archive itself (PGlite) or `<file>.secrets.json` (PostgreSQL). */
  secretsFile: string;
  bytes: number;
}

export interface RestoreOptions {
  config: Config;
  file: string;
  /** Replace existing data (the previous secrets file is kept as `<secrets>.replaced-<time>`). */
  force?: boolean;
  env?: NodeJS.ProcessEnv;
}

export interface RestoreResult {
  kind: 'pglite' | 'postgres';
  secretsFile: string;
  /** Things the operator should know, e.g. that JICENG_SECRETS overrides the restored secrets file. */
  warnings: string[];
}

/** Backs up the configured database and the secret keys into `file` (see the format at the top). */
export async function backup({ config, file, env = process.env }: BackupOptions): Promise<BackupResult> {
  const target = path.resolve(file);
  const secrets = secretsForBackup(config, env);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  if (config.databaseUrl) {
    const temp = tempPathFor(target);
    try {
      await runTool('pg_dump', ['--format=custom', `--file=${temp}`, `--dbname=${config.databaseUrl}`]);
      fs.chmodSync(temp, 0o600);
      writeFileAtomic(secretsSidecar(target), secrets);
      fs.renameSync(temp, target);
    } finally {
      fs.rmSync(temp, { force: true });
    }
    return {
      kind: 'postgres',
      file: target,
      secretsFile: secretsSidecar(target),
      bytes: fs.statSync(target).size,
    };
  }

  const dataDir = pgliteDirOf(config);
  if (!hasFiles(dataDir)) {
    throw new BackupError(
      `没有可备份的数据：${dataDir} 不存在或为空。请检查 DATA_DIR。\nNothing to back up: ${dataDir} is missing or empty.`,
    );
  }
  const dump = await withDataDirLock(config, 'backup', async () => {
    const client = new PGlite(dataDir);
    try {
      await client.waitReady;
      return Buffer.from(await (await client.dumpDataDir('gzip')).arrayBuffer());
    } finally {
      await client.close();
    }
  });
  const entries = [
    { name: DATABASE_ENTRY, data: dump },
    { name: SECRETS_ENTRY, data: Buffer.from(secrets) },
  ];
  const manifest = {
    format: FORMAT,
    version: 1,
    kind: 'pglite',
    createdAt: new Date().toISOString(),
    files: entries.map((e) => ({ name: e.name, bytes: e.data.length, sha256: sha256(e.data) })),
  };
  const archive = writeTar([
    { name: MANIFEST_ENTRY, data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`) },
    ...entries,
  ]);
  writeFileAtomic(target, archive);
  return { kind: 'pglite', file: target, secretsFile: target, bytes: archive.length };
}

/**
 * Restores a backup made by `backup` into the configured database and secrets file. Refuses to replace
 * existing data unless `force`, and refuses while a server holds the embedded data directory.
 */
export async function restore({
  config,
  file,
  force = false,
  env = process.env,
}: RestoreOptions): Promise<RestoreResult> {
  const source = path.resolve(file);
  if (!fs.existsSync(source))
    throw new BackupError(`找不到备份文件 ${source}。\nBackup file not found: ${source}`);
  const isArchive = looksLikeJicengArchive(source);
  const warnings: string[] = [];
  if (env.JICENG_SECRETS?.trim()) {
    warnings.push(
      '已设置环境变量 JICENG_SECRETS，它优先于恢复出的密钥文件；如两者不同，请改用备份中的密钥。' +
        ' JICENG_SECRETS is set and overrides the restored secrets file.',
    );
  }

  if (config.databaseUrl) {
    if (isArchive) {
      throw new BackupError(
        '这是内置数据库（PGlite）的备份，不能恢复到 PostgreSQL。请去掉 DATABASE_URL 后再恢复。\n' +
          'This is an embedded-database backup; unset DATABASE_URL to restore it.',
      );
    }
    const sidecar = secretsSidecar(source);
    if (!fs.existsSync(sidecar)) {
      throw new BackupError(
        `找不到与备份配套的密钥文件 ${sidecar}。没有它，加密的身份证号无法读取；请把它放在备份文件旁边再恢复。\n` +
          `The keys file ${sidecar} that belongs to this backup is missing.`,
      );
    }
    const secrets = fs.readFileSync(sidecar, 'utf8');
    validateSecrets(secrets, sidecar);
    if (!force && (await postgresHasTables(config.databaseUrl))) {
      throw new BackupError(
        '目标 PostgreSQL 数据库中已有数据。恢复会覆盖这些数据：请先停止所有 Jiceng 服务并备份当前数据，确认无误后加 --force 重试。\n' +
          'The target database is not empty; stop the servers and rerun with --force to replace it.',
      );
    }
    await runTool('pg_restore', [
      '--clean',
      '--if-exists',
      '--no-owner',
      '--single-transaction',
      `--dbname=${config.databaseUrl}`,
      source,
    ]);
    installSecrets(config.secretsFile, secrets);
    return { kind: 'postgres', secretsFile: config.secretsFile, warnings };
  }

  if (!isArchive) {
    throw new BackupError(
      `${source} 不是 Jiceng 内置数据库的备份文件（可能是 PostgreSQL 备份：请设置 DATABASE_URL 后再恢复）。\n` +
        'Not an embedded-database backup (a PostgreSQL dump needs DATABASE_URL).',
    );
  }
  const { dump, secrets } = readArchive(source);
  const dataDir = pgliteDirOf(config);
  if (hasFiles(dataDir) && !force) {
    throw new BackupError(
      `数据目录 ${dataDir} 中已有数据。恢复会覆盖这些数据：请先备份当前数据，确认无误后加 --force 重试。\n` +
        `The data directory ${dataDir} is not empty; rerun with --force to replace it.`,
    );
  }
  await withDataDirLock(config, 'restore', async () => {
    // Load into a fresh directory first, so a failed restore leaves the current data untouched.
    const fresh = `${dataDir}.restoring-${process.pid}`;
    fs.rmSync(fresh, { recursive: true, force: true });
    try {
      const client = new PGlite(fresh, { loadDataDir: new Blob([new Uint8Array(dump)]) });
      await client.waitReady;
      await client.query('select 1');
      await client.close();
      const old = `${dataDir}.replaced-${process.pid}`;
      if (fs.existsSync(dataDir)) fs.renameSync(dataDir, old);
      fs.renameSync(fresh, dataDir);
      fs.rmSync(old, { recursive: true, force: true });
    } finally {
      fs.rmSync(fresh, { recursive: true, force: true });
    }
  });
  installSecrets(config.secretsFile, secrets);
  return { kind: 'pglite', secretsFile: config.secretsFile, warnings };
}

/** Where the embedded database lives inside DATA_DIR (as `npm start` opens it). */
export function pgliteDirOf(config: Pick<Config, 'dataDir'>): string {
  return path.join(config.dataDir, 'pglite');
}

/** The keys file written next to a PostgreSQL dump. */
export function secretsSidecar(file: string): string {
  return `${file}.secrets.json`;
}

async function withDataDirLock<T>(
  config: Config,
  action: 'backup' | 'restore',
  work: () => Promise<T>,
): Promise<T> {
  let lock: { release(): void };
  try {
    lock = lockDataDir(config.dataDir);
  } catch (error) {
    if (!(error instanceof DataDirLockedError)) throw error;
    const verb = action === 'backup' ? '备份' : '恢复';
    throw new BackupError(
      `Jiceng 服务器正在使用数据目录，不能${verb}。请先停止服务器（在其窗口按 Ctrl+C），再重新运行。\n${error.message}`,
    );
  }
  try {
    return await work();
  } finally {
    lock.release();
  }
}

function secretsForBackup(config: Config, env: NodeJS.ProcessEnv): string {
  if (env.JICENG_SECRETS?.trim()) {
    // Keys given through the environment are written out in the secrets-file format.
    const keys = loadOrCreateSecrets({ file: config.secretsFile, env });
    return `${JSON.stringify(
      {
        version: 1,
        encryptionKey: keys.encryptionKey.toString('hex'),
        macKey: keys.macKey.toString('hex'),
        indexKey: keys.indexKey.toString('hex'),
        sessionKey: keys.sessionKey.toString('hex'),
      },
      null,
      2,
    )}\n`;
  }
  if (!fs.existsSync(config.secretsFile)) {
    throw new BackupError(
      `找不到密钥文件 ${config.secretsFile}。没有密钥，备份中加密的身份证号将无法读取，备份已中止。请检查 JICENG_SECRETS_FILE 或 DATA_DIR。\n` +
        `Secrets file ${config.secretsFile} not found; a backup without keys is useless, so none was made.`,
    );
  }
  const content = fs.readFileSync(config.secretsFile, 'utf8');
  validateSecrets(content, config.secretsFile);
  return content;
}

function validateSecrets(content: string, source: string): void {
  if (!content.trim())
    throw new BackupError(`密钥文件 ${source} 是空的。The secrets file ${source} is empty.`);
  try {
    // The env form accepts the file's JSON as is, so nothing is written while checking.
    loadOrCreateSecrets({ file: source, env: { JICENG_SECRETS: content } });
  } catch (error) {
    throw new BackupError(`密钥文件 ${source} 无效：${(error as Error).message}`);
  }
}

function installSecrets(file: string, content: string): void {
  if (fs.existsSync(file)) {
    if (fs.readFileSync(file, 'utf8') === content) return;
    // Never destroy keys: the replaced file may still be needed for data encrypted with it.
    fs.renameSync(file, `${file}.replaced-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  }
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  writeFileAtomic(file, content);
}

async function postgresHasTables(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ n: number }>(
      "select count(*)::int as n from pg_tables where schemaname not in ('pg_catalog', 'information_schema')",
    );
    return Number(result.rows[0]?.n ?? 0) > 0;
  } finally {
    await client.end();
  }
}

async function runTool(tool: 'pg_dump' | 'pg_restore', args: string[]): Promise<void> {
  try {
    await run(tool, args, { maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { stderr?: string };
    if (failure.code === 'ENOENT') {
      throw new BackupError(
        `找不到 ${tool}。请安装 PostgreSQL 客户端工具（主版本不低于服务器），例如 apt-get install postgresql-client。\n${tool} is not installed.`,
      );
    }
    // The URL may carry a password: never echo the arguments, only the tool's own message.
    throw new BackupError(`${tool} 执行失败：${(failure.stderr || failure.message).trim()}`);
  }
}

function readArchive(file: string): { dump: Buffer; secrets: string } {
  const entries = readTar(fs.readFileSync(file));
  const manifestData = entries.get(MANIFEST_ENTRY);
  const broken = (why: string) =>
    new BackupError(`备份文件 ${file} 已损坏或不完整（${why}），无法恢复。\nBroken backup file: ${why}`);
  if (!manifestData) throw broken('缺少 manifest.json');
  const manifest = JSON.parse(manifestData.toString('utf8')) as {
    format?: string;
    version?: number;
    kind?: string;
    files?: { name: string; sha256: string }[];
  };
  if (manifest.format !== FORMAT || manifest.version !== 1 || manifest.kind !== 'pglite')
    throw broken('格式或版本不支持');
  for (const expected of manifest.files ?? []) {
    const data = entries.get(expected.name);
    if (!data) throw broken(`缺少 ${expected.name}`);
    if (sha256(data) !== expected.sha256) throw broken(`${expected.name} 校验值不符`);
  }
  const dump = entries.get(DATABASE_ENTRY);
  const secrets = entries.get(SECRETS_ENTRY);
  if (!dump || !secrets) throw broken('缺少数据库或密钥');
  validateSecrets(secrets.toString('utf8'), `${file}:${SECRETS_ENTRY}`);
  return { dump, secrets: secrets.toString('utf8') };
}

function looksLikeJicengArchive(file: string): boolean {
  const fd = fs.openSync(file, 'r');
  try {
    const header = Buffer.alloc(512);
    const read = fs.readSync(fd, header, 0, 512, 0);
    return (
      read === 512 &&
      header.subarray(257, 262).toString('latin1') === 'ustar' &&
      tarName(header) === MANIFEST_ENTRY
    );
  } finally {
    fs.closeSync(fd);
  }
}

function hasFiles(dir: string): boolean {
  return fs.existsSync(dir) && fs.readdirSync(dir).length > 0;
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function tempPathFor(target: string): string {
  return `${target}.partial-${process.pid}`;
}

function writeFileAtomic(target: string, data: string | Buffer): void {
  const temp = tempPathFor(target);
  fs.writeFileSync(temp, data, { mode: 0o600 });
  fs.renameSync(temp, target);
}

// ---- a minimal POSIX (ustar) tar: regular files only, names under 100 bytes ----

function writeTar(files: { name: string; data: Buffer }[]): Buffer {
  const blocks: Buffer[] = [];
  const mtime = Math.floor(Date.now() / 1000);
  for (const { name, data } of files) {
    const header = Buffer.alloc(512);
    header.write(name, 0, 100, 'utf8');
    header.write('0000600\0', 100, 'latin1');
    header.write('0000000\0', 108, 'latin1');
    header.write('0000000\0', 116, 'latin1');
    header.write(`${data.length.toString(8).padStart(11, '0')}\0`, 124, 'latin1');
    header.write(`${mtime.toString(8).padStart(11, '0')}\0`, 136, 'latin1');
    header.write('        ', 148, 'latin1');
    header.write('0', 156, 'latin1');
    header.write('ustar\0' + '00', 257, 'latin1');
    let sum = 0;
    for (const byte of header) sum += byte;
    header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
    blocks.push(header, data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

function tarName(header: Buffer): string {
  const end = header.indexOf(0);
  return header.subarray(0, end === -1 || end > 100 ? 100 : end).toString('utf8');
}

function readTar(archive: Buffer): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  let offset = 0;
  while (offset + 512 <= archive.length) {
    const header = archive.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break;
    const stored = Number.parseInt(
      header.subarray(148, 156).toString('latin1').replace(/\0.*$/, '').trim(),
      8,
    );
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : header[i]!;
    if (sum !== stored)
      throw new BackupError('备份文件已损坏（tar 头校验失败）。Broken backup file: bad tar header.');
    const size = Number.parseInt(header.subarray(124, 136).toString('latin1').replace(/\0.*$/, '').trim(), 8);
    const start = offset + 512;
    if (start + size > archive.length)
      throw new BackupError('备份文件不完整（被截断）。Backup file is truncated.');
    files.set(tarName(header), Buffer.from(archive.subarray(start, start + size)));
    offset = start + Math.ceil(size / 512) * 512;
  }
  return files;
}
