import { FAMILY_OF_KIND, newId, newUserDataId } from '#core/ids.ts';
import type { World } from './world.ts';

/** One valid request for a route: the starting point the walk mutates, so mutations get past the first check. */
export interface Example {
  query?: Record<string, string>;
  json?: Record<string, unknown>;
  /** A body that is not JSON (NDJSON import, upload parts). */
  raw?: { body: string; type: string };
  /** More valid bodies that take other branches (a context instead of uris); mutated too. */
  alternatives?: Record<string, unknown>[];
  /** The route upgrades to a WebSocket when asked to. */
  socket?: boolean;
}

const paging = { limit: '20', offset: '0' };

/**
 * Valid examples keyed by `METHOD pattern`. A route missing here (one added
 * since) is still walked, from an empty example: the table only makes the
 * mutations reach deeper.
 */
export function examples(w: World): Record<string, Example> {
  const uri = (id: string) => `encore:track:${id}`;
  const [t0, t1, t2, t3] = w.trackIds as [string, string, string, string];
  const [i0, i1] = w.itemIds as [string, string];
  const catalogLine = (n: number) =>
    JSON.stringify({ type: 'track', id: `fz-${n}`, album_id: null, artist_ids: ['fz-artist'], title: 'Fuzz', duration_ms: 1000, popularity: 1 });
  return {
    'POST /api/v1/auth/register': {
      json: { email: `fuzz-new-${crypto.randomUUID()}@example.com`, password: w.password, display_name: 'Fuzz', role: 'listener' },
    },
    'POST /api/v1/auth/login': { json: { email: w.listenerEmail, password: w.password } },
    'POST /api/v1/auth/refresh': { json: { refresh_token: w.spareRefreshTokens[0] } },
    'POST /api/v1/auth/logout': { json: { refresh_token: w.spareRefreshTokens[1] } },
    'PUT /api/v1/me/library': {
      json: { ids: [uri(t0), w.albumId, `encore:artist:${w.artistId}`] },
      alternatives: [{ ids: [`encore:playlist:${w.playlistId}`, w.artistId] }],
    },
    'DELETE /api/v1/me/library': { json: { ids: [uri(t1)] } },
    'GET /api/v1/me/library': { query: { type: 'track', ...paging } },
    'GET /api/v1/me/library/contains': { query: { ids: `${uri(t0)},${w.albumId}` } },
    'GET /api/v1/me/tracks': { query: paging },
    'GET /api/v1/me/following': { query: { type: 'artist', ...paging } },
    'GET /api/v1/me/inbox': { query: paging },
    'GET /api/v1/me/playlists': { query: paging },
    'POST /api/v1/me/playlists': { json: { name: 'Fuzz mix', description: 'made by the fuzz walk', public: true, collaborative: false } },
    'GET /api/v1/playlists/:id': { query: paging },
    'GET /api/v1/playlists/:id/items': { query: paging },
    'GET /api/v1/playlists/:id/changes': { query: { since: w.snapshotId } },
    'PUT /api/v1/playlists/:id': { json: { name: 'Renamed', description: 'still fuzz', public: true, collaborative: true } },
    'POST /api/v1/playlists/:id/items': { json: { track_ids: [uri(t2), t3], after_item_id: i0 } },
    'DELETE /api/v1/playlists/:id/items': { json: { item_ids: [i1] } },
    'PUT /api/v1/playlists/:id/items': { json: { item_id: i0, after_item_id: null } },
    'POST /api/v1/playlists/:id/collaborators': { json: { user_id: w.other.user.id } },
    'GET /api/v1/playlists/:id/live': { query: { since: w.snapshotId }, socket: true },
    'GET /api/v1/me/player/connect': { query: { device_id: 'fuzz-2', name: 'Fuzz two', type: 'computer' }, socket: true },
    'PUT /api/v1/me/player': { json: { device_ids: [w.deviceId], play: false } },
    'PUT /api/v1/me/player/pause': { query: { device_id: w.deviceId } },
    'PUT /api/v1/me/player/play': {
      query: { device_id: w.deviceId },
      json: { uris: [uri(t0), uri(t1)], offset: { position: 1 }, position_ms: 0 },
      alternatives: [
        { context_uri: `encore:playlist:${w.playlistId}`, offset: { uri: uri(t0) } },
        { context_uri: `encore:album:${w.albumId}`, offset: { position: 0 } },
        { context_uri: `encore:artist:${w.artistId}` },
      ],
    },
    'PUT /api/v1/me/player/seek': { query: { position_ms: '1000' } },
    'PUT /api/v1/me/player/shuffle': { query: { state: 'true' } },
    'PUT /api/v1/me/player/repeat': { query: { state: 'context' } },
    'PUT /api/v1/me/player/volume': { query: { volume_percent: '50' } },
    'POST /api/v1/me/player/queue': { query: { uri: uri(t2) } },
    'POST /api/v1/me/player/report': {
      json: {
        events: [
          {
            event_id: 'fuzz-evt-1',
            track_id: t0,
            started_at: Date.now() - 120_000,
            ms_played: 60_000,
            completed: false,
            device_id: w.deviceId,
            session_id: 'fuzz-session',
            quality: 'high',
          },
        ],
      },
      alternatives: [{ events: [{ event_id: 'fuzz-evt-2', track_id: t1, started_at: new Date(Date.now() - 60_000).toISOString(), ms_played: 31_000 }] }],
    },
    'GET /api/v1/me/player/recently-played': { query: { limit: '10', before: String(Date.now()) } },
    'GET /api/v1/charts/trending': { query: { region: 'US', limit: '10' } },
    'GET /api/v1/artists/:id/royalties': { query: { month: '2026-01' } },
    'GET /api/v1/artists/:id/albums': { query: paging },
    'GET /api/v1/albums/:id/tracks': { query: paging },
    'POST /api/v1/catalog/import': {
      raw: { body: `${JSON.stringify({ type: 'artist', id: 'fz-artist', name: 'Fuzz Artist' })}\n${catalogLine(1)}\n`, type: 'application/x-ndjson' },
    },
    'GET /api/v1/search': { query: { q: 'track', type: 'track,artist,album,playlist', limit: '10', offset: '0' } },
    'POST /api/v1/uploads': {
      json: {
        title: 'Fuzz upload',
        size_bytes: 1000,
        content_type: 'audio/mpeg',
        album: 'Fuzz',
        genre: 'rock',
        track_number: 1,
        explicit: false,
        release_date: '2026-01-01',
      },
    },
    'GET /media/*': { query: w.signedMedia.query },
    'PUT /api/v1/tracks/:id/lyrics': { raw: { body: '[ti:Fuzz]\n[00:01.00][00:09.50]Fuzz line\n', type: 'text/plain' } },
    'PUT /api/v1/uploads/:id/parts/:n': { raw: { body: 'ID3'.padEnd(1000, '\u0001'), type: 'application/octet-stream' } },
  };
}

/** Real values for a parameter, chosen by the resource it names (the segment before it). */
export function realValues(w: World, resource: string | undefined, param: string): string[] {
  if (param === 'n') return ['1'];
  switch (resource) {
    case 'playlists':
      return [w.playlistId];
    case 'uploads':
      return [w.uploadId];
    case 'tracks':
      return [w.trackIds[0]!];
    case 'artists':
      return [w.artistId, ...(w.artist.artistId ? [w.artist.artistId] : [])];
    case 'albums':
      return [w.albumId];
    case 'collaborators':
    case 'users':
    case 'followers':
      return [w.artist.user.id];
    case 'items':
      return [w.itemIds[0]!];
    case 'devices':
      return [w.deviceId];
    case 'media':
      return MEDIA_PATHS(w);
    default:
      return [w.trackIds[0]!];
  }
}

/**
 * Well-formed ids that name nothing, so the "not found" paths run too: one in
 * a real shard, and ids of the right kind in shards that do not exist.
 */
export function unknownValues(resource: string | undefined, param: string): string[] {
  if (param === 'n') return ['99999', '0', '10001'];
  const kinds: Record<string, Parameters<typeof newId>[0]> = {
    playlists: 'pl',
    uploads: 'upl',
    tracks: 'trk',
    artists: 'art',
    albums: 'alb',
    collaborators: 'usr',
    users: 'usr',
    items: 'itm',
  };
  const kind = kinds[resource ?? ''] ?? 'trk';
  const wellFormed = FAMILY_OF_KIND[kind] === 'USERS' ? [newUserDataId(kind, 'eu', 1), newUserDataId(kind, 'us', 7)] : [newId(kind, 1), newId(kind, 7)];
  return [...wellFormed, `${kind}99999999999999999999999_${'A'.repeat(16)}`];
}

/**
 * Paths under the media catch-all, the signed one first (its query is the
 * route's example, so query mutations forge exp, kid and sig from a valid
 * base); then other shapes the stream worker serves or must not expose.
 */
function MEDIA_PATHS(w: World): string[] {
  return [
    w.signedMedia.path,
    `hls/${'a'.repeat(64)}/128k/segment-1.m4s`,
    `hls/${'a'.repeat(64)}/../../sources/${w.uploadId}`,
    `sources/${w.uploadId}`,
    `ingest/hls/${'b'.repeat(64)}/seg.m4s`,
    `%69ngest/hls/${'b'.repeat(64)}/seg.m4s`,
    'health',
  ];
}
