import path from 'node:path';
import { unstable_readConfig } from 'wrangler';
import { describe, expect, it } from 'vitest';
import { REGIONS } from '../../core/regions.ts';
import { D1_BINDINGS } from '../../scripts/lib/platform.mjs';

const root = path.resolve(import.meta.dirname, '../..');
interface D1Config {
  vars: Record<string, unknown>;
  d1_databases: { binding: string; database_id?: string }[];
}
const read = (config: string) => unstable_readConfig({ config: path.join(root, config) }) as unknown as D1Config;

/** Every worker that routes user data reads the same regional map, and has a database for every binding in it. */
describe('regional user shards in the wrangler configs', () => {
  const withUserData = ['wrangler.toml', 'workers/listening-events/wrangler.toml'];
  const configs = [...withUserData, 'workers/transcode-queue/wrangler.toml'].map(read);
  // core/shards.ts parses and checks the map itself (virtual-shards.test.ts); here only which regions and bindings it names.
  const perRegion = JSON.parse(String(configs[0]!.vars.USER_SHARD_MAP)) as Record<string, Record<string, string>>;
  const bindings = [...new Set(Object.values(perRegion).flatMap((m) => Object.values(m)))].sort();

  it('names the same USER_SHARD_MAP everywhere, with a map for every region', () => {
    for (const config of configs) expect(config.vars.USER_SHARD_MAP).toBe(configs[0]!.vars.USER_SHARD_MAP);
    expect(Object.keys(perRegion).sort()).toEqual([...REGIONS].sort());
  });

  it('binds every database of the map, with one database id each, in every worker that writes user data', () => {
    for (const config of withUserData.map(read)) {
      const bound = config.d1_databases.filter((d) => d.binding.startsWith('USERS_'));
      expect(bound.map((d) => d.binding).sort()).toEqual(bindings);
      expect(new Set(bound.map((d) => d.database_id)).size).toBe(bound.length);
    }
  });

  it('migrates every one of them in development', () => {
    for (const binding of bindings) expect(D1_BINDINGS).toContain(binding);
  });
});
