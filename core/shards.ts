import { retryingD1 } from './db/retrying-d1.ts';
import { NotFound } from './errors.ts';
import { FAMILY_OF_KIND, type IdKind, LEGACY_DATABASES, newId, newUserDataId, parseId, type ShardFamily, VIRTUAL_SHARDS } from './ids.ts';
import { isRegion, type Region, REGIONS } from './regions.ts';
import { stableHash } from './stable-hash.ts';

export { type ShardFamily, VIRTUAL_SHARDS } from './ids.ts';

/**
 * Shard routing. Data lives in several D1 databases: catalog shards (split by
 * artist: an artist's albums, tracks and uploads share one) and user-data shards
 * (split by account). Ids and placement use a fixed space of VIRTUAL_SHARDS
 * virtual shards per family; one shard map per family, in config, sends ranges of
 * virtual shards to D1 bindings:
 *
 *   CATALOG_SHARD_MAP = '{"0-255":"CATALOG_0","256-511":"CATALOG_1",...}'
 *
 * so how many databases there are is a deployment choice, and a range moves from
 * one database to another by copying its rows and editing the map
 * (a reshard, see the README). A "shard" number in this module's API is the index of
 * a database in the map's `bindings`, in name order: `CATALOG_2` is shard 2.
 *
 * User data is kept in its data region (regions.ts), so USERS has one map per
 * region, each over the whole virtual space; a user data id names its region:
 *
 *   USER_SHARD_MAP = '{"eu":{"0-1023":"USERS_EU_0"},"us":{"0-511":"USERS_0","512-1023":"USERS_1"}}'
 *
 * USERS shard numbers index the bindings of every region together, in name order,
 * so a shard number alone still names one database (USERS_0 0, USERS_1 1,
 * USERS_EU_0 2 above), and fan-outs over allShardDbs cover every region.
 */
export interface ShardEnv {
  CATALOG_SHARD_MAP: string;
  USER_SHARD_MAP: string;
}

export interface ShardMap {
  /** Binding names in name order; a shard number is an index into this list. */
  bindings: string[];
  /** For each virtual shard, the index of the binding that holds it. */
  placement: Uint16Array;
}

const parsedMaps = new Map<string, ShardMap>();

/** Parses and checks a map: every virtual shard is covered exactly once. */
export function parseShardMap(raw: string, family: ShardFamily): ShardMap {
  const cached = parsedMaps.get(raw);
  if (cached) return cached;
  let entries: [string, unknown][];
  try {
    entries = Object.entries(JSON.parse(raw) as Record<string, unknown>);
  } catch {
    throw new Error(`${family} shard map is not a JSON object: ${raw}`);
  }
  const owner = new Array<string | undefined>(VIRTUAL_SHARDS).fill(undefined);
  for (const [range, binding] of entries) {
    const m = /^(\d+)-(\d+)$/.exec(range);
    const from = Number(m?.[1]);
    const to = Number(m?.[2]);
    if (!m || from > to || to >= VIRTUAL_SHARDS || typeof binding !== 'string' || !binding.startsWith(`${family}_`))
      throw new Error(
        `${family} shard map entry ${JSON.stringify(range)}: ${JSON.stringify(binding)} is not "from-to": "${family}_…" within 0-${VIRTUAL_SHARDS - 1}`,
      );
    for (let v = from; v <= to; v++) {
      if (owner[v]) throw new Error(`${family} shard map places virtual shard ${v} twice`);
      owner[v] = binding;
    }
  }
  const missing = owner.indexOf(undefined);
  if (missing !== -1) throw new Error(`${family} shard map leaves virtual shard ${missing} unplaced`);
  // In name order (CATALOG_2 before CATALOG_10), so moving ranges never renumbers the databases that stay.
  const bindings = [...new Set(owner as string[])].sort(byName);
  const placement = Uint16Array.from(owner as string[], (b) => bindings.indexOf(b));
  const map = { bindings, placement };
  parsedMaps.set(raw, map);
  return map;
}

/** Equal contiguous ranges over `count` bindings `{family}_0..count-1`: the default layout. */
export function evenShardMap(family: ShardFamily, count: number): string {
  const size = VIRTUAL_SHARDS / count;
  if (!Number.isInteger(size)) throw new Error(`${count} does not divide ${VIRTUAL_SHARDS}`);
  return JSON.stringify(Object.fromEntries(Array.from({ length: count }, (_, i) => [`${i * size}-${(i + 1) * size - 1}`, `${family}_${i}`])));
}

export interface UserShardMap {
  /** Every region's bindings in name order; a USERS shard number is an index into this list. */
  bindings: string[];
  /** For each region, for each of its virtual shards, the index of the binding that holds it. */
  placement: Record<Region, Uint16Array>;
  /** The region of each binding. */
  regionOf: Region[];
}

const parsedUserMaps = new Map<string, UserShardMap>();

/** Parses and checks the USERS map: one complete map per region, and no database in two regions. */
export function parseUserShardMap(raw: string): UserShardMap {
  const cached = parsedUserMaps.get(raw);
  if (cached) return cached;
  let perRegion: Record<string, unknown>;
  try {
    perRegion = JSON.parse(raw) as Record<string, unknown>;
  } catch {
    throw new Error(`USERS shard map is not a JSON object: ${raw}`);
  }
  const unknown = Object.keys(perRegion ?? {}).find((key) => !isRegion(key));
  if (unknown !== undefined || !perRegion || typeof perRegion !== 'object')
    throw new Error(`USERS shard map must be {"region": {shard map}} for the regions ${REGIONS.join(', ')}: ${raw}`);
  const maps = REGIONS.map((region) => {
    if (!perRegion[region]) throw new Error(`USERS shard map has no map for region ${region}`);
    return parseShardMap(JSON.stringify(perRegion[region]), 'USERS');
  });
  const regionOfBinding = new Map<string, Region>();
  REGIONS.forEach((region, i) => {
    for (const binding of maps[i]!.bindings) {
      const other = regionOfBinding.get(binding);
      if (other) throw new Error(`USERS shard map puts ${binding} in two regions (${other}, ${region})`);
      regionOfBinding.set(binding, region);
    }
  });
  const bindings = [...regionOfBinding.keys()].sort(byName);
  const placement = Object.fromEntries(
    REGIONS.map((region, i) => {
      const local = maps[i]!;
      return [region, Uint16Array.from(local.placement, (b) => bindings.indexOf(local.bindings[b]!))];
    }),
  ) as Record<Region, Uint16Array>;
  const map = { bindings, placement, regionOf: bindings.map((b) => regionOfBinding.get(b)!) };
  parsedUserMaps.set(raw, map);
  return map;
}

/** CATALOG_2 before CATALOG_10. */
function byName(x: string, y: string): number {
  return x.localeCompare(y, 'en', { numeric: true });
}

export function shardMap(env: ShardEnv, family: 'CATALOG'): ShardMap {
  return parseShardMap(env.CATALOG_SHARD_MAP, family);
}

export function userShardMap(env: ShardEnv): UserShardMap {
  return parseUserShardMap(env.USER_SHARD_MAP);
}

function bindingsOf(env: ShardEnv, family: ShardFamily): string[] {
  return family === 'CATALOG' ? shardMap(env, family).bindings : userShardMap(env).bindings;
}

/** The placement of one virtual space: the catalog's, or a region's user data. */
function placementOf(env: ShardEnv, family: ShardFamily, region: Region | null): Uint16Array {
  if (family === 'CATALOG') return shardMap(env, family).placement;
  if (!region) throw new Error('USERS shards are per region: name the region');
  return userShardMap(env).placement[region];
}

/** How many databases the family has (for USERS, in all regions together). */
export function shardCount(env: ShardEnv, family: ShardFamily): number {
  return bindingsOf(env, family).length;
}

/** The region whose user data a USERS shard holds. */
export function regionOfShard(env: ShardEnv, shard: number): Region {
  const region = userShardMap(env).regionOf[shard];
  if (!region) throw new Error(`No USERS shard ${shard}`);
  return region;
}

export function shardDb(env: ShardEnv, family: ShardFamily, shard: number): D1Database {
  const binding = bindingsOf(env, family)[shard];
  const db = binding ? (env as unknown as Record<string, D1Database | undefined>)[binding] : undefined;
  if (!db) throw new Error(`No D1 binding for ${family} shard ${shard} (${binding ?? 'not in the map'})`);
  // Every caller gets reads retried on transient D1 errors (core/db/retrying-d1.ts).
  return retryingD1(db);
}

/** Every database of the family: for USERS, of every region. */
export function allShardDbs(env: ShardEnv, family: ShardFamily): D1Database[] {
  return bindingsOf(env, family).map((_, i) => shardDb(env, family, i));
}

/** The database (shard number) the map sends a virtual shard to; USERS virtual shards are a region's. */
export function shardOfVirtual(env: ShardEnv, family: ShardFamily, virtualShard: number, region: Region | null = null): number {
  return placementOf(env, family, region)[virtualShard]!;
}

/** The lowest virtual shard the map sends to a database (in its region, for USERS): for writing rows that must land there (tests, seeding). */
export function firstVirtualShardOn(env: ShardEnv, family: ShardFamily, shard: number): number {
  const v = placementOf(env, family, family === 'USERS' ? regionOfShard(env, shard) : null).indexOf(shard);
  if (v === -1) throw new Error(`The ${family} shard map sends no virtual shard to shard ${shard}`);
  return v;
}

/** The shard that holds an id of one of these kinds; null for an id that is malformed or of another kind. */
export function findShard(env: ShardEnv, family: ShardFamily, id: string, kinds: IdKind[]): number | null {
  const parsed = parseId(id);
  if (!parsed || !kinds.includes(parsed.kind as IdKind) || FAMILY_OF_KIND[parsed.kind as IdKind] !== family) return null;
  return shardOfVirtual(env, family, parsed.virtualShard, parsed.region);
}

/** The shard that holds an id, or NotFound for an id that findShard cannot place. */
export function shardOf(env: ShardEnv, family: ShardFamily, id: string, kinds: IdKind[], what = 'resource'): number {
  const shard = findShard(env, family, id, kinds);
  if (shard === null) throw new NotFound(`No ${what} with id ${JSON.stringify(id)}.`, `${what.replace(/ /g, '_')}_not_found`);
  return shard;
}

/** Distinct ids grouped by the shard that holds them; ids findShard cannot place are left out. */
export function groupByShard(env: ShardEnv, family: ShardFamily, ids: Iterable<string>, kinds: IdKind[]): Map<number, string[]> {
  const groups = new Map<number, string[]>();
  for (const id of new Set(ids)) {
    const shard = findShard(env, family, id, kinds);
    if (shard !== null) groups.set(shard, [...(groups.get(shard) ?? []), id]);
  }
  return groups;
}

/** FNV-1a (stable-hash.ts), taken modulo `count`. */
export function hashToShard(key: string, count: number): number {
  return stableHash(key) % count;
}

/**
 * The virtual shard a new key (an artist's label id, a user's email) is placed on,
 * forever: it does not depend on the map. It is hash(key) over the virtual space,
 * permuted so that the slice of the space a legacy database has in the default map
 * gets exactly the keys `hash % LEGACY_DATABASES` used to send to it: a label
 * re-importing an artist, or a user logging in, finds the rows made before virtual
 * shards in the same database.
 */
export function placeOnVirtualShard(family: ShardFamily, key: string): number {
  const legacy = LEGACY_DATABASES[family];
  const h = hashToShard(key, VIRTUAL_SHARDS);
  return (h % legacy) * (VIRTUAL_SHARDS / legacy) + Math.floor(h / legacy);
}

/** A user's virtual shard follows from their email (the same in every region), so login needs no directory lookup. */
export function userVirtualShardForEmail(email: string): number {
  return placeOnVirtualShard('USERS', email.trim().toLowerCase());
}

/** The database that holds an email's account if it is in `region`. */
export function userShardForEmail(env: ShardEnv, region: Region, email: string): number {
  return shardOfVirtual(env, 'USERS', userVirtualShardForEmail(email), region);
}

/** The shard of an id already known to be well formed (one this platform made); throws otherwise. */
export function shardOfId(env: ShardEnv, family: ShardFamily, id: string): number {
  const parsed = parseId(id);
  if (!parsed || FAMILY_OF_KIND[parsed.kind as IdKind] !== family) throw new Error(`Not a ${family} id: ${JSON.stringify(id)}`);
  return shardOfVirtual(env, family, parsed.virtualShard, parsed.region);
}

/** A new id whose virtual shard the map places on database `shard` (seeding rows into a known database). */
export function newIdOn(env: ShardEnv, kind: IdKind, shard: number, suffix?: string): string {
  const family = FAMILY_OF_KIND[kind];
  const virtualShard = firstVirtualShardOn(env, family, shard);
  return family === 'USERS' ? newUserDataId(kind, regionOfShard(env, shard), virtualShard, suffix) : newId(kind, virtualShard, suffix);
}
