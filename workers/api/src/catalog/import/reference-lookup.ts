import { shardOfId, type ShardEnv } from '#core/shards.ts';
import { inListStatements } from './multi-row.ts';

export interface KnownArtist {
  id: string;
  shard: number;
  name: string;
}

export interface KnownAlbum {
  id: string;
  shard: number;
  artistId: string;
}

/** Artists already in the catalog, by internal id (each id names its shard). */
export async function lookupArtists(env: ShardEnv, sessions: D1DatabaseSession[], ids: string[]): Promise<Map<string, KnownArtist>> {
  const byShard = new Map<number, string[]>();
  for (const id of ids) {
    const shard = shardOfId(env, 'CATALOG', id);
    byShard.set(shard, [...(byShard.get(shard) ?? []), id]);
  }
  const found = new Map<string, KnownArtist>();
  await Promise.all(
    [...byShard].map(async ([shard, shardIds]) => {
      const statements = inListStatements(sessions[shard]!, (p) => `SELECT id, name FROM artists WHERE id IN (${p})`, shardIds);
      for (const result of await sessions[shard]!.batch<{ id: string; name: string }>(statements)) {
        for (const row of result.results) found.set(row.id, { id: row.id, shard, name: row.name });
      }
    }),
  );
  return found;
}

/**
 * Albums already in the catalog, by the label's id. An album's shard follows its
 * artist, which the album id alone does not tell, so every shard is asked.
 */
export async function lookupAlbums(sessions: D1DatabaseSession[], externalIds: string[]): Promise<Map<string, KnownAlbum>> {
  const found = new Map<string, KnownAlbum>();
  if (externalIds.length === 0) return found;
  await Promise.all(
    sessions.map(async (session, shard) => {
      const statements = inListStatements(session, (p) => `SELECT id, artist_id, external_id FROM albums WHERE external_id IN (${p})`, externalIds);
      for (const result of await session.batch<{ id: string; artist_id: string; external_id: string }>(statements)) {
        for (const row of result.results) found.set(row.external_id, { id: row.id, shard, artistId: row.artist_id });
      }
    }),
  );
  return found;
}

export interface KnownTrack {
  id: string;
  shard: number;
}

/** Tracks already in the catalog, by the label's id; like albums, every shard is asked. */
export async function lookupTracks(sessions: D1DatabaseSession[], externalIds: string[]): Promise<Map<string, KnownTrack>> {
  const found = new Map<string, KnownTrack>();
  if (externalIds.length === 0) return found;
  await Promise.all(
    sessions.map(async (session, shard) => {
      const statements = inListStatements(session, (p) => `SELECT id, external_id FROM tracks WHERE external_id IN (${p})`, externalIds);
      for (const result of await session.batch<{ id: string; external_id: string }>(statements)) {
        for (const row of result.results) found.set(row.external_id, { id: row.id, shard });
      }
    }),
  );
  return found;
}
