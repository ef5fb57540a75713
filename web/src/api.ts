import { accessToken, refresh } from './session.ts';

/** An error answer from the API, in the error shape of the OpenAPI document (GET /api/v1/openapi.json). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

interface Options {
  signal?: AbortSignal;
  /** Raw body (upload parts, images); sent as is. */
  raw?: BodyInit;
  /** The raw body's media type. */
  contentType?: string;
  /** Let the request outlive the page (a last report as the tab closes). */
  keepalive?: boolean;
}

/** Calls the API with the session's token; a 401 refreshes the token once and retries. */
export async function api<T = unknown>(method: string, path: string, body?: unknown, options: Options = {}): Promise<T> {
  const res = await apiResponse(method, path, body, options);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? safeJson(text) : null) as T;
}

/** The same call for an answer that is not JSON (the offline key's raw bytes): the Response once it is ok, else an ApiError. */
export async function apiResponse(method: string, path: string, body?: unknown, options: Options = {}): Promise<Response> {
  const send = () => {
    const headers: Record<string, string> = {};
    const token = accessToken();
    if (token) headers.Authorization = `Bearer ${token}`;
    let payload: BodyInit | undefined = options.raw;
    if (options.raw !== undefined && options.contentType) headers['Content-Type'] = options.contentType;
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    return fetch(path, { method, headers, body: payload, signal: options.signal, keepalive: options.keepalive });
  };
  let res = await send();
  if (res.status === 401 && accessToken() && (await refresh())) res = await send();
  if (res.ok) return res;
  const text = await res.text();
  const err = ((text ? safeJson(text) : null) as { error?: { code?: string; message?: string } } | null)?.error;
  throw new ApiError(res.status, err?.code ?? `http_${res.status}`, err?.message ?? `The server answered ${res.status}.`);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export const errorMessage = (err: unknown): string => (err instanceof ApiError ? err.message : err instanceof Error ? err.message : String(err));
