import type { ReshardableFamily } from '#core/shards.ts';

/**
 * The tables a reshard moves, per family, in copy order (parents before children,
 * so the FTS triggers of migrations/catalog/0003 index each copied row with its
 * artists). A row belongs to the virtual shard of its `owner` column's id; `all`
 * tables hold per-database rows (a month closed on this database) that the target
 * must also have, copied whole and never deleted. Tables left out are global
 * (charts and the featured-playlists index, on CATALOG_0 by shard number), derived
 * (search_terms: rebuilt; genre_track_counts: by trigger on tracks), or the
 * platform's own (d1_migrations, shard_map_state). fingerprint_keys is placed
 * by key, not by an id (core/catalog/fingerprint-index.ts), so no reshard moves
 * it: after one, keys whose virtual shard moved are found again only once
 * re-indexed (a lookup misses them, it never holds wrongly). A table added to
 * the catalog belongs in one of these groups.
 */
export type OwnedTable = { table: string; owner: string } | { table: string; all: true };

export const OWNED_TABLES: Record<ReshardableFamily, OwnedTable[]> = {
  CATALOG: [
    { table: 'artists', owner: 'id' },
    { table: 'albums', owner: 'id' },
    { table: 'tracks', owner: 'id' },
    { table: 'track_artists', owner: 'track_id' },
    { table: 'track_lyrics', owner: 'track_id' },
    { table: 'track_fingerprints', owner: 'track_id' },
    { table: 'artist_followers', owner: 'artist_id' },
    { table: 'shows', owner: 'id' },
    { table: 'episodes', owner: 'id' },
    { table: 'uploads', owner: 'id' },
    { table: 'upload_parts', owner: 'upload_id' },
    { table: 'stream_ledger', owner: 'track_id' },
    { table: 'track_daily_streams', owner: 'track_id' },
    { table: 'track_region_hourly_streams', owner: 'track_id' },
    { table: 'royalty_months', all: true },
    { table: 'royalty_statements', owner: 'artist_id' },
  ],
};

export function ownedTable(family: ReshardableFamily, table: string): OwnedTable | undefined {
  return OWNED_TABLES[family].find((t) => t.table === table);
}
