/**
 * Ids carry the shard that holds them, so any worker can route a request without
 * a lookup: `trk2_4kTq9xZbW1mNp8Ra` lives in catalog shard 2.
 * Format: `{kind}{shard}_{16 random base62 chars}` (or a deterministic suffix).
 */
export type IdKind = 'usr' | 'art' | 'alb' | 'trk' | 'upl' | 'pl' | 'itm' | 'evt';

const ID_PATTERN = /^([a-z]+)(\d+)_([A-Za-z0-9]+)$/;
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export function randomToken(length = 16): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  let out = '';
  // 62 does not divide 256; the bias of a modulo here is immaterial for ids (not secrets).
  for (const b of bytes) out += BASE62[b % 62];
  return out;
}

export function newId(kind: IdKind, shard: number, suffix = randomToken()): string {
  return `${kind}${shard}_${suffix}`;
}

export interface ParsedId {
  kind: string;
  shard: number;
  suffix: string;
}

export function parseId(id: string): ParsedId | null {
  const m = ID_PATTERN.exec(id);
  if (!m) return null;
  return { kind: m[1]!, shard: Number(m[2]), suffix: m[3]! };
}

/** A stable base62 suffix derived from a key, for ids that must be the same on every import. */
export async function stableSuffix(key: string, length = 16): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(key)));
  let out = '';
  for (let i = 0; i < length; i++) out += BASE62[digest[i]! % 62];
  return out;
}
