/** Error codes of the organisation tree, with their status and messages. */
export const orgsErrors = {
  ORGS_PARENT_NOT_FOUND: {
    status: 404,
    zh: '上级单位不存在或不在您的管理范围内',
    en: 'Parent unit not found',
  },
  ORGS_PARENT_INACTIVE: {
    status: 400,
    zh: '上级单位“{name}”已停用，不能在其下新建或移入单位',
    en: 'Parent unit is inactive',
  },
  ORGS_TYPE_NOT_ALLOWED: {
    status: 400,
    zh: '“{parentType}”下不能设立“{childType}”，请选择正确的上级单位或类型',
    en: '{childType} cannot be placed under {parentType}',
  },
  ORGS_MOVE_INTO_ITSELF: {
    status: 400,
    zh: '不能把单位移动到它自己或它的下级单位之下',
    en: 'A unit cannot move under itself or its descendants',
  },
  ORGS_MOVE_ROOT: { status: 400, zh: '最上级单位不能移动', en: 'The root unit cannot move' },
  ORGS_DUPLICATE_NAME: {
    status: 409,
    zh: '同一上级单位下已有名为“{name}”的单位，请换一个名称',
    en: 'A sibling named {name} already exists',
  },
  ORGS_ALREADY_INACTIVE: { status: 409, zh: '该单位已经停用', en: 'Already inactive' },
  ORGS_ALREADY_ACTIVE: { status: 409, zh: '该单位未停用', en: 'Already active' },
  ORGS_HAS_ACTIVE_CHILDREN: {
    status: 409,
    zh: '该单位下还有 {count} 个未停用的下级单位，请先停用或移走下级单位',
    en: 'The unit still has {count} active children',
  },
  ORGS_ROOT_REQUIRED: { status: 400, zh: '请选择上级单位', en: 'Choose a parent unit' },
} as const;
