import type { Context, Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { DomainError, errorBody } from '../errors.ts';
import { log } from '../log.ts';

/** Gives a Hono app the one error path of the API (the error shape of GET /api/v1/openapi.json): domain errors map to their status, the rest to a logged 500. */
export function installErrorHandling(app: Hono<any>): void {
  app.notFound((c) => {
    c.set('unmatchedRoute', true);
    return c.json(errorBody(404, 'route_not_found', `No route for ${c.req.method} ${new URL(c.req.url).pathname}.`), 404);
  });
  app.onError((err, c) => errorResponse(err, c));
}

export function errorResponse(err: unknown, c: Context): Response {
  if (err instanceof DomainError) {
    return c.json(errorBody(err.status, err.code, err.message), err.status, err.headers);
  }
  if (err instanceof HTTPException) {
    // Hono raises these for malformed bodies and the like; keep their status, not their internals.
    const status = err.status;
    const code = status === 400 ? 'bad_request' : `http_${status}`;
    return c.json(errorBody(status, code, err.message || 'The request could not be processed.'), status);
  }
  // The path without its query: signed media URLs carry their signature there.
  log('error', 'unhandled_error', {
    worker: c.get('worker') ?? 'unknown',
    request_id: c.get('requestId') ?? null,
    method: c.req.method,
    path: new URL(c.req.url).pathname,
    error: err,
  });
  return c.json(errorBody(500, 'internal_error', 'Something went wrong on our side.'), 500);
}
