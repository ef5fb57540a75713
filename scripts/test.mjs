// `npm test`: sets up what a fresh machine lacks, then runs every test project.
import { spawnSync } from 'node:child_process';
import { ensureDependencies, ensureDevVars, ensureFfmpeg, root } from './lib/setup.mjs';

ensureDependencies();
ensureFfmpeg();
ensureDevVars();
const result = spawnSync('npx', ['vitest', 'run', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);
