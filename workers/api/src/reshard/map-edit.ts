import { type ShardMap, VIRTUAL_SHARDS } from '#core/shards.ts';

/** The map with virtual shards from..to sent to `binding`, in the config's JSON form (contiguous runs). */
export function mapWithRange(map: ShardMap, from: number, to: number, binding: string): string {
  const owner = Array.from({ length: VIRTUAL_SHARDS }, (_, v) => (v >= from && v <= to ? binding : map.bindings[map.placement[v]!]!));
  const entries: [string, string][] = [];
  let start = 0;
  for (let v = 1; v <= VIRTUAL_SHARDS; v++) {
    if (v < VIRTUAL_SHARDS && owner[v] === owner[start]) continue;
    entries.push([`${start}-${v - 1}`, owner[start]!]);
    start = v;
  }
  return JSON.stringify(Object.fromEntries(entries));
}

/** The one binding that holds every virtual shard of from..to, or null when the range spans several. */
export function bindingOfRange(map: ShardMap, from: number, to: number): string | null {
  const first = map.placement[from]!;
  for (let v = from; v <= to; v++) if (map.placement[v] !== first) return null;
  return map.bindings[first]!;
}
