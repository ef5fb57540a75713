import type { OpenAPIHono } from '@hono/zod-openapi';
import { swaggerUI } from '@hono/swagger-ui';
import { BEARER } from './route-group.ts';

export const OPENAPI_PATH = '/api/v1/openapi.json';
export const DOCS_PATH = '/docs';
/**
 * Swagger UI's script and styles, served from our own origin (web/dist/docs/assets,
 * copied there from swagger-ui-dist by the web build): the page needs no CDN.
 */
export const DOCS_ASSETS_BASE = '/docs/assets';

/** Serves the generated OpenAPI 3.1 document and the Swagger UI page that renders it. */
export function installApiDocs(app: OpenAPIHono<any>): void {
  app.openAPIRegistry.registerComponent('securitySchemes', BEARER, {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'The access_token of POST /api/v1/auth/login, /register or /refresh. WebSocket upgrades may pass it as ?access_token= instead.',
  });
  app.doc31(OPENAPI_PATH, (c) => ({
    openapi: '3.1.0',
    info: {
      title: 'Encore API',
      version: '1',
      description: 'The Encore music-streaming API. Errors have one shape: `{"error":{"status","code","message"}}`. JSON bodies are at most 64 kB.',
    },
    servers: [{ url: new URL(c.req.url).origin }],
  }));
  app.get(DOCS_PATH, swaggerUI({ url: OPENAPI_PATH, title: 'Encore API', baseUrl: DOCS_ASSETS_BASE }));
}
