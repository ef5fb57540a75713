import { env, exports } from 'cloudflare:workers';
import { drizzle } from 'drizzle-orm/d1';
import { albums, artists, trackArtists, tracks } from '#core/db/catalog-schema.ts';
import { applyDiff, ServerMessage, type LiveItem } from '#core/protocol/playlist-live.ts';
import { newIdOn, shardDb } from '#core/shards.ts';
import { userObject } from '#core/user-objects.ts';
import { api, BASE, body } from './helpers.ts';
import { TestSocket } from './test-socket.ts';

export { replay } from '../../../bench/playlist-replay.ts';

/** Real catalog rows (artist, album, tracks) in one catalog shard; returns the track ids. */
export async function seedCatalog(count: number, shard = 0): Promise<{ trackIds: string[]; albumId: string; artistId: string }> {
  const db = drizzle(shardDb(env, 'CATALOG', shard));
  const artistId = newIdOn(env, 'art', shard);
  const albumId = newIdOn(env, 'alb', shard);
  const trackIds = Array.from({ length: count }, () => newIdOn(env, 'trk', shard));
  await db.insert(artists).values({ id: artistId, name: `Artist ${artistId}` });
  await db.insert(albums).values({ id: albumId, artistId, name: 'Album' });
  for (let i = 0; i < trackIds.length; i += 10) {
    const chunk = trackIds.slice(i, i + 10);
    await db
      .insert(tracks)
      .values(
        chunk.map((id, j) => ({ id, artistId, albumId, title: `Track ${i + j + 1}`, durationMs: 180_000, trackNumber: i + j + 1, status: 'ready' as const })),
      );
    await db.insert(trackArtists).values(chunk.map((id) => ({ trackId: id, artistId, artistName: `Artist ${artistId}`, position: 0 })));
  }
  return { trackIds, albumId, artistId };
}

export async function createPlaylist(token: string, json: Record<string, unknown> = { name: 'Mix' }) {
  const res = await api('/api/v1/me/playlists', { method: 'POST', token, json });
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${await res.text()}`);
  return body(res) as Promise<{ id: string; snapshot_id: string }>;
}

export async function addTracks(token: string, playlistId: string, json: Record<string, unknown>) {
  const res = await api(`/api/v1/playlists/${playlistId}/items`, { method: 'POST', token, json });
  if (res.status !== 201) throw new Error(`add failed: ${res.status} ${await res.text()}`);
  return body(res) as Promise<{ snapshot_id: string; item_ids: string[] }>;
}

/** Every item of the playlist in order, read page by page through the public API. */
export async function readAll(token: string, playlistId: string): Promise<{ snapshot_id: string; items: { item_id: string; track: { id: string } }[] }> {
  const items = [];
  let snapshot = '';
  for (let offset = 0; ; offset += 50) {
    const page = await body(await api(`/api/v1/playlists/${playlistId}/items?limit=50&offset=${offset}`, { token }));
    items.push(...page.items);
    snapshot = page.snapshot_id;
    if (!page.next) break;
  }
  return { snapshot_id: snapshot, items };
}

export const roomStub = (playlistId: string) => userObject(env.PLAYLIST_ROOMS, playlistId);

type Message<T extends ServerMessage['type']> = Extract<ServerMessage, { type: T }>;

/**
 * A live viewer as a client would be: a real WebSocket to `/live`, a list kept
 * only by applying what the server pushes, and every message kept in order.
 */
export class LiveViewer extends TestSocket<ServerMessage> {
  items: LiveItem[] = [];
  snapshotId = '';

  constructor(ws: WebSocket) {
    // Every push must match the shared protocol.
    super(ws, (data) => ServerMessage.parse(data), 'viewer');
  }

  protected override onMessage(msg: ServerMessage): void {
    if (msg.type === 'state') {
      this.items = msg.items;
      this.snapshotId = msg.snapshot_id;
    } else if (msg.type === 'change' && msg.prev_snapshot_id === this.snapshotId) {
      this.items = applyDiff(this.items, msg.diff);
      this.snapshotId = msg.snapshot_id;
    }
  }

  /** The answer to one of this socket's operations: its ack or its error. */
  async reply(reqId: string): Promise<Message<'ack'> | Message<'error'>> {
    let found: Message<'ack'> | Message<'error'> | undefined;
    await this.waitFor(() => {
      found = this.received.find((m): m is Message<'ack'> | Message<'error'> => (m.type === 'ack' || m.type === 'error') && m.req_id === reqId);
      return found !== undefined;
    }, `reply to ${reqId}`);
    return found!;
  }
}

export function upgradeLive(playlistId: string, token: string, since?: string): Promise<Response> {
  const q = new URLSearchParams({ access_token: token, ...(since ? { since } : {}) });
  return exports.default.fetch(new Request(`${BASE}/api/v1/playlists/${playlistId}/live?${q}`, { headers: { Upgrade: 'websocket' } }));
}

/** Opens `/live` and waits until the viewer holds a list (the greeting `state`, or the catch-up after `since`). */
export async function openLive(playlistId: string, token: string, since?: string, held: LiveItem[] = []): Promise<LiveViewer> {
  const res = await upgradeLive(playlistId, token, since);
  if (res.status !== 101 || !res.webSocket) throw new Error(`live failed: ${res.status} ${await res.text()}`);
  const viewer = new LiveViewer(res.webSocket);
  // A reconnecting client starts from the list it held at `since`.
  viewer.items = held;
  viewer.snapshotId = since ?? '';
  res.webSocket.accept();
  if (!since) await viewer.next('state');
  return viewer;
}
