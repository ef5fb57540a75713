// Builds every worker exactly as `wrangler deploy` would, without uploading.
import { spawnSync } from 'node:child_process';
import { ensureDevVars, root } from './lib/setup.mjs';
import { WORKER_CONFIGS } from './lib/platform.mjs';
import { ensureWebBuild } from './lib/web-build.mjs';

ensureDevVars();
ensureWebBuild();
for (const config of WORKER_CONFIGS) {
  const { status } = spawnSync('npx', ['wrangler', 'deploy', '--dry-run', '--outdir', '.tmp/dry-run', '-c', config], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (status !== 0) {
    console.error(`deploy dry-run failed for ${config}`);
    process.exit(1);
  }
  console.log(`dry-run ok: ${config}`);
}
