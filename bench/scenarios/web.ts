// The web app in Chromium on localhost, cold (a new browser context per load, so nothing is cached):
// how long until the login page, and the app shell of a logged-in user, can be used; and how much
// JavaScript (gzip) each first screen downloads. The baseline is Chromium showing a trivial page from
// the bare Fastify server.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import {
  atMost,
  BENCH_PASSWORD,
  repoRoot,
  round,
  type SampleFigure,
  samplesFigure,
  samplesRow,
  settleMachine,
} from '../harness';
import { launchChromium } from '../../test/support/local';
import { baselineUrl, type Scenario } from './context';

/** A ready condition: the selector matches. */
const present = (selector: string) => `document.querySelector(${JSON.stringify(selector)})`;

/**
 * The app shell is ready when the first page the user lands on has rendered in it: the user menu is
 * shown, / has redirected, and the page's chunk is no longer loading (no loading placeholder).
 */
const SHELL_READY = `${present('[data-testid="user-menu"]')} && location.pathname !== '/' &&
  ${present('.ant-layout-content > *')} && !${present('[data-testid="page-loading"]')}`;

/** How long no script may be requested before the first screen counts as loaded. */
const QUIET_MS = 1000;

/** Marks, from inside the page, the moment `condition` first holds (ms since navigation start). */
function readyMark(condition: string): string {
  return `(() => {
    const check = () => {
      if (window.__benchReady === undefined && (${condition})) {
        window.__benchReady = performance.now();
      }
    };
    new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true });
  })();`;
}

interface Load {
  ms: number;
  /** Gzip size of every script the first screen fetched (until none was requested for a second), in bytes. */
  jsGzip: number;
  scripts: number;
  /** The largest scripts: file name and gzip KB. */
  largest: Array<[string, number]>;
}

/** One cold load of `url` in a new context; `login` logs the context in first. */
async function coldLoad(
  browser: Browser,
  options: { baseUrl: string; url: string; ready: string; login?: string },
): Promise<Load> {
  const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  try {
    if (options.login) {
      const response = await context.request.post(`${options.baseUrl}/api/auth/login`, {
        data: { username: options.login, password: BENCH_PASSWORD },
      });
      if (!response.ok()) throw new Error(`login in Chromium: ${response.status()}`);
    }
    await context.addInitScript(readyMark(options.ready));
    const page = await context.newPage();
    const scripts = new Map<string, Promise<Buffer>>();
    let lastScript = performance.now();
    page.on('request', (request) => {
      if (request.resourceType() === 'script') lastScript = performance.now();
    });
    page.on('response', (response) => {
      if (response.request().resourceType() === 'script' && response.ok()) {
        const body = response.body();
        // A script still arriving when the context closes rejects; it is not counted (see below).
        body.catch(() => undefined);
        scripts.set(response.url(), body);
      }
    });
    await page.goto(`${options.baseUrl}${options.url}`, { waitUntil: 'commit' });
    await page.waitForFunction(
      () => (window as unknown as { __benchReady?: number }).__benchReady !== undefined,
      null,
      {
        timeout: 60_000,
        polling: 50,
      },
    );
    const ms = await page.evaluate(() => (window as unknown as { __benchReady: number }).__benchReady);
    // The first screen's scripts: those requested until none has been for a second. (Waiting for
    // "networkidle" counted too few when the network had already been idle once during start-up.)
    while (performance.now() - lastScript < QUIET_MS) await page.waitForTimeout(100);
    const sizes: Array<[string, number]> = [];
    for (const [url, body] of [...scripts]) sizes.push([url.split('/').pop()!, gzipSync(await body).length]);
    sizes.sort((a, b) => b[1] - a[1]);
    return {
      ms: round(ms, 0),
      jsGzip: sizes.reduce((sum, [, size]) => sum + size, 0),
      scripts: sizes.length,
      largest: sizes.slice(0, 8).map(([name, size]) => [name, round(size / 1024, 0)]),
    };
  } finally {
    await context.close();
  }
}

function figureOf(loads: Load[]): SampleFigure {
  return samplesFigure(loads.map((l) => l.ms));
}

export const webScenario: Scenario = {
  name: 'web',
  title: 'web app in Chromium',
  async run(ctx) {
    if (!existsSync(path.join(repoRoot, 'dist/web/index.html'))) {
      throw new Error('dist/web is missing: run `npm run build` first');
    }
    const browser = await launchChromium();
    const times = ctx.smoke ? 1 : 5;
    const base = ctx.jiceng.baseUrl;
    const staff = ctx.fixtures.users.staff;
    let settled: { waitedMs: number; busy: number } | null = null;
    const loginPage: Load[] = [];
    const shell: Load[] = [];
    const bare: Load[] = [];
    try {
      // One unmeasured load of each first, so the server's static files are in the page cache; then
      // the loads wait for the machine to settle after the scenario before (the member import).
      if (!ctx.smoke) {
        await coldLoad(browser, { baseUrl: base, url: '/login', ready: present('input') });
        await coldLoad(browser, { baseUrl: base, url: '/', ready: SHELL_READY, login: staff });
        settled = await settleMachine();
      }
      for (let i = 0; i < times; i++) {
        bare.push(
          await coldLoad(browser, { baseUrl: baselineUrl(ctx), url: '/hello', ready: present('#ready') }),
        );
        loginPage.push(
          await coldLoad(browser, {
            baseUrl: base,
            url: '/login',
            ready: present('input[autocomplete="username"]'),
          }),
        );
        shell.push(
          await coldLoad(browser, {
            baseUrl: base,
            url: '/',
            ready: SHELL_READY,
            login: staff,
          }),
        );
      }
    } finally {
      await browser.close();
    }
    const bareFigure = figureOf(bare);
    const baseline = { value: bareFigure.p95, text: `trivial page: p95 ${bareFigure.p95} ms` };
    const kb = (bytes: number) => round(bytes / 1024, 0);
    const loginKb = kb(Math.max(...loginPage.map((l) => l.jsGzip)));
    const shellKb = kb(Math.max(...shell.map((l) => l.jsGzip)));
    const initialKb = Math.max(loginKb, shellKb);
    return [
      {
        scenario: 'web',
        key: 'web.initialJs',
        title: 'initial JavaScript of the first screen (gzip)',
        value: initialKb,
        unit: 'KB',
        figure: `${initialKb} KB`,
        baseline: null,
        ratio: null,
        target: '≤ 400 KB',
        met: atMost(initialKb, 400),
        errors: 0,
        note:
          (settled
            ? `loads after the machine settled (${settled.waitedMs} ms, processors ${Math.round(settled.busy * 100)}% busy); `
            : '') +
          `login page ${loginKb} KB in ${loginPage[0]!.scripts} scripts; app shell after login ${shellKb} KB in ${shell[0]!.scripts} scripts; ` +
          `largest: ${shell[0]!.largest.map(([name, size]) => `${name} ${size} KB`).join(', ')}`,
        detail: { loginPage, shell },
      },
      samplesRow({
        scenario: 'web',
        key: 'web.login',
        title: 'first load of the login page to interactive (cold)',
        figure: figureOf(loginPage),
        baseline,
        limitMs: 2000,
      }),
      samplesRow({
        scenario: 'web',
        key: 'web.shell',
        title: 'first load of the app shell, logged in, to interactive (cold)',
        figure: figureOf(shell),
        baseline,
        limitMs: 2000,
      }),
    ];
  },
};
