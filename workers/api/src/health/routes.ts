import { z } from 'zod';
import { allShardDbs } from '#core/shards.ts';
import { jsonResponse } from '../http/responses.ts';
import { publicAccess, routeGroup } from '../http/route-group.ts';

const Up = z.enum(['ok', 'down']);
const Health = z.object({
  status: z.enum(['ok', 'degraded']),
  workers: z.object({ api: z.literal('ok'), stream: Up, transcode_queue: Up }),
  databases: Up,
  /** The media transcoder (a Container in production), as the transcode-queue worker reaches it; down too when that worker does not answer. */
  transcoder: Up,
});

/** What the transcode-queue worker says of the transcoder (workers/transcode-queue/src/transcoder-health.ts). */
const TranscoderHealth = z.object({ transcoder: Up });

/** Ready once the stream and transcode-queue workers, every D1 shard and the transcoder answer; 503 with what is down otherwise. */
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
    const [transcoding, stream, ...shards] = await Promise.all([
      transcodingHealth(c.env),
      check(async () => {
        const res = await c.env.STREAM.fetch('https://stream.internal/media/health');
        if (!res.ok) throw new Error(String(res.status));
      }),
      ...[...allShardDbs(c.env, 'CATALOG'), ...allShardDbs(c.env, 'USERS')].map((db) => check(() => db.prepare('SELECT 1').first())),
    ]);
    const databases = shards.every((s) => s === 'ok') ? 'ok' : 'down';
    const { transcodeQueue, transcoder } = transcoding;
    const ok = stream === 'ok' && databases === 'ok' && transcodeQueue === 'ok' && transcoder === 'ok';
    const body = { status: ok ? 'ok' : 'degraded', workers: { api: 'ok', stream, transcode_queue: transcodeQueue }, databases, transcoder } as const;
    return c.json(body, ok ? 200 : 503, ok ? {} : { 'Retry-After': '5' });
  },
).app;

/** The transcode-queue worker, and through it the transcoder: only that worker knows TRANSCODER_URL. */
async function transcodingHealth(env: Env) {
  try {
    const res = await env.TRANSCODE_WORKER.fetch('https://transcode-queue.internal/health');
    const answer = TranscoderHealth.safeParse(await res.json().catch(() => null));
    return answer.success ? ({ transcodeQueue: 'ok', transcoder: answer.data.transcoder } as const) : ({ transcodeQueue: 'down', transcoder: 'down' } as const);
  } catch {
    return { transcodeQueue: 'down', transcoder: 'down' } as const;
  }
}
