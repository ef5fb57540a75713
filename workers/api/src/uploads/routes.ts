import { Hono } from 'hono';
import type { AuthedEnv } from '../auth/middleware.ts';

export const uploadRoutes = new Hono<AuthedEnv>();
