import { z } from 'zod';
import { allShardDbs } from '../../../../core/shards.ts';
import { jsonResponse } from '../http/responses.ts';
import { publicAccess, routeGroup } from '../http/route-group.ts';

const Up = z.enum(['ok', 'down']);
const Health = z.object({ status: z.enum(['ok', 'degraded']), workers: z.object({ api: z.literal('ok'), stream: Up }), databases: Up });

/** Ready once the stream worker and every D1 shard answer; 503 with what is down otherwise. */
export const healthRoutes = routeGroup('Health', publicAccess).route(
  {
    method: 'get',
    path: '/health',
    summary: 'Readiness',
    responses: { 200: jsonResponse(Health, 'Everything answers.'), 503: jsonResponse(Health, 'Something is down (Retry-After).') },
  },
  async (c) => {
    const check = async (probe: () => Promise<unknown>) => {
      try {
        await probe();
        return 'ok';
      } catch {
        return 'down';
      }
    };
    const [stream, ...shards] = await Promise.all([
      check(async () => {
        const res = await c.env.STREAM.fetch('https://stream.internal/media/health');
        if (!res.ok) throw new Error(String(res.status));
      }),
      ...[...allShardDbs(c.env, 'CATALOG'), ...allShardDbs(c.env, 'USERS')].map((db) => check(() => db.prepare('SELECT 1').first())),
    ]);
    const databases = shards.every((s) => s === 'ok') ? 'ok' : 'down';
    const ok = stream === 'ok' && databases === 'ok';
    return c.json({ status: ok ? 'ok' : 'degraded', workers: { api: 'ok', stream }, databases }, ok ? 200 : 503, ok ? {} : { 'Retry-After': '5' });
  },
).app;
