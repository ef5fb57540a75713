import { api, body, registerUser } from './helpers.ts';

/** Helpers shared by the catalog and search tests. */

let adminToken: string | undefined;

/** An admin session (ADMIN_EMAILS holds admin@encore.local); one per test file, whose storage is its own. */
export async function adminSession(): Promise<string> {
  adminToken ??= (await registerUser('listener', 'admin@encore.local')).access_token;
  return adminToken;
}

export const ndjson = (lines: (object | string)[]): string => `${lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n')}\n`;

export async function importCatalog(lines: (object | string)[], token?: string) {
  const res = await api('/api/v1/catalog/import', {
    method: 'POST',
    token: token ?? (await adminSession()),
    headers: { 'Content-Type': 'application/x-ndjson' },
    body: ndjson(lines),
  });
  return { res, json: res.status === 200 ? await body(res) : await body(res) };
}

export const artist = (id: string, name: string) => ({ type: 'artist', id, name });
export const album = (id: string, artistId: string, name: string, releaseDate = '2001-01-01') => ({
  type: 'album',
  id,
  artist_id: artistId,
  name,
  release_date: releaseDate,
});
export const track = (id: string, albumId: string | null, artistIds: string[], title: string, popularity = 50, extra: object = {}) => ({
  type: 'track',
  id,
  album_id: albumId,
  artist_ids: artistIds,
  title,
  duration_ms: 200_000,
  genre: 'rock',
  popularity,
  ...extra,
});
