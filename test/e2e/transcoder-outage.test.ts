import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { virtualShardOf } from '../../core/ids.ts';
import { generateTrack } from '../../scripts/lib/audio.mjs';
import { client } from '../../scripts/lib/client.mjs';
import { executeSql, freePort, startPlatform } from '../../scripts/lib/platform.mjs';

// The transcoder as a dependency that dies: the real platform, its supervised
// transcoder process killed mid-job or stopped, and what the artist sees.
let platform: Awaited<ReturnType<typeof startPlatform>>;
let artist: ReturnType<typeof client>;
let admin: ReturnType<typeof client>;
let persistDir: string;
const workdir = mkdtempSync(path.join(os.tmpdir(), 'encore-outage-'));

beforeAll(async () => {
  const port = await freePort();
  persistDir = path.resolve(`.tmp/platform-outage-${port}`);
  platform = await startPlatform({ port, persistDir, transcoder: true });
  const api = client(platform.origin);
  artist = api.withToken((await api.register(`outage-${Date.now()}@example.com`, 'outage password', 'Outage Artist', 'artist')).access_token);
  // ADMIN_EMAILS in .dev.vars names this address.
  admin = api.withToken((await api.register('admin@encore.local', 'outage admin password', 'Admin', 'listener')).access_token);
});

afterAll(async () => {
  if (!platform) return;
  mkdirSync('test-artifacts', { recursive: true });
  writeFileSync('test-artifacts/e2e-transcoder-outage.log', platform.logs());
  await platform.stop();
});

const transcoder = () => platform.transcoder!;

/** True while the transcoder's process group runs an ffmpeg: a job is mid-transcode. */
function ffmpegRunning(): boolean {
  const pid = transcoder().pid();
  if (pid === undefined) return false;
  try {
    return execFileSync('pgrep', ['-g', String(pid), '-x', 'ffmpeg'], { encoding: 'utf8' }).trim() !== '';
  } catch {
    return false;
  }
}

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const health = async () => {
  const res = await fetch(`${platform.origin}/api/v1/health`);
  return { status: res.status, retryAfter: res.headers.get('Retry-After'), body: await res.json() };
};

describe('the transcoder dies', () => {
  it('a job cut off by a killed transcoder runs again once the supervisor has restarted it, and the upload ends ready', async () => {
    const file = await generateTrack(path.join(workdir, 'long.flac'), { seconds: 120, root: 'F' });
    const created = await artist.uploadFile(file, { title: 'Survivor' }, 'audio/flac');
    await until('ffmpeg to start on the transcoder', () => ffmpegRunning(), 90_000);
    const killedPid = transcoder().pid()!;
    const restartsBefore = transcoder().restarts();
    // As a Container dies: the whole process group, ffmpeg included, at once.
    process.kill(-killedPid, 'SIGKILL');

    await until('the supervisor to restart the transcoder', () => transcoder().restarts() > restartsBefore && transcoder().pid() !== undefined);
    expect(transcoder().pid()).not.toBe(killedPid);
    expect(platform.logs()).toMatch(/\[transcoder\] exited unexpectedly \(SIGKILL\); restart 1/);

    const done = await artist.waitForUpload(created.id, { timeoutMs: 240_000 });
    expect(done).toMatchObject({ status: 'ready' });
    expect(platform.logs()).toMatch(/"action":"retry","reason":"transcoder unreachable/);
    const track = await artist.track(created.track_id);
    expect(track.duration_ms).toBeGreaterThan(119_000);
  });

  it('health answers 503 naming the transcoder while it is down, and ok again once it is back', async () => {
    const restarts = transcoder().restarts();
    await transcoder().stop();
    const down = await health();
    expect(down).toMatchObject({
      status: 503,
      retryAfter: '5',
      body: { status: 'degraded', transcoder: 'down', databases: 'ok', workers: { api: 'ok', stream: 'ok', transcode_queue: 'ok' } },
    });

    // Stopped on purpose (as on Ctrl-C), it stays stopped: the supervisor restarts only what died unasked.
    await new Promise((r) => setTimeout(r, 1500));
    expect(transcoder().pid()).toBeUndefined();
    expect(transcoder().restarts()).toBe(restarts);

    transcoder().start();
    const up = await until('health to answer ok', async () => {
      const h = await health();
      return h.status === 200 ? h : undefined;
    });
    expect(up.body).toMatchObject({ status: 'ok', transcoder: 'ok' });
  });

  it('an admin requeues a failed upload from its stored source and it ends ready, without a new upload', async () => {
    const file = await generateTrack(path.join(workdir, 'again.flac'), { seconds: 6, root: 'A' });
    const created = await artist.uploadFile(file, { title: 'Second Chance' }, 'audio/flac');
    expect((await artist.waitForUpload(created.id)).status).toBe('ready');
    // As the sweep leaves an upload whose requeues are used up (the queue's five retries take minutes).
    // wrangler.toml's map gives each of the 4 catalog databases 256 virtual shards.
    const shard = Math.floor(virtualShardOf(created.id) / 256);
    const message = 'Transcoding kept failing although the file was retried several times.';
    await executeSql(persistDir, `CATALOG_${shard}`, [
      `UPDATE tracks SET status = 'failed' WHERE id = '${created.track_id}'`,
      `UPDATE uploads SET status = 'failed', error = '${message}' WHERE id = '${created.id}'`,
    ]);
    expect(await artist.upload(created.id)).toMatchObject({ status: 'failed', error: message });

    expect(await admin.call('POST', `/api/v1/admin/uploads/${created.id}/requeue`)).toEqual({ status: 'uploaded' });
    expect(await artist.waitForUpload(created.id)).toMatchObject({ status: 'ready' });
    expect((await artist.track(created.track_id)).status).toBe('ready');
  });
});
