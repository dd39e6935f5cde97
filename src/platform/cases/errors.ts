import type { ErrorSpec } from '../errors/catalog';

/** Error codes of the case engine, with their status and messages. */
export const casesErrors = {
  CASE_NOT_FOUND: { status: 404, zh: '事项不存在或不在您的管理范围内', en: 'Case not found' },
  CASE_CONFLICT: {
    status: 409,
    zh: '该事项刚刚已被他人处理（现为“{state}”状态），您的操作没有保存；请刷新查看最新进展后再操作',
    en: 'Someone else changed this case (now {state}); reload and try again',
  },
  CASE_ILLEGAL_TRANSITION: {
    status: 409,
    zh: '事项当前为“{state}”状态，不能执行“{action}”操作。{allowed}',
    en: 'Action {action} is not allowed in state {state}',
  },
  CASE_UNKNOWN_ACTION: {
    status: 400,
    zh: '“{type}”没有“{action}”这一操作',
    en: 'Case type {type} has no action {action}',
  },
  CASE_ACTION_FORBIDDEN: {
    status: 403,
    zh: '您没有对该事项执行“{action}”的权限',
    en: 'You may not perform {action} on this case',
  },
  CASE_NOTE_REQUIRED: {
    status: 400,
    zh: '“{action}”需要填写说明，请填写后再提交',
    en: '{action} needs a note',
  },
  CASE_UNIT_REQUIRED: { status: 400, zh: '请选择承办单位', en: 'Choose the handling unit' },
  CASE_UNIT_NOT_FOUND: {
    status: 404,
    zh: '承办单位不存在或已停用，请重新选择',
    en: 'Handling unit not found',
  },
  CASE_ATTACHMENTS_REQUIRED: {
    status: 400,
    zh: '“{action}”需要上传附件（如办理凭证照片），请上传后再提交',
    en: '{action} needs attachments',
  },
  CASE_RATING_REQUIRED: {
    status: 400,
    zh: '请给出 1 到 5 分的评价',
    en: 'Give a rating from 1 to 5',
  },
  CASE_RATING_REASON_UNKNOWN: {
    status: 400,
    zh: '评价原因“{reason}”不在可选范围内，请重新选择',
    en: 'Unknown rating reason {reason}',
  },
  CASE_REOPEN_COMMENT_REQUIRED: {
    status: 400,
    zh: '选择“问题未解决”时，请写明哪些问题还没有解决',
    en: 'Say what is not solved',
  },
  CASE_ALREADY_PAUSED: {
    status: 409,
    zh: '事项已暂停计时，不能重复暂停',
    en: 'The clock is already paused',
  },
  CASE_NOT_PAUSED: { status: 409, zh: '事项没有暂停计时，无需恢复', en: 'The clock is not paused' },
  CASE_ALREADY_EXTENDED: {
    status: 409,
    zh: '该事项已延期过一次，按规定只能延期一次',
    en: 'The case was already extended once',
  },
  CASE_LINK_SELF: { status: 400, zh: '不能把事项关联为它自己的重复件', en: 'A case cannot repeat itself' },
  CASE_LINK_OTHER_TYPE: {
    status: 400,
    zh: '只能关联同一类事项（“{type}”）为重复件',
    en: 'Only cases of the same type can be linked',
  },
  CASE_ALREADY_LINKED: {
    status: 409,
    zh: '该事项已关联为重复件，如需更改请先取消关联',
    en: 'The case is already linked as a repeat',
  },
  CASE_LINK_CYCLE: {
    status: 400,
    zh: '两件事项已在同一重复链中，不能再次关联',
    en: 'The cases are already in one chain',
  },
  CASE_HOLIDAY_NOT_FOUND: {
    status: 404,
    zh: '节假日日历中没有 {date} 这一天，请刷新后再试',
    en: 'No calendar entry for {date}',
  },
} satisfies Record<string, ErrorSpec>;
