import { errors } from '../http/error-responses.ts';
import { requestCountry } from '../http/request-country.ts';
import { jsonBody, jsonResponse, noContent } from '../http/responses.ts';
import { publicAccess, routeGroup } from '../http/route-group.ts';
import { clientAddress } from './attempt-limits.ts';
import { LoginBody, LogoutBody, RefreshBody, RegisterBody, SessionResponse } from './schemas.ts';
import { login, logout, refresh, register } from './service.ts';

/** `/api/v1/auth`: public by nature, the credentials are in the bodies. */
export const authRoutes = routeGroup('Auth', publicAccess)
  .route(
    {
      method: 'post',
      path: '/auth/register',
      summary: 'Create an account',
      request: jsonBody(RegisterBody),
      responses: { 201: jsonResponse(SessionResponse, 'The new account, signed in.'), ...errors(409, 429) },
    },
    async (c) => c.json(await register(c.env, c.req.valid('json'), clientAddress(c.req.raw), requestCountry(c.req.raw)), 201),
  )
  .route(
    {
      method: 'post',
      path: '/auth/login',
      summary: 'Sign in',
      request: jsonBody(LoginBody),
      responses: { 200: jsonResponse(SessionResponse, 'Signed in.'), ...errors(401, 429) },
    },
    async (c) => c.json(await login(c.env, c.req.valid('json'), clientAddress(c.req.raw), requestCountry(c.req.raw))),
  )
  .route(
    {
      method: 'post',
      path: '/auth/refresh',
      summary: 'Trade a refresh token for a new session',
      request: jsonBody(RefreshBody),
      responses: { 200: jsonResponse(SessionResponse, 'A new access and refresh token.'), ...errors(401) },
    },
    async (c) => c.json(await refresh(c.env, c.req.valid('json').refresh_token)),
  )
  // No access token needed: the refresh token is the credential that ends, and the access token may have expired already.
  .route(
    { method: 'post', path: '/auth/logout', summary: 'End a login', request: jsonBody(LogoutBody), responses: { 204: noContent('The login is over.') } },
    async (c) => {
      await logout(c.env, c.req.valid('json').refresh_token);
      return c.body(null, 204);
    },
  ).app;
