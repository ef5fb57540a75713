import type { MiddlewareHandler } from 'hono';

/** The header a request id travels in, to the client and between our services. */
export const REQUEST_ID_HEADER = 'x-request-id';

/** What an incoming id may look like: short, and nothing a log reader or a header could trip on. */
const SAFE_REQUEST_ID = /^[A-Za-z0-9_-]{8,64}$/;

declare module 'hono' {
  interface ContextVariableMap {
    /** This request's id (core/http/request-id.ts), in every log line and the x-request-id response header. */
    requestId: string;
    /** The worker serving the request, for log lines and datapoints. */
    worker: string;
    /** Set when no route matched (the 404 route_not_found), so metrics do not name a middleware's pattern. */
    unmatchedRoute: boolean;
  }
}

/**
 * The request's id: an incoming x-request-id if it is safe (our own services
 * pass theirs on), else the edge's cf-ray, else a fresh one. A hostile header
 * is dropped, never echoed.
 */
export function requestIdOf(headers: Headers): string {
  for (const candidate of [headers.get(REQUEST_ID_HEADER), headers.get('cf-ray')]) {
    if (candidate && SAFE_REQUEST_ID.test(candidate)) return candidate;
  }
  return crypto.randomUUID();
}

/** Sets c.var.requestId and c.var.worker and echoes the id in the x-request-id response header. */
export function requestId(worker: string): MiddlewareHandler {
  return async (c, next) => {
    const id = requestIdOf(c.req.raw.headers);
    c.set('requestId', id);
    c.set('worker', worker);
    await next();
    // A WebSocket upgrade's 101 is handed through as it is.
    if (c.res.status === 101) return;
    // A forwarded response (another service's) has immutable headers.
    try {
      c.res.headers.set(REQUEST_ID_HEADER, id);
    } catch {
      c.res = new Response(c.res.body, c.res);
      c.res.headers.set(REQUEST_ID_HEADER, id);
    }
  };
}

/** A copy of a request carrying the id to another of our services. */
export function withRequestId(request: Request, id: string): Request {
  const forwarded = new Request(request);
  forwarded.headers.set(REQUEST_ID_HEADER, id);
  return forwarded;
}
