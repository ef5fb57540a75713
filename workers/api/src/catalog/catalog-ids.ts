import { legacyId, newId, newIdBeside, stableSuffix } from '#core/ids.ts';
import { placeOnVirtualShard } from '#core/shards.ts';

/**
 * Internal ids of imported records follow from the label's external ids, so a
 * re-import lands on the same rows (upsert) instead of creating new ones.
 * An artist's virtual shard is a hash of its external id (placeOnVirtualShard,
 * independent of the shard map); its albums and tracks follow it.
 */
export function artistVirtualShardFor(externalId: string): number {
  return placeOnVirtualShard('CATALOG', externalId);
}

/** The id an artist gets, and the legacy-form id an import before virtual shards gave it (one of them may exist). */
export async function importedArtistIds(externalId: string): Promise<{ id: string; legacy: string }> {
  const virtualShard = artistVirtualShardFor(externalId);
  const suffix = await stableSuffix(`artist:${externalId}`);
  return { id: newId('art', virtualShard, suffix), legacy: legacyId('art', virtualShard, suffix) };
}

/** Albums and tracks take the form of the artist (or album) they live beside, so a re-import reproduces legacy ids. */
export async function importedAlbumId(externalId: string, artistId: string): Promise<string> {
  return newIdBeside('alb', artistId, await stableSuffix(`album:${externalId}`));
}

export async function importedTrackId(externalId: string, besideId: string): Promise<string> {
  return newIdBeside('trk', besideId, await stableSuffix(`track:${externalId}`));
}

export const uri = (kind: 'artist' | 'album' | 'track' | 'playlist', id: string): string => `encore:${kind}:${id}`;
