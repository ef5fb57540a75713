import { Hono } from 'hono';
import { validate } from '../../../../core/http/validation.ts';
import { clientAddress } from './attempt-limits.ts';
import { LoginBody, LogoutBody, RefreshBody, RegisterBody } from './schemas.ts';
import { login, logout, refresh, register } from './service.ts';

export const authRoutes = new Hono<{ Bindings: Env }>()
  .post('/register', validate('json', RegisterBody), async (c) => c.json(await register(c.env, c.req.valid('json'), clientAddress(c.req.raw)), 201))
  .post('/login', validate('json', LoginBody), async (c) => c.json(await login(c.env, c.req.valid('json'), clientAddress(c.req.raw))))
  .post('/refresh', validate('json', RefreshBody), async (c) => c.json(await refresh(c.env, c.req.valid('json').refresh_token)))
  // No access token needed: the refresh token is the credential that ends, and the access token may have expired already.
  .post('/logout', validate('json', LogoutBody), async (c) => {
    await logout(c.env, c.req.valid('json').refresh_token);
    return c.body(null, 204);
  });
