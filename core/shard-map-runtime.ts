import { withD1Retry } from './db/retry.ts';
import { ServiceUnavailable } from './errors.ts';
import { FAMILY_OF_KIND, type IdKind, parseId, type ShardFamily } from './ids.ts';
import { log } from './log.ts';

/**
 * The shard map in force at runtime. The map in config (CATALOG_SHARD_MAP,
 * USER_SHARD_MAP) is the deploy-time truth; a reshard switches a range without a
 * deploy by writing the family's row of `shard_map_state` (core/db/shard-map-state.ts)
 * in the family's home database, the first binding of the config map. Every
 * worker that routes by the map reads that row at most every SHARD_MAP_REFRESH_MS
 * per isolate (core/shards.ts refreshShardMaps: at the start of each request and
 * queue batch, and before each statement run on a shard), so all of them agree
 * within that time; a reshard waits it out before each step that depends on it.
 */
export const SHARD_MAP_REFRESH_MS = 2_000;
/** How long a refused write tells the client to wait: a frozen range moves within seconds per few thousand rows. */
const FROZEN_RETRY_AFTER_S = 5;

export interface FrozenRange {
  from: number;
  to: number;
}

export interface RuntimeShardMap {
  /** The map in force; null when the config's holds. */
  map: string | null;
  frozen: FrozenRange | null;
}

interface Cached {
  state: RuntimeShardMap;
  loadedAt: number;
}

// Keyed by family and config map, so environments with other configs (tests) never share a state.
const cache = new Map<string, Cached>();
const keyOf = (family: ShardFamily, configMap: string) => `${family}\n${configMap}`;

/** The last state read for this family and config; none until the first refresh. */
export function runtimeShardMap(family: ShardFamily, configMap: string): RuntimeShardMap | undefined {
  return cache.get(keyOf(family, configMap))?.state;
}

/**
 * Reads the state from the home database when the cached one is older than
 * SHARD_MAP_REFRESH_MS (or `force`). Callers that find it stale at the same time
 * each read it: a read in flight is never shared, since a promise started by one
 * request must not be awaited by another (workerd refuses I/O across request
 * contexts, and the worker and its Durable Objects share this module).
 */
export async function refreshRuntimeShardMap(home: D1Database, family: ShardFamily, configMap: string, force = false): Promise<void> {
  const key = keyOf(family, configMap);
  const cached = cache.get(key);
  if (cached && !force && Date.now() - cached.loadedAt < SHARD_MAP_REFRESH_MS) return;
  try {
    cache.set(key, { state: await readState(home, family), loadedAt: Date.now() });
  } catch (err) {
    // The home database unreachable: keep routing by what was known (or the config) and try again next time.
    log('warn', 'shard_map_refresh_failed', { worker: 'shard-map', family, error: err instanceof Error ? err.message : String(err) });
    cache.set(key, { state: cached?.state ?? { map: null, frozen: null }, loadedAt: Date.now() });
  }
}

async function readState(home: D1Database, family: ShardFamily): Promise<RuntimeShardMap> {
  const row = await withD1Retry(() =>
    home.prepare('SELECT map, frozen FROM shard_map_state WHERE family = ?').bind(family).first<{ map: string; frozen: string | null }>(),
  );
  return { map: row?.map ?? null, frozen: row?.frozen ? (JSON.parse(row.frozen) as FrozenRange) : null };
}

/** Ids inside a longer bound string: writers that bind rows as JSON for json_each (listening counts). */
const EMBEDDED_ID = /[a-z]{2,3}(?:_v\d{4}|\d{1,4})_[A-Za-z0-9]+/g;

function idsIn(value: string): string[] {
  return parseId(value) ? [value] : value.length > 16 ? [...value.matchAll(EMBEDDED_ID)].map((m) => m[0]) : [];
}

/**
 * Refuses (503, Retry-After) a write that binds an id of the family in the range
 * being moved, alone or inside a bound string (JSON): rows written there now could
 * miss the copy. Writes that bind no such id pass; the copy's verification catches
 * any that touched the range anyway.
 */
export function assertWritable(family: ShardFamily, configMap: string, values: unknown[]): void {
  const frozen = runtimeShardMap(family, configMap)?.frozen;
  if (!frozen) return;
  for (const value of values) {
    if (typeof value !== 'string') continue;
    for (const id of idsIn(value)) {
      const parsed = parseId(id);
      if (!parsed || FAMILY_OF_KIND[parsed.kind as IdKind] !== family) continue;
      if (parsed.virtualShard >= frozen.from && parsed.virtualShard <= frozen.to)
        throw new ServiceUnavailable('This data is moving between databases for a few seconds; please retry.', FROZEN_RETRY_AFTER_S, 'shard_moving');
    }
  }
}
