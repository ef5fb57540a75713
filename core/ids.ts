import { isRegion, PRE_REGION, type Region } from './regions.ts';

/**
 * Ids carry the virtual shard that holds them, so any worker can route a request
 * without a lookup (shards.ts maps the virtual shard to a database).
 *
 * Format: `{kind}_v{virtual shard, 4 digits}_{16 base62 chars}` (or a deterministic
 * suffix), e.g. `trk_v0417_4kTq9xZbW1mNp8Ra`: URL-safe; clients treat it as opaque.
 * User data ids (the USERS family) also name their data region (regions.ts):
 * `usr_eu_v0417_4kTq9xZbW1mNp8Ra`; one without a region, made before regions,
 * belongs to PRE_REGION.
 *
 * Legacy form: `{kind}{physical shard}_{suffix}`, e.g. `trk2_4kTq9xZbW1mNp8Ra`, from
 * when ids named a database. The databases of that time were the first
 * LEGACY_DATABASES of each family; legacy shard n reads as the first virtual shard
 * of the n-th equal slice of the space, which the default shard map sends to that
 * same database. Both forms stay valid forever; stored ids never change.
 */
export type IdKind = 'usr' | 'art' | 'alb' | 'trk' | 'upl' | 'shw' | 'epi' | 'pl' | 'itm' | 'evt';
export type ShardFamily = 'CATALOG' | 'USERS';

/** The fixed size of each family's virtual shard space. Never change it: it is baked into ids and placement. */
export const VIRTUAL_SHARDS = 1024;
/** Databases per family when ids were physical (4 catalog, 2 user); fixed forever for the legacy form and for placement. */
export const LEGACY_DATABASES: Record<ShardFamily, number> = { CATALOG: 4, USERS: 2 };

export const FAMILY_OF_KIND: Record<IdKind, ShardFamily> = {
  usr: 'USERS',
  pl: 'USERS',
  itm: 'USERS',
  evt: 'USERS',
  art: 'CATALOG',
  alb: 'CATALOG',
  trk: 'CATALOG',
  upl: 'CATALOG',
  /** Podcast shows and their episodes, on the publishing artist's shard. */
  shw: 'CATALOG',
  epi: 'CATALOG',
};

const ID_PATTERN = /^([a-z]+)_(?:([a-z]{2})_)?v(\d{4})_([A-Za-z0-9]+)$/;
const LEGACY_ID_PATTERN = /^([a-z]+)(\d{1,4})_([A-Za-z0-9]+)$/;
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export function randomToken(length = 16): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  let out = '';
  // 62 does not divide 256; the bias of a modulo here is immaterial for ids (not secrets).
  for (const b of bytes) out += BASE62[b % 62];
  return out;
}

const vPart = (virtualShard: number) => {
  if (!Number.isInteger(virtualShard) || virtualShard < 0 || virtualShard >= VIRTUAL_SHARDS) throw new Error(`Not a virtual shard: ${virtualShard}`);
  return `v${String(virtualShard).padStart(4, '0')}`;
};

/** A new catalog id (global: art, alb, trk, upl, shw, epi); user data ids name their region, see newUserDataId. */
export function newId(kind: IdKind, virtualShard: number, suffix = randomToken()): string {
  if (FAMILY_OF_KIND[kind] === 'USERS') throw new Error(`A ${kind} id names its region: use newUserDataId`);
  return `${kind}_${vPart(virtualShard)}_${suffix}`;
}

/** A new user data id (usr, pl, itm, evt) in a region's virtual shard. */
export function newUserDataId(kind: IdKind, region: Region, virtualShard: number, suffix = randomToken()): string {
  if (FAMILY_OF_KIND[kind] !== 'USERS') throw new Error(`A ${kind} id is global: use newId`);
  return `${kind}_${region}_${vPart(virtualShard)}_${suffix}`;
}

/**
 * An id in the same virtual shard as `beside`, written in the same form: a re-import
 * derives its ids from the label's ids, and the children of a legacy-form record
 * must come out exactly as they did when it was first imported.
 */
export function newIdBeside(kind: IdKind, beside: string, suffix = randomToken()): string {
  const parsed = parseId(beside);
  if (!parsed) throw new Error(`Not an id: ${JSON.stringify(beside)}`);
  // User data ids are random, so a new one always takes the current form, naming the region.
  if (parsed.region) return newUserDataId(kind, parsed.region, parsed.virtualShard, suffix);
  if (!parsed.legacy) return newId(kind, parsed.virtualShard, suffix);
  return legacyId(kind, parsed.virtualShard, suffix);
}

/** The legacy form of an id in a virtual shard that starts a legacy database's slice; the form imports made before virtual shards. */
export function legacyId(kind: IdKind, virtualShard: number, suffix: string): string {
  const slice = VIRTUAL_SHARDS / LEGACY_DATABASES[FAMILY_OF_KIND[kind]];
  return `${kind}${Math.floor(virtualShard / slice)}_${suffix}`;
}

export interface ParsedId {
  kind: string;
  virtualShard: number;
  suffix: string;
  /** True for the `trk2_…` form. */
  legacy: boolean;
  /** A user data id's region (PRE_REGION when the id names none); null for catalog ids, which are global. */
  region: Region | null;
  /** True for a user data id made before regions, which names none: its Durable Objects are outside any jurisdiction. */
  preRegion: boolean;
}

const isKind = (kind: string): kind is IdKind => Object.hasOwn(FAMILY_OF_KIND, kind);

/** The virtual shard the legacy form `{kind}{n}_…` stands for; null when n was never a database. */
export function legacyVirtualShard(family: ShardFamily, physical: number): number | null {
  const databases = LEGACY_DATABASES[family];
  if (!Number.isInteger(physical) || physical < 0 || physical >= databases) return null;
  return physical * (VIRTUAL_SHARDS / databases);
}

/** Null for a malformed id, an unknown kind or region, a region on a catalog id, or a legacy id naming a database that never existed. */
export function parseId(id: string): ParsedId | null {
  const m = ID_PATTERN.exec(id);
  if (m) {
    const [, kind, region, shard, suffix] = m as unknown as [string, string, string | undefined, string, string];
    const virtualShard = Number(shard);
    if (!isKind(kind) || virtualShard >= VIRTUAL_SHARDS) return null;
    const placed = placeInRegion(kind, region);
    return placed && { kind, virtualShard, suffix, legacy: false, ...placed };
  }
  const legacy = LEGACY_ID_PATTERN.exec(id);
  if (!legacy || !isKind(legacy[1]!)) return null;
  const virtualShard = legacyVirtualShard(FAMILY_OF_KIND[legacy[1]], Number(legacy[2]));
  if (virtualShard === null) return null;
  return { kind: legacy[1]!, virtualShard, suffix: legacy[3]!, legacy: true, ...placeInRegion(legacy[1], undefined)! };
}

/** User data ids are in a region (PRE_REGION when they name none); catalog ids never name one. */
function placeInRegion(kind: IdKind, region: string | undefined): Pick<ParsedId, 'region' | 'preRegion'> | null {
  if (FAMILY_OF_KIND[kind] !== 'USERS') return region === undefined ? { region: null, preRegion: false } : null;
  if (region === undefined) return { region: PRE_REGION, preRegion: true };
  return isRegion(region) ? { region, preRegion: false } : null;
}

/** The region of a well-formed user data id; throws for anything else (use parseId on untrusted input). */
export function regionOf(id: string): Region {
  const region = parseId(id)?.region;
  if (!region) throw new Error(`Not a user data id: ${JSON.stringify(id)}`);
  return region;
}

/** The virtual shard of a well-formed id; throws for anything else (use parseId on untrusted input). */
export function virtualShardOf(id: string): number {
  const parsed = parseId(id);
  if (!parsed) throw new Error(`Not an id: ${JSON.stringify(id)}`);
  return parsed.virtualShard;
}

/** A stable base62 suffix derived from a key, for ids that must be the same on every import. */
export async function stableSuffix(key: string, length = 16): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(key)));
  let out = '';
  for (let i = 0; i < length; i++) out += BASE62[digest[i]! % 62];
  return out;
}
