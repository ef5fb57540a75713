/**
 * A job that could not finish. `permanent` failures (the file is not audio) end
 * the upload; the others (network, storage, a crash) are worth retrying, so they
 * answer 503 and the queue consumer retries or dead-letters the job.
 */
export class JobFailure extends Error {
  readonly status: number;
  readonly code: string;
  readonly permanent: boolean;

  constructor(status: number, code: string, message: string, permanent: boolean) {
    super(message);
    this.name = 'JobFailure';
    this.status = status;
    this.code = code;
    this.permanent = permanent;
  }
}

export const transient = (code: string, message: string): JobFailure => new JobFailure(503, code, message, false);
export const permanent = (code: string, message: string): JobFailure => new JobFailure(422, code, message, true);

/** True when `error` comes from the job being cancelled (the caller hung up). */
export function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}
