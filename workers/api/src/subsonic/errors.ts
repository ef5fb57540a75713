import { DomainError } from '#core/errors.ts';

/** The error codes of the Subsonic API (OpenSubsonic `Error.code`) that Encore answers. */
export const SubsonicCode = {
  generic: 0,
  missingParameter: 10,
  wrongCredentials: 40,
  tokenAuthNotSupported: 41,
  mechanismNotSupported: 42,
  conflictingMechanisms: 43,
  invalidApiKey: 44,
  notAuthorized: 50,
  notFound: 70,
} as const;
export type SubsonicCode = (typeof SubsonicCode)[keyof typeof SubsonicCode];

/** A refusal in the Subsonic vocabulary: HTTP 200 with `status: "failed"` and this code. */
export class SubsonicError extends Error {
  constructor(
    readonly code: SubsonicCode,
    message: string,
  ) {
    super(message);
    this.name = 'SubsonicError';
  }
}

export const missingParameter = (name: string) => new SubsonicError(SubsonicCode.missingParameter, `Required parameter "${name}" is missing.`);

/**
 * The shared services throw the API's domain errors; a Subsonic client gets the
 * nearest code (404 and unknown ids → 70, 403 → 50, 401 → 40) and the same message. Anything
 * else is not ours to explain: null, and the caller logs it.
 */
export function subsonicErrorOf(err: unknown): SubsonicError | null {
  if (err instanceof SubsonicError) return err;
  if (!(err instanceof DomainError)) return null;
  // An id that names nothing in the catalog (library saves answer 422 unknown_id) is "not found" to Subsonic.
  if (err.status === 404 || err.code === 'unknown_id' || err.code === 'invalid_id') return new SubsonicError(SubsonicCode.notFound, err.message);
  const code = err.status === 403 ? SubsonicCode.notAuthorized : err.status === 401 ? SubsonicCode.wrongCredentials : SubsonicCode.generic;
  return new SubsonicError(code, err.message);
}
