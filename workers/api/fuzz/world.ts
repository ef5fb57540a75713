import { env } from 'cloudflare:workers';
import { signedMasterPlaylist } from '../src/tracks/stream-url.ts';
import { api, body, registerUser, type TestSession } from '../test/helpers.ts';
import { addTracks, createPlaylist, seedCatalog } from '../test/playlist-support.ts';
import { connectDevice, type TestDevice } from '../test/player-support.ts';

export type IdentityName = 'anonymous' | 'listener' | 'artist' | 'admin';

export interface Identity {
  name: IdentityName;
  token?: string;
}

/** What the walk can name: real rows made through the API (and seeded catalog rows), so routes reach their "found" paths. */
export interface World {
  identities: Identity[];
  listener: TestSession;
  artist: TestSession & { artistId: string | null };
  other: TestSession;
  /** Refresh tokens of throwaway logins, for refresh and logout bodies. */
  spareRefreshTokens: string[];
  password: string;
  listenerEmail: string;
  trackIds: string[];
  albumId: string;
  artistId: string;
  playlistId: string;
  /** The playlist's snapshot after setup, a valid `since`. */
  snapshotId: string;
  itemIds: string[];
  /** A playlist of its own for the socket walk, so the HTTP walk's edits and deletes do not disturb it. */
  socketPlaylistId: string;
  uploadId: string;
  deviceId: string;
  device: TestDevice;
  /** A correctly signed master playlist URL (of audio that is not stored), as GET /tracks/{id} hands them out. */
  signedMedia: { path: string; query: Record<string, string> };
}

const PASSWORD = 'correct horse battery';

export async function buildWorld(): Promise<World> {
  const listenerEmail = `fuzz-listener-${crypto.randomUUID()}@example.com`;
  const listener = await registerUser('listener', listenerEmail);
  const artistSession = await registerUser('artist');
  const other = await registerUser('listener');
  const spares = await Promise.all([registerUser(), registerUser(), registerUser()]);
  // Admin comes from ADMIN_EMAILS; when the test bindings grant nobody admin the walk goes on without one.
  const adminCandidate = await registerUser('listener', 'admin@encore.local').catch(() => null);
  const admin = adminCandidate?.user.role === 'admin' ? adminCandidate : null;

  const me = await body(await api('/api/v1/me', { token: artistSession.access_token }));
  const { trackIds, albumId, artistId } = await seedCatalog(6);

  const playlist = await createPlaylist(listener.access_token, { name: 'Fuzz', collaborative: true });
  const added = await addTracks(listener.access_token, playlist.id, { track_ids: trackIds.slice(0, 4) });
  const collab = await api(`/api/v1/playlists/${playlist.id}/collaborators`, {
    method: 'POST',
    token: listener.access_token,
    json: { user_id: artistSession.user.id },
  });
  if (collab.status !== 201) throw new Error(`collaborator: ${collab.status} ${await collab.text()}`);
  const socketPlaylist = await createPlaylist(listener.access_token, { name: 'Fuzz sockets', collaborative: true });
  await addTracks(listener.access_token, socketPlaylist.id, { track_ids: trackIds.slice(0, 3) });

  const upload = await api('/api/v1/uploads', {
    method: 'POST',
    token: artistSession.access_token,
    json: { title: 'Fuzz upload', size_bytes: 1000, content_type: 'audio/mpeg' },
  });
  if (upload.status !== 201) throw new Error(`upload: ${upload.status} ${await upload.text()}`);
  const uploadId = (await body(upload)).id as string;

  const deviceId = 'fuzz-device';
  const device = await connectDevice(listener.access_token, deviceId);

  const signed = new URL((await signedMasterPlaylist(env, 'a'.repeat(64))).hls_url, 'https://encore.test');

  const identities: Identity[] = [
    { name: 'anonymous' },
    { name: 'listener', token: listener.access_token },
    { name: 'artist', token: artistSession.access_token },
    ...(admin ? [{ name: 'admin' as const, token: admin.access_token }] : []),
  ];
  return {
    identities,
    listener,
    artist: { ...artistSession, artistId: me.artist_id ?? null },
    other,
    spareRefreshTokens: spares.map((s) => s.refresh_token),
    password: PASSWORD,
    listenerEmail,
    trackIds,
    albumId,
    artistId,
    playlistId: playlist.id,
    snapshotId: added.snapshot_id,
    itemIds: added.item_ids,
    socketPlaylistId: socketPlaylist.id,
    uploadId,
    deviceId,
    device,
    signedMedia: { path: signed.pathname.replace(/^\/media\//, ''), query: Object.fromEntries(signed.searchParams) },
  };
}
