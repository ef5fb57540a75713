import { fingerprintFromBytes, fingerprintToBytes, type RawFingerprint } from '../fingerprint/codec.ts';
import { type Alignment, matchFingerprints } from '../fingerprint/compare.ts';
import { lookupKeys, MIN_SHARED_KEYS, QUERY_KEYS, STORED_KEYS } from '../fingerprint/lookup-keys.ts';
import { VIRTUAL_SHARDS } from '../ids.ts';
import { groupByShard, type ShardEnv, shardDb, shardOf, shardOfVirtual } from '../shards.ts';

/**
 * Acoustic fingerprints of ready tracks, and the lookup that finds the ones an
 * upload's audio matches without scanning the catalog. Each track's fingerprint
 * sits on its own shard (track_fingerprints); its lookup keys are spread over
 * the shards by key (fingerprint_keys), so a lookup asks each shard one batch of
 * at most QUERY_KEYS point reads of at most ROWS_PER_KEY rows, compares the
 * MAX_CANDIDATES tracks that share the most keys in full, and is bounded
 * however large the catalog grows.
 */

/** Rows read per key: a key many tracks share (silence, a common chord) says little, and is cut off here. */
const ROWS_PER_KEY = 200;
/** Tracks compared in full per lookup, those sharing the most keys with the upload. */
const MAX_CANDIDATES = 12;

export interface Recording {
  trackId: string;
  title: string;
  artistId: string;
  artistName: string;
  alignment: Alignment;
}

/** The shard a lookup key's rows live on. */
const shardOfKey = (env: ShardEnv, key: number): number => shardOfVirtual(env, 'CATALOG', key % VIRTUAL_SHARDS);

/** Stores a ready track's fingerprint on its shard and its keys on theirs. Repeating it changes nothing. */
export async function indexFingerprint(env: ShardEnv, trackId: string, fingerprint: RawFingerprint): Promise<void> {
  await storeFingerprint(env, trackId, fingerprint);
  const byShard = new Map<number, number[]>();
  for (const key of lookupKeys(fingerprint, STORED_KEYS)) {
    const shard = shardOfKey(env, key);
    byShard.set(shard, [...(byShard.get(shard) ?? []), key]);
  }
  await Promise.all(
    [...byShard].map(([shard, keys]) => {
      const db = shardDb(env, 'CATALOG', shard);
      return db.batch(keys.map((key) => db.prepare('INSERT OR IGNORE INTO fingerprint_keys (key, track_id) VALUES (?, ?)').bind(key, trackId)));
    }),
  );
}

/** Keeps a fingerprint beside its track (a held one, until its release indexes it) without making it findable. */
export async function storeFingerprint(env: ShardEnv, trackId: string, fingerprint: RawFingerprint): Promise<void> {
  const bytes = fingerprintToBytes(fingerprint);
  await trackDb(env, trackId)
    .prepare('INSERT OR REPLACE INTO track_fingerprints (track_id, raw) VALUES (?, ?)')
    .bind(trackId, bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength))
    .run();
}

export async function loadFingerprint(env: ShardEnv, trackId: string): Promise<RawFingerprint | null> {
  const row = await trackDb(env, trackId).prepare('SELECT raw FROM track_fingerprints WHERE track_id = ?').bind(trackId).first<{ raw: unknown }>();
  return row ? fingerprintFromBytes(blobBytes(row.raw)) : null;
}

/** Ready tracks other than `exceptTrackId` whose audio is the same recording as `fingerprint`, closest first. */
export async function findRecordings(env: ShardEnv, fingerprint: RawFingerprint, exceptTrackId: string): Promise<Recording[]> {
  const candidates = await candidatesOf(env, fingerprint, exceptTrackId);
  const loaded = await Promise.all(
    [...groupByShard(env, 'CATALOG', candidates, ['trk'])].map(async ([shard, ids]) => {
      const { results } = await shardDb(env, 'CATALOG', shard)
        .prepare(
          `SELECT t.id, t.title, t.artist_id, a.name AS artist_name, f.raw
           FROM track_fingerprints f JOIN tracks t ON t.id = f.track_id JOIN artists a ON a.id = t.artist_id
           WHERE f.track_id IN (${ids.map(() => '?').join(',')}) AND t.status = 'ready'`,
        )
        .bind(...ids)
        .all<{ id: string; title: string; artist_id: string; artist_name: string; raw: unknown }>();
      return results;
    }),
  );
  const matches: Recording[] = [];
  for (const row of loaded.flat()) {
    const alignment = matchFingerprints(fingerprintFromBytes(blobBytes(row.raw)), fingerprint);
    if (alignment) matches.push({ trackId: row.id, title: row.title, artistId: row.artist_id, artistName: row.artist_name, alignment });
  }
  return matches.sort((x, y) => x.alignment.bitErrorRate - y.alignment.bitErrorRate);
}

/** The tracks sharing the most lookup keys with `fingerprint`, from one batch per shard. */
async function candidatesOf(env: ShardEnv, fingerprint: RawFingerprint, exceptTrackId: string): Promise<string[]> {
  const byShard = new Map<number, number[]>();
  for (const key of lookupKeys(fingerprint, QUERY_KEYS)) {
    const shard = shardOfKey(env, key);
    byShard.set(shard, [...(byShard.get(shard) ?? []), key]);
  }
  const shared = new Map<string, number>();
  await Promise.all(
    [...byShard].map(async ([shard, keys]) => {
      const db = shardDb(env, 'CATALOG', shard);
      const answers = await db.batch<{ track_id: string }>(
        keys.map((key) => db.prepare('SELECT track_id FROM fingerprint_keys WHERE key = ? LIMIT ?').bind(key, ROWS_PER_KEY)),
      );
      for (const { results } of answers)
        for (const { track_id } of results) if (track_id !== exceptTrackId) shared.set(track_id, (shared.get(track_id) ?? 0) + 1);
    }),
  );
  return [...shared]
    .filter(([, count]) => count >= MIN_SHARED_KEYS)
    .sort((x, y) => y[1] - x[1])
    .slice(0, MAX_CANDIDATES)
    .map(([trackId]) => trackId);
}

const trackDb = (env: ShardEnv, trackId: string): D1Database => shardDb(env, 'CATALOG', shardOf(env, 'CATALOG', trackId, ['trk'], 'track'));

/** D1 hands a BLOB back as an array of byte values (or an ArrayBuffer, in some runtimes). */
function blobBytes(value: unknown): Uint8Array {
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  return Uint8Array.from(value as ArrayLike<number>);
}
