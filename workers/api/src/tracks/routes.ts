import { Hono } from 'hono';

export const trackRoutes = new Hono<{ Bindings: Env }>();
