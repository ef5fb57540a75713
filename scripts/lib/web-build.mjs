// Builds the web app (web/ → web/dist) when the build is missing or older than
// its sources. wrangler serves web/dist as the api worker's static assets, so a
// fresh clone must build it before `wrangler dev`, `wrangler deploy` or the tests.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { root, toolEnv } from './setup.mjs';

const webDir = path.join(root, 'web');
export const WEB_DIST = path.join(webDir, 'dist');

function newestMtime(target) {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(target).map((name) => newestMtime(path.join(target, name))));
}

const SOURCES = [
  'web/src',
  'web/public',
  'web/index.html',
  'web/vite.config.ts',
  'web/build',
  'core/protocol/connect.ts',
  'core/protocol/playlist-live.ts',
  'package-lock.json',
];

export function webBuildIsStale() {
  const built = newestMtime(path.join(WEB_DIST, 'index.html'));
  return built === 0 || SOURCES.some((s) => newestMtime(path.join(root, s)) > built);
}

/** Runs `vite build` for the web app if needed; returns true when it built. */
export function ensureWebBuild({ force = false } = {}) {
  if (!force && !webBuildIsStale()) return false;
  console.log('[setup] building the web app (vite build)…');
  execFileSync(path.join(root, 'node_modules/.bin/vite'), ['build', '--logLevel', 'warn', '-c', 'web/vite.config.ts'], {
    cwd: root,
    stdio: 'inherit',
    env: toolEnv(),
  });
  return true;
}
