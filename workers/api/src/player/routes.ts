import type { RouteConfig } from '@hono/zod-openapi';
import { z } from 'zod';
import { BadRequest, Unprocessable, UpgradeRequired } from '#core/errors.ts';
import { DeviceView, PlayerView, QueueView } from '#core/protocol/connect.ts';
import type { AuthedEnv } from '../auth/middleware.ts';
import { errors } from '../http/error-responses.ts';
import { jsonBody, jsonResponse, noContent } from '../http/responses.ts';
import { authenticated, routeGroup } from '../http/route-group.ts';
import { EPISODE_URI, resolveEpisode } from './resolve-episode.ts';
import { resolveContext, resolveTrackIds, trackIdOf } from './resolve-tracks.ts';
import { ConnectQuery, DeviceQuery, PlayBody, QueueQuery, RepeatQuery, SeekQuery, ShuffleQuery, TransferBody, VolumeQuery } from './schemas.ts';
import { deviceSession, runCommand } from './session.ts';
import { ACCESS_TOKEN_HEADER } from '#core/protocol/reauth.ts';
import type { LoadCommand, QueueEntry, SessionCommand } from '#do/device-session.ts';

/** A playback command: 204 once the DeviceSession has applied it. */
const command = <M extends 'put' | 'post', P extends string, Q extends RouteConfig['request'] = undefined>(
  method: M,
  path: P,
  summary: string,
  request?: Q,
) => ({
  method,
  path: `/me/player${path}` as `/me/player${P}`,
  summary,
  request: request as Q,
  responses: { 204: noContent('Done.'), ...errors(404, 409) },
});

/**
 * `/api/v1/me/player`: the listener's devices and playback, Spotify Web API
 * style. Every route talks to the listener's DeviceSession; commands answer 204.
 */
export const playerRoutes = routeGroup<AuthedEnv>('Player', authenticated())
  .route(
    {
      method: 'get',
      path: '/me/player/connect',
      summary: 'Connect a device (WebSocket)',
      description:
        'A WebSocket upgrade: browsers pass the token as `access_token` in the query. Messages: the Connect protocol (hello, commands, state pushes).',
      request: { query: ConnectQuery },
      responses: { 101: { description: 'Switching protocols: the device socket.' }, ...errors(426) },
    },
    async (c) => {
      if (c.req.header('Upgrade')?.toLowerCase() !== 'websocket') throw new UpgradeRequired('This endpoint is a WebSocket: connect with Upgrade: websocket.');
      const { device_id, name, type } = c.req.valid('query');
      const url = new URL('https://device-session/connect');
      url.search = new URLSearchParams({ device_id, name, type }).toString();
      return deviceSession(c.env, c.var.user.id).fetch(new Request(url, { headers: { Upgrade: 'websocket', [ACCESS_TOKEN_HEADER]: c.var.accessToken } }));
    },
  )
  .route(
    {
      method: 'get',
      path: '/me/player/devices',
      summary: 'Connected devices',
      responses: { 200: jsonResponse(z.object({ devices: z.array(DeviceView) }), 'The devices.') },
    },
    async (c) => c.json({ devices: await deviceSession(c.env, c.var.user.id).devices() }),
  )
  .route(
    {
      method: 'get',
      path: '/me/player',
      summary: 'Playback state',
      responses: { 200: jsonResponse(PlayerView, 'What is playing, where.'), 204: noContent('Nothing is loaded.') },
    },
    async (c) => {
      const player = await deviceSession(c.env, c.var.user.id).player();
      return player ? c.json(player) : c.body(null, 204);
    },
  )
  .route(command('put', '', 'Transfer playback to a device', jsonBody(TransferBody)), async (c) => {
    const { device_ids, play } = c.req.valid('json');
    if (device_ids.length > 1) throw new BadRequest('Only one device id is supported.', 'single_device_only');
    return run(c.env, c.var.user.id, { action: 'transfer', device_id: device_ids[0]!, play });
  })
  .route(command('put', '/play', 'Play or resume (tracks, a context, or one podcast episode)', { query: DeviceQuery, ...jsonBody(PlayBody) }), async (c) => {
    const { device_id } = c.req.valid('query');
    const body = c.req.valid('json');
    const load = await loadCommand(c.env, c.var.user.id, body, device_id);
    return run(c.env, c.var.user.id, load ?? { action: 'play', device_id, position_ms: body.position_ms });
  })
  .route(command('put', '/pause', 'Pause'), async (c) => run(c.env, c.var.user.id, { action: 'pause' }))
  .route(command('post', '/next', 'Skip to the next track'), async (c) => run(c.env, c.var.user.id, { action: 'next' }))
  .route(command('post', '/previous', 'Back to the previous track'), async (c) => run(c.env, c.var.user.id, { action: 'previous' }))
  .route(command('put', '/seek', 'Seek', { query: SeekQuery }), async (c) =>
    run(c.env, c.var.user.id, { action: 'seek', position_ms: c.req.valid('query').position_ms }),
  )
  .route(command('put', '/shuffle', 'Shuffle on or off', { query: ShuffleQuery }), async (c) =>
    run(c.env, c.var.user.id, { action: 'shuffle', state: c.req.valid('query').state }),
  )
  .route(command('put', '/repeat', 'Repeat mode', { query: RepeatQuery }), async (c) =>
    run(c.env, c.var.user.id, { action: 'repeat', state: c.req.valid('query').state }),
  )
  .route(command('put', '/volume', 'Volume', { query: VolumeQuery }), async (c) =>
    run(c.env, c.var.user.id, { action: 'volume', volume_percent: c.req.valid('query').volume_percent }),
  )
  .route(command('post', '/queue', 'Add a track to the queue', { query: QueueQuery }), async (c) => {
    const [entry] = await resolveTrackIds(c.env, [trackIdOf(c.req.valid('query').uri)]);
    return run(c.env, c.var.user.id, { action: 'enqueue', entry: entry! });
  })
  .route(
    { method: 'get', path: '/me/player/queue', summary: 'What plays now and next', responses: { 200: jsonResponse(QueueView, 'The queue.') } },
    async (c) => c.json(await deviceSession(c.env, c.var.user.id).upcoming()),
  ).app;

/** Commands answer 204 No Content, as Spotify's do. */
async function run(env: Env, userId: string, command: SessionCommand): Promise<Response> {
  await runCommand(env, userId, command);
  return new Response(null, { status: 204 });
}

/** Play with uris or a context loads new tracks (or an episode, at the caller's resume point); without either it resumes what is loaded. */
async function loadCommand(env: Env, userId: string, body: PlayBody, deviceId: string | undefined): Promise<LoadCommand | null> {
  const episodeId = body.uris?.[0]?.match(EPISODE_URI)?.[1];
  if (episodeId) {
    const { entry, resumeAtMs } = await resolveEpisode(env, userId, episodeId);
    return { action: 'load', device_id: deviceId, tracks: [entry], context_uri: null, offset: 0, position_ms: body.position_ms ?? resumeAtMs };
  }
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
