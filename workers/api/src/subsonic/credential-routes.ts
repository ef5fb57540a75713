import { z } from 'zod';
import type { AuthedEnv } from '../auth/middleware.ts';
import { errors } from '../http/error-responses.ts';
import { jsonBody, jsonResponse, noContent } from '../http/responses.ts';
import { authenticated, routeGroup } from '../http/route-group.ts';
import { issueApiKey, issueAppPassword, listApiKeys, revokeApiKey, revokeAppPassword } from './credentials.ts';

const AppPassword = z.object({
  /** What a Subsonic app calls the username: the account's user id. */
  username: z.string(),
  /** Shown this once; token (`t`+`s`) and password (`p`) auth check it. */
  password: z.string(),
});
const ApiKey = z.object({ id: z.string(), name: z.string(), created_at: z.string() });
const NewApiKey = z.object({ name: z.string().trim().min(1).max(100) });

/**
 * The credentials Subsonic apps use on /rest (never the account password):
 * `/api/v1/me/subsonic-credentials` (one app password, replaced on each POST)
 * and `/api/v1/me/api-keys` (OpenSubsonic apiKeyAuthentication keys).
 */
export const subsonicCredentialRoutes = routeGroup<AuthedEnv>('Subsonic', authenticated())
  .route(
    {
      method: 'post',
      path: '/me/subsonic-credentials',
      summary: 'A new app password for Subsonic apps',
      description: 'Shown once. It replaces any earlier app password, which stops working at once.',
      responses: { 201: jsonResponse(AppPassword, 'The username and app password.') },
    },
    async (c) => c.json(await issueAppPassword(c.env, c.var.user.id), 201, { 'Cache-Control': 'no-store' }),
  )
  .route(
    {
      method: 'delete',
      path: '/me/subsonic-credentials',
      summary: 'Revoke the app password',
      responses: { 204: noContent('Revoked (or there was none).') },
    },
    async (c) => {
      await revokeAppPassword(c.env, c.var.user.id);
      return c.body(null, 204);
    },
  )
  .route(
    {
      method: 'post',
      path: '/me/api-keys',
      summary: 'A new API key for Subsonic apps',
      description: 'OpenSubsonic apiKeyAuthentication: the key (shown once) goes in `apiKey=`. Keys do not expire; revoke them.',
      request: jsonBody(NewApiKey),
      responses: { 201: jsonResponse(ApiKey.extend({ key: z.string() }), 'The key.') },
    },
    async (c) => c.json(await issueApiKey(c.env, c.var.user.id, c.req.valid('json').name), 201, { 'Cache-Control': 'no-store' }),
  )
  .route(
    {
      method: 'get',
      path: '/me/api-keys',
      summary: 'Active API keys',
      responses: { 200: jsonResponse(z.object({ items: z.array(ApiKey) }), 'The keys (without their secrets).') },
    },
    async (c) => c.json({ items: await listApiKeys(c.env, c.var.user.id) }),
  )
  .route(
    {
      method: 'delete',
      path: '/me/api-keys/{id}',
      summary: 'Revoke an API key',
      request: { params: z.object({ id: z.string().min(1).max(64) }) },
      responses: { 204: noContent('Revoked.'), ...errors(404) },
    },
    async (c) => {
      await revokeApiKey(c.env, c.var.user.id, c.req.valid('param').id);
      return c.body(null, 204);
    },
  ).app;
