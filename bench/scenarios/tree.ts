// Organisation tree: the children of a node (the tree's lazy loading) and search over the subtree in
// scope by name and by pinyin initials, as the 组织部 staff account whose scope is the whole tree.
import { latencyRow } from '../harness';
import type { Scenario } from './context';

export const treeScenario: Scenario = {
  name: 'tree',
  title: 'organisation tree',
  async run(ctx) {
    const staff = await ctx.session('staff');
    const { root, sumu } = ctx.fixtures;
    const scope = encodeURIComponent(root.path);
    const name = sumu.name.slice(0, 2);
    // The pinyin column holds "full initials": search by the first three initials of the 苏木镇.
    const initials = (sumu.pinyin.split(' ').pop() ?? sumu.pinyin).slice(0, 3);
    const rows = [];

    const bare = ctx.baseline?.baseUrl;
    const [children, childrenBare] = await ctx.loadPair(
      { url: `${ctx.jiceng.baseUrl}/api/orgs/${root.id}/children`, headers: staff.headers },
      bare ? { url: `${bare}/children/${root.id}?scope=${scope}` } : null,
    );
    rows.push(
      latencyRow({
        scenario: 'tree',
        key: 'tree.children',
        title: `children of the root (${root.name})`,
        figure: children,
        baseline: childrenBare,
        limitMs: 30,
      }),
    );

    for (const [key, label, q] of [
      ['tree.searchName', `search by name “${name}”`, name],
      ['tree.searchPinyin', `search by pinyin “${initials}”`, initials],
    ] as const) {
      const query = encodeURIComponent(q);
      const [found, searchBare] = await ctx.loadPair(
        { url: `${ctx.jiceng.baseUrl}/api/orgs/search?q=${query}`, headers: staff.headers },
        bare ? { url: `${bare}/search?scope=${scope}&q=${query}` } : null,
      );
      rows.push(
        latencyRow({
          scenario: 'tree',
          key,
          title: `${label} over the whole tree`,
          figure: found,
          baseline: searchBare,
          limitMs: 30,
        }),
      );
    }
    return rows;
  },
};
