import { describe, expect, it } from 'vitest';
import { app } from '../src/app.ts';
import { assertMatchesContract } from './contract.ts';
import { api, body, registerUser } from './helpers.ts';

/** The routes anyone may call. A new public route must be added here on purpose. */
const PUBLIC_OPERATIONS = [
  'GET /api/v1/health',
  'POST /api/v1/auth/register',
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/refresh',
  'POST /api/v1/auth/logout',
  'GET /api/v1/charts/trending',
  'GET /api/v1/tracks/{id}',
  'GET /api/v1/tracks/{id}/preview',
  'GET /api/v1/tracks/{id}/lyrics',
  // Share pages play it without a token, as a track's.
  'GET /api/v1/episodes/{id}/preview',
  // sendBeacon cannot send a token, and the datapoint names no listener (beacons/routes.ts).
  'POST /api/v1/beacons/playback-start',
];

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
type Operation = { security?: Array<Record<string, string[]>>; responses: Record<string, unknown>; parameters?: unknown[] };

async function document() {
  const res = await api('/api/v1/openapi.json');
  expect(res.status).toBe(200);
  return body(res) as Promise<{
    openapi: string;
    paths: Record<string, Partial<Record<(typeof METHODS)[number], Operation>>>;
    components: { securitySchemes: Record<string, unknown> };
  }>;
}

const operationsOf = (doc: Awaited<ReturnType<typeof document>>) =>
  Object.entries(doc.paths).flatMap(([path, item]) =>
    METHODS.flatMap((m) => (item[m] ? [{ key: `${m.toUpperCase()} ${path}`, path, method: m, op: item[m]! }] : [])),
  );

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 with the bearer scheme and every /api/v1 route the worker serves', async () => {
    const doc = await document();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    const documented = new Set(operationsOf(doc).map((o) => o.key));
    const served = app.routes
      .filter((r) => r.path.startsWith('/api/v1/') && r.method !== 'ALL' && r.path !== '/api/v1/openapi.json')
      .map((r) => `${r.method} ${r.path.replace(/:([^/]+)/g, '{$1}')}`);
    expect(served.length).toBeGreaterThan(40);
    for (const route of new Set(served)) expect(documented, route).toContain(route);
  });

  it('names security on every operation except the explicit public list, and each has the error shape', async () => {
    const doc = await document();
    for (const { key, op } of operationsOf(doc)) {
      if (PUBLIC_OPERATIONS.includes(key)) expect(op.security ?? [], key).toEqual([]);
      else expect(op.security, key).toEqual([{ bearer: [] }]);
      expect(op.responses['500'], key).toBeDefined();
    }
    for (const key of PUBLIC_OPERATIONS) expect(operationsOf(doc).map((o) => o.key)).toContain(key);
  });

  it('is honest about security: every operation that names bearer answers 401 without a token', async () => {
    const doc = await document();
    for (const { key, path, method, op } of operationsOf(doc)) {
      if (!op.security?.length) continue;
      const res = await api(path.replace(/\{[^}]+\}/g, 'x'), { method: method.toUpperCase() });
      expect(res.status, key).toBe(401);
      expect((await body(res)).error.code, key).toBe('unauthorized');
    }
  });

  it('has request and response schemas, the WebSockets as 101 and the raw bodies with their media types', async () => {
    const doc = await document();
    const op = (path: string, method: (typeof METHODS)[number]) =>
      doc.paths[path]![method]! as Operation & { requestBody?: { content: Record<string, unknown> } };
    expect(op('/api/v1/playlists/{id}/live', 'get').responses['101']).toBeDefined();
    expect(op('/api/v1/me/player/connect', 'get').responses['101']).toBeDefined();
    expect(Object.keys(op('/api/v1/catalog/import', 'post').requestBody!.content)).toEqual(['application/x-ndjson']);
    expect(Object.keys(op('/api/v1/uploads/{id}/parts/{n}', 'put').requestBody!.content)).toEqual(['application/octet-stream']);
    expect(op('/api/v1/auth/register', 'post').requestBody!.content['application/json']).toBeDefined();
    expect(op('/api/v1/playlists/{id}', 'get').responses['200']).toMatchObject({ content: { 'application/json': { schema: { type: 'object' } } } });
    expect(op('/api/v1/playlists/{id}', 'get').responses['404']).toMatchObject({ content: { 'application/json': { schema: { type: 'object' } } } });
  });
});

describe('/docs', () => {
  it('renders Swagger UI from our own origin, pointed at the document', async () => {
    const res = await api('/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const html = await res.text();
    expect(html).toContain("url: '/api/v1/openapi.json'");
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(assets).toEqual(['/docs/assets/swagger-ui-dist/swagger-ui.css', '/docs/assets/swagger-ui-dist/swagger-ui-bundle.js']);
  });
});

describe('validation errors keep their statuses', () => {
  it('422 names the JSON field, 400 for the query', async () => {
    const { access_token } = await registerUser();
    const bad = await api('/api/v1/me/playlists', { method: 'POST', token: access_token, json: { name: 5 } });
    expect(bad.status).toBe(422);
    expect((await body(bad)).error).toMatchObject({ status: 422, code: 'invalid_request', message: expect.stringMatching(/^name: /) });
    const badQuery = await api('/api/v1/me/playlists?limit=0', { token: access_token });
    expect(badQuery.status).toBe(400);
    expect((await body(badQuery)).error).toMatchObject({ status: 400, code: 'invalid_request', message: expect.stringMatching(/^limit: /) });
  });
});

describe('the contract check every api() call runs', () => {
  const json = (status: number, value: unknown) => new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json' } });

  it('fails a body that does not match the declared schema, and a status the route does not declare', async () => {
    await expect(assertMatchesContract('GET', 'https://x/api/v1/me/player/devices', json(200, { devices: [{ id: 1 }] }))).rejects.toThrow(
      /body does not match the document: devices\.0\.id/,
    );
    await expect(assertMatchesContract('GET', 'https://x/api/v1/charts/trending', json(418, {}))).rejects.toThrow(/status not declared/);
    await expect(assertMatchesContract('GET', 'https://x/api/v1/me/player/devices', json(200, { devices: [] }))).resolves.toBeUndefined();
  });
});
