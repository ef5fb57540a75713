import { DomainError } from './errors.ts';

/**
 * The one answer shape of Durable Object RPC. RPC carries a thrown error's
 * message but not its class, status or headers, so an object's methods return
 * domain errors as values (`settle`) and the caller throws them again (`unwrap`),
 * where the worker's error handler turns them into the API's error shape.
 */
export interface RpcError {
  status: DomainError['status'];
  code: string;
  message: string;
  /** e.g. Retry-After of a 503; absent when the error has none. */
  headers?: Record<string, string>;
}

export type RpcResult<T> = { ok: true; value: T } | { ok: false; error: RpcError };

export const succeeded = <T>(value: T): RpcResult<T> => ({ ok: true, value });

export function failed(error: RpcError | DomainError): { ok: false; error: RpcError } {
  const { status, code, message } = error;
  const headers = error.headers && Object.keys(error.headers).length > 0 ? { headers: { ...error.headers } } : {};
  return { ok: false, error: { status, code, message, ...headers } };
}

/** Object side: runs a method body, a thrown DomainError becomes the error value; anything else stays a crash. */
export async function settle<T>(fn: () => T | Promise<T>): Promise<RpcResult<T>> {
  try {
    return succeeded(await fn());
  } catch (err) {
    if (err instanceof DomainError) return failed(err);
    throw err;
  }
}

/** Caller side: the value, or the object's DomainError thrown again. */
export function unwrap<T>(result: RpcResult<T>): T {
  if (result.ok) return result.value;
  const { status, code, message, headers } = result.error;
  throw new DomainError(status, code, message, headers);
}
