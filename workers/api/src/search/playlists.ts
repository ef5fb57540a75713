/**
 * Seam for public playlists in search. Playlists are built by another part of
 * the API; until they are indexed, `type=playlist` answers an empty page.
 * To index them: give the playlist store an FTS5 table over public playlists'
 * names and descriptions, and return its ranked page here (same score shape as
 * shard-queries.ts, so the service can merge it like the catalog types).
 */
export async function searchPublicPlaylists(_env: Env, _match: string, _take: number): Promise<{ items: unknown[]; total: number }> {
  return { items: [], total: 0 };
}
