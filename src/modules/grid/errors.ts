import type { ErrorSpec } from '../../platform/errors/catalog';

/** Error codes of the grid module, with their status and messages. */
export const gridErrors = {
  GRID_NOT_FOUND: {
    status: 404,
    zh: '网格不存在或不在您的管理范围内',
    en: 'Grid not found',
  },
  GRID_UNIT_TYPE: {
    status: 400,
    zh: '“{unitName}”不能划分网格：网格只能建在嘎查（村）或社区下，请重新选择“所属嘎查/社区”',
    en: 'Grids belong to a gacha or a community',
  },
  GRID_CODE_TAKEN: {
    status: 409,
    zh: '网格编码“{code}”已被“{name}”使用，请换一个编码',
    en: 'Grid code {code} is taken',
  },
  GRID_NAME_TAKEN: {
    status: 409,
    zh: '“{unitName}”下已有名为“{name}”的网格，请换一个名称',
    en: 'The grid name is taken in this unit',
  },
  GRID_BAD_BOUNDARY: {
    status: 400,
    zh: '网格边界有误：{reason}',
    en: 'Bad grid boundary: {reason}',
  },
  GRID_BAD_GEOJSON: {
    status: 400,
    zh: 'GeoJSON 文件有误：{reason}',
    en: 'Bad GeoJSON file: {reason}',
  },
  GRID_PERSON_NOT_FOUND: {
    status: 404,
    zh: '人员不存在或不在您的管理范围内，请从人员库中重新选择网格员',
    en: 'Person not found',
  },
  GRID_EVENT_NO_PLACE: {
    status: 400,
    zh: '请选择事件所在网格，或提供事件位置（经纬度）；所给位置不在任何网格内时请直接选择网格',
    en: 'Give the grid or a position inside a grid',
  },
  GRID_EVENT_CATEGORY: {
    status: 400,
    zh: '事件分类“{key}”不存在或已停用，请从分类列表中重新选择',
    en: 'Unknown event category {key}',
  },
  GRID_EVENT_NOT_ASSIGNED: {
    status: 403,
    zh: '您不是“{grid}”的网格员，不能在该网格上报事件或巡查',
    en: 'You are not a worker of this grid',
  },
  GRID_CATEGORY_TAKEN: {
    status: 409,
    zh: '分类编码“{key}”已存在，请换一个编码',
    en: 'Category key {key} exists',
  },
  GRID_EVENT_CLOSE_EARLY: {
    status: 409,
    zh: '群众答复后有 {days} 天评价期，{date} 后仍未评价才能归档；请等待群众评价',
    en: 'The resident has {days} days to rate; close after {date}',
  },
  GRID_HOUSEHOLD_NOT_FOUND: {
    status: 404,
    zh: '住户不存在或不在您的管理范围内',
    en: 'Household not found',
  },
  GRID_HOUSEHOLD_PERSON: {
    status: 400,
    zh: '{field}所选人员不存在或不在您的管理范围内，请从人员库中重新选择，或只填写姓名',
    en: 'Person not found for {field}',
  },
  GRID_PARTY_MEMBER_NOT_FOUND: {
    status: 400,
    zh: '“党员”所选人员不是在册党员或不在您的管理范围内，请从党员名册中重新选择',
    en: 'Party member not found',
  },
  GRID_MEMBER_HOUSEHOLD_TAKEN: {
    status: 409,
    zh: '{name}已是该网格的党员中心户，请直接修改其联系的住户',
    en: 'Already a member household of this grid',
  },
  GRID_MEMBER_HOUSEHOLD_NOT_FOUND: {
    status: 404,
    zh: '党员中心户不存在或不在您的管理范围内',
    en: 'Member household not found',
  },
  GRID_LINK_OTHER_GRID: {
    status: 400,
    zh: '“联系住户”只能选择本网格的住户，请重新选择',
    en: 'Linked households must be in the same grid',
  },
  GRID_CO_BUILDING_NOT_FOUND: {
    status: 404,
    zh: '共建单位不存在或不在您的管理范围内',
    en: 'Co-building unit not found',
  },
  GRID_CO_BUILDING_PAIR: {
    status: 400,
    zh: '“结对嘎查/社区”中的“{unitName}”不是嘎查或社区，请重新选择',
    en: 'Pairs must be gachas or communities',
  },
  GRID_CO_BUILDING_ITEM_NOT_FOUND: {
    status: 404,
    zh: '清单事项不存在或不在您的管理范围内',
    en: 'Item not found',
  },
  GRID_CO_BUILDING_ITEM_UNIT: {
    status: 400,
    zh: '“所涉嘎查/社区”应为该共建单位的结对单位之一，请重新选择',
    en: 'The item unit must be one of the pairs',
  },
  GRID_PATROL_NO_PERSON: {
    status: 403,
    zh: '您的账号尚未关联人员信息，不能登记巡查；请联系管理员在账号中关联本人',
    en: 'Your account has no person record',
  },
  GRID_PATROL_TIMES: {
    status: 400,
    zh: '巡查时间有误：{reason}',
    en: 'Bad patrol times: {reason}',
  },
  GRID_PATROL_KEY_REUSED: {
    status: 409,
    zh: '幂等键已用于另一条巡查记录，请重新生成后再上传',
    en: 'The idempotency key belongs to another patrol',
  },
  GRID_HOUSEHOLD_IMPORT_SCOPE: {
    status: 400,
    zh: '住户导入需先选择一个网格',
    en: 'Choose a grid to import households into',
  },
} satisfies Record<string, ErrorSpec>;
