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
} satisfies Record<string, ErrorSpec>;
