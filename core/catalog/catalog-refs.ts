import { inArray } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import { albums, artists, tracks } from '../db/catalog-schema.ts';
import type { LibraryKind } from '../db/users-library.ts';
import { findShard, shardDb } from '../shards.ts';

export const kindPrefix = { track: 'trk', album: 'alb', artist: 'art' } as const satisfies Record<LibraryKind, string>;
const tables = { track: tracks, album: albums, artist: artists };

/** Groups catalog ids of one kind by the shard that holds them; ids that name no shard of ours go under -1. */
export function byShard(env: Env, kind: LibraryKind, ids: string[]): Map<number, string[]> {
  const groups = new Map<number, string[]>();
  for (const id of ids) {
    const shard = findShard(env, 'CATALOG', id, [kindPrefix[kind]]) ?? -1;
    groups.set(shard, [...(groups.get(shard) ?? []), id]);
  }
  return groups;
}

/** The ids (≤ 100) that name no existing catalog entry of this kind. */
export async function missingCatalogIds(env: Env, kind: LibraryKind, ids: string[]): Promise<string[]> {
  const table = tables[kind];
  const found = new Set<string>();
  await Promise.all(
    [...byShard(env, kind, ids)].map(async ([shard, group]) => {
      if (shard < 0) return;
      const rows = await drizzle(shardDb(env, 'CATALOG', shard)).select({ id: table.id }).from(table).where(inArray(table.id, group));
      for (const r of rows) found.add(r.id);
    }),
  );
  return ids.filter((id) => !found.has(id));
}
