import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'jiceng-start-'));
const started: ChildProcess[] = [];

function start(port: number, extraEnv: Record<string, string> = {}) {
  const env: Record<string, string | undefined> = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    JICENG_DEMO_SCALE: 'small',
    JICENG_SKIP_WEB_BUILD: '1',
    ...extraEnv,
  };
  // Always the embedded database: this test is about the data-directory lock and restarts.
  delete env.DATABASE_URL;
  // What `npm start` runs: the server in a child process (scripts/start.mjs).
  const child = spawn(process.execPath, ['scripts/start.mjs'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  let output = '';
  child.stdout!.on('data', (d) => {
    output += d;
  });
  child.stderr!.on('data', (d) => {
    output += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

async function waitForHealth(port: number, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (response.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error('server did not start');
}

async function login(port: number, password: string) {
  return fetch(`http://127.0.0.1:${port}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password }),
  });
}

/** The environment of the server process `npm start` started (Linux: its only child). */
function serverEnvironment(starter: ChildProcess): string[] {
  const children = readFileSync(`/proc/${starter.pid}/task/${starter.pid}/children`, 'utf8').trim();
  return readFileSync(`/proc/${children}/environ`, 'utf8').split('\0');
}

afterAll(() => {
  for (const child of started) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('npm start on the embedded database', () => {
  it('prints generated logins on first start, refuses a second process, and keeps data across restarts', async () => {
    const first = start(3301);
    await waitForHealth(3301);
    const printed = first.output();
    expect(printed).toContain('用户名 admin');
    const password = /用户名 admin\s+密码 (\S+)/.exec(printed)?.[1];
    expect(password).toBeTruthy();
    const loginResponse = await login(3301, password!);
    expect(loginResponse.status).toBe(200);
    expect((await loginResponse.json()).user.mustChangePassword).toBe(true);
    // At most two malloc arenas, unless whoever started it chose otherwise.
    if (process.platform === 'linux') {
      expect(serverEnvironment(first.child)).toContain(
        `MALLOC_ARENA_MAX=${process.env.MALLOC_ARENA_MAX ?? '2'}`,
      );
    }

    const second = start(3302);
    expect(await second.exited).toBe(2);
    expect(second.output()).toContain('正被另一个进程');

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);

    const again = start(3303);
    await waitForHealth(3303);
    expect(again.output()).not.toContain('用户名 admin');
    expect(again.output()).not.toContain('载入示范旗数据');
    expect((await login(3303, password!)).status).toBe(200);
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
  }, 180_000);
});
