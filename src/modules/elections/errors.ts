import type { ErrorSpec } from '../../platform/errors/catalog';

/** Error codes of the elections module, with their status and messages. */
export const electionsErrors = {
  ELECTIONS_UNIT_NOT_FOUND: {
    status: 404,
    zh: '嘎查（村）或社区不存在或不在您的管理范围内',
    en: 'Village or community not found',
  },
  ELECTIONS_UNIT_TYPE: {
    status: 400,
    zh: '“{name}”是{type}，只有嘎查（村）和社区登记两委换届，请重新选择',
    en: '{name} is a {type}; only villages and communities hold committee elections',
  },
  ELECTIONS_UNIT_INACTIVE: {
    status: 400,
    zh: '“{name}”已停用，不能登记换届',
    en: '{name} is inactive',
  },
  ELECTIONS_DUPLICATE_ROUND: {
    status: 409,
    zh: '“{name}”已登记 {round} 年换届，请打开该记录修改，不要重复登记',
    en: '{name} already has an election in the {round} round',
  },
  ELECTIONS_DATE_IN_FUTURE: {
    status: 400,
    zh: '选举日期 {date} 晚于今天，请填写实际选举日期',
    en: 'The election date {date} is in the future',
  },
  ELECTIONS_ROUND_MISMATCH: {
    status: 400,
    zh: '换届年度 {round} 与选举日期 {date} 相差超过一年，请核对',
    en: 'Round {round} does not match election date {date}',
  },
  ELECTIONS_VOIDED: {
    status: 409,
    zh: '该换届记录已作废，不能修改',
    en: 'This election record is void',
  },
  ELECTIONS_PERSON_NOT_FOUND: {
    status: 404,
    zh: '任职人员不存在或不在您的管理范围内，请先在人员信息中登记',
    en: 'Person not found',
  },
  ELECTIONS_POST_MISMATCH: {
    status: 400,
    zh: '{committee}没有“{post}”职务，请重新选择',
    en: 'The {committee} has no post {post}',
  },
  ELECTIONS_POST_TAKEN: {
    status: 400,
    zh: '{committee}{post}只能有一人，请删除多余的一位',
    en: 'Only one {post} per {committee}',
  },
  ELECTIONS_PERSON_TWICE: {
    status: 400,
    zh: '{name}在{committee}中出现了两次，一人在同一组织只担任一个职务',
    en: '{name} appears twice in the {committee}',
  },
  ELECTIONS_TARGET_UNIT: {
    status: 404,
    zh: '设置目标的单位不存在或不在您的管理范围内',
    en: 'Target unit not found',
  },
  ELECTIONS_SETTINGS_SCOPE: {
    status: 403,
    zh: '换届参数全旗通用，只有旗级组织部门可以修改',
    en: 'Only the banner level may change the election settings',
  },
} satisfies Record<string, ErrorSpec>;
