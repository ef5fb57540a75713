import { Hono } from 'hono';
import { BadRequest, Unprocessable, UpgradeRequired } from '../../../../core/errors.ts';
import { validate } from '../../../../core/http/validation.ts';
import { requireAuth, type AuthedEnv } from '../auth/middleware.ts';
import { resolveContext, resolveTrackIds, trackIdOf } from './resolve-tracks.ts';
import { ConnectQuery, DeviceQuery, PlayBody, QueueQuery, RepeatQuery, SeekQuery, ShuffleQuery, TransferBody, VolumeQuery } from './schemas.ts';
import { deviceSession, runCommand } from './session.ts';
import { ACCESS_TOKEN_HEADER } from '../../../../core/protocol/reauth.ts';
import type { LoadCommand, QueueEntry, SessionCommand } from '../../../../durable-objects/device-session.ts';

/**
 * `/api/v1/me/player`: the listener's devices and playback, Spotify Web API
 * style. Every route talks to the listener's DeviceSession; commands answer 204.
 */
export const playerRoutes = new Hono<AuthedEnv>()
  .use(requireAuth)
  .get('/connect', validate('query', ConnectQuery), async (c) => {
    if (c.req.header('Upgrade')?.toLowerCase() !== 'websocket') throw new UpgradeRequired('This endpoint is a WebSocket: connect with Upgrade: websocket.');
    const { device_id, name, type } = c.req.valid('query');
    const url = new URL('https://device-session/connect');
    url.search = new URLSearchParams({ device_id, name, type }).toString();
    return deviceSession(c.env, c.var.user.id).fetch(new Request(url, { headers: { Upgrade: 'websocket', [ACCESS_TOKEN_HEADER]: c.var.accessToken } }));
  })
  .get('/devices', async (c) => c.json({ devices: await deviceSession(c.env, c.var.user.id).devices() }))
  .get('/', async (c) => {
    const player = await deviceSession(c.env, c.var.user.id).player();
    return player ? c.json(player) : c.body(null, 204);
  })
  .put('/', validate('json', TransferBody), async (c) => {
    const { device_ids, play } = c.req.valid('json');
    if (device_ids.length > 1) throw new BadRequest('Only one device id is supported.', 'single_device_only');
    return run(c.env, c.var.user.id, { action: 'transfer', device_id: device_ids[0]!, play });
  })
  .put('/play', validate('query', DeviceQuery), validate('json', PlayBody), async (c) => {
    const { device_id } = c.req.valid('query');
    const body = c.req.valid('json');
    const load = await loadCommand(c.env, c.var.user.id, body, device_id);
    return run(c.env, c.var.user.id, load ?? { action: 'play', device_id, position_ms: body.position_ms });
  })
  .put('/pause', async (c) => run(c.env, c.var.user.id, { action: 'pause' }))
  .post('/next', async (c) => run(c.env, c.var.user.id, { action: 'next' }))
  .post('/previous', async (c) => run(c.env, c.var.user.id, { action: 'previous' }))
  .put('/seek', validate('query', SeekQuery), async (c) => run(c.env, c.var.user.id, { action: 'seek', position_ms: c.req.valid('query').position_ms }))
  .put('/shuffle', validate('query', ShuffleQuery), async (c) => run(c.env, c.var.user.id, { action: 'shuffle', state: c.req.valid('query').state }))
  .put('/repeat', validate('query', RepeatQuery), async (c) => run(c.env, c.var.user.id, { action: 'repeat', state: c.req.valid('query').state }))
  .put('/volume', validate('query', VolumeQuery), async (c) => run(c.env, c.var.user.id, { action: 'volume', volume_percent: c.req.valid('query').volume_percent }))
  .post('/queue', validate('query', QueueQuery), async (c) => {
    const [entry] = await resolveTrackIds(c.env, [trackIdOf(c.req.valid('query').uri)]);
    return run(c.env, c.var.user.id, { action: 'enqueue', entry: entry! });
  })
  .get('/queue', async (c) => c.json(await deviceSession(c.env, c.var.user.id).upcoming()));

/** Commands answer 204 No Content, as Spotify's do. */
async function run(env: Env, userId: string, command: SessionCommand): Promise<Response> {
  await runCommand(env, userId, command);
  return new Response(null, { status: 204 });
}

/** Play with uris or a context loads new tracks; without either it resumes what is loaded. */
async function loadCommand(env: Env, userId: string, body: PlayBody, deviceId: string | undefined): Promise<LoadCommand | null> {
  let tracks: QueueEntry[];
  if (body.uris) tracks = await resolveTrackIds(env, body.uris.map(trackIdOf));
  else if (body.context_uri) tracks = await resolveContext(env, userId, body.context_uri);
  else return null;
  let offset = 0;
  if (body.offset && 'position' in body.offset) offset = body.offset.position;
  if (body.offset && 'uri' in body.offset) {
    const uri = body.offset.uri;
    offset = tracks.findIndex((t) => t.uri === uri);
    if (offset < 0) throw new Unprocessable(`offset.uri ${uri} is not among the tracks to play.`, 'invalid_offset');
  }
  if (offset >= tracks.length) throw new Unprocessable(`offset.position ${offset} is past the last of ${tracks.length} tracks.`, 'invalid_offset');
  return { action: 'load', device_id: deviceId, tracks, context_uri: body.context_uri ?? null, offset, position_ms: body.position_ms };
}
