import type { FormInstance } from 'antd';
import { ApiError, handleApiError } from '../api/client';

/**
 * Puts a server 400's field details next to the matching form fields; anything else goes to the
 * central error handler. Use with requests made `{ quiet: true }`.
 */
export function showFormError<T>(form: FormInstance<T>, error: unknown): void {
  if (!(error instanceof ApiError)) return;
  const fieldNames = new Set(Object.keys(form.getFieldsValue(true) as object));
  const fieldErrors = error.details.filter((detail) => detail.path && fieldNames.has(detail.path));
  if (error.status === 400 && fieldErrors.length > 0) {
    form.setFields(fieldErrors.map((detail) => ({ name: detail.path as never, errors: [detail.message] })));
    return;
  }
  handleApiError(error);
}
