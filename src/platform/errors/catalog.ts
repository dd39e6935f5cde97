import { membersErrors } from '../../modules/members/errors';
import { electionsErrors } from '../../modules/elections/errors';
import { meetingsErrors } from '../../modules/meetings/errors';
import { centersErrors } from '../../modules/centers/errors';
import { gridErrors } from '../../modules/grid/errors';
import { voiceErrors } from '../../modules/voice/errors';
import { portalErrors } from '../../modules/portal/errors';
import { reportsErrors } from '../../modules/reports/errors';
import { orgsErrors } from '../../modules/orgs/errors';
import { peopleErrors } from '../../modules/people/errors';
import { usersErrors } from '../../modules/users/errors';
import { casesErrors } from '../cases/errors';

export interface ErrorSpec {
  status: number;
  zh: string;
  en: string;
}

/** Errors of the platform itself; each module adds its own table below. */
const platformErrors = {
  VALIDATION_FAILED: { status: 400, zh: '提交的内容有误：{summary}', en: 'Invalid input: {summary}' },
  FILE_MISSING: { status: 400, zh: '请选择要上传的文件', en: 'Choose a file to upload' },
  FILE_BAD_TYPE: {
    status: 400,
    zh: '文件格式不支持，请上传 JPG、PNG、GIF、WebP 图片或 PDF 文件',
    en: 'Unsupported file: upload a JPG, PNG, GIF or WebP image or a PDF',
  },
  FILE_TOO_BIG: { status: 413, zh: '文件超过 {mb} MB，请压缩后再上传', en: 'The file exceeds {mb} MB' },
  FILE_NOT_FOUND: { status: 404, zh: '附件不存在或不在您的管理范围内', en: 'Attachment not found' },
  UNAUTHENTICATED: { status: 401, zh: '请先登录', en: 'Please log in' },
  SESSION_EXPIRED: {
    status: 401,
    zh: '长时间未操作，登录已过期，请重新登录',
    en: 'Session expired, please log in again',
  },
  INVALID_CREDENTIALS: { status: 401, zh: '用户名或密码错误', en: 'Wrong username or password' },
  ACCOUNT_LOCKED: {
    status: 423,
    zh: '密码错误次数过多，账号已锁定，请 {minutes} 分钟后再试或联系安全管理员解锁',
    en: 'Too many failed attempts; the account is locked for {minutes} minutes',
  },
  ACCOUNT_DISABLED: { status: 403, zh: '账号已停用，请联系系统管理员', en: 'The account is disabled' },
  PASSWORD_CHANGE_REQUIRED: { status: 403, zh: '首次登录请先修改密码', en: 'Change your password first' },
  PASSWORD_POLICY: { status: 400, zh: '{reason}', en: '{reason}' },
  WRONG_OLD_PASSWORD: { status: 400, zh: '原密码不正确', en: 'The current password is wrong' },
  CSRF_FAILED: {
    status: 403,
    zh: '页面已过期（安全令牌无效），请刷新页面后重试',
    en: 'Invalid CSRF token; reload the page',
  },
  FORBIDDEN: { status: 403, zh: '没有权限执行此操作', en: 'You are not allowed to do this' },
  NOT_FOUND: { status: 404, zh: '要找的记录不存在或不在您的管理范围内', en: 'Not found' },
  RATE_LIMITED: { status: 429, zh: '操作过于频繁，请稍后再试', en: 'Too many requests; try again later' },
  CONFLICT: { status: 409, zh: '记录已被他人修改，请刷新后重试', en: 'The record changed; reload and retry' },
  INTERNAL: { status: 500, zh: '服务器出现错误，请稍后再试；如持续出现请联系管理员', en: 'Server error' },
  IMPORT_NOT_FOUND: { status: 404, zh: '导入任务不存在或已过期，请重新上传', en: 'Import job not found' },
  IMPORT_NO_FILE: { status: 400, zh: '请选择要上传的 Excel 文件（.xlsx）', en: 'Choose an .xlsx file' },
  IMPORT_BAD_FILE: {
    status: 400,
    zh: '无法读取该文件，请上传由模板填写的 .xlsx 文件',
    en: 'Cannot read the file; upload an .xlsx made from the template',
  },
  IMPORT_BAD_HEADER: {
    status: 400,
    zh: '表头与模板不一致：缺少列“{column}”，请下载最新模板填写',
    en: 'Header does not match the template: missing column "{column}"',
  },
  IMPORT_EMPTY: { status: 400, zh: '文件中没有数据行，请填写后重新上传', en: 'The file has no data rows' },
  IMPORT_TOO_LARGE: {
    status: 400,
    zh: '文件过大：最多 {max} 行，请拆分后分批导入',
    en: 'Too many rows (max {max}); split the file',
  },
  IMPORT_FILE_TOO_BIG: {
    status: 400,
    zh: '文件超过 {mb} MB，请拆分后分批导入',
    en: 'The file is larger than {mb} MB; split it',
  },
  IMPORT_NOT_READY: {
    status: 409,
    zh: '该导入任务当前状态为“{status}”，不能提交；请先修正错误并重新上传',
    en: 'This import cannot be committed in state {status}',
  },
  INDICATOR_NOT_FOUND: { status: 404, zh: '指标“{key}”不存在', en: 'Indicator {key} not found' },
} satisfies Record<string, ErrorSpec>;

/** Every error code of every module, mapped once to its HTTP status and messages. */
export const errorCatalog = {
  ...platformErrors,
  ...casesErrors,
  ...orgsErrors,
  ...peopleErrors,
  ...usersErrors,
  ...membersErrors,
  ...electionsErrors,
  ...meetingsErrors,
  ...centersErrors,
  ...gridErrors,
  ...voiceErrors,
  ...portalErrors,
  ...reportsErrors,
} satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof errorCatalog;
