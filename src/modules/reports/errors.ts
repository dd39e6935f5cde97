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
  REPORTS_DUTY_NOT_FOUND: {
    status: 404,
    zh: '述职报告不存在或不在您的管理范围内',
    en: 'Duty report not found',
  },
  REPORTS_TEMPLATE_NOT_FOUND: {
    status: 404,
    zh: '述职报告模板不存在，请重新选择模板',
    en: 'Report template not found',
  },
  REPORTS_AUTHOR_NOT_FOUND: {
    status: 404,
    zh: '述职人不存在或不在您的管理范围内，请从人员库中重新选择',
    en: 'Author not found',
  },
  REPORTS_DUTY_LOCKED: {
    status: 409,
    zh: '述职报告已锁定，不能再起草或修改；如需调整请新建报告',
    en: 'The duty report is locked',
  },
  REPORTS_DUTY_NOT_DRAFTED: {
    status: 409,
    zh: '述职报告尚未起草，请先点击“起草”',
    en: 'The duty report has not been drafted yet',
  },
  REPORTS_DUTY_RUN_NOT_EDITABLE: {
    status: 400,
    zh: '只能修改报告中的文字部分，数据由系统计算生成（{runs}）',
    en: 'Only text can be edited; figures are computed ({runs})',
  },
  REPORTS_DUTY_FIGURE_NOT_FOUND: {
    status: 404,
    zh: '报告中没有该数据，请刷新页面后重试',
    en: 'The report has no such figure',
  },
  REPORTS_PDF_UNAVAILABLE: {
    status: 503,
    zh: '服务器未安装 LibreOffice，暂不能导出 PDF；请导出 Word 文档，或请管理员安装 LibreOffice',
    en: 'LibreOffice is not installed on the server; export Word instead',
  },
  REPORTS_PDF_FAILED: {
    status: 500,
    zh: '转换 PDF 失败，请稍后重试，或先导出 Word 文档',
    en: 'Converting to PDF failed; try again or export Word',
  },
} as const;
