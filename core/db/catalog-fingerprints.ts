import { blob, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { tracks } from './catalog-schema.ts';

/**
 * Acoustic fingerprints of ready tracks (core/fingerprint), migration 0021.
 * Each track's raw Chromaprint fingerprint lives on the track's own shard.
 */
export const trackFingerprints = sqliteTable('track_fingerprints', {
  trackId: text('track_id')
    .primaryKey()
    .references(() => tracks.id),
  /** The raw sub-fingerprints, 4 little-endian bytes each (core/fingerprint/codec.ts). */
  raw: blob('raw').notNull(),
});

/**
 * The inverted index that finds candidates without scanning the catalog: a
 * lookup key (core/fingerprint/lookup-keys.ts) → the tracks whose fingerprints
 * have it. A key's rows live on the shard the key picks, not the track's, so a
 * lookup asks each shard only for its own keys.
 */
export const fingerprintKeys = sqliteTable(
  'fingerprint_keys',
  {
    key: integer('key').notNull(),
    trackId: text('track_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.key, t.trackId] })],
);
