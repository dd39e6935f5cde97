// The first screen's downloads: the rule that picks the screen, and the script the build writes into
// index.html (vite.config.ts, `firstScreenPreload`), run here against a stand-in document.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { firstScreen } from './firstScreen';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const indexHtml = readFileSync(path.join(repoRoot, 'dist/web/index.html'), 'utf8');

/** Runs the built index.html's inline script at `pathname`: the scripts it preloads, what it fetched. */
function runFirstScreenScript(pathname: string) {
  const inline = [...indexHtml.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((match) => match[1]!);
  expect(inline).toHaveLength(1);
  const preloaded: Array<{ rel: string; href: string; crossOrigin: string }> = [];
  const fetched: string[] = [];
  const window: { __jicengMe?: unknown } = {};
  vm.runInNewContext(inline[0]!, {
    window,
    location: { pathname },
    fetch: (url: string) => {
      fetched.push(url);
      return Promise.resolve();
    },
    document: {
      createElement: () => ({ rel: '', href: '', crossOrigin: null }),
      head: { appendChild: (link: (typeof preloaded)[number]) => preloaded.push(link) },
    },
  });
  return { preloaded, fetched, session: window.__jicengMe };
}

/** The scripts index.html loads itself: the entry and its modulepreload links. */
const entryScripts = [...indexHtml.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]!);

describe('the first screen', () => {
  it('is the login page, a public page or the app, by the address', () => {
    expect(firstScreen('/login')).toBe('login');
    expect(firstScreen('/public/centers/8d1c')).toBe('public');
    expect(firstScreen('/portal')).toBe('public');
    expect(firstScreen('/portal/track')).toBe('public');
    expect(firstScreen('/')).toBe('app');
    expect(firstScreen('/orgs')).toBe('app');
    expect(firstScreen('/login-help')).toBe('app');
  });

  it('downloads with the entry: the login page and the session on /login, nothing on public pages', () => {
    const login = runFirstScreenScript('/login');
    const loginScripts = login.preloaded.map((link) => link.href);
    expect(loginScripts.some((href) => /\/assets\/LoginPage-[\w-]+\.js$/.test(href))).toBe(true);
    for (const link of login.preloaded) expect([link.rel, link.crossOrigin]).toEqual(['modulepreload', '']);
    // Only what the entry does not load already, each once.
    expect(entryScripts.length).toBeGreaterThan(5);
    expect(loginScripts.filter((href) => entryScripts.includes(href))).toEqual([]);
    expect(new Set(loginScripts).size).toBe(loginScripts.length);
    expect(login.fetched).toEqual(['/api/auth/me']);
    expect(login.session).toBeDefined();

    const portal = runFirstScreenScript('/portal/report');
    expect(portal.preloaded).toEqual([]);
    expect(portal.fetched).toEqual([]);
    expect(portal.session).toBeUndefined();
  });

  it('downloads the layout with the entry anywhere in the app', () => {
    const app = runFirstScreenScript('/members');
    const scripts = app.preloaded.map((link) => link.href);
    expect(scripts.some((href) => /\/assets\/AppLayout-[\w-]+\.js$/.test(href))).toBe(true);
    // The modules' text comes with a module's page: the landing page may be one of the core's.
    expect(scripts.some((href) => href.includes('modules.zh'))).toBe(false);
    expect(scripts.some((href) => href.includes('LoginPage'))).toBe(false);
    expect(app.fetched).toEqual(['/api/auth/me']);
  });
});
