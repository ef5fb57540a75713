// Rows per table in each local D1 database, read straight from the SQLite files
// miniflare keeps under the persist directory (read-only, beside the running
// platform). The files are named by a hash, so each is recognised by what it
// holds: a catalog shard by its artists' ids (`art{shard}_…`), a user shard by
// its users' ids (`usr{shard}_…`). Two readings subtracted give the rows each
// database gained, which is its write load (rows written, not statements).
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';

/** The key of a database's size in bytes among its tables' row counts. */
export const BYTES = '(bytes)';

export type RowCounts = Map<string, Map<string, number>>;

function bindingOf(db: DatabaseSync): string | null {
  const tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name));
  // A legacy id names its database; a virtual-shard id (`trk_v0417_…`, `usr_us_v0417_…`) is placed by wrangler.toml's default map.
  const shardOf = (id: string | undefined, perDatabase: number) => {
    const v = id ? /^[a-z]+_(?:us_)?v(\d{4})_/.exec(id)?.[1] : undefined;
    return v === undefined ? (id ? /^[a-z]+(\d+)_/.exec(id)?.[1] : undefined) : String(Math.floor(Number(v) / perDatabase));
  };
  if (tables.has('artists')) {
    const shard = shardOf((db.prepare('SELECT id FROM artists LIMIT 1').get() as { id: string } | undefined)?.id, 256);
    return shard === undefined ? null : `CATALOG_${shard}`;
  }
  if (tables.has('users')) {
    const id = (db.prepare('SELECT id FROM users LIMIT 1').get() as { id: string } | undefined)?.id;
    // The eu region has one database in the default map.
    if (id?.startsWith('usr_eu_')) return 'USERS_EU_0';
    const shard = shardOf(id, 512);
    return shard === undefined ? null : `USERS_${shard}`;
  }
  return null;
}

export function readRowCounts(persistDir: string, tables: string[]): RowCounts {
  const dir = path.join(persistDir, 'v3/d1/miniflare-D1DatabaseObject');
  const counts: RowCounts = new Map();
  if (!existsSync(dir)) return counts;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.sqlite') && f !== 'metadata.sqlite')) {
    const db = new DatabaseSync(path.join(dir, file), { readOnly: true });
    try {
      const binding = bindingOf(db);
      if (!binding) continue;
      const present = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name));
      const perTable = new Map<string, number>();
      for (const t of tables.filter((t) => present.has(t))) perTable.set(t, (db.prepare(`SELECT count(*) AS n FROM "${t}"`).get() as { n: number }).n);
      // The database's size as this reader sees it (WAL frames included), under a key no table has.
      const pages = (db.prepare('PRAGMA page_count').get() as { page_count: number }).page_count;
      const pageSize = (db.prepare('PRAGMA page_size').get() as { page_size: number }).page_size;
      perTable.set(BYTES, pages * pageSize);
      counts.set(binding, perTable);
    } finally {
      db.close();
    }
  }
  return counts;
}

/** after − before, per database and table (tables that did not change are left out). */
export function rowDelta(before: RowCounts, after: RowCounts): Map<string, Map<string, number>> {
  const delta = new Map<string, Map<string, number>>();
  for (const [binding, tables] of after) {
    const d = new Map<string, number>();
    for (const [t, n] of tables) {
      const change = n - (before.get(binding)?.get(t) ?? 0);
      if (change) d.set(t, change);
    }
    delta.set(binding, d);
  }
  return delta;
}
