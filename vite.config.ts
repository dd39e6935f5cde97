import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
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

/** Builds the SPA in src/web into dist/web; the dev server forwards API calls to the running Jiceng server. */
export default defineConfig({
  root: fileURLToPath(new URL('./src/web', import.meta.url)),
  base: '/',
  plugins: [react(), antdStylesheet(), gridAppFiles()],
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
