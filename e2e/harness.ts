import ExcelJS from 'exceljs';
// Browser journeys run against the real server (child process, own temp data dir) and Debian's Chromium.
import { type ChildProcess, spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { Browser, BrowserContext, Locator, Page, Request } from 'playwright-core';
import { afterEach, expect, inject } from 'vitest';
import { createDatabase, createScratchPostgres } from '../test/support/database';
import { postgresUrlOf, scratchDatabasePrefix } from '../test/support/scratch';
import { freePort, launchChromium } from '../test/support/local';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const screenshotDir = path.join(repoRoot, 'e2e/screenshots');
export const ADMIN_PASSWORD = 'Admin#2026pass';

export { freePort };

export interface RunningServer {
  baseUrl: string;
  dataDir: string;
  /** Everything the server printed, for failure messages. */
  output: () => string;
  /** On PostgreSQL, the server's own database. */
  databaseUrl: string | null;
  stop: () => Promise<void>;
}

async function waitForHealth(
  baseUrl: string,
  child: ChildProcess,
  output: () => string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with code ${child.exitCode}:\n${output()}`);
    try {
      const response = await fetch(`${baseUrl}/api/health`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`server did not answer /api/health within ${timeoutMs} ms:\n${output()}`);
}

interface LaunchedServer {
  baseUrl: string;
  output: () => string;
  /** Ends the server (SIGTERM to its process group, SIGKILL after 10 s) and waits for it to exit. */
  kill: () => Promise<void>;
}

/** Starts `tsx src/main.ts` on a free port over `dataDir` (and `databaseUrl`); resolves once /api/health answers. */
async function launchServer(options: {
  dataDir: string;
  databaseUrl: string | null;
  timeoutMs: number;
}): Promise<LaunchedServer> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: options.dataDir,
    JICENG_ADMIN_PASSWORD: ADMIN_PASSWORD,
    JICENG_DEMO_SCALE: 'small',
  };
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
  else delete env.DATABASE_URL;
  const child = spawn(path.join(repoRoot, 'node_modules/.bin/tsx'), ['src/main.ts'], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Own process group, so kill() also ends the node process that tsx starts.
    detached: true,
  });
  let log = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    log += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    log += chunk.toString();
  });
  const output = () => log.slice(-8000);
  const baseUrl = `http://127.0.0.1:${port}`;

  const kill = async () => {
    if (child.exitCode !== null || !child.pid) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
    const timer = setTimeout(() => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }, 10_000);
    await exited;
    clearTimeout(timer);
  };

  try {
    await waitForHealth(baseUrl, child, output, options.timeoutMs);
  } catch (error) {
    await kill();
    throw error;
  }
  return { baseUrl, output, kill };
}

/** Where the run's demo banner lies once loaded: a data directory, and on PostgreSQL its database. */
interface DemoTemplate {
  dataDir: string;
  database: string | null;
}

let demoTemplate: Promise<DemoTemplate> | null = null;

/**
 * The small demo banner, loaded once per test run by a first start of the real server and stopped
 * cleanly; every journey then starts on a copy of it instead of loading the demo itself. The first
 * journey of the run to ask builds it (a directory made with mkdir is the lock); the others wait for
 * its ready (or failed) file.
 */
function sharedDemo(): Promise<DemoTemplate> {
  demoTemplate ??= (async () => {
    const runDir = inject('testRunDir');
    const ready = path.join(runDir, 'e2e-demo.json');
    const failed = path.join(runDir, 'e2e-demo.failed');
    try {
      mkdirSync(path.join(runDir, 'e2e-demo.lock'));
    } catch {
      const deadline = Date.now() + 240_000;
      while (Date.now() < deadline) {
        if (existsSync(ready)) return JSON.parse(readFileSync(ready, 'utf8')) as DemoTemplate;
        if (existsSync(failed))
          throw new Error(`the demo banner failed to load:\n${readFileSync(failed, 'utf8')}`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      throw new Error('the demo banner was not ready within 240 s');
    }
    try {
      const template: DemoTemplate = { dataDir: path.join(runDir, 'e2e-demo'), database: null };
      mkdirSync(template.dataDir);
      const serverUrl = process.env.DATABASE_URL;
      if (serverUrl) {
        template.database = `${scratchDatabasePrefix(inject('testRunId'))}demo`;
        await createDatabase(serverUrl, template.database);
      }
      const server = await launchServer({
        dataDir: template.dataDir,
        databaseUrl: serverUrl && template.database ? postgresUrlOf(serverUrl, template.database) : null,
        timeoutMs: 180_000,
      });
      await server.kill();
      // Written whole, then renamed into place: a waiting journey never reads half a file.
      writeFileSync(`${ready}.tmp`, JSON.stringify(template));
      renameSync(`${ready}.tmp`, ready);
      return template;
    } catch (error) {
      writeFileSync(failed, error instanceof Error ? (error.stack ?? error.message) : String(error));
      throw error;
    }
  })();
  return demoTemplate;
}

/**
 * Starts the real server on a free port over its own copy of the run's demo banner (data directory,
 * and on PostgreSQL its own database), so journeys running in parallel never see each other's changes;
 * resolves once /api/health answers.
 */
export async function startServer(options: { timeoutMs?: number } = {}): Promise<RunningServer> {
  const template = await sharedDemo();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'jiceng-e2e-'));
  cpSync(template.dataDir, dataDir, {
    recursive: true,
    filter: (source) => path.basename(source) !== 'jiceng.lock',
  });
  const serverUrl = process.env.DATABASE_URL;
  const scratch =
    serverUrl && template.database
      ? await createScratchPostgres(serverUrl, { template: template.database })
      : null;
  const cleanUp = async () => {
    rmSync(dataDir, { recursive: true, force: true });
    await scratch?.drop();
  };
  let server: LaunchedServer;
  try {
    server = await launchServer({
      dataDir,
      databaseUrl: scratch?.url ?? null,
      timeoutMs: options.timeoutMs ?? 120_000,
    });
  } catch (error) {
    await cleanUp();
    throw error;
  }
  return {
    baseUrl: server.baseUrl,
    dataDir,
    output: server.output,
    databaseUrl: scratch?.url ?? null,
    stop: async () => {
      await server.kill();
      await cleanUp();
    },
  };
}

/** Launches Debian's Chromium headless with the flags this sandbox needs. */
export function launchBrowser(): Promise<Browser> {
  return launchChromium();
}

export interface Journey {
  server: RunningServer;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Browser console errors and failed requests seen so far. */
  problems: string[];
  /** The page's API requests not yet answered, with when each was sent. */
  pending: Map<Request, number>;
  screenshot: (name: string) => Promise<string>;
  close: () => Promise<void>;
}

/**
 * On PostgreSQL, what each of the server's connections is doing: a request stuck on a lock or on a
 * long statement shows here. Null on the embedded database.
 */
async function databaseSessions(databaseUrl: string | null): Promise<string | null> {
  if (!databaseUrl) return null;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<Record<string, string | null>>(
      `select pid, state, wait_event_type, wait_event,
              round(extract(epoch from now() - xact_start) * 1000)::text as xact_ms,
              left(regexp_replace(query, '\\s+', ' ', 'g'), 300) as query
       from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`,
    );
    return rows
      .map(
        (row) =>
          `  ${row.pid} ${row.state} wait=${row.wait_event_type ?? '-'}/${row.wait_event ?? '-'} xact=${row.xact_ms ?? '-'}ms ${row.query}`,
      )
      .join('\n');
  } finally {
    await client.end();
  }
}

/** The journey of this test file, for the picture taken when a test fails. */
let currentJourney: Journey | null = null;

// A failed journey leaves a picture of the page as it was and prints what the browser reported, so
// a failure on CI can be read without running it again.
afterEach(async (context) => {
  if (context.task.result?.state !== 'fail' || !currentJourney) return;
  const name = `FAILED-${context.task.name.slice(0, 60).replace(/[^\p{L}\p{N}]+/gu, '-')}`;
  const file = await currentJourney.screenshot(name).catch(() => null);
  console.error(`failed journey: ${file ?? 'no screenshot'}; page ${currentJourney.page.url()}`);
  for (const problem of currentJourney.problems) console.error(`  ${problem}`);
  for (const [request, sent] of currentJourney.pending)
    console.error(`  unanswered after ${Date.now() - sent} ms: ${request.method()} ${request.url()}`);
  const sessions = await databaseSessions(currentJourney.server.databaseUrl).catch(
    (error: Error) => `  (pg_stat_activity unreadable: ${error.message})`,
  );
  if (sessions) console.error(`the server's database sessions:\n${sessions}`);
  console.error(
    `server output, last lines:\n${currentJourney.server.output().split('\n').slice(-40).join('\n')}`,
  );
});

/** Server + browser + one page with zh-CN locale and a desktop viewport. */
export async function startJourney(): Promise<Journey> {
  const server = await startServer();
  let browser: Browser | null = null;
  try {
    browser = await launchBrowser();
    const context = await browser.newContext({
      baseURL: server.baseUrl,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      viewport: { width: 1440, height: 900 },
      acceptDownloads: true,
    });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    const pending = new Map<Request, number>();
    page.on('request', (request) => {
      if (new URL(request.url()).pathname.startsWith('/api/')) pending.set(request, Date.now());
    });
    const answered = (request: Request) => pending.delete(request);
    page.on('requestfinished', answered);
    // A request the page cancelled itself (its filters changed, it was left) is not a problem.
    page.on('requestfailed', (request) => {
      const error = request.failure()?.errorText;
      if (pending.delete(request) && error !== 'net::ERR_ABORTED')
        problems.push(`request failed: ${request.url()} ${error}`);
    });
    mkdirSync(screenshotDir, { recursive: true });
    const openedBrowser = browser;
    currentJourney = {
      server,
      browser: openedBrowser,
      context,
      page,
      problems,
      pending,
      screenshot: async (name) => {
        const file = path.join(screenshotDir, `${name}.png`);
        // A picture of a half-loaded page (blurred content under a spinner) shows nothing useful.
        await page
          .locator('.ant-spin-blur, .ant-spin-spinning')
          .first()
          .waitFor({ state: 'detached', timeout: 10_000 })
          .catch(() => undefined);
        await page.screenshot({ path: file, fullPage: false });
        return file;
      },
      close: async () => {
        currentJourney = null;
        await openedBrowser.close().catch(() => undefined);
        await server.stop();
      },
    };
    return currentJourney;
  } catch (error) {
    await browser?.close().catch(() => undefined);
    await server.stop();
    throw error;
  }
}

/**
 * Waits until every animation on the page has finished (a cancelled one counts as finished). Endless
 * ones (a spinner, a status dot's pulse) never finish and are not waited for.
 */
export async function settled(page: Page): Promise<void> {
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((animation) => animation.effect?.getComputedTiming().endTime !== Infinity)
        .map((animation) => animation.finished.catch(() => undefined)),
    ),
  );
}

/**
 * Clicks `target` once it is shown and the page's animations have ended: a click inside an antd
 * dialog or confirmation while it still zooms in can be lost (seen on CI: the duty report's lock
 * confirmation stayed open and no request was sent; the roster's template was never downloaded).
 */
export async function clickSettled(page: Page, target: Locator): Promise<void> {
  await target.waitFor();
  await settled(page);
  await target.click();
}

/** Clicks the OK button of an antd confirmation or dialog inside `within` once it has finished opening. */
export async function clickOk(page: Page, within: Page | Locator = page): Promise<void> {
  await clickSettled(page, within.getByRole('button', { name: /确\s*定|OK/ }));
}

/** Logs in through the login page and waits for the app shell. */
export async function loginAs(page: Page, username: string, password = ADMIN_PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.getByTestId('user-menu').waitFor();
}

/** Logs out through the user menu. */
export async function logout(page: Page): Promise<void> {
  await page.getByTestId('user-menu').hover();
  await page.getByText('退出登录').click();
  await page.waitForURL(/\/login/);
}

/** The element's visible text, or '' while it does not exist yet. */
export async function textOf(locator: Locator): Promise<string> {
  try {
    return (await locator.textContent({ timeout: 500 })) ?? '';
  } catch {
    return '';
  }
}

/** Waits until the element's text contains `text` (playwright-core has no web-first assertions). */
export async function expectText(locator: Locator, text: string, timeout = 20_000): Promise<void> {
  await expect.poll(() => textOf(locator), { timeout, interval: 200 }).toContain(text);
}

/** Waits until the element's whole text is `text`. */
export async function expectExactText(locator: Locator, text: string, timeout = 20_000): Promise<void> {
  await expect.poll(async () => (await textOf(locator)).trim(), { timeout, interval: 200 }).toBe(text);
}

/** Waits until no antd select dropdown is on screen, a closing one included (its leave animation). */
async function noOpenDropdown(page: Page): Promise<void> {
  await page.waitForFunction(() =>
    [...document.querySelectorAll('.ant-select-dropdown')].every((el) => !el.checkVisibility()),
  );
}

/**
 * Picks an option of a single antd select the way a keyboard user does: opens it with `opener`,
 * types `search` when given, moves the active option down to the first one containing `text` and
 * presses Enter, then waits for the dropdown to close. Clicking an option instead races the
 * dropdown's open and close animations in headless Chromium (a closing dropdown of the select
 * before still matches, and an option that is moving never counts as stable).
 */
export async function pickOption(
  page: Page,
  opener: Locator,
  text: string | RegExp,
  search = '',
): Promise<void> {
  await noOpenDropdown(page);
  await opener.click();
  if (search) await page.keyboard.type(search);
  const dropdown = page.locator('.ant-select-dropdown:visible');
  await dropdown.locator('.ant-select-item-option').filter({ hasText: text }).first().waitFor();
  const matches = (label: string) => (typeof text === 'string' ? label.includes(text) : text.test(label));
  for (let step = 0; ; step++) {
    const active = await textOf(dropdown.locator('.ant-select-item-option-active'));
    if (matches(active)) break;
    if (step === 100) throw new Error(`pickOption: no option containing ${String(text)} became active`);
    await page.keyboard.press('ArrowDown');
  }
  await page.keyboard.press('Enter');
  await noOpenDropdown(page);
}

/**
 * Fills an import template downloaded from the page: each row maps header text (without the red *
 * of required columns) to a value, written after the template's example row. The sheet is the one
 * whose first row has `keyHeader`.
 */
export async function fillImportTemplate(
  template: Buffer,
  keyHeader: string,
  rows: Array<Record<string, string>>,
): Promise<{ buffer: Buffer; firstRow: number }> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(template as unknown as ArrayBuffer);
  const plain = (text: string) => text.replace(/[*＊\s]/g, '');
  const sheet = workbook.worksheets.find((candidate) => {
    let found = false;
    candidate.getRow(1).eachCell((cell) => {
      found ||= plain(cell.text) === keyHeader;
    });
    return found;
  });
  if (!sheet) throw new Error(`the template has no sheet with a ${keyHeader} header`);
  const columns = new Map<string, number>();
  sheet.getRow(1).eachCell((cell, column) => {
    columns.set(plain(cell.text), column);
  });
  let lastUsed = 1;
  sheet.eachRow((row, rowNumber) => {
    if (row.hasValues) lastUsed = Math.max(lastUsed, rowNumber);
  });
  const firstRow = lastUsed + 1;
  rows.forEach((values, index) => {
    const row = sheet.getRow(firstRow + index);
    for (const [header, value] of Object.entries(values)) {
      const column = columns.get(header);
      if (!column) throw new Error(`template column ${header} not found`);
      row.getCell(column).value = value || null;
    }
    row.commit();
  });
  return { buffer: Buffer.from(await workbook.xlsx.writeBuffer()), firstRow };
}

/** Puts an .xlsx file into the upload field of the open dialog. */
export async function uploadInDialog(page: Page, fileName: string, buffer: Buffer): Promise<void> {
  // The dialog loads when first opened: wait until its drop area shows, as a user would.
  await page.getByRole('dialog').locator('.ant-upload-drag').waitFor();
  await page.getByRole('dialog').locator('input[type=file]').setInputFiles({
    name: fileName,
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer,
  });
}
