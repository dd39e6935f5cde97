import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { en } from './en';
import { moduleMessagesZh } from './modules.zh';
import { zhCN as coreZh } from './zh-CN';

/** The whole Chinese catalogue once a module page has loaded: the core text and every module's. */
const zhCN = { ...coreZh, ...moduleMessagesZh };

const srcDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(name) && !name.endsWith('.test.ts') ? [full] : [];
  });
}

function webSources(): string[] {
  const modules = ['modules', 'platform']
    .flatMap((area) =>
      readdirSync(path.join(srcDir, area), { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .map((name) => path.join(srcDir, area, name, 'web')),
    )
    .filter((dir) => statSync(dir, { throwIfNoEntry: false })?.isDirectory());
  return [path.join(srcDir, 'web'), ...modules].flatMap(sourceFiles);
}

function lookup(catalog: unknown, key: string): unknown {
  return key
    .split('.')
    .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], catalog);
}

function leafKeys(node: unknown, prefix = ''): string[] {
  if (typeof node === 'string') return [prefix];
  return Object.entries(node as Record<string, unknown>).flatMap(([key, value]) =>
    leafKeys(value, prefix ? `${prefix}.${key}` : key),
  );
}

describe('i18n catalogs', () => {
  it('has every key the web code uses, in Chinese', () => {
    const missing: string[] = [];
    let checked = 0;
    for (const file of webSources()) {
      const text = readFileSync(file, 'utf8');
      // A file may name its key prefix once (`const k = 'reports.dutyTemplate'`) and use `${k}.name`.
      const prefix = /^\s*const k = '([A-Za-z0-9_.]+)';$/m.exec(text)?.[1];
      for (const match of text.matchAll(/\bt\(\s*['`]([A-Za-z0-9_.${}]+)['`]|labelKey: '([^']+)'/g)) {
        const raw = match[1] ?? match[2] ?? '';
        const key = prefix ? raw.replace(/^\$\{k\}/, prefix) : raw;
        checked += 1;
        // Dynamic keys (`orgs.category.${category}`, `kinds.heading${level}`) must at least have their group.
        const fixed = key.includes('${') ? key.slice(0, key.lastIndexOf('.', key.indexOf('${'))) : key;
        const value = lookup(zhCN, fixed);
        const ok = key.includes('${')
          ? typeof value === 'object' && value !== null
          : typeof value === 'string';
        if (!ok) missing.push(`${path.relative(srcDir, file)}: ${key}`);
      }
    }
    // Guards against the scan silently finding nothing.
    expect(checked).toBeGreaterThan(100);
    expect(missing).toEqual([]);
  });

  it('keeps the text of pages outside the modules (layout, login, tree, people, users, audit) in the core catalogue', () => {
    // Module text loads with the first module page (modulePage), so code that renders before one
    // (the layout and its menu, the login page, the core pages) may use only the core catalogue.
    const moduleDirs = Object.keys(moduleMessagesZh);
    // A module's routes.tsx feeds the layout's menu, so its menu labels count as outside too.
    const outside = webSources().filter(
      (file) =>
        file.endsWith(`${path.sep}routes.tsx`) ||
        (!/\/(modules\/(members|elections|meetings|centers|grid|voice|portal|reports)|platform\/cases)\/web\//.test(
          file,
        ) &&
          !file.includes(`${path.sep}i18n${path.sep}`)),
    );
    const misplaced: string[] = [];
    for (const file of outside) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/\bt\(\s*['`]([A-Za-z0-9_]+)\.|labelKey: '([A-Za-z0-9_]+)\./g)) {
        const namespace = match[1] ?? match[2] ?? '';
        if (moduleDirs.includes(namespace)) misplaced.push(`${path.relative(srcDir, file)}: ${namespace}`);
      }
    }
    expect(outside.length).toBeGreaterThan(20);
    expect(misplaced).toEqual([]);
  });

  it('gives English the same keys as Chinese', () => {
    expect(leafKeys(en).sort()).toEqual(leafKeys(zhCN).sort());
  });
});
