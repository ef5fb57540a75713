// Connect transfer latency: with 5 devices of one listener connected over real
// WebSockets to the local platform (`wrangler dev`, every worker), the time from
// sending a transfer until the target device holds its new state, p50/p99.
// Measured for a transfer sent as `PUT /api/v1/me/player` and as a `command`
// over another device's socket. Baseline, same run, same session object:
// `GET /api/v1/me/player`, a read-only round trip through the same worker → object path.
//
//   node bench/connect-transfer.ts [--runs 300]
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ServerMessage } from '#core/protocol/connect.ts';
import { client } from '../scripts/lib/client.mjs';
import { applyMigrations, executeSql, freePort, startPlatform } from '../scripts/lib/platform.mjs';
import { root } from '../scripts/lib/setup.mjs';
import { ms, summary } from './lib/stats.ts';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1] || 300) || 300;
const WARMUP = 30;
const DEVICES = 5;

/** A device: a real WebSocket, every push validated against the shared protocol. */
class Device {
  private waiters: { match: (m: ServerMessage) => boolean; resolve: (at: number) => void }[] = [];
  stops = 0;
  readonly id: string;
  readonly ws: WebSocket;
  constructor(id: string, ws: WebSocket) {
    this.id = id;
    this.ws = ws;
    ws.addEventListener('message', (event) => {
      const at = performance.now();
      const message = ServerMessage.parse(JSON.parse(String(event.data)));
      if (message.type === 'stop') this.stops++;
      this.waiters = this.waiters.filter((w) => {
        if (!w.match(message)) return true;
        w.resolve(at);
        return false;
      });
    });
  }
  /** Resolves with the arrival time of the first state that makes this device the active one at or after `seq`. */
  activeFrom(seq: number): Promise<number> {
    return new Promise((resolve) => this.waiters.push({ match: (m) => m.type === 'state' && m.seq >= seq && m.player?.device?.id === this.id, resolve }));
  }
}

function connect(origin: string, token: string, id: string): Promise<Device> {
  const url = new URL('/api/v1/me/player/connect', origin.replace(/^http/, 'ws'));
  url.search = new URLSearchParams({ device_id: id, name: `Bench ${id}`, type: 'speaker', access_token: token }).toString();
  const ws = new WebSocket(url);
  return new Promise((resolve, reject) => {
    ws.addEventListener('open', () => resolve(new Device(id, ws)), { once: true });
    ws.addEventListener('error', () => reject(new Error(`could not connect ${id}`)), { once: true });
  });
}

/** A few real catalog rows, written with wrangler before the platform starts. */
async function seedCatalog(persistDir: string): Promise<string[]> {
  const ids = Array.from({ length: 20 }, (_, i) => `trk1_bench${String(i).padStart(11, '0')}`);
  await executeSql(persistDir, 'CATALOG_1', [
    "INSERT OR IGNORE INTO artists (id, name) VALUES ('art1_benchartist000', 'Bench Artist')",
    ...ids.map(
      (id, i) =>
        `INSERT OR IGNORE INTO tracks (id, artist_id, title, duration_ms, status) VALUES ('${id}', 'art1_benchartist000', 'Bench ${i}', 240000, 'ready')`,
    ),
  ]);
  return ids.map((id) => `encore:track:${id}`);
}

const port = await freePort();
const persistDir = path.join(root, `.tmp/bench-connect-${port}`);
mkdirSync(persistDir, { recursive: true });
await applyMigrations(persistDir);
const uris = await seedCatalog(persistDir);
const platform = await startPlatform({ port, persistDir, transcoder: false });
try {
  const anon = client(platform.origin);
  const { access_token: token } = await anon.register(`bench-${Date.now()}@example.com`, 'bench password 1', 'Bench listener', 'listener');
  const api = anon.withToken(token);
  const devices = await Promise.all(Array.from({ length: DEVICES }, (_, i) => connect(platform.origin, token, `device-${i}`)));
  await api.call('PUT', '/api/v1/me/player/play?device_id=device-0', { uris });

  let active = 0;
  let seq = (await api.call('GET', '/api/v1/me/player')).seq as number;
  async function transfer(via: 'http' | 'socket'): Promise<number> {
    const target = (active + 1) % DEVICES;
    const received = devices[target]!.activeFrom(seq + 1);
    const sent = performance.now();
    if (via === 'http') await api.call('PUT', '/api/v1/me/player', { device_ids: [`device-${target}`], play: true });
    else devices[active]!.ws.send(JSON.stringify({ type: 'command', command: { action: 'transfer', device_id: `device-${target}`, play: true } }));
    const at = await received;
    active = target;
    seq += 1;
    return at - sent;
  }
  async function baseline(): Promise<number> {
    const sent = performance.now();
    await api.call('GET', '/api/v1/me/player');
    return performance.now() - sent;
  }

  for (let i = 0; i < WARMUP; i++) await transfer(i % 2 ? 'http' : 'socket');
  const stopsBefore = devices.reduce((n, d) => n + d.stops, 0);
  const samples = { http: [] as number[], socket: [] as number[], baseline: [] as number[] };
  // Interleaved so drift (other processes, GC) hits all three alike.
  for (let i = 0; i < runs; i++) {
    samples.http.push(await transfer('http'));
    samples.socket.push(await transfer('socket'));
    samples.baseline.push(await baseline());
  }
  const stops = devices.reduce((n, d) => n + d.stops, 0) - stopsBefore;
  const final = await api.call('GET', '/api/v1/me/player');

  console.log(`${runs} transfers each way among ${DEVICES} connected devices (after ${WARMUP} warm-up), wrangler dev on this machine`);
  const row = (name: string, xs: number[]) => ({ measure: name, p50: ms(summary(xs).median), p99: ms(summary(xs).p99), max: ms(summary(xs).max) });
  console.table([
    row('transfer via PUT /me/player → target has state', samples.http),
    row('transfer via socket command → target has state', samples.socket),
    row('baseline: GET /me/player round trip', samples.baseline),
  ]);
  console.log(
    `previous device told to stop: ${stops} of ${2 * runs} transfers; final seq ${final.seq}, playing on ${final.device.id} at ${final.progress_ms} ms`,
  );
  for (const d of devices) d.ws.close();
} finally {
  await platform.stop();
  rmSync(persistDir, { recursive: true, force: true });
}
