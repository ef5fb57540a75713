import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { routesOf } from './route-table.ts';
import { judgeResponse, leakIn } from './verdict.ts';

const json = { 'content-type': 'application/json' };
const error = (status: number, code = 'bad_request') => JSON.stringify({ error: { status, code, message: 'No.' } });

describe('the fuzz verdict', () => {
  it('passes a 4xx in the error shape and any 2xx', () => {
    expect(judgeResponse(404, new Headers(json), error(404, 'track_not_found'))).toBeNull();
    expect(judgeResponse(200, new Headers(json), '{"items":[]}')).toBeNull();
    expect(judgeResponse(204, new Headers(), '')).toBeNull();
  });

  it('fails a 5xx, a 4xx that is not the error shape, a status that disagrees, and a 429 without Retry-After', () => {
    expect(judgeResponse(500, new Headers(json), error(500, 'internal_error'))).toMatch(/status 500/);
    expect(judgeResponse(400, new Headers({ 'content-type': 'text/plain' }), 'Bad Request')).toMatch(/content-type/);
    expect(judgeResponse(400, new Headers(json), '{"message":"bad"}')).toMatch(/no error object/);
    expect(judgeResponse(422, new Headers(json), error(400))).toMatch(/error.status/);
    expect(judgeResponse(429, new Headers(json), error(429, 'rate_limited'))).toMatch(/Retry-After/);
  });

  it('takes an HTML page (or the error shape) as the 4xx of a page route, and an HTML 4xx nowhere else', () => {
    const html = { 'content-type': 'text/html; charset=utf-8' };
    expect(judgeResponse(404, new Headers(html), '<!doctype html><title>Link not found</title>', true)).toBeNull();
    expect(judgeResponse(404, new Headers(json), error(404), true)).toBeNull();
    expect(judgeResponse(404, new Headers({ 'content-type': 'text/plain' }), 'Not Found', true)).toMatch(/content-type/);
    expect(judgeResponse(500, new Headers(html), '<!doctype html>', true)).toMatch(/status 500/);
    expect(judgeResponse(404, new Headers(html), '<!doctype html><title>Link not found</title>')).toMatch(/content-type/);
  });

  it('spots stack traces and internals in bodies', () => {
    expect(leakIn('TypeError: Cannot read properties of undefined\n    at register (/work/main/workers/api/src/auth/service.ts:55:3)')).not.toBeNull();
    expect(leakIn('{"error":{"message":"D1_ERROR: UNIQUE constraint failed: users.email"}}')).toMatch(/database error/);
    expect(leakIn('failed at service.ts:12')).toMatch(/source file position/);
    expect(leakIn('{"error":{"status":404,"code":"track_not_found","message":"No track trk0_x."}}')).toBeNull();
  });
});

describe('the route table', () => {
  it('keeps each route once, drops .use() middleware, keeps a catch-all mounted with app.all', () => {
    const sub = new Hono()
      .use(async (_c, next) => next())
      .get(
        '/:id',
        (c) => c.text('x'),
        (c) => c.text('y'),
      )
      .post('/', (c) => c.text('z'));
    const app = new Hono().route('/things', sub).all('/files/*', (c) => c.text('f'));
    expect(routesOf(app)).toEqual([
      { method: 'GET', path: '/things/:id' },
      { method: 'POST', path: '/things' },
      { method: 'GET', path: '/files/*' },
      { method: 'POST', path: '/files/*' },
      { method: 'PUT', path: '/files/*' },
      { method: 'DELETE', path: '/files/*' },
    ]);
  });
});
