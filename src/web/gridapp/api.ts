// HTTP for the grid app: session cookie plus the CSRF token on every write, errors as SendFailure
// carrying the server's Chinese message.
import { SendFailure } from './outbox';

let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

async function failureOf(response: Response): Promise<SendFailure> {
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string } };
    return new SendFailure(
      response.status,
      body.error?.code ?? `HTTP_${response.status}`,
      body.error?.message ?? `服务器错误（${response.status}）`,
    );
  } catch {
    return new SendFailure(response.status, `HTTP_${response.status}`, `服务器错误（${response.status}）`);
  }
}

/** One request; a network failure is status 0. Returns the parsed JSON and the status. */
export async function request<T>(
  method: string,
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ data: T; status: number }> {
  const all: Record<string, string> = { accept: 'application/json', 'accept-language': 'zh-CN', ...headers };
  const isForm = body instanceof FormData;
  if (body !== undefined && !isForm) all['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) all['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: all,
      credentials: 'same-origin',
      body: body === undefined ? undefined : isForm ? body : JSON.stringify(body),
    });
  } catch {
    throw new SendFailure(0, 'NETWORK', '网络不可用');
  }
  if (!response.ok) throw await failureOf(response);
  const text = response.status === 204 ? '' : await response.text();
  return { data: (text ? JSON.parse(text) : undefined) as T, status: response.status };
}

export const get = async <T>(url: string): Promise<T> => (await request<T>('GET', url)).data;
export const post = async <T>(url: string, body: unknown): Promise<T> =>
  (await request<T>('POST', url, body)).data;
