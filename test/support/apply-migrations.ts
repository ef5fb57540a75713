import { applyD1Migrations, type D1Migration } from 'cloudflare:test';
import { env } from 'cloudflare:workers';

// Storage is isolated per test file; this runs before each file, so every file
// starts from freshly migrated, empty shards.
const bindings = env as unknown as Record<string, unknown> & { TEST_MIGRATIONS: { catalog: D1Migration[]; users: D1Migration[] } };
for (const [name, binding] of Object.entries(bindings)) {
  const family = /^CATALOG_\d+$/.test(name) ? 'catalog' : /^USERS_(?:[A-Z]+_)?\d+$/.test(name) ? 'users' : null;
  if (family) await applyD1Migrations(binding as D1Database, bindings.TEST_MIGRATIONS[family]);
}
