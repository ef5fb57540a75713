import path from 'node:path';
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';
import { build } from 'esbuild';
import type { LegacyWorkerOptions as WorkerOptions } from 'miniflare';
import { defineProject } from 'vitest/config';

const root = path.resolve(import.meta.dirname, '../..');

/** Secrets for tests; the real values come from `wrangler secret put` (production) or .dev.vars (dev). */
export const TEST_SECRETS = {
  JWT_SECRET: 'test-jwt-secret',
  SIGNING_KEYS: JSON.stringify({ dev2: 'test-signing-key-2', old0: 'test-signing-key-0' }),
  TRANSCODER_SECRET: 'test-transcoder-secret',
  INGEST_SECRET: 'test-ingest-secret',
  OFFLINE_KEY_SECRET: 'test-offline-key-secret',
  SUBSONIC_SECRET: 'test-subsonic-secret',
  // The catalog tests' admin; the committed wrangler.toml names nobody (admin-emails.test.ts checks that).
  ADMIN_EMAILS: 'admin@encore.local',
};

export interface AuxiliaryWorker {
  /** The name other workers' service bindings use. */
  name: string;
  configPath: string;
  /** Leave its queue consumers out (the project under test already consumes, or asserts on, those queues). */
  withoutConsumers?: boolean;
  /** Vars that replace the config's, e.g. a TRANSCODER_URL nothing listens on. */
  vars?: Record<string, string>;
}

/**
 * Bundles another worker of ours so it can run beside the one under test (for
 * service bindings): the real code, built the way wrangler would build it.
 */
async function auxiliaryWorker({ name, configPath, withoutConsumers, vars }: AuxiliaryWorker): Promise<WorkerOptions> {
  const { unstable_readConfig, unstable_getMiniflareWorkerOptions } = await import('wrangler');
  const config = unstable_readConfig({ config: path.join(root, configPath) });
  const workerOptions = unstable_getMiniflareWorkerOptions(config).workerOptions as WorkerOptions;
  const outfile = path.join(root, '.tmp/test-bundles', `${name}.mjs`);
  await build({ entryPoints: [config.main!], bundle: true, format: 'esm', platform: 'neutral', outfile, external: ['cloudflare:*'], logLevel: 'error' });
  return {
    name,
    modules: true,
    scriptPath: outfile,
    compatibilityDate: workerOptions.compatibilityDate,
    compatibilityFlags: workerOptions.compatibilityFlags,
    r2Buckets: workerOptions.r2Buckets,
    d1Databases: workerOptions.d1Databases,
    queueProducers: workerOptions.queueProducers,
    analyticsEngineDatasets: workerOptions.analyticsEngineDatasets,
    queueConsumers: withoutConsumers ? undefined : workerOptions.queueConsumers,
    bindings: { ...workerOptions.bindings, ...TEST_SECRETS, ...vars },
  };
}

/**
 * A vitest project whose tests run inside workerd with the bindings of one
 * worker's wrangler config. D1 migrations are read here (in Node) and handed to
 * the setup file, which applies them to every shard.
 */
export async function workerProject(
  name: string,
  configPath: string,
  testDir: string,
  auxiliaries: AuxiliaryWorker[] = [],
  /** Vars that replace the config's for the worker under test. */
  vars: Record<string, string> = {},
) {
  const [catalog, users, workers] = await Promise.all([
    readD1Migrations(path.join(root, 'migrations/catalog')),
    readD1Migrations(path.join(root, 'migrations/users')),
    Promise.all(auxiliaries.map(auxiliaryWorker)),
  ]);
  return defineProject({
    plugins: [
      cloudflareTest({
        wrangler: { configPath: path.join(root, configPath) },
        miniflare: {
          bindings: { ...TEST_SECRETS, ...vars, TEST_MIGRATIONS: { catalog, users } },
          workers,
        },
      }),
    ],
    test: {
      name,
      root,
      include: [`${testDir}/**/*.test.ts`],
      setupFiles: [path.join(root, 'test/support/apply-migrations.ts')],
    },
  });
}
