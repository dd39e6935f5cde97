import type { ErrorSpec } from '../../platform/errors/catalog';

/** Error codes of the voice (三问) module, with their status and messages. */
export const voiceErrors = {
  VOICE_NO_CONSENT: {
    status: 400,
    zh: '提交人未同意公开，不能公开该答复；如需公开，请先征得提交人同意',
    en: 'The submitter did not consent to publication',
  },
  VOICE_NOT_REPLIED: {
    status: 409,
    zh: '事项当前为“{state}”状态，尚未答复，答复后才能公开',
    en: 'Only a replied item can be published',
  },
  VOICE_NOT_PUBLISHED: { status: 404, zh: '该事项的答复尚未公开', en: 'The reply is not published' },
  VOICE_NO_ROUTING_UNIT: {
    status: 409,
    zh: '找不到分办该事项的单位，无法退回；请联系分办单位改派',
    en: 'No routing unit to return the item to',
  },
  VOICE_ROOT_NOT_FOUND: {
    status: 409,
    zh: '系统尚未设置旗（县）单位，暂时无法受理三问事项',
    en: 'No banner unit to receive the item',
  },
} satisfies Record<string, ErrorSpec>;
