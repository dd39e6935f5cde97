import type { MessageInstance } from 'antd/es/message/interface';
import type { NotificationInstance } from 'antd/es/notification/interface';
import { i18n } from '../i18n';
import type { ApiErrorBody, ApiErrorDetail } from './types';

/** An error answered by the server (or a network failure, status 0), already shown to the user unless `quiet`. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: ApiErrorDetail[];

  constructor(options: { status: number; code: string; message: string; details?: ApiErrorDetail[] }) {
    super(options.message);
    this.name = 'ApiError';
    this.status = options.status;
    this.code = options.code;
    this.details = options.details ?? [];
  }
}

/** The UI pieces the central error handler needs; installed once by the app shell (antd App context). */
export interface ErrorUi {
  message: MessageInstance;
  notification: NotificationInstance;
  /** Session expired or missing: go to the login page, remembering where the user was. */
  onUnauthorized: (intendedPath: string) => void;
  /** Logged in but not allowed. */
  onForbidden: (error: ApiError) => void;
}

export interface RequestOptions {
  /** Query parameters; empty strings, null and undefined are left out. */
  query?: Record<string, string | number | boolean | null | undefined>;
  /** Let the caller show the error itself (e.g. the login form); the central handler stays silent. */
  quiet?: boolean;
  signal?: AbortSignal;
}

let csrfToken: string | null = null;
let errorUi: ErrorUi | null = null;

/** Remembers the CSRF token of the current session; sent on every state-changing request. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Registers the UI used by the central error handler. */
export function installErrorUi(ui: ErrorUi): void {
  errorUi = ui;
}

/** Builds a URL with the non-empty query parameters. */
export function withQuery(url: string, query?: RequestOptions['query']): string {
  if (!query) return url;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  if (!text) return url;
  return `${url}${url.includes('?') ? '&' : '?'}${text}`;
}

function currentPath(): string {
  return `${window.location.pathname}${window.location.search}`;
}

/** The ONE place where failed requests are shown to the user. */
export function handleApiError(error: ApiError): void {
  if (!errorUi) return;
  if (error.status === 401) {
    errorUi.onUnauthorized(currentPath());
    return;
  }
  if (error.status === 403) {
    errorUi.onForbidden(error);
    return;
  }
  if (error.status === 400 && error.details.length > 0) {
    errorUi.notification.error({
      title: error.message,
      description: error.details
        .slice(0, 10)
        .map((detail) => formatDetail(detail))
        .join('\n'),
      style: { whiteSpace: 'pre-line' },
      duration: 8,
    });
    return;
  }
  errorUi.message.error(error.message);
}

function formatDetail(detail: ApiErrorDetail): string {
  if (detail.row !== undefined)
    return i18n.t('errors.detailRow', { row: detail.row, message: detail.message });
  if (detail.path) return i18n.t('errors.detailField', { field: detail.path, message: detail.message });
  return detail.message;
}

/** Turns a non-2xx response into an ApiError carrying the server's Chinese message. */
async function errorFromResponse(response: Response): Promise<ApiError> {
  let body: Partial<ApiErrorBody> | null = null;
  try {
    body = (await response.json()) as Partial<ApiErrorBody>;
  } catch {
    body = null;
  }
  const serverError = body?.error;
  return new ApiError({
    status: response.status,
    code: serverError?.code ?? `HTTP_${response.status}`,
    message: serverError?.message ?? i18n.t('errors.server', { status: response.status }),
    details: serverError?.details,
  });
}

function networkError(): ApiError {
  return new ApiError({ status: 0, code: 'NETWORK', message: i18n.t('errors.network') });
}

function fail(error: ApiError, options: RequestOptions | undefined): never {
  if (!options?.quiet) handleApiError(error);
  throw error;
}

async function request<T>(method: string, url: string, body: unknown, options?: RequestOptions): Promise<T> {
  // The server answers its error messages in the UI's language.
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': i18n.language };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(withQuery(url, options?.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: options?.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    return fail(networkError(), options);
  }
  if (!response.ok) return fail(await errorFromResponse(response), options);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Typed JSON helpers for the Jiceng API. */
export const api = {
  get: <T>(url: string, options?: RequestOptions) => request<T>('GET', url, undefined, options),
  post: <T>(url: string, body?: unknown, options?: RequestOptions) =>
    request<T>('POST', url, body ?? {}, options),
  patch: <T>(url: string, body: unknown, options?: RequestOptions) => request<T>('PATCH', url, body, options),
  put: <T>(url: string, body: unknown, options?: RequestOptions) => request<T>('PUT', url, body, options),
  del: <T = void>(url: string, options?: RequestOptions) => request<T>('DELETE', url, undefined, options),
};

function fileNameFrom(response: Response, fallback: string): string {
  const header = response.headers.get('content-disposition') ?? '';
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (encoded?.[1]) return decodeURIComponent(encoded[1]);
  const plain = /filename="?([^";]+)"?/i.exec(header);
  if (plain?.[1]) return plain[1];
  return fallback;
}

/** Downloads a file (e.g. an xlsx export) and hands it to the browser's save dialog. */
export async function download(
  url: string,
  options?: RequestOptions & { fallbackName?: string },
): Promise<void> {
  let response: Response;
  try {
    response = await fetch(withQuery(url, options?.query), {
      credentials: 'same-origin',
      headers: { 'accept-language': i18n.language },
    });
  } catch {
    return fail(networkError(), options);
  }
  if (!response.ok) return fail(await errorFromResponse(response), options);
  const blob = await response.blob();
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = fileNameFrom(response, options?.fallbackName ?? 'download.xlsx');
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Give the browser time to start the download before the blob goes away.
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

/** Uploads one file as multipart field `file`, reporting progress in percent (XMLHttpRequest: fetch has no upload progress). */
export function upload<T>(
  url: string,
  file: File,
  onProgress?: (percent: number) => void,
  options?: RequestOptions,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('accept-language', i18n.language);
    if (csrfToken) xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress?.(Math.round((event.loaded / event.total) * 100));
    };
    xhr.onerror = () => {
      const error = networkError();
      if (!options?.quiet) handleApiError(error);
      reject(error);
    };
    xhr.onload = () => {
      const response = new Response(xhr.responseText || null, {
        status: xhr.status,
        headers: { 'content-type': 'application/json' },
      });
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress?.(100);
        resolve((xhr.responseText ? JSON.parse(xhr.responseText) : undefined) as T);
        return;
      }
      void errorFromResponse(response).then((error) => {
        if (!options?.quiet) handleApiError(error);
        reject(error);
      });
    };
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}
