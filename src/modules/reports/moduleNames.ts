// Module names and order for the indicator browser and exports; no dependencies, so the web app can import it.

// Modules in the order the browser and the exports list them; modules not listed follow by key.
export const moduleOrder = [
  'orgs',
  'people',
  'members',
  'elections',
  'meetings',
  'centers',
  'grid',
  'voice',
  'cadres',
  'training',
  'talent',
  'petitions',
  'tasks',
  'publications',
  'reports',
] as const;

/** Chinese names of the modules, for exports (the web app names them through i18n). */
export const moduleNames: Record<string, string> = {
  orgs: '组织架构',
  people: '人员信息',
  members: '党员',
  elections: '换届选举',
  meetings: '组织生活',
  centers: '党群服务中心',
  grid: '网格治理',
  voice: '三问',
  cadres: '干部',
  training: '培训',
  talent: '人才',
  petitions: '信访',
  tasks: '督查督办',
  publications: '调研信息',
  reports: '指标与报表',
};

/** Sort position of a module: listed modules first, in order, then the rest by key. */
export function moduleRank(module: string): number {
  const index = (moduleOrder as readonly string[]).indexOf(module);
  return index === -1 ? moduleOrder.length : index;
}
