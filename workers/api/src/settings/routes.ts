import { z } from 'zod';
import type { AuthedEnv } from '../auth/middleware.ts';
import { jsonBody, jsonResponse } from '../http/responses.ts';
import { authenticated, routeGroup } from '../http/route-group.ts';
import { readPrivateSession, writePrivateSession } from './private-session.ts';

const Settings = z.object({ private_session: z.boolean() });
/** Strict: a field this endpoint does not know (a `user_id`, say) is refused rather than ignored; settings are only ever the caller's. */
const SettingsBody = z.strictObject({ private_session: z.boolean() });

const privateSessionHelp =
  "While `private_session` is true the caller is absent from everyone's friend activity, and what they play meanwhile never shows there later.";

/** `/api/v1/me/settings`: the caller's own settings (the token names whose; there is no way to name another user). */
export const settingsRoutes = routeGroup<AuthedEnv>('Settings', authenticated())
  .route(
    {
      method: 'get',
      path: '/me/settings',
      summary: "The caller's settings",
      description: privateSessionHelp,
      responses: { 200: jsonResponse(Settings, 'The settings.') },
    },
    async (c) => c.json({ private_session: await readPrivateSession(c.env, c.var.user.id) }),
  )
  .route(
    {
      method: 'put',
      path: '/me/settings',
      summary: "Change the caller's settings",
      description: privateSessionHelp,
      request: jsonBody(SettingsBody),
      responses: { 200: jsonResponse(Settings, 'The settings now.') },
    },
    async (c) => c.json({ private_session: await writePrivateSession(c.env, c.var.user.id, c.req.valid('json').private_session) }),
  ).app;
