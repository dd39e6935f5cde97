import type { ErrorSpec } from '../../platform/errors/catalog';

/** Error codes of the members module, with their status and messages. */
export const membersErrors = {
  MEMBERS_UNIT_NOT_FOUND: {
    status: 404,
    zh: '党组织不存在或不在您的管理范围内',
    en: 'Party organisation not found',
  },
  MEMBERS_UNIT_NOT_PARTY: {
    status: 400,
    zh: '“{name}”不是党组织，党员只能编入党委、党工委、党总支、党支部或流动人才党支部',
    en: '{name} is not a Party organisation',
  },
  MEMBERS_UNIT_INACTIVE: {
    status: 400,
    zh: '党组织“{name}”已停用，不能编入或转入党员',
    en: 'Party organisation {name} is inactive',
  },
  MEMBERS_PERSON_REQUIRED: {
    status: 400,
    zh: '请选择已登记的人员，或填写新人员的姓名和身份证号',
    en: 'Choose a registered person or enter the name and ID number of a new one',
  },
  MEMBERS_PERSON_NAME_MISMATCH: {
    status: 400,
    zh: '该身份证号已登记，但姓名与登记的不一致，请核对姓名和身份证号',
    en: 'This ID number is registered under another name',
  },
  MEMBERS_ALREADY_MEMBER: {
    status: 409,
    zh: '{name}已有党员记录（{unit}），同一人只能登记一次；转入请办理组织关系转接',
    en: '{name} already has a member record',
  },
  MEMBERS_FULL_DATE_REQUIRED: {
    status: 400,
    zh: '正式党员请填写转正日期',
    en: 'A full member needs the date of becoming full',
  },
  MEMBERS_FULL_DATE_NOT_ALLOWED: {
    status: 400,
    zh: '预备党员没有转正日期；预备党员转正须通过“组织决定”办理',
    en: 'A probationary member has no full-member date',
  },
  MEMBERS_FULL_BEFORE_JOIN: {
    status: 400,
    zh: '转正日期不能早于入党日期',
    en: 'The full-member date cannot precede the joining date',
  },
  MEMBERS_DATE_IN_FUTURE: { status: 400, zh: '{field}不能晚于今天', en: '{field} cannot be in the future' },
  MEMBERS_NOT_ACTIVE: {
    status: 409,
    zh: '该党员当前为“{status}”状态，不能办理此项业务',
    en: 'The member is {status}',
  },
  MEMBERS_DECISION_NOT_ALLOWED: {
    status: 409,
    zh: '不能作出“{kind}”决定：{reason}',
    en: 'Decision {kind} is not allowed: {reason}',
  },
  MEMBERS_CONVERSION_TOO_EARLY: {
    status: 400,
    zh: '预备期到 {due} 才满，转正须在预备期满后由支部党员大会讨论决定',
    en: 'Probation ends on {due}; conversion is decided after that',
  },
  MEMBERS_EXTENSION_TWICE: {
    status: 409,
    zh: '预备期只能延长一次，该党员已延长 {months} 个月',
    en: 'Probation may be extended only once (already {months} months)',
  },
  MEMBERS_EXTENSION_RANGE: {
    status: 400,
    zh: '延长预备期应为 6 至 12 个月（整月）',
    en: 'An extension is 6 to 12 whole months',
  },
  MEMBERS_DECISION_BEFORE_JOIN: {
    status: 400,
    zh: '决定日期不能早于入党日期（{joinedOn}）',
    en: 'The decision date cannot precede the joining date ({joinedOn})',
  },
  MEMBERS_TRANSFER_OPEN: {
    status: 409,
    zh: '该党员已有一项未办结的组织关系转接（介绍信 {letter}），请先办结或撤回',
    en: 'The member already has an open transfer ({letter})',
  },
  MEMBERS_TRANSFER_TARGET_REQUIRED: {
    status: 400,
    zh: '请选择接收党组织（旗内转接），或填写转往的党组织名称（转出本旗）',
    en: 'Choose the receiving organisation or enter the destination',
  },
  MEMBERS_TRANSFER_TARGET_NOT_FOUND: {
    status: 404,
    zh: '接收党组织不存在，请从列表中选择本旗的党组织',
    en: 'Receiving organisation not found',
  },
  MEMBERS_TRANSFER_SAME_UNIT: {
    status: 400,
    zh: '接收党组织不能是党员现在所在的党组织',
    en: 'The receiving organisation is the current one',
  },
  MEMBERS_TRANSFER_NOT_PENDING: {
    status: 409,
    zh: '该转接{status}，不能再办理',
    en: 'The transfer is already {status}',
  },
  MEMBERS_TRANSFER_WRONG_KIND: {
    status: 409,
    zh: '{reason}',
    en: '{reason}',
  },
} satisfies Record<string, ErrorSpec>;
