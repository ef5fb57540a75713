// Starts the whole local platform: D1 migrations, the transcoder process, and one
// `wrangler dev` session running every worker (the api worker first, so it is the
// one on the port). Used by `npm run dev`, the end-to-end tests and the benchmarks.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { root, toolEnv } from './setup.mjs';
import { ensureWebBuild } from './web-build.mjs';

/** Every worker's config; the first one is served on the port. */
export const WORKER_CONFIGS = [
  'wrangler.toml',
  'workers/stream/wrangler.toml',
  'workers/transcode-queue/wrangler.toml',
  'workers/listening-events/wrangler.toml',
].filter((c) => existsSync(path.join(root, c)));

export const D1_BINDINGS = ['CATALOG_0', 'CATALOG_1', 'CATALOG_2', 'CATALOG_3', 'USERS_0', 'USERS_1', 'USERS_EU_0'];

const bin = (name) => path.join(root, 'node_modules/.bin', name);

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function run(cmd, args, { quiet = true } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: root, env: toolEnv(), stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    let output = '';
    child.stdout?.on('data', (d) => (output += d));
    child.stderr?.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(output) : reject(new Error(`${cmd} ${args.join(' ')} failed (${code}):\n${output}`))));
  });
}

/** Applies pending D1 migrations to every local shard (idempotent: wrangler records what ran). */
export async function applyMigrations(persistDir) {
  for (const binding of D1_BINDINGS) {
    await run(bin('wrangler'), ['d1', 'migrations', 'apply', binding, '--local', '--persist-to', persistDir, '-c', 'wrangler.toml']);
  }
}

/** Runs SQL statements against one local D1 shard (benchmarks seed their data this way). */
export async function executeSql(persistDir, binding, statements) {
  const file = path.join(persistDir, `seed-${binding}-${Date.now()}.sql`);
  writeFileSync(file, statements.map((s) => `${s.replace(/;\s*$/, '')};`).join('\n'));
  await run(bin('wrangler'), ['d1', 'execute', binding, '--local', '--persist-to', persistDir, '-c', 'wrangler.toml', '--file', file]);
}

function readDevVar(file, name) {
  const text = readFileSync(path.join(root, file), 'utf8');
  const line = text.split('\n').find((l) => l.startsWith(`${name}=`));
  return line?.slice(name.length + 1).trim();
}

/**
 * `wrangler dev --var` reaches only the first worker, so the queue consumer's
 * origin/transcoder settings for a non-default port go into a generated copy of
 * its config (same bindings, absolute paths).
 */
function configWithVars(configFile, vars, outDir) {
  const sourceDir = path.dirname(path.join(root, configFile));
  let text = readFileSync(path.join(root, configFile), 'utf8');
  text = text.replace(/^(main|migrations_dir)\s*=\s*"([^"]+)"/gm, (_, key, rel) => `${key} = ${JSON.stringify(path.resolve(sourceDir, rel))}`);
  for (const [name, value] of Object.entries(vars)) {
    text = text.replace(new RegExp(`^${name}\\s*=.*$`, 'm'), `${name} = ${JSON.stringify(value)}`);
  }
  const dir = path.join(outDir, path.basename(sourceDir));
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'wrangler.toml'), text);
  if (existsSync(path.join(sourceDir, '.dev.vars'))) copyFileSync(path.join(sourceDir, '.dev.vars'), path.join(dir, '.dev.vars'));
  return path.join(dir, 'wrangler.toml');
}

async function onlyTranscoderDown(res) {
  if (res.status !== 503) return false;
  const body = await res.json().catch(() => null);
  return body?.transcoder === 'down' && body.databases === 'ok' && body.workers?.stream === 'ok' && body.workers?.transcode_queue === 'ok';
}

async function waitFor(url, { timeoutMs, isAlive, healthy = async (res) => res.ok }) {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (!isAlive()) throw new Error(`process serving ${url} exited`);
    try {
      const res = await fetch(url);
      if (await healthy(res)) return;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = err.message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not become ready in ${timeoutMs} ms (${last})`);
}

function startProcess(name, cmd, args, { env = {}, verbose }) {
  const child = spawn(cmd, args, { cwd: root, env: toolEnv(env), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const tail = [];
  const onData = (d) => {
    // Offline, wrangler cannot fetch the Request.cf data; the warning is harmless noise.
    const text = String(d)
      .split('\n')
      .filter((line) => !/Request\.cf|workers\.cloudflare\.com/.test(line))
      .join('\n');
    if (verbose && text.trim()) process.stdout.write(text.replace(/^(?=.)/gm, `[${name}] `));
    tail.push(text);
    if (tail.length > 200) tail.shift();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  let exited = false;
  child.on('exit', () => (exited = true));
  return {
    child,
    isAlive: () => !exited,
    output: () => tail.join(''),
    stop() {
      if (exited) return Promise.resolve();
      return new Promise((resolve) => {
        child.once('exit', resolve);
        try {
          process.kill(-child.pid, 'SIGTERM');
        } catch {
          resolve();
        }
        setTimeout(() => {
          try {
            process.kill(-child.pid, 'SIGKILL');
          } catch {}
        }, 5000).unref();
      });
    },
  };
}

const RESTART_BACKOFF_MS = { first: 250, max: 10_000 };
/** A process that stayed up this long had a good run: the next restart starts from the first backoff again. */
const STABLE_RUN_MS = 30_000;

/**
 * Like startProcess, but restarted with backoff whenever it exits unasked, as
 * Cloudflare restarts a Container: `npm run dev` keeps a transcoder after one
 * dies. stop() ends it for good; start() after stop() brings it back.
 */
function superviseProcess(name, cmd, args, options) {
  let current;
  let stopped = true;
  let restarts = 0;
  let backoff = RESTART_BACKOFF_MS.first;
  let timer;
  const tail = [];
  const log = (line) => {
    tail.push(`[${name}] ${line}\n`);
    console.warn(`[${name}] ${line}`);
  };
  const spawnOne = () => {
    const startedAt = Date.now();
    const proc = startProcess(name, cmd, args, options);
    current = proc;
    proc.child.on('exit', (code, signal) => {
      tail.push(proc.output());
      if (stopped || current !== proc) return;
      if (Date.now() - startedAt >= STABLE_RUN_MS) backoff = RESTART_BACKOFF_MS.first;
      restarts += 1;
      log(`exited unexpectedly (${signal ?? `code ${code}`}); restart ${restarts} in ${backoff} ms`);
      timer = setTimeout(() => {
        timer = undefined;
        if (!stopped) spawnOne();
      }, backoff);
      backoff = Math.min(backoff * 2, RESTART_BACKOFF_MS.max);
    });
  };
  const handle = {
    /** The running process's group id (signal `-pid` to kill it with its ffmpeg children); undefined between restarts. */
    pid: () => (current?.isAlive() ? current.child.pid : undefined),
    restarts: () => restarts,
    isAlive: () => !stopped,
    output: () => tail.join('') + (current?.isAlive() ? current.output() : ''),
    start() {
      if (!stopped) return;
      stopped = false;
      backoff = RESTART_BACKOFF_MS.first;
      spawnOne();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current?.stop();
    },
  };
  handle.start();
  return handle;
}

/** The dev stand-in for the transcoder Container's outbound handler (see its wrangler.toml). */
const INGEST_GATEWAY_CONFIG = 'scripts/dev-ingest-gateway/wrangler.toml';

/**
 * `ingestGateway` (default: when the transcoder runs) starts the private ingest
 * route on a loopback port of its own; `ingestOrigin` is where it listens. The
 * public origin never forwards /media/ingest.
 * `vars` replace the api worker's (the first worker's) vars, e.g. a benchmark's FANOUT_PUSH_MAX_FOLLOWERS.
 * @param {{port?: number, persistDir?: string, transcoder?: boolean, transcoderPort?: number, ingestGateway?: boolean, verbose?: boolean, vars?: Record<string, string>}} options
 * `transcoder` is supervised (restarted when it dies); tests kill it by `pid()` or stop()/start() it.
 * @returns {Promise<{origin: string, port: number, ingestOrigin?: string, transcoder?: {pid: () => number | undefined, restarts: () => number, start: () => void, stop: () => Promise<void>}, transcoderUrl?: string, stop: () => Promise<void>, logs: () => string}>}
 */
export async function startPlatform(options = {}) {
  const port = options.port ?? (await freePort());
  const persistDir = path.resolve(root, options.persistDir ?? `.tmp/platform-${port}`);
  const verbose = options.verbose ?? false;
  const origin = `http://localhost:${port}`;
  mkdirSync(persistDir, { recursive: true });
  // wrangler dev refuses to start without the assets directory (web/dist), which a fresh clone lacks.
  ensureWebBuild();
  await applyMigrations(persistDir);

  const processes = [];
  const stop = async () => {
    await Promise.all(processes.map((p) => p.stop()));
  };
  // Each platform its own dev registry, so the ingest gateway binds to this
  // platform's stream worker and not to one of another platform running beside it.
  const wranglerEnv = { WRANGLER_SEND_METRICS: 'false', CI: process.env.CI ?? '', WRANGLER_REGISTRY_PATH: path.join(persistDir, 'dev-registry') };
  const configDir = path.join(persistDir, 'configs');
  let ingestOrigin;
  let transcoder;
  let transcoderUrl;
  try {
    // The stream worker drops edge copies keyed by the public origin when a ladder object is rewritten.
    const streamConfig = configWithVars('workers/stream/wrangler.toml', { MEDIA_ORIGIN: origin }, configDir);
    let configs = WORKER_CONFIGS.map((c) => (c === 'workers/stream/wrangler.toml' ? streamConfig : c));
    if (options.ingestGateway ?? options.transcoder !== false) ingestOrigin = `http://127.0.0.1:${await freePort()}`;
    if (options.transcoder !== false) {
      const transcoderPort = options.transcoderPort ?? (await freePort());
      transcoder = superviseProcess('transcoder', bin('node'), ['transcoder/src/server.ts'], {
        env: { PORT: String(transcoderPort), TRANSCODER_SECRET: readDevVar('workers/transcode-queue/.dev.vars', 'TRANSCODER_SECRET') },
        verbose,
      });
      processes.push(transcoder);
      transcoderUrl = `http://127.0.0.1:${transcoderPort}`;
      await waitFor(`${transcoderUrl}/health`, { timeoutMs: 20_000, isAlive: () => transcoder.restarts() === 0 });
      const queueConfig = configWithVars(
        'workers/transcode-queue/wrangler.toml',
        { TRANSCODER_URL: transcoderUrl, MEDIA_ORIGIN: origin, INGEST_ORIGIN: ingestOrigin },
        configDir,
      );
      configs = configs.map((c) => (c === 'workers/transcode-queue/wrangler.toml' ? queueConfig : c));
    }
    const wrangler = startProcess(
      'wrangler',
      bin('wrangler'),
      [
        'dev',
        ...configs.flatMap((c) => ['-c', c]),
        '--port',
        String(port),
        '--persist-to',
        persistDir,
        '--show-interactive-dev-session=false',
        '--inspector-port',
        String(await freePort()),
        ...Object.entries(options.vars ?? {}).flatMap(([name, value]) => ['--var', `${name}:${value}`]),
      ],
      {
        env: wranglerEnv,
        verbose,
      },
    );
    processes.push(wrangler);
    // Without a transcoder, health rightly answers 503 naming it; everything else must be up.
    const healthy = options.transcoder === false ? async (res) => res.ok || (await onlyTranscoderDown(res)) : undefined;
    const ready = [waitFor(`${origin}/api/v1/health`, { timeoutMs: 90_000, isAlive: wrangler.isAlive, healthy })];
    if (ingestOrigin) {
      const gatewayArgs = [
        'dev',
        '-c',
        INGEST_GATEWAY_CONFIG,
        '--ip',
        '127.0.0.1',
        '--port',
        new URL(ingestOrigin).port,
        '--persist-to',
        persistDir,
        '--show-interactive-dev-session=false',
        '--inspector-port',
        String(await freePort()),
      ];
      const gateway = startProcess('ingest', bin('wrangler'), gatewayArgs, { env: wranglerEnv, verbose });
      processes.push(gateway);
      ready.push(waitFor(`${ingestOrigin}/health`, { timeoutMs: 90_000, isAlive: gateway.isAlive }));
    }
    await Promise.all(ready);
  } catch (err) {
    const logs = processes.map((p) => p.output()).join('\n');
    await stop();
    err.message += `\n--- platform output ---\n${logs.slice(-4000)}`;
    throw err;
  }
  return { origin, port, ingestOrigin, transcoder, transcoderUrl, stop, logs: () => processes.map((p) => p.output()).join('\n') };
}
