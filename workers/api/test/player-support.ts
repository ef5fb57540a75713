import { env, exports } from 'cloudflare:workers';
import { newIdOn } from '#core/shards.ts';
import { userObject } from '#core/user-objects.ts';
import { ServerMessage } from '#core/protocol/connect.ts';
import { BASE } from './helpers.ts';
import { TestSocket } from './test-socket.ts';

/**
 * A device as a test drives it: a real WebSocket to the listener's session,
 * every push validated against the shared protocol and kept in arrival order.
 */
export class TestDevice extends TestSocket<ServerMessage> {
  constructor(
    readonly id: string,
    ws: WebSocket,
  ) {
    super(ws, (data) => ServerMessage.parse(data), id);
  }
}

export function connectUrl(params: Record<string, string>): string {
  return `${BASE}/api/v1/me/player/connect?${new URLSearchParams(params)}`;
}

export function upgrade(url: string, headers: Record<string, string> = {}): Promise<Response> {
  return exports.default.fetch(new Request(url, { headers: { Upgrade: 'websocket', ...headers } }));
}

/** Connects a device and waits for the session's greeting (its first `state`). */
export async function connectDevice(token: string, id: string, type = 'computer'): Promise<TestDevice> {
  const res = await upgrade(connectUrl({ device_id: id, name: `${id} (${type})`, type, access_token: token }));
  if (res.status !== 101 || !res.webSocket) throw new Error(`connect failed: ${res.status} ${await res.text()}`);
  res.webSocket.accept();
  const device = new TestDevice(id, res.webSocket);
  await device.next('state');
  return device;
}

export function sessionStub(userId: string) {
  return userObject(env.DEVICE_SESSIONS, userId);
}

export interface SeededTrack {
  id: string;
  uri: string;
  artistId: string;
}

/**
 * Real catalog rows in one catalog shard: `artists` artists with `perArtist`
 * tracks each, listed artist by artist (the clumped order shuffle has to spread).
 */
export async function seedTracks({
  shard = 1,
  artists = 2,
  perArtist = 3,
  durationMs = 200_000,
  albumId,
}: {
  shard?: number;
  artists?: number;
  perArtist?: number;
  durationMs?: number;
  albumId?: string;
} = {}): Promise<SeededTrack[]> {
  const db = (env as unknown as Record<string, D1Database>)[`CATALOG_${shard}`]!;
  const statements: D1PreparedStatement[] = [];
  const tracks: SeededTrack[] = [];
  for (let a = 0; a < artists; a++) {
    const artistId = newIdOn(env, 'art', shard);
    statements.push(db.prepare('INSERT INTO artists (id, name) VALUES (?, ?)').bind(artistId, `Artist ${a}`));
    if (albumId && a === 0) statements.push(db.prepare('INSERT INTO albums (id, artist_id, name) VALUES (?, ?, ?)').bind(albumId, artistId, 'Album'));
    for (let t = 0; t < perArtist; t++) {
      const id = newIdOn(env, 'trk', shard);
      const number = a * perArtist + t + 1;
      statements.push(
        db
          .prepare("INSERT INTO tracks (id, artist_id, album_id, title, duration_ms, track_number, status) VALUES (?, ?, ?, ?, ?, ?, 'ready')")
          .bind(id, artistId, albumId ?? null, `Track ${number}`, durationMs, number),
      );
      tracks.push({ id, uri: `encore:track:${id}`, artistId });
    }
  }
  await db.batch(statements);
  return tracks;
}
