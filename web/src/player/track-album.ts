import { api } from '../api.ts';
import type { AlbumRef, Track } from '../types.ts';

/** Albums of tracks already looked up; a listening session plays few distinct tracks. */
const albums = new Map<string, Promise<AlbumRef | null>>();
const KEPT = 50;

/**
 * The album (name and covers) of a track the player holds. Device-session
 * pushes name tracks without their album, so it is read once per track from
 * `GET /tracks/{id}`; null when the track has none or cannot be read (offline).
 */
export function albumOf(trackId: string): Promise<AlbumRef | null> {
  let album = albums.get(trackId);
  if (!album) {
    album = api<Track>('GET', `/api/v1/tracks/${encodeURIComponent(trackId)}`)
      .then((t) => t.album ?? null)
      .catch(() => {
        albums.delete(trackId);
        return null;
      });
    albums.set(trackId, album);
    if (albums.size > KEPT) albums.delete(albums.keys().next().value!);
  }
  return album;
}
