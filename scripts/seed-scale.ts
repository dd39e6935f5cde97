// `npm run seed:scale -- --factor N`: a new, empty database filled at benchmark scale — the demo banner
// (×1), a league (×10) or a region (×50) with five years of records, a million grid events at ×10 —
// into the embedded database in --data-dir, or into PostgreSQL when DATABASE_URL is set. Prints one
// progress line per step and ends with a line beginning "seed:scale done".
import path from 'node:path';
import { parseArgs } from 'node:util';
import { formatProgress, grouped, NotEmptyError, seedScale } from '../src/demo/scale';
import { createFieldCipher, loadOrCreateSecrets } from '../src/platform/crypto';
import { openDatabase } from '../src/platform/db';
import { DataDirLockedError, lockDataDir } from '../src/platform/db/lock';
import { applyMigrations } from '../src/platform/db/migrate';

const usage = `用法 Usage: npm run seed:scale -- [--factor N] [--data-dir DIR] [--events-per-banner N] [--seed N] [--size banner|small]

  --factor N              规模：1 = 一个旗，10 = 一个盟（约 100 万条网格事件），50 = 一个自治区规模（默认 1）
                          1 = a banner, 10 = a league (about a million grid events), 50 = region scale (default 1)
  --data-dir DIR          内置数据库目录（默认 DATA_DIR 或 ./data）；设置 DATABASE_URL 时写入 PostgreSQL
                          embedded database directory (default DATA_DIR or ./data); DATABASE_URL selects PostgreSQL
  --events-per-banner N   每个旗的网格事件数（默认 100000）  grid events per banner (default 100,000)
  --seed N                随机种子（默认与示范数据相同）  random seed (default: the demo's)
  --size banner|small     每个旗的规模（默认 banner）  size of each banner (default banner)

只写入全新的空数据库。Writes into a new, empty database only.
JICENG_ADMIN_PASSWORD 设置管理员初始密码（同 npm start）。JICENG_ADMIN_PASSWORD sets the admin passwords, as for npm start.`;

class UsageError extends Error {}

function positiveNumber(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0)
    throw new UsageError(`--${name} 须为正数，收到 “${text}”。--${name} must be a positive number.`);
  return value;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      factor: { type: 'string' },
      'data-dir': { type: 'string' },
      'events-per-banner': { type: 'string' },
      seed: { type: 'string' },
      size: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const factor = positiveNumber('factor', values.factor, 1);
  const eventsPerBanner = Math.round(
    positiveNumber('events-per-banner', values['events-per-banner'], 100_000),
  );
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  if (seed !== undefined && !Number.isInteger(seed))
    throw new UsageError(`--seed 须为整数，收到 “${values.seed}”。--seed must be an integer.`);
  const size = values.size ?? 'banner';
  if (size !== 'banner' && size !== 'small')
    throw new UsageError('--size 只能是 banner 或 small。--size must be banner or small.');

  const databaseUrl = process.env.DATABASE_URL?.trim() || null;
  const dataDir = path.resolve(values['data-dir'] ?? process.env.DATA_DIR ?? './data');
  const secretsFile = path.resolve(process.env.JICENG_SECRETS_FILE ?? path.join(dataDir, 'secrets.json'));
  const lock = databaseUrl ? null : lockDataDir(dataDir);
  const secrets = loadOrCreateSecrets({ file: secretsFile });
  const database = await openDatabase(
    databaseUrl
      ? { kind: 'postgres', url: databaseUrl }
      : { kind: 'pglite', dataDir: path.join(dataDir, 'pglite') },
  );
  const where = databaseUrl
    ? `PostgreSQL ${new URL(databaseUrl).pathname.slice(1) || ''}`
    : `PGlite ${dataDir}`;
  console.log(`seed:scale ×${factor} → ${where}（${grouped(eventsPerBanner)} grid events per banner）`);
  try {
    await applyMigrations(database);
    const result = await seedScale(database, {
      cipher: createFieldCipher(secrets),
      factor,
      size,
      seed,
      eventsPerBanner,
      adminPassword: process.env.JICENG_ADMIN_PASSWORD ?? null,
      onProgress: (report) => console.log(`seed:scale  ${formatProgress(report)}`),
    });
    console.log('\n数据量 counts:');
    for (const [name, count] of Object.entries(result.counts))
      console.log(`  ${name.padEnd(12)} ${grouped(count).padStart(12)}`);
    console.log(
      `密钥文件 keys: ${secrets.source === 'env' ? 'JICENG_SECRETS' : secretsFile}（启动服务器时须使用同一份密钥 the server must use the same keys）`,
    );
    console.log('管理员账号 admin logins:');
    for (const a of result.admins)
      console.log(`  ${a.displayName.padEnd(6, '　')}  用户名 ${a.username.padEnd(10)} 密码 ${a.password}`);
    if (result.admins[0]?.generated)
      console.log('  首次登录须修改密码。The generated passwords must be changed at first login.');
    const summary = Object.entries(result.counts)
      .map(([name, count]) => `${name} ${grouped(count)}`)
      .join(', ');
    console.log(`seed:scale done in ${result.seconds.toFixed(1)} s: ${summary}`);
    return 0;
  } finally {
    await database.close();
    lock?.release();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError || (error as { code?: string })?.code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`${(error as Error).message}\n\n${usage}`);
      process.exit(2);
    }
    if (error instanceof NotEmptyError || error instanceof DataDirLockedError) {
      console.error(error.message);
      process.exit(2);
    }
    console.error(
      'seed:scale 失败：数据库可能只写入了一部分，请勿在其上启动服务器；删除后重新运行。seed:scale failed:',
      error,
    );
    process.exit(1);
  },
);
