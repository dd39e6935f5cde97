import type { ErrorSpec } from '../../platform/errors/catalog';

/** Error codes of the meetings module, with their status and messages. */
export const meetingsErrors = {
  MEETINGS_UNIT_NOT_FOUND: {
    status: 404,
    zh: '党组织不存在或不在您的管理范围内',
    en: 'Party organisation not found',
  },
  MEETINGS_UNIT_NOT_PARTY: {
    status: 400,
    zh: '“{name}”不是党组织，组织生活只能由党委、党工委、党总支、党支部或党小组记录',
    en: '{name} is not a Party organisation',
  },
  MEETINGS_UNIT_INACTIVE: {
    status: 400,
    zh: '党组织“{name}”已停用，不能再记录组织生活',
    en: 'Party organisation {name} is inactive',
  },
  MEETINGS_DATE_IN_FUTURE: {
    status: 400,
    zh: '召开日期 {date} 晚于今天，请在会议召开后再记录',
    en: 'The meeting date {date} is in the future',
  },
  MEETINGS_NOT_IN_ROSTER: {
    status: 400,
    zh: '{names} 不是“{unit}”在 {date} 的在册党员，请从本组织党员名册中选择参会人员',
    en: '{names} are not members of {unit} on {date}',
  },
  MEETINGS_ATTENDANCE_TWICE: {
    status: 400,
    zh: '{names} 同时被登记为出席和缺席，请核对',
    en: '{names} are marked both present and absent',
  },
  MEETINGS_REPORTING_UNIT_REQUIRED: {
    status: 400,
    zh: '听取汇报须选择汇报单位',
    en: 'Choose the unit that reported',
  },
  MEETINGS_REPORTING_UNIT_NOT_FOUND: {
    status: 404,
    zh: '汇报单位不存在或不在您的管理范围内',
    en: 'Reporting unit not found',
  },
  MEETINGS_LOCKED: {
    status: 409,
    zh: '该记录状态为“{status}”，不能修改；已通过或已作废的记录如需更正请联系上级党组织',
    en: 'A record in state {status} cannot be changed',
  },
  MEETINGS_NOT_SUBMITTED: {
    status: 409,
    zh: '该记录状态为“{status}”，只有待审核的记录可以审核',
    en: 'Only submitted records can be reviewed (state: {status})',
  },
  MEETINGS_REVIEW_OWN_LEVEL: {
    status: 403,
    zh: '组织生活记录须由上级党组织审核，本级不能审核自己的记录',
    en: 'Records are reviewed by the superior organisation, not at their own level',
  },
  MEETINGS_RULE_NOT_FOUND: { status: 404, zh: '规则不存在', en: 'Rule not found' },
  MEETINGS_RULE_BAD_UNIT_TYPE: {
    status: 400,
    zh: '适用组织类型“{type}”不是党组织类型，请从列表中选择',
    en: '{type} is not a Party organisation type',
  },
  MEETINGS_WRONG_KIND: {
    status: 400,
    zh: '只有“{expected}”记录可以{action}，该记录是“{actual}”',
    en: 'Only {expected} records can {action}',
  },
  MEETINGS_RECTIFICATION_NOT_FOUND: {
    status: 404,
    zh: '整改事项不存在或不在您的管理范围内',
    en: 'Rectification item not found',
  },
  MEETINGS_COMPLETION_REQUIRED: {
    status: 400,
    zh: '标记为“已完成”须填写完成情况和完成日期',
    en: 'A completed item needs a completion note and date',
  },
} satisfies Record<string, ErrorSpec>;
