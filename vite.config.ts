import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin, type Rolldown } from 'vite';
import { firstScreen } from './src/web/firstScreen.js';
import { jicengTheme } from './src/web/theme.js';

const repoRoot = fileURLToPath(new URL('.', import.meta.url));
const apiTarget = process.env.JICENG_API_TARGET ?? 'http://127.0.0.1:3000';

const gridAppStatic = fileURLToPath(new URL('./src/web/gridapp/static', import.meta.url));

/** Copies the grid app's manifest and icons to dist/web/gridapp under their own names (served at /m/). */
function gridAppFiles(): Plugin {
  return {
    name: 'jiceng-gridapp-files',
    apply: 'build',
    generateBundle() {
      for (const name of readdirSync(gridAppStatic)) {
        this.emitFile({
          type: 'asset',
          fileName: `gridapp/${name}`,
          source: readFileSync(`${gridAppStatic}/${name}`),
        });
      }
    },
  };
}

const ANTD_STYLESHEET = 'virtual:antd.css';

/**
 * `import 'virtual:antd.css'`: the CSS of every antd component under the staff app's theme, rendered
 * once in Node (antd's static-style-extract), for the browser's antd to run with `zeroRuntime`.
 * Everything is loaded through `require` so antd, its style cache and React are one copy each.
 */
function antdStylesheet(): Plugin {
  const resolvedId = `\0${ANTD_STYLESHEET}`;
  let css: string | null = null;
  return {
    name: 'jiceng-antd-stylesheet',
    resolveId(id) {
      return id === ANTD_STYLESHEET ? resolvedId : null;
    },
    load(id) {
      if (id !== resolvedId) return null;
      if (css === null) {
        const require = createRequire(import.meta.url);
        const React = require('react') as typeof import('react');
        const { ConfigProvider } = require('antd') as typeof import('antd');
        const { extractStyle } = require('@ant-design/static-style-extract') as {
          extractStyle: (wrap: (node: React.ReactElement) => React.ReactElement) => string;
        };
        css = extractStyle((node) => React.createElement(ConfigProvider, { theme: jicengTheme }, node));
      }
      return css;
    },
  };
}

/** Where each first screen's page is, as App.tsx imports it. */
const FIRST_SCREEN_PAGES = {
  login: 'src/web/pages/LoginPage.tsx',
  app: 'src/web/layout/AppLayout.tsx',
} as const;

/**
 * Starts the first screen's page and the session downloading with the entry instead of after it.
 * App.tsx can only ask for the login page or the layout, and for /api/auth/me, once every script the
 * entry imports has arrived and run, so those pages' own scripts (some 30 for the login page) came in
 * a second round, and the session after that. A short script in index.html asks for them at once: it
 * holds each page's scripts (those the entry does not already load) and `firstScreen`, the rule
 * App.tsx itself follows, so it picks the same page; the session's answer waits in `window.__jicengMe`
 * for `earlySession`.
 */
function firstScreenPreload(): Plugin {
  return {
    name: 'jiceng-first-screen-preload',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, context) {
        if (context.path !== '/index.html' || !context.bundle || !context.chunk) return html;
        const chunks = Object.values(context.bundle).filter(
          (output): output is Rolldown.OutputChunk => output.type === 'chunk',
        );
        const byFile = new Map(chunks.map((chunk) => [chunk.fileName, chunk]));
        const withImports = (fileName: string, into = new Set<string>()): Set<string> => {
          if (into.has(fileName)) return into;
          into.add(fileName);
          for (const imported of byFile.get(fileName)?.imports ?? []) withImports(imported, into);
          return into;
        };
        const loaded = withImports(context.chunk.fileName);
        const scripts = Object.fromEntries(
          Object.entries(FIRST_SCREEN_PAGES).map(([screen, source]) => {
            const page = chunks.find((chunk) => chunk.facadeModuleId === `${repoRoot}${source}`);
            if (!page) throw new Error(`firstScreenPreload: no chunk for ${source}`);
            const files = [...withImports(page.fileName)].filter((file) => !loaded.has(file));
            return [screen, files.map((file) => `/${file}`)];
          }),
        );
        const script = `(function () {
  var firstScreen = ${firstScreen.toString()};
  var screen = firstScreen(location.pathname);
  if (screen !== 'public') {
    window.__jicengMe = fetch('/api/auth/me', { credentials: 'same-origin', headers: { accept: 'application/json' } });
  }
  var scripts = ${JSON.stringify(scripts)}[screen] || [];
  for (var i = 0; i < scripts.length; i++) {
    var link = document.createElement('link');
    link.rel = 'modulepreload';
    link.crossOrigin = '';
    link.href = scripts[i];
    document.head.appendChild(link);
  }
})();`;
        // After the entry's own scripts (they run first, so they are asked for first), before the
        // stylesheet: an inline script after a stylesheet waits until the stylesheet has loaded.
        const stylesheet = html.indexOf('<link rel="stylesheet"');
        if (stylesheet < 0) throw new Error('firstScreenPreload: index.html has no stylesheet link');
        return `${html.slice(0, stylesheet)}<script>${script}</script>\n    ${html.slice(stylesheet)}`;
      },
    },
  };
}

/** Builds the SPA in src/web into dist/web; the dev server forwards API calls to the running Jiceng server. */
export default defineConfig({
  root: fileURLToPath(new URL('./src/web', import.meta.url)),
  base: '/',
  plugins: [react(), antdStylesheet(), gridAppFiles(), firstScreenPreload()],
  resolve: {
    alias: {
      '@web': fileURLToPath(new URL('./src/web', import.meta.url)),
      '@modules': fileURLToPath(new URL('./src/modules', import.meta.url)),
    },
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
      '/open311': { target: apiTarget, changeOrigin: false },
    },
    // Module pages live outside the Vite root (src/modules/*/web).
    fs: { allow: [repoRoot] },
  },
  build: {
    outDir: fileURLToPath(new URL('./dist/web', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      // The staff app, and the grid worker's offline app (/m/) with its service worker at a fixed name.
      input: {
        index: fileURLToPath(new URL('./src/web/index.html', import.meta.url)),
        gridapp: fileURLToPath(new URL('./src/web/gridapp/index.html', import.meta.url)),
        'gridapp-sw': fileURLToPath(new URL('./src/web/gridapp/sw.ts', import.meta.url)),
      },
      output: {
        entryFileNames: (chunk) =>
          chunk.name === 'gridapp-sw' ? 'gridapp/sw.js' : 'assets/[name]-[hash].js',
        codeSplitting: {
          groups: [
            // React changes rarely: one long-cached chunk shared by every page.
            {
              name: 'react',
              test: /node_modules[\\/](react|react-dom|react-router|scheduler)[\\/]/,
              priority: 20,
            },
            { name: 'i18n', test: /node_modules[\\/](i18next|react-i18next)[\\/]/, priority: 15 },
            { name: 'icons', test: /node_modules[\\/]@ant-design[\\/]icons/, priority: 10 },
          ],
        },
      },
    },
  },
});
