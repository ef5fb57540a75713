// First-run set-up shared by `npm run dev` and `npm test`. Plain JavaScript that
// runs on any Node >= 18, because on a fresh clone the project's own Node 22
// (the `node` devDependency) is not installed yet.
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const log = (msg) => console.log(`[setup] ${msg}`);

/** The environment for the project's own tools: its Node 22 (the `node` devDependency) must win over the machine's. */
export const toolEnv = (extra = {}) => ({ ...process.env, PATH: `${path.join(root, 'node_modules/.bin')}${path.delimiter}${process.env.PATH}`, ...extra });

function has(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/**
 * Installs npm dependencies when node_modules is missing. `npm ci` first; when it
 * refuses the lock because the registry lacks some other platform's optional
 * binary (as some mirrors do), `npm install` still installs the locked versions.
 */
export function ensureDependencies() {
  if (existsSync(path.join(root, 'node_modules/.package-lock.json'))) return;
  log('installing npm dependencies (first run)…');
  const npm = (args) => spawnSync('npm', [...args, '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' }).status === 0;
  if (existsSync(path.join(root, 'package-lock.json')) && npm(['ci'])) return;
  if (!npm(['install'])) {
    console.error('npm could not install the dependencies (see above).');
    process.exit(1);
  }
}

/**
 * Installs a Debian package with apt-get (as root, or through sudo) when that is
 * possible here; returns whether it tried, so callers can then check the result.
 */
function aptInstall(pkg, why) {
  const isRoot = process.getuid?.() === 0;
  if (!has('apt-get') || !(isRoot || has('sudo'))) return false;
  log(`installing ${pkg} from the distribution packages (${why})…`);
  const run = (args) =>
    execFileSync(isRoot ? args[0] : 'sudo', isRoot ? args.slice(1) : args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  run(['apt-get', 'update', '-qq']);
  run(['apt-get', 'install', '-y', '-qq', pkg]);
  return true;
}

/** ffmpeg transcodes uploads; install it from the distribution's packages where we can. */
export function ensureFfmpeg() {
  if (has('ffmpeg') && has('ffprobe')) return;
  if (aptInstall('ffmpeg', 'the transcoder runs it') && has('ffmpeg')) return;
  console.error(
    'ffmpeg is required (the transcoder runs it). Install it with your package manager, e.g. `sudo apt-get install ffmpeg` or `brew install ffmpeg`, then run this again.',
  );
  process.exit(1);
}

/**
 * fpcalc (Chromaprint) fingerprints every uploaded track, so that another
 * artist's re-upload of a recording is held; Debian ships it as libchromaprint-tools.
 */
export function ensureFpcalc() {
  if (has('fpcalc')) return;
  if (aptInstall('libchromaprint-tools', 'the transcoder fingerprints uploads with fpcalc') && has('fpcalc')) return;
  console.error(
    'fpcalc is required (the transcoder fingerprints uploads with it). Install it with your package manager, e.g. `sudo apt-get install libchromaprint-tools` or `brew install chromaprint`, then run this again.',
  );
  process.exit(1);
}

/**
 * Copies each .dev.vars.example to .dev.vars (development-only secrets) when
 * missing; an existing .dev.vars keeps its values and gains the keys its
 * example has added since.
 */
export function ensureDevVars() {
  for (const dir of ['.', 'workers/stream', 'workers/transcode-queue']) {
    const target = path.join(root, dir, '.dev.vars');
    const example = path.join(root, dir, '.dev.vars.example');
    if (!existsSync(target)) copyFileSync(example, target);
    else {
      replaceRetiredDevVars(target, example);
      appendMissingDevVars(target, example);
    }
  }
}

const devVarKey = (line) => /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(line)?.[1];

/**
 * Development values that were once in a .dev.vars.example and must not live on
 * in a checkout: the dev1 signing key (retired when key ids entered the signed
 * text, so URLs minted before that die) and the stream worker's static ingest
 * secret (ingest takes per-job tokens now). Only these exact lines are touched;
 * any value someone set by hand stays.
 */
const RETIRED_DEV_VARS = ['SIGNING_KEYS={"dev1":"dev-only-signing-key-1"}', 'TRANSCODER_SECRET=dev-only-transcoder-secret'];

function replaceRetiredDevVars(target, example) {
  const exampleLines = new Map(
    readFileSync(example, 'utf8')
      .split('\n')
      .map((line) => [devVarKey(line), line]),
  );
  const lines = readFileSync(target, 'utf8').split('\n');
  const replaced = [];
  const kept = lines.flatMap((line) => {
    if (!RETIRED_DEV_VARS.includes(line.trim())) return [line];
    const current = exampleLines.get(devVarKey(line));
    if (current === line) return [line]; // still the example's value (TRANSCODER_SECRET of the queue worker)
    replaced.push(devVarKey(line));
    return current === undefined ? [] : [current];
  });
  if (replaced.length === 0) return;
  writeFileSync(target, kept.join('\n'));
  log(`${path.relative(root, target)}: replaced retired development ${replaced.join(', ')} with its .dev.vars.example value`);
}

function appendMissingDevVars(target, example) {
  const current = readFileSync(target, 'utf8');
  const present = new Set(current.split('\n').map(devVarKey));
  const missing = readFileSync(example, 'utf8')
    .split('\n')
    .filter((line) => devVarKey(line) && !present.has(devVarKey(line)));
  if (missing.length === 0) return;
  appendFileSync(target, `${current === '' || current.endsWith('\n') ? '' : '\n'}${missing.join('\n')}\n`);
  log(`${path.relative(root, target)}: added ${missing.map(devVarKey).join(', ')} from its .dev.vars.example`);
}

/** The browser tests drive Debian's Chromium (never a downloaded browser); install it where we can. */
export function ensureChromium() {
  if (existsSync('/usr/bin/chromium')) return;
  if (aptInstall('chromium', 'browser tests') && existsSync('/usr/bin/chromium')) return;
  console.error('The browser tests need Chromium at /usr/bin/chromium: install it with `sudo apt-get install chromium`, then run this again.');
  process.exit(1);
}
