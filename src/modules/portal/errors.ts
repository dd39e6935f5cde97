import type { ErrorSpec } from '../../platform/errors/catalog';

/** Error codes of the resident portal, with their status and messages (residents read these). */
export const portalErrors = {
  PORTAL_CAPTCHA_WRONG: {
    status: 400,
    zh: '验证码不正确，请看清图片中的字符重新输入（看不清可点击图片换一张）',
    en: 'Wrong captcha',
  },
  PORTAL_CAPTCHA_EXPIRED: {
    status: 400,
    zh: '验证码已过期或已使用，请点击图片换一张后重新输入',
    en: 'The captcha expired or was used; get a new one',
  },
  PORTAL_PHONE_LIMIT: {
    status: 429,
    zh: '同一手机号每天最多提交 {max} 件，今天已达上限，请明天再提交',
    en: 'At most {max} submissions per phone per day',
  },
  PORTAL_IP_LIMIT: {
    status: 429,
    zh: '当前网络提交过于频繁（每小时最多 {max} 件），请稍后再试',
    en: 'At most {max} submissions per hour from this address',
  },
  PORTAL_UPLOAD_LIMIT: {
    status: 429,
    zh: '当前网络上传照片过于频繁（每小时最多 {max} 张），请稍后再试',
    en: 'At most {max} uploads per hour from this address',
  },
  PORTAL_PHOTO_TOO_BIG: {
    status: 413,
    zh: '照片超过 {mb} MB，请压缩后再上传',
    en: 'The photo exceeds {mb} MB',
  },
  PORTAL_PHOTO_TYPE: {
    status: 400,
    zh: '只能上传 JPG、PNG 或 WebP 格式的照片',
    en: 'Upload a JPG, PNG or WebP photo',
  },
  PORTAL_PHOTO_MISSING: { status: 400, zh: '请选择要上传的照片', en: 'Choose a photo' },
  PORTAL_PHOTO_UNKNOWN: {
    status: 400,
    zh: '照片已失效或已被使用，请重新上传',
    en: 'Unknown or used photo; upload it again',
  },
  PORTAL_AREA_NOT_FOUND: {
    status: 400,
    zh: '所选苏木镇或嘎查（社区）不存在，请重新选择',
    en: 'Unknown area',
  },
  PORTAL_TRACK_NOT_FOUND: {
    status: 404,
    zh: '查询码或手机号后四位不正确，请核对后再查询',
    en: 'Wrong tracking code or phone digits',
  },
  PORTAL_EVENTS_UNAVAILABLE: {
    status: 503,
    zh: '事件上报暂未开通，请通过“问需”反映，或联系所在嘎查（社区）',
    en: 'Event reporting is not available',
  },
} satisfies Record<string, ErrorSpec>;
