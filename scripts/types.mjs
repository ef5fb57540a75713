// `npm run types` regenerates every worker's worker-configuration.d.ts from its
// wrangler config; `npm run types:check` (`--check`) fails when one has drifted.
// Secrets are typed from .dev.vars, so those are created first when missing.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { WORKER_CONFIGS } from './lib/platform.mjs';
import { ensureDevVars, root } from './lib/setup.mjs';

ensureDevVars();
const check = process.argv.includes('--check');
for (const config of WORKER_CONFIGS) {
  const args = ['wrangler', 'types', '--include-runtime=false', '--strict-vars=false', ...(check ? ['--check'] : [])];
  const { status } = spawnSync('npx', args, { cwd: path.join(root, path.dirname(config)), stdio: ['ignore', 'ignore', 'inherit'] });
  if (status !== 0) {
    console.error(`${config}: worker-configuration.d.ts is ${check ? 'out of date (run `npm run types`)' : 'not generated'}`);
    process.exit(1);
  }
  console.log(`${check ? 'up to date' : 'generated'}: ${path.join(path.dirname(config), 'worker-configuration.d.ts')}`);
}
