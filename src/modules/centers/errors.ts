import type { ErrorSpec } from '../../platform/errors/catalog';

/** Error codes of the centers module, with their status and messages. */
export const centersErrors = {
  CENTERS_NOT_FOUND: {
    status: 404,
    zh: '服务中心不存在或不在您的管理范围内',
    en: 'Service centre not found',
  },
  CENTERS_UNIT_TYPE: {
    status: 400,
    zh: '“{unitType}”不能设立党群服务中心：请选择苏木、镇、嘎查或社区',
    en: 'Only a sumu, town, gacha or community has a service centre',
  },
  CENTERS_DUPLICATE: {
    status: 409,
    zh: '“{unitName}”已有党群服务中心，请直接修改原有记录',
    en: '{unitName} already has a service centre',
  },
  CENTERS_UNIT_INACTIVE: {
    status: 400,
    zh: '“{unitName}”已停用，不能新建服务中心',
    en: '{unitName} is inactive',
  },
  CENTERS_PHOTO_NOT_PUBLIC: {
    status: 400,
    zh: '照片“{name}”上传时未设为公开，服务中心照片须公开上传（在公开页面展示）',
    en: 'Centre photos must be uploaded as public files',
  },
  CENTERS_STANDARD_NOT_FOUND: {
    status: 404,
    zh: '评估标准不存在或不在您的管理范围内',
    en: 'Standard not found',
  },
  CENTERS_STANDARD_NOT_APPLICABLE: {
    status: 400,
    zh: '标准“{name}”不适用于本服务中心（适用单位类型或范围不符），请选择适用的标准',
    en: 'The standard {name} does not apply to this centre',
  },
  CENTERS_STANDARD_INACTIVE: {
    status: 400,
    zh: '标准“{name}”已停用，不能再用于评估',
    en: 'The standard {name} is inactive',
  },
  CENTERS_STANDARD_ITEM_UNKNOWN: {
    status: 400,
    zh: '条目编号不属于该标准，请刷新页面后重新编辑',
    en: 'An item id does not belong to this standard',
  },
  CENTERS_ASSESSMENT_INCOMPLETE: {
    status: 400,
    zh: '请逐条评估标准的全部 {count} 个条目（缺少：{missing}）',
    en: 'Assess every item of the standard ({count}); missing: {missing}',
  },
  CENTERS_ASSESSMENT_ITEM_UNKNOWN: {
    status: 400,
    zh: '评估结果中有不属于该标准的条目，或同一条目填写了两次，请刷新页面后重新填写',
    en: 'The results contain an unknown or repeated item',
  },
  CENTERS_ASSESSMENT_FUTURE: {
    status: 400,
    zh: '评估日期不能晚于今天（{today}）',
    en: 'The assessment date cannot be in the future ({today})',
  },
  CENTERS_ITEM_NOT_FOUND: {
    status: 404,
    zh: '服务事项不存在或已移除',
    en: 'Service item not found',
  },
  CENTERS_ITEM_DUPLICATE: {
    status: 409,
    zh: '本中心已有名为“{name}”的服务事项，请换一个名称或修改原事项',
    en: 'An item named {name} already exists',
  },
  CENTERS_REORDER_MISMATCH: {
    status: 400,
    zh: '事项顺序与当前清单不一致（清单可能已被他人修改），请刷新后重新排序',
    en: 'The order does not match the current list; reload and retry',
  },
  CENTERS_COPY_SAME: {
    status: 400,
    zh: '不能从本中心复制到本中心，请选择另一个服务中心',
    en: 'Choose another centre to copy from',
  },
  CENTERS_IMPORT_SCOPE: {
    status: 400,
    zh: '导入任务与服务中心不对应，请在服务中心的“便民服务事项”页重新上传',
    en: 'This import does not belong to one service centre',
  },
} satisfies Record<string, ErrorSpec>;
