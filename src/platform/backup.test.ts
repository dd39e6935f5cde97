import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/support/database';
import { loadDemoData } from '../demo/load';
import { BackupError, backup, pgliteDirOf, restore, secretsSidecar } from './backup';
import { type Config, readConfig } from './config';
import { createFieldCipher, loadOrCreateSecrets } from './crypto';
import { type Database, openDatabase } from './db';
import { applyMigrations } from './db/migrate';

const noEnv: NodeJS.ProcessEnv = {};
const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiceng-backup-test-'));
  temps.push(dir);
  return dir;
}

function cipherOf(config: Config) {
  return createFieldCipher(loadOrCreateSecrets({ file: config.secretsFile, env: noEnv }));
}

/** The facts a restore must bring back: counts, one unit's name and one decrypted ID number. */
async function snapshot(database: Database, config: Config) {
  const [counts] = await database.query<{ units: number; people: number }>(
    'select (select count(*)::int from units) as units, (select count(*)::int from people) as people',
  );
  const [root] = await database.query<{ name: string }>('select name from units where parent_id is null');
  const [person] = await database.query<{ name: string; id_number_cipher: string }>(
    'select name, id_number_cipher from people order by id_number_index limit 1',
  );
  return {
    counts,
    root: root?.name,
    person: person?.name,
    idNumber: person ? cipherOf(config).decrypt(person.id_number_cipher) : null,
  };
}

async function damage(database: Database): Promise<void> {
  // Cascade: members, committee posts and the like refer to people and go with them.
  await database.query('truncate people cascade');
  await database.query("update units set name = '被改动的旗' where parent_id is null");
}

describe('backup and restore of the embedded database', () => {
  const config = readConfig({ DATA_DIR: tempDir() } as NodeJS.ProcessEnv, []);
  const file = path.join(tempDir(), 'jiceng.backup');
  const open = async () => openDatabase({ kind: 'pglite', dataDir: pgliteDirOf(config) });

  it('round-trips data and keys: deleted people come back and ID numbers still decrypt', async () => {
    const database = await open();
    await applyMigrations(database);
    await loadDemoData(database, { cipher: cipherOf(config), size: 'small' });
    const before = await snapshot(database, config);
    await database.close();
    expect(before.counts?.people).toBeGreaterThan(200);

    const result = await backup({ config, file, env: noEnv });
    expect(result).toMatchObject({ kind: 'pglite', file });
    expect(execFileSync('tar', ['-tf', file], { encoding: 'utf8' }).split('\n')).toEqual(
      expect.arrayContaining(['manifest.json', 'pglite-datadir.tar.gz', 'secrets.json']),
    );

    const changed = await open();
    await damage(changed);
    await changed.close();
    const keys = fs.readFileSync(config.secretsFile, 'utf8');
    fs.rmSync(config.secretsFile);

    await expect(restore({ config, file, env: noEnv })).rejects.toThrow(/--force/);
    await restore({ config, file, force: true, env: noEnv });

    expect(fs.readFileSync(config.secretsFile, 'utf8')).toBe(keys);
    const restored = await open();
    expect(await snapshot(restored, config)).toEqual(before);
    await restored.close();
  });

  it('refuses while a running server holds the data directory', async () => {
    // The parent process (the test runner) is alive, so its pid in the lock file looks like a server.
    const lockFile = path.join(config.dataDir, 'jiceng.lock');
    fs.writeFileSync(lockFile, String(process.ppid));
    try {
      const attempt = backup({ config, file: path.join(tempDir(), 'x.backup'), env: noEnv });
      await expect(attempt).rejects.toBeInstanceOf(BackupError);
      await expect(attempt).rejects.toThrow(/请先停止服务器/);
      await expect(restore({ config, file, force: true, env: noEnv })).rejects.toThrow(/请先停止服务器/);
    } finally {
      fs.rmSync(lockFile, { force: true });
    }
  });

  it('refuses a damaged archive and a missing secrets file with clear messages', async () => {
    const broken = path.join(tempDir(), 'broken.backup');
    const bytes = fs.readFileSync(file);
    const middle = Math.floor(bytes.length / 2); // inside the database dump, the largest entry
    bytes[middle] = (bytes[middle]! + 1) % 256;
    fs.writeFileSync(broken, bytes);
    await expect(restore({ config, file: broken, force: true, env: noEnv })).rejects.toThrow(/已损坏/);

    const keyless = readConfig(
      {
        DATA_DIR: config.dataDir,
        JICENG_SECRETS_FILE: path.join(tempDir(), 'none.json'),
      } as NodeJS.ProcessEnv,
      [],
    );
    await expect(
      backup({ config: keyless, file: path.join(tempDir(), 'y.backup'), env: noEnv }),
    ).rejects.toThrow(/找不到密钥文件/);
  });
});

// The PostgreSQL round trip runs in the test run against PostgreSQL (DATABASE_URL set), as CI does.
if (process.env.DATABASE_URL) {
  describe('backup and restore of PostgreSQL', () => {
    it('round-trips with pg_dump / pg_restore and the keys file beside the dump', async () => {
      const database = await createTestDatabase();
      try {
        const config: Config = {
          ...readConfig({ DATA_DIR: tempDir() } as NodeJS.ProcessEnv, []),
          databaseUrl: database.url,
        };
        await loadDemoData(database, { cipher: cipherOf(config), size: 'small' });
        const before = await snapshot(database, config);
        const file = path.join(tempDir(), 'jiceng.dump');

        const result = await backup({ config, file, env: noEnv });
        expect(result).toMatchObject({ kind: 'postgres', secretsFile: secretsSidecar(file) });
        expect(fs.readFileSync(file).subarray(0, 5).toString('latin1')).toBe('PGDMP');

        await damage(database);
        fs.rmSync(config.secretsFile);
        await expect(restore({ config, file, env: noEnv })).rejects.toThrow(/--force/);
        await restore({ config, file, force: true, env: noEnv });

        expect(await snapshot(database, config)).toEqual(before);
      } finally {
        await database.close();
      }
    });
  });
}
