import { type ErrorCode, errorCatalog } from './catalog';

export type { ErrorCode } from './catalog';

/** One problem with one field or spreadsheet row, shown to the user beside the field. */
export interface ErrorDetail {
  path?: string;
  row?: number;
  field?: string;
  message: string;
}

/** A failure the user can understand and act on; mapped to HTTP status and a Chinese message in one place. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly params: Record<string, string | number>;
  readonly details: ErrorDetail[] | undefined;

  constructor(
    code: ErrorCode,
    options: { params?: Record<string, string | number>; details?: ErrorDetail[]; cause?: unknown } = {},
  ) {
    super(code, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.params = options.params ?? {};
    this.details = options.details;
  }

  get status(): number {
    return errorCatalog[this.code].status;
  }
}

/** The message of an error code in the requested language, with `{param}` placeholders filled. */
export function errorMessage(
  code: ErrorCode,
  params: Record<string, string | number> = {},
  lang: 'zh' | 'en' = 'zh',
) {
  const template = errorCatalog[code][lang];
  return template.replace(/\{(\w+)\}/g, (_, key: string) => String(params[key] ?? ''));
}
