/**
 * Domain errors. Services throw these; each worker's single error handler turns
 * them into the API.md error shape. Anything else becomes a generic 500.
 */
export class DomainError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class BadRequest extends DomainError {
  constructor(message: string, code = 'bad_request') {
    super(400, code, message);
  }
}

export class Unauthorized extends DomainError {
  constructor(message = 'A valid access token is required.', code = 'unauthorized') {
    super(401, code, message, { 'WWW-Authenticate': 'Bearer' });
  }
}

export class Forbidden extends DomainError {
  constructor(message: string, code = 'forbidden') {
    super(403, code, message);
  }
}

export class NotFound extends DomainError {
  constructor(message: string, code = 'not_found') {
    super(404, code, message);
  }
}

export class Conflict extends DomainError {
  constructor(message: string, code = 'conflict') {
    super(409, code, message);
  }
}

export class PayloadTooLarge extends DomainError {
  constructor(message: string, code = 'payload_too_large') {
    super(413, code, message);
  }
}

export class UnsupportedMediaType extends DomainError {
  constructor(message: string, code = 'unsupported_media_type') {
    super(415, code, message);
  }
}

export class Unprocessable extends DomainError {
  constructor(message: string, code = 'invalid_request') {
    super(422, code, message);
  }
}

export class TooManyRequests extends DomainError {
  constructor(message: string, retryAfterSeconds: number, code = 'rate_limited') {
    super(429, code, message, { 'Retry-After': String(retryAfterSeconds) });
  }
}

export class ServiceUnavailable extends DomainError {
  constructor(message: string, retryAfterSeconds: number, code = 'service_unavailable') {
    super(503, code, message, { 'Retry-After': String(retryAfterSeconds) });
  }
}

export interface ErrorBody {
  error: { status: number; code: string; message: string };
}

export function errorBody(status: number, code: string, message: string): ErrorBody {
  return { error: { status, code, message } };
}
