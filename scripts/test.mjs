// `npm test`: sets up what a fresh machine lacks, then runs every test project
// (workerd suites, the transcoder with real ffmpeg, end-to-end runs of the whole
// platform) and ends with a plain "N passed, N failed" line.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ensureChromium, ensureDependencies, ensureDevVars, ensureFfmpeg, ensureFpcalc, root, toolEnv } from './lib/setup.mjs';

ensureDependencies();
ensureFfmpeg();
ensureFpcalc();
ensureChromium();
ensureDevVars();
(await import('./lib/web-build.mjs')).ensureWebBuild();

const report = path.join(root, '.tmp/vitest-report.json');
mkdirSync(path.dirname(report), { recursive: true });
rmSync(report, { force: true });
const result = spawnSync('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: toolEnv(),
});
if (existsSync(report)) {
  const { numPassedTests, numFailedTests, numPendingTests } = JSON.parse(readFileSync(report, 'utf8'));
  console.log(`\nTests: ${numPassedTests} passed, ${numFailedTests} failed${numPendingTests ? `, ${numPendingTests} skipped` : ''}`);
}
process.exit(result.status ?? 1);
