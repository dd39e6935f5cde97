// The staff app runs antd with `zeroRuntime`: no component generates its CSS in the browser, so every
// antd component the app uses must have its rules in the stylesheet the build wrote (vite.config.ts,
// `antdStylesheet`), under the theme's colours and the variables key the browser uses.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { jicengTheme } from './theme';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const webDist = path.join(repoRoot, 'dist/web');

/** Components whose class is not `ant-` and the component's name in kebab case. */
const CLASS_OF: Record<string, string> = {
  Button: 'ant-btn',
  DatePicker: 'ant-picker',
  Calendar: 'ant-picker-calendar',
  AutoComplete: 'ant-select',
  TreeSelect: 'ant-select-tree',
};

/** antd exports that render nothing of their own. */
const NOT_STYLED = new Set(['ConfigProvider', 'Grid']);

const kebab = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

/** The antd values (not types) imported by the app's source, e.g. `Button`, `App as AntdApp` → `App`. */
function antdComponentsUsed(): string[] {
  const used = new Set<string>();
  for (const file of sourceFiles(path.join(repoRoot, 'src'))) {
    for (const match of readFileSync(file, 'utf8').matchAll(/import\s*\{([^}]*)\}\s*from\s*'antd'/g)) {
      for (const part of match[1]!.split(',')) {
        const name = part
          .trim()
          .split(/\s+as\s+/)[0]!
          .trim();
        if (/^[A-Z]/.test(name)) used.add(name);
      }
    }
  }
  return [...used].sort();
}

function builtStylesheet(): string {
  const indexHtml = path.join(webDist, 'index.html');
  expect(
    statSync(indexHtml, { throwIfNoEntry: false }),
    'dist/web is missing: run `npm run build`',
  ).toBeTruthy();
  const links = [...readFileSync(indexHtml, 'utf8').matchAll(/<link rel="stylesheet"[^>]*href="([^"]+)"/g)];
  return links.map((link) => readFileSync(path.join(webDist, link[1]!), 'utf8')).join('\n');
}

describe('the antd stylesheet built for zeroRuntime', () => {
  const css = builtStylesheet();

  it('has the rules of every antd component the app imports', () => {
    const used = antdComponentsUsed().filter((name) => !NOT_STYLED.has(name));
    expect(used).toContain('Button');
    expect(used.length).toBeGreaterThan(30);
    const missing = used.filter((name) => !css.includes(`.${CLASS_OF[name] ?? `ant-${kebab(name)}`}{`));
    expect(missing, 'antd components without rules in the built stylesheet').toEqual([]);
  });

  it("carries the theme's tokens under the variables key the browser uses", () => {
    const key = (jicengTheme.cssVar as { key: string }).key;
    const { colorPrimary, borderRadius } = jicengTheme.token!;
    const varsOf = (selector: string) =>
      css.match(new RegExp(`${selector.replaceAll('.', '\\.')}\\{([^}]*)\\}`))?.[1] ?? '(none)';
    const root = varsOf(`.${key}`);
    expect(root).toContain(`--ant-color-primary:${colorPrimary}`);
    expect(root).toContain(`--ant-border-radius:${borderRadius}px`);
    // Component tokens are derived from the theme at build time (antd's defaults: 8px, #1677ff).
    const menu = varsOf(`.${key}.ant-menu-css-var`);
    expect(menu).toContain(`--ant-menu-item-border-radius:${borderRadius}px`);
    expect(menu).toContain(`--ant-menu-dark-item-selected-bg:${colorPrimary}`);
    expect(varsOf(`.${key}.ant-input`)).toContain(`--ant-input-active-border-color:${colorPrimary}`);
    // hashed: false: no hashed scopes the browser's class names would lack.
    expect(/:where\(\.css-/.test(css)).toBe(false);
  });
});
