/**
 * Domain errors. Services throw these; each worker's single error handler turns
 * them into the error shape `{"error":{"status","code","message"}}` of the
 * OpenAPI document (GET /api/v1/openapi.json). Anything else becomes a generic 500.
 */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 416 | 422 | 426 | 429 | 503;

export class DomainError extends Error {
  constructor(
    readonly status: ErrorStatus,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The base of an error that is a status, a default code and a message. */
function plainError(status: ErrorStatus, defaultCode: string) {
  return class extends DomainError {
    constructor(message: string, code = defaultCode) {
      super(status, code, message);
    }
  };
}

export class BadRequest extends plainError(400, 'bad_request') {}
export class Forbidden extends plainError(403, 'forbidden') {}
export class NotFound extends plainError(404, 'not_found') {}
export class Conflict extends plainError(409, 'conflict') {}
export class PayloadTooLarge extends plainError(413, 'payload_too_large') {}
export class UnsupportedMediaType extends plainError(415, 'unsupported_media_type') {}
export class Unprocessable extends plainError(422, 'invalid_request') {}

export class Unauthorized extends DomainError {
  constructor(message = 'A valid access token is required.', code = 'unauthorized') {
    super(401, code, message, { 'WWW-Authenticate': 'Bearer' });
  }
}

/** A `Range` outside the entity: 416 with the `Content-Range: bytes *\/size` RFC 9110 asks for. */
export class RangeNotSatisfiable extends DomainError {
  constructor(size: number) {
    super(416, 'range_not_satisfiable', `The requested range is outside this ${size}-byte file.`, {
      'Content-Range': `bytes */${size}`,
      'Accept-Ranges': 'bytes',
    });
  }
}

/** A plain HTTP request to a WebSocket endpoint. */
export class UpgradeRequired extends DomainError {
  constructor(message: string) {
    super(426, 'upgrade_required', message, { Upgrade: 'websocket' });
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

/** A domain error as a response, for code outside a Hono app (Durable Object fetch, raw Response builders). */
export function domainErrorResponse(err: DomainError): Response {
  return Response.json(errorBody(err.status, err.code, err.message), { status: err.status, headers: err.headers });
}
