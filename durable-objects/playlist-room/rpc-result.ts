import { DomainError } from '../../core/errors.ts';

/**
 * RPC carries a thrown error's message but not its class or status, so room
 * methods return domain errors as values and the caller re-throws them.
 */
export type RoomResult<T> = { ok: true; value: T } | { ok: false; error: { status: DomainError['status']; code: string; message: string } };

export async function settle<T>(fn: () => T | Promise<T>): Promise<RoomResult<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch (err) {
    if (err instanceof DomainError) return { ok: false, error: { status: err.status, code: err.code, message: err.message } };
    throw err;
  }
}

export function unwrap<T>(result: RoomResult<T>): T {
  if (result.ok) return result.value;
  throw new DomainError(result.error.status, result.error.code, result.error.message);
}
