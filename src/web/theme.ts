import type { ThemeConfig } from 'antd';

export const FONT_STACK =
  '"Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", "Source Han Sans SC", sans-serif';

/**
 * The staff app's antd theme. Its component styles are written once, at build time, into a stylesheet
 * (the `antdStylesheet` plugin in vite.config.ts renders every antd component with this theme), so in
 * the browser antd runs with `zeroRuntime` and generates no CSS: about a third of the login page's
 * script time went to antd building and inserting styles. The fixed variables key and `hashed: false`
 * make the class names the build wrote the ones the browser uses.
 */
export const jicengTheme: ThemeConfig = {
  token: { fontFamily: FONT_STACK, colorPrimary: '#c8161d', borderRadius: 4 },
  cssVar: { key: 'jiceng' },
  hashed: false,
};
