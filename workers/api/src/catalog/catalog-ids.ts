import { newId, stableSuffix } from '#core/ids.ts';
import { hashToShard } from '#core/shards.ts';

/**
 * Internal ids of imported records follow from the label's external ids, so a
 * re-import lands on the same rows (upsert) instead of creating new ones.
 * An artist's shard is a hash of its external id; its albums and tracks follow it.
 */
export function artistShardFor(externalId: string, shardCount: number): number {
  return hashToShard(externalId, shardCount);
}

export async function importedArtistId(externalId: string, shard: number): Promise<string> {
  return newId('art', shard, await stableSuffix(`artist:${externalId}`));
}

export async function importedAlbumId(externalId: string, shard: number): Promise<string> {
  return newId('alb', shard, await stableSuffix(`album:${externalId}`));
}

export async function importedTrackId(externalId: string, shard: number): Promise<string> {
  return newId('trk', shard, await stableSuffix(`track:${externalId}`));
}

export const uri = (kind: 'artist' | 'album' | 'track' | 'playlist', id: string): string => `encore:${kind}:${id}`;
