/** FNV-1a over the key's UTF-16 code units: fast and stable across deploys, for placing keys (shards, queues). */
export function stableHash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
