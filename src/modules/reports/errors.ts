/** Error codes of the reports module (indicator browser, snapshots), with their status and messages. */
export const reportsErrors = {
  REPORTS_SNAPSHOT_NOT_FOUND: {
    status: 404,
    zh: '快照不存在或不在您的管理范围内',
    en: 'Snapshot not found',
  },
  REPORTS_SNAPSHOT_VALUE_NOT_FOUND: {
    status: 404,
    zh: '该快照中没有指标“{key}”，请从快照的指标列表中选择',
    en: 'The snapshot has no indicator {key}',
  },
  REPORTS_GROUP_NOT_FOUND: {
    status: 404,
    zh: '指标“{name}”没有分组“{group}”，请刷新页面后重新选择',
    en: 'Indicator {name} has no group {group}',
  },
  REPORTS_FREEZE_FAILED: {
    status: 500,
    zh: '指标“{name}”计算失败，快照未保存。请稍后重试；如持续出现请联系管理员',
    en: 'Indicator {name} failed to compute; the snapshot was not saved',
  },
} as const;
