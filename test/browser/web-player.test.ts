import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page, Request as PageRequest, WebSocketRoute } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { generateTrack } from '../../scripts/lib/audio.mjs';
import { client } from '../../scripts/lib/client.mjs';
import { coverPng } from '../../scripts/lib/cover-art.mjs';
import { startPlatform } from '../../scripts/lib/platform.mjs';
import { audioState, launchChromium, loggedIn, screenshot, waitForPlayback } from './browser.ts';
import { layoutProblems, PHONE, pngSize, problemsAtPhoneWidths, touch, visit } from './layout.ts';

// The web app as people use it: Debian's Chromium against the whole local
// platform (wrangler dev with every worker, the transcoder, ffmpeg), data seeded
// through the public API. Tests share one platform and run in order.
let platform: Awaited<ReturnType<typeof startPlatform>>;
let browser: Browser;
const contexts: BrowserContext[] = [];
const workdir = mkdtempSync(path.join(os.tmpdir(), 'encore-browser-'));
const stamp = Date.now().toString(36);
const listener = { email: `listener-${stamp}@example.com`, password: 'browser password' };
const friend = { email: `friend-${stamp}@example.com`, password: 'browser password' };
const artistAccount = { email: `artist-${stamp}@example.com`, password: 'browser password' };
const titles = { first: `Aurora ${stamp}`, second: `Borealis ${stamp}` };
let first: { id: string };
let second: { id: string };

async function open(account: { email: string; password: string }, device?: Parameters<typeof loggedIn>[4]): Promise<Page> {
  const { context, page } = await loggedIn(browser, platform.origin, account.email, account.password, device);
  contexts.push(context);
  return page;
}

async function searchFor(page: Page, q: string): Promise<void> {
  if (!page.url().endsWith('/search') && !page.url().includes('/search?'))
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Search' }).click();
  await page.locator('#search').fill(q);
  await page.locator(`.track-row .track-title:text-is("${q}")`).first().waitFor();
}

beforeAll(async () => {
  // ENCORE_ORIGIN reuses a platform that is already running (handy while iterating on the app).
  platform = process.env.ENCORE_ORIGIN
    ? { origin: process.env.ENCORE_ORIGIN, port: 0, stop: async () => {}, logs: () => '' }
    : await startPlatform({ transcoder: true });
  const api = client(platform.origin);
  const artist = api.withToken((await api.register(artistAccount.email, artistAccount.password, 'Browser Artist', 'artist')).access_token);
  const listenerSession = await api.register(listener.email, listener.password, 'Browser Listener', 'listener');
  await api.register(friend.email, friend.password, 'Browser Friend', 'listener');
  // The listener is premium (offline downloads, the whole ladder); the friend stays free. Same admin password as the catalog tests below.
  const adminSession = await api
    .register('admin@encore.local', 'browser password', 'Encore Admin')
    .catch(() => api.login('admin@encore.local', 'browser password'));
  await api.withToken(adminSession.access_token).call('PUT', `/api/v1/admin/users/${listenerSession.user.id}`, { product: 'premium' });
  const uploads = [];
  for (const [title, root] of [
    [titles.first, 'A'],
    [titles.second, 'D'],
  ] as const) {
    const file = await generateTrack(path.join(workdir, `${root}.flac`), { seconds: 40, root, seed: title });
    uploads.push(await artist.uploadFile(file, { title, album: `Night Sky ${stamp}` }, 'audio/flac'));
  }
  for (const u of uploads) expect((await artist.waitForUpload(u.id, { timeoutMs: 240_000 })).status).toBe('ready');
  first = { id: uploads[0]!.track_id };
  second = { id: uploads[1]!.track_id };
  browser = await launchChromium();
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  if (!platform) return;
  // Kept for whoever reads a failed CI run: everything the workers and the transcoder printed.
  mkdirSync('test-artifacts', { recursive: true });
  writeFileSync('test-artifacts/browser-platform.log', platform.logs());
  await platform.stop();
});

describe('web player in Chromium', () => {
  let a: Page;
  let b: Page;
  let liveSocket: WebSocketRoute | undefined;
  let holdPushes = false;
  const heldPushes: (string | Buffer)[] = [];

  it('logs in, finds a track as you type, plays it over HLS and shows the bitrate', async () => {
    a = await open(listener);
    await a.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Search' }).click();
    await a.getByRole('heading', { name: 'Search', level: 1 }).waitFor();
    await screenshot(a, 'search-empty');
    await searchFor(a, titles.first);
    // The player times click → playing and sends it as a beacon (docs/observability.md); the API's 204 means the body was valid.
    const beacons: PageRequest[] = [];
    a.on('request', (r) => new URL(r.url()).pathname === '/api/v1/beacons/playback-start' && beacons.push(r));
    await a.getByRole('button', { name: new RegExp(`^Play ${titles.first} by`) }).click();
    await waitForPlayback(a, 1.5);
    await expect.poll(() => beacons.length).toBe(1);
    expect(beacons[0]!.method()).toBe('POST');
    expect(beacons[0]!.headers()['content-type']).toMatch(/^application\/json/);
    expect((await beacons[0]!.response())?.status()).toBe(204);
    await expect.poll(() => a.getByTestId('now-playing').textContent()).toBe(titles.first);
    await expect.poll(() => a.getByTestId('bitrate').textContent(), { timeout: 20_000 }).toMatch(/\d+ kb\/s/);
    await screenshot(a, 'player');

    // Keyboard: Space pauses and resumes when focus is not on a control.
    await a.getByRole('heading', { name: 'Search', level: 1 }).click();
    await a.keyboard.press('Space');
    await expect.poll(async () => (await audioState(a)).paused).toBe(true);
    await expect.poll(() => a.getByTestId('play-pause').getAttribute('aria-label')).toBe('Play');
    await a.keyboard.press('Space');
    await waitForPlayback(a, (await audioState(a)).time + 0.5);

    await a.locator('.track-row', { hasText: titles.first }).getByRole('link', { name: 'Browser Artist' }).click();
    await a.getByRole('heading', { name: 'Browser Artist', level: 1 }).waitFor();
    await screenshot(a, 'artist');
    await a.getByRole('link', { name: new RegExp(`Night Sky ${stamp}`) }).click();
    await a.getByRole('heading', { name: `Night Sky ${stamp}`, level: 1 }).waitFor();
    await a.locator('.track-row', { hasText: titles.second }).waitFor();
    await screenshot(a, 'album');

    // Playing the album prefetches the next track's first segment while the current one plays.
    const api = client(platform.origin);
    const ladder = async (id: string) => new URL((await api.track(id)).stream.hls_url, platform.origin).pathname.split('/').slice(0, 4).join('/');
    const ladders = { [titles.first]: await ladder(first.id), [titles.second]: await ladder(second.id) };
    const media: string[] = [];
    a.on('request', (r) => media.push(new URL(r.url()).pathname));
    await a.getByRole('button', { name: 'Play album' }).click();
    await waitForPlayback(a, 0.5);
    const playing = (await a.getByTestId('now-playing').textContent())!;
    const next = playing === titles.first ? titles.second : titles.first;
    await expect.poll(() => media.some((p) => p.startsWith(`${ladders[next]}/`) && p.endsWith('.m4s')), { timeout: 30_000 }).toBe(true);
  });

  it('shows a track added in one browser in another browser viewing the playlist', async () => {
    b = await open(listener);
    // b's live socket passes through here, so a later test can hold back its pushes.
    await b.routeWebSocket(/\/live/, (ws) => {
      const server = ws.connectToServer();
      liveSocket = ws;
      server.onMessage((m) => (holdPushes ? heldPushes.push(m) : ws.send(m)));
    });
    await b.getByRole('link', { name: 'Playlists' }).click();
    await b.getByLabel('New playlist').fill(`Road trip ${stamp}`);
    await b.getByRole('button', { name: 'Create' }).click();
    await b.waitForURL('**/playlist/**');
    await expect.poll(() => b.getByTestId('live-status').textContent(), { timeout: 20_000 }).toContain('Live');

    await searchFor(a, titles.second);
    await a.locator('.track-row', { hasText: titles.second }).getByTestId('add-to-playlist').click();
    await a
      .getByRole('dialog')
      .getByRole('button', { name: `Road trip ${stamp}` })
      .click();
    await a.getByRole('dialog').waitFor({ state: 'detached' });

    await b.locator('[aria-label="Playlist tracks"] .track-title', { hasText: titles.second }).waitFor({ timeout: 20_000 });
  });

  it('lets an invited collaborator edit, live for the owner', async () => {
    const c = await open(friend);
    await c.getByRole('link', { name: 'Playlists' }).click();
    const friendId = (await c.getByTestId('my-user-id').textContent())!;
    await b.getByLabel('Collaborator’s user id').fill(friendId);
    await b.getByRole('button', { name: 'Add collaborator' }).click();
    await b.getByText('Collaborator added').waitFor();

    await searchFor(c, titles.first);
    await c.locator('.track-row', { hasText: titles.first }).getByTestId('add-to-playlist').click();
    await c
      .getByRole('dialog')
      .getByRole('button', { name: `Road trip ${stamp}` })
      .click();
    await c.getByRole('dialog').waitFor({ state: 'detached' });

    const rows = b.locator('[aria-label="Playlist tracks"] .track-title');
    await expect.poll(() => rows.allTextContents(), { timeout: 20_000 }).toEqual([titles.second, titles.first]);
    await screenshot(b, 'playlist');
  });

  it('reorders by drag and drop, and the server keeps the new order', async () => {
    const rows = b.locator('[aria-label="Playlist tracks"] [data-item-id]');
    await rows.filter({ hasText: titles.first }).dragTo(rows.filter({ hasText: titles.second }));

    const shown = b.locator('[aria-label="Playlist tracks"] .track-title');
    await expect.poll(() => shown.allTextContents(), { timeout: 20_000 }).toEqual([titles.first, titles.second]);
    const playlistId = decodeURIComponent(new URL(b.url()).pathname.split('/').pop()!);
    const api = client(platform.origin);
    const owner = api.withToken((await api.login(listener.email, listener.password)).access_token);
    const server = await owner.call('GET', `/api/v1/playlists/${playlistId}`);
    expect(server.items.items.map((i: { track: { id: string } }) => i.track.id)).toEqual([first.id, second.id]);
  });

  it('re-applies an edit made on a stale snapshot (409) instead of dropping it', async () => {
    // b stops hearing about changes, so it still holds the old snapshot_id when someone else edits.
    holdPushes = true;
    const playlistId = decodeURIComponent(new URL(b.url()).pathname.split('/').pop()!);
    const api = client(platform.origin);
    const other = api.withToken((await api.login(listener.email, listener.password)).access_token);
    await other.call('POST', `/api/v1/playlists/${playlistId}/items`, { track_ids: [first.id] });

    await b.getByRole('button', { name: `Remove ${titles.second} from playlist` }).click();
    await b.getByText(/changed this playlist at the same time/).waitFor();
    holdPushes = false;
    for (const m of heldPushes.splice(0)) liveSocket!.send(m);

    const rows = b.locator('[aria-label="Playlist tracks"] .track-title');
    await expect.poll(() => rows.allTextContents()).toEqual([titles.first, titles.first]);
    const server = await other.call('GET', `/api/v1/playlists/${playlistId}`);
    expect(server.items.items.map((i: { track: { id: string } }) => i.track.id)).toEqual([first.id, first.id]);
  });

  it('moves playback to another open browser, which carries on from the same position', async () => {
    // a is playing; b is a second device of the same listener.
    const reports: PageRequest[] = [];
    a.on('request', (r) => new URL(r.url()).pathname === '/api/v1/me/player/report' && reports.push(r));
    const source = await a.evaluate(() => (JSON.parse(sessionStorage.getItem('encore.device')!) as { id: string }).id);
    const target = await b.evaluate(() => (JSON.parse(sessionStorage.getItem('encore.device')!) as { id: string }).id);
    await a.getByTestId('devices-button').click();
    await a.locator(`button[data-device-id="${target}"]`).waitFor();
    await screenshot(a, 'devices');
    await a.locator(`button[data-device-id="${target}"]`).click();
    const before = (await audioState(a)).time;

    const resumedAt = await waitForPlayback(b, 0.1);
    expect(resumedAt).toBeGreaterThan(before - 2.5);
    await waitForPlayback(b, resumedAt + 1);
    await expect.poll(async () => (await audioState(a)).paused).toBe(true);
    await expect.poll(() => a.getByTestId('remote-device').textContent()).toMatch(/^Playing on Web player/);
    await screenshot(a, 'devices-remote');
    await b.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(async () => (await audioState(b)).paused).toBe(true);

    // What a played is reported once playback left it: one event per play, with the time listened, accepted by the API.
    await expect.poll(() => reports.length, { timeout: 15_000 }).toBeGreaterThan(0);
    const events = reports.flatMap((r) => (r.postDataJSON() as { events: { track_id: string; ms_played: number; device_id: string }[] }).events);
    expect(events.every((e) => e.device_id === source && e.ms_played > 0)).toBe(true);
    expect(events.some((e) => e.track_id === first.id || e.track_id === second.id)).toBe(true);
    expect((await reports[0]!.response())?.status()).toBe(202);
  });

  it('uploads a file as an artist with per-part progress and plays it once transcoded; rejects a non-audio file clearly', async () => {
    const page = await open(artistAccount);
    // An access token the server no longer accepts: the app refreshes it and carries on.
    await page.evaluate(() => {
      const session = JSON.parse(sessionStorage.getItem('encore.session')!);
      session.access_token = `${session.access_token.slice(0, -6)}AAAAAA`;
      sessionStorage.setItem('encore.session', JSON.stringify(session));
    });
    await page.reload();
    await page.getByRole('link', { name: 'Upload' }).click();
    await expect.poll(() => page.locator('main h1').allTextContents()).toEqual(['Upload a track']);

    writeFileSync(path.join(workdir, 'notes.txt'), 'not audio at all\n');
    await page.getByLabel('Audio file').setInputFiles(path.join(workdir, 'notes.txt'));
    await page.getByRole('button', { name: 'Upload' }).click();
    await expect.poll(() => page.getByTestId('upload-error').textContent()).toMatch(/content|type|audio/i);

    const file = await generateTrack(path.join(workdir, 'fresh.wav'), { seconds: 12, root: 'F', seed: `fresh ${stamp}` });
    const coverFile = path.join(workdir, 'fresh-cover.png');
    writeFileSync(coverFile, await coverPng(`Fresh EP ${stamp}`));
    await page.getByLabel('Audio file').setInputFiles(file);
    await page.getByLabel('Title').fill(`Fresh ${stamp}`);
    await page.getByLabel('Album (optional)').fill(`Fresh EP ${stamp}`);
    await page.getByLabel('Album cover').setInputFiles(coverFile);
    await page.getByRole('button', { name: 'Upload' }).click();
    await expect.poll(() => page.getByTestId('upload-error').textContent()).toBe('');
    await page.getByTestId('cover-upload-status').filter({ hasText: 'Cover set.' }).waitFor({ timeout: 60_000 });
    await page.getByTestId('upload-status').filter({ hasText: 'Ready to play.' }).waitFor({ timeout: 150_000 });
    // The artist's releases list the album with its cover.
    const release = page
      .getByRole('list', { name: 'Your releases' })
      .getByRole('listitem')
      .filter({ hasText: `Fresh EP ${stamp}` });
    await release.getByTestId('cover-status').filter({ hasText: 'Cover set' }).waitFor();
    await expect.poll(() => release.locator('img.cover').evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    const part = page.getByRole('progressbar', { name: /^Part 1 of/ });
    expect(await part.evaluate((el) => (el as HTMLProgressElement).value === (el as HTMLProgressElement).max)).toBe(true);
    await screenshot(page, 'upload');
    await page.getByTestId('play-upload').click();
    await waitForPlayback(page, 1.5);
  });

  it('downloads a track encrypted (HLS AES-128), plays it with the network off, and deletes it once its license has ended', async () => {
    const page = a;
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
    await searchFor(page, titles.first);
    const row = page.locator(`.track-row[data-track-id="${first.id}"]`).first();
    await row.getByTestId('download').click();
    await expect.poll(() => row.getByTestId('download').textContent(), { timeout: 60_000 }).toBe('Downloaded');

    // At rest the segment is ciphertext; the service worker serves it decrypted (an fMP4 box), with a key that cannot be exported.
    const stored = await page.evaluate(async (trackId) => {
      const boxType = (bytes: ArrayBuffer) => new TextDecoder().decode(new Uint8Array(bytes).slice(4, 8));
      const path = `/offline/tracks/${trackId}/seg-0.m4s`;
      const atRest = await (await (await caches.open('encore-offline-v1')).match(path))!.arrayBuffer();
      const served = await (await fetch(path)).arrayBuffer();
      const record = await new Promise<{ key: CryptoKey; expires_at: number }>((resolve, reject) => {
        const open = indexedDB.open('encore-offline', 1);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const get = open.result.transaction('keys').objectStore('keys').get(trackId);
          get.onsuccess = () => resolve(get.result);
          get.onerror = () => reject(get.error);
        };
      });
      return {
        atRest: boxType(atRest),
        served: boxType(served),
        extractable: record.key.extractable,
        days: Math.round((record.expires_at - Date.now()) / 86_400_000),
      };
    }, first.id);
    expect(['styp', 'moof']).toContain(stored.served);
    expect(['styp', 'moof']).not.toContain(stored.atRest);
    expect(stored).toMatchObject({ extractable: false, days: 30 });

    await page.context().setOffline(true);
    try {
      expect(await page.evaluate(() => navigator.onLine)).toBe(false);
      await page.getByRole('link', { name: 'Downloads' }).click();
      const downloaded = page.locator(`.track-row[data-track-id="${first.id}"]`);
      await expect.poll(() => downloaded.getByTestId('license-expiry').textContent()).toBe('expires in 30 days');
      await page.getByRole('button', { name: `Play ${titles.first}` }).click();
      const at = await waitForPlayback(page, 0.5);
      await waitForPlayback(page, at + 1.5);
      await expect.poll(() => page.getByText('Playing offline on this device').count()).toBe(1);
      await screenshot(page, 'downloads-offline');

      // Thirty days without a play online: the service worker stops serving the copy, and playing it deletes it, saying why.
      const status = await page.evaluate(async (trackId) => {
        await new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('encore-offline', 1);
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const store = open.result.transaction('keys', 'readwrite').objectStore('keys');
            const get = store.get(trackId);
            get.onsuccess = () => {
              const put = store.put({ ...get.result, expires_at: Date.now() - 86_400_000 }, trackId);
              put.onsuccess = () => resolve();
              put.onerror = () => reject(put.error);
            };
          };
        });
        const res = await fetch(`/offline/tracks/${trackId}/master.m3u8`);
        return { status: res.status, code: ((await res.json()) as { error: { code: string } }).error.code };
      }, first.id);
      expect(status).toEqual({ status: 403, code: 'offline_license_expired' });
      await page.getByRole('button', { name: `Play ${titles.first}` }).click();
      await expect.poll(() => page.getByTestId('removed-downloads').textContent()).toContain(`“${titles.first}” was removed from your downloads.`);
      await expect.poll(() => downloaded.count()).toBe(0);
    } finally {
      await page.context().setOffline(false);
    }
  });

  it('shows a free listener that downloads come with Premium instead of a download button', async () => {
    const page = await open(friend);
    await searchFor(page, titles.first);
    const row = page.locator(`.track-row[data-track-id="${first.id}"]`).first();
    await expect.poll(() => row.getByTestId('download-premium-only').textContent()).toBe('Download with Premium');
    expect(await row.getByTestId('download').count()).toBe(0);
    await page.getByRole('link', { name: 'Downloads' }).click();
    await expect.poll(() => page.getByTestId('downloads-premium-only').textContent()).toBe('Offline downloads come with Premium.');
    // The server refuses it too, whatever the page shows.
    const refused = await page.evaluate(async (trackId) => {
      const token = (JSON.parse(sessionStorage.getItem('encore.session')!) as { access_token: string }).access_token;
      const res = await fetch(`/api/v1/tracks/${trackId}/offline`, { headers: { Authorization: `Bearer ${token}` } });
      return { status: res.status, code: ((await res.json()) as { error: { code: string } }).error.code };
    }, first.id);
    expect(refused).toEqual({ status: 403, code: 'premium_required' });
    await screenshot(page, 'downloads-free');
  });
});

describe('home, artwork, following and the library in Chromium', () => {
  const fan = { email: `fan-${stamp}@example.com`, password: 'browser password' };
  // Names carry the run's stamp only on a reused platform (ENCORE_ORIGIN), where they must not meet an
  // earlier run's; on a fresh one they read like a real catalog, for the README's screenshots.
  const tag = process.env.ENCORE_ORIGIN ? ` ${stamp}` : '';
  const label = {
    harbour: `Harbour Lights${tag}`,
    velvet: `Velvet Static${tag}`,
    lowTide: `Low Tide${tag}`,
    highWater: `High Water${tag}`,
    glass: `Glass Weather${tag}`,
  };
  const velvetAlbums = [label.glass, `Neon Rain${tag}`, `Paper Moons${tag}`];
  const featuredNames = [`Night Drive${tag}`, `Morning Calm${tag}`];
  const today = new Date().toISOString().slice(0, 10);
  let admin: ReturnType<typeof client>;
  let page: Page;

  /** Imports NDJSON lines as the admin; every line must land. */
  async function importLines(lines: object[]): Promise<void> {
    const body = new TextEncoder().encode(`${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
    const result = await admin.call('POST', '/api/v1/catalog/import', body, { 'Content-Type': 'application/x-ndjson' });
    expect(result.rejected).toEqual([]);
  }
  const albumLines = (ext: string, artist: string, name: string, releaseDate: string, genre: string) => [
    { type: 'album', id: `${ext}-${stamp}`, artist_id: `${artist}-${stamp}`, name, release_date: releaseDate },
    ...[1, 2, 3].map((n) => ({
      type: 'track',
      id: `${ext}-${n}-${stamp}`,
      album_id: `${ext}-${stamp}`,
      artist_ids: [`${artist}-${stamp}`],
      title: `${name} part ${n}`,
      duration_ms: 180_000 + n * 1000,
      genre,
      popularity: 40 + n * 10,
    })),
  ];

  /** The catalog ids of an album (and its artist) found by name. */
  async function albumNamed(name: string): Promise<{ id: string; artistId: string }> {
    const found = await admin.call('GET', `/api/v1/search?q=${encodeURIComponent(name)}&type=album&limit=5`);
    const album = found.albums.items.find((a: { name: string }) => a.name === name);
    expect(album, name).toBeDefined();
    return { id: album.id, artistId: album.artists[0].id };
  }

  /** Sets a generated cover on an album (or a picture on an artist) as the admin. */
  async function setImage(kind: 'album' | 'artist' | 'playlist', id: string, title: string): Promise<void> {
    const res = await admin.setImage(kind, id, await coverPng(title));
    expect(res.images).toHaveLength(3);
  }

  /** Every cover in view has loaded an image (natural size > 0); returns how many. */
  async function coversInViewLoaded(p: Page): Promise<number> {
    const handle = await p.waitForFunction(
      () => {
        const inView = Array.from(document.querySelectorAll<HTMLImageElement>('main img.cover')).filter((img) => {
          const r = img.getBoundingClientRect();
          return r.bottom > 0 && r.top < innerHeight;
        });
        return inView.length > 0 && inView.every((img) => img.complete && img.naturalWidth > 0 && img.naturalHeight > 0) ? inView.length : null;
      },
      undefined,
      { timeout: 30_000, polling: 200 },
    );
    return (await handle.jsonValue()) as number;
  }

  /** From 320 px up nothing is wider than the screen. */
  async function fitsNarrowScreen(p: Page): Promise<void> {
    await p.setViewportSize({ width: 320, height: 700 });
    try {
      await expect.poll(() => p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    } finally {
      await p.setViewportSize({ width: 1280, height: 800 });
    }
  }

  beforeAll(async () => {
    const api = client(platform.origin);
    const adminSession = await api
      .register('admin@encore.local', 'browser password', 'Encore Admin')
      .catch(() => api.login('admin@encore.local', 'browser password'));
    admin = api.withToken(adminSession.access_token);
    const fanApi = api.withToken((await api.register(fan.email, fan.password, 'Browser Fan', 'listener')).access_token);

    await importLines([
      { type: 'artist', id: `harbour-${stamp}`, name: label.harbour },
      { type: 'artist', id: `velvet-${stamp}`, name: label.velvet },
      ...albumLines('low-tide', 'harbour', label.lowTide, '2024-05-01', 'indie'),
    ]);
    const lowTide = await albumNamed(label.lowTide);
    await setImage('album', lowTide.id, label.lowTide);
    await setImage('artist', lowTide.artistId, label.harbour);

    // The fan already follows Velvet Static, so its release today is in their inbox when they first log in.
    const velvetId = (await admin.call('GET', `/api/v1/search?q=${encodeURIComponent(label.velvet)}&type=artist`)).artists.items[0].id;
    await setImage('artist', velvetId, label.velvet);
    await fanApi.call('PUT', '/api/v1/me/library', { ids: [`encore:artist:${velvetId}`] });
    await importLines(velvetAlbums.flatMap((name, i) => albumLines(`velvet-${i}`, 'velvet', name, today, 'electronic')));
    for (const name of velvetAlbums) await setImage('album', (await albumNamed(name)).id, name);
    await vi.waitFor(
      async () => {
        const inbox = await fanApi.call('GET', '/api/v1/me/inbox');
        expect(inbox.items.map((i: { album: { name: string } }) => i.album.name).sort()).toEqual([...velvetAlbums].sort());
      },
      { timeout: 30_000, interval: 500 },
    );

    // Editors' playlists, featured on everyone's home.
    for (const name of featuredNames) {
      const playlist = await admin.call('POST', '/api/v1/me/playlists', { name, public: true, editorial: true });
      await admin.call('POST', `/api/v1/playlists/${playlist.id}/items`, { track_ids: [first.id, second.id] });
      await setImage('playlist', playlist.id, name);
    }
  });

  it('lands on home with covers, follows an artist, and sees their new album on home after a refresh', async () => {
    page = await open(fan);
    const releases = page.locator('[data-section="new_releases"]');
    await releases.getByRole('link', { name: new RegExp(label.glass) }).waitFor();
    await page
      .locator('[data-section="featured"]')
      .getByRole('link', { name: new RegExp(featuredNames[0]!) })
      .waitFor();
    expect(await coversInViewLoaded(page)).toBeGreaterThan(0);
    await fitsNarrowScreen(page);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Search' }).click();
    await page.locator('#search').fill(label.harbour);
    await page
      .getByRole('region', { name: 'Artists' })
      .getByRole('link', { name: new RegExp(label.harbour) })
      .click();
    await page.getByRole('heading', { name: label.harbour, level: 1 }).waitFor();
    await coversInViewLoaded(page);
    await page.getByRole('button', { name: 'Follow', exact: true }).click();
    await page.getByRole('button', { name: 'Following' }).waitFor();
    await expect.poll(() => page.getByTestId('followers').textContent()).toBe('1 follower');
    await screenshot(page, 'artist-following');
    await fitsNarrowScreen(page);

    // The label delivers Harbour Lights' next album, out today.
    await importLines(albumLines('high-water', 'harbour', label.highWater, today, 'indie'));
    const highWater = await albumNamed(label.highWater);
    await setImage('album', highWater.id, label.highWater);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Home' }).click();
    // Home's sections are cached per listener for a short while: refresh until the new release is past it.
    await expect
      .poll(
        async () => {
          await page.reload();
          await page.locator('main h1').waitFor();
          return releases.getByRole('link', { name: new RegExp(label.highWater) }).count();
        },
        { timeout: 90_000, interval: 3_000 },
      )
      .toBe(1);
    await coversInViewLoaded(page);
    await screenshot(page, 'home');

    await releases.getByRole('link', { name: new RegExp(label.highWater) }).click();
    await page.getByRole('heading', { name: label.highWater, level: 1 }).waitFor();
    await coversInViewLoaded(page);
    await page.getByRole('button', { name: 'Save to library' }).click();
    await page.getByRole('button', { name: 'Saved' }).waitFor();
    await page.getByRole('button', { name: `Like ${label.highWater} part 1` }).click();
    await page.getByRole('button', { name: `Liked ${label.highWater} part 1` }).waitFor();
    await screenshot(page, 'album-cover');
    await fitsNarrowScreen(page);
  });

  it('lists the liked song, the saved album and the followed artists in the library', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Library' }).click();
    await page
      .getByRole('region', { name: 'Liked songs' })
      .locator('.track-title', { hasText: `${label.highWater} part 1` })
      .waitFor();
    const artists = page.getByRole('region', { name: 'Artists' });
    await artists.getByRole('link', { name: new RegExp(label.harbour) }).waitFor();
    await artists.getByRole('link', { name: new RegExp(label.velvet) }).waitFor();
    await page
      .getByRole('region', { name: 'Albums' })
      .getByRole('link', { name: new RegExp(label.highWater) })
      .waitFor();
    await coversInViewLoaded(page);
    await screenshot(page, 'library');
    await fitsNarrowScreen(page);
  });

  it('browses genres, new releases and featured playlists', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Browse' }).click();
    await page
      .getByRole('region', { name: 'New releases' })
      .getByRole('link', { name: new RegExp(label.highWater) })
      .waitFor();
    await page
      .getByRole('region', { name: 'Featured playlists' })
      .getByRole('link', { name: new RegExp(featuredNames[0]!) })
      .waitFor();
    await page
      .getByRole('region', { name: 'Genres' })
      .getByRole('link', { name: /^indie/i })
      .click();
    await page.getByRole('heading', { name: 'indie', level: 1 }).waitFor();
    await page.locator('.track-row', { hasText: `${label.highWater} part 3` }).waitFor();
    await screenshot(page, 'genre');
    await fitsNarrowScreen(page);
  });

  it('shows the playing track’s cover in the player bar and to the OS media controls', async () => {
    const artist = client(platform.origin);
    const asArtist = artist.withToken((await artist.login(artistAccount.email, artistAccount.password)).access_token);
    const album = (await asArtist.track(first.id)).album;
    await asArtist.setImage('album', album.id, await coverPng(album.name));

    await searchFor(page, titles.first);
    await page.getByRole('button', { name: new RegExp(`^Play ${titles.first} by`) }).click();
    await waitForPlayback(page, 0.5);
    const barCover = page.getByTestId('now-playing-cover').locator('img');
    await expect.poll(() => barCover.evaluate((img) => (img as HTMLImageElement).naturalWidth), { timeout: 20_000 }).toBeGreaterThan(0);
    const metadata = () =>
      page.evaluate(() => {
        const m = navigator.mediaSession.metadata;
        return m && { title: m.title, artist: m.artist, album: m.album, sizes: m.artwork.map((a) => a.sizes) };
      });
    await expect.poll(metadata).toEqual({ title: titles.first, artist: 'Browser Artist', album: `Night Sky ${stamp}`, sizes: ['640x640', '300x300', '64x64'] });
    await page.getByTestId('play-pause').click();
  });
});

describe('on a phone (Chromium mobile emulation, 390 × 844, touch)', () => {
  let phone: Page;
  let albumId: string;

  /** The layout at every phone width: no sideways scroll at any; no overlaps and 44 px targets at 360 and 390. */
  async function checkLayout(what: string, page = phone): Promise<void> {
    expect(await problemsAtPhoneWidths(page), what).toEqual([]);
  }

  const mix = `Phone mix ${stamp}`;

  beforeAll(async () => {
    const api = client(platform.origin);
    const asListener = api.withToken((await api.login(listener.email, listener.password)).access_token);
    const playlist = await asListener.call('POST', '/api/v1/me/playlists', { name: mix });
    await asListener.call('POST', `/api/v1/playlists/${playlist.id}/items`, { track_ids: [first.id, second.id] });
    albumId = (await api.track(first.id)).album.id;
    // Its cover, for Now Playing (the artwork tests above set it too; this block runs on its own with -t).
    const asArtist = api.withToken((await api.login(artistAccount.email, artistAccount.password)).access_token);
    await asArtist.setImage('album', albumId, await coverPng(`Night Sky ${stamp}`));
    phone = await open(listener, PHONE);
  });

  /** Waits for the page's heading and for every cover it shows to have loaded (or failed). */
  async function settled(): Promise<void> {
    await phone.locator('main h1').waitFor();
    await phone.waitForFunction(() => Array.from(document.querySelectorAll<HTMLImageElement>('main img.cover')).every((img) => img.complete), undefined, {
      timeout: 30_000,
    });
  }

  it('lays out every page for a phone: bottom navigation, nothing sideways, no overlapping controls, 44 px targets', async () => {
    const visitor = await browser.newContext({ ...PHONE, baseURL: platform.origin });
    contexts.push(visitor);
    const login = await visitor.newPage();
    await login.goto('/login');
    await login.getByRole('button', { name: 'Log in' }).waitFor();
    await checkLayout('login', login);

    const nav = phone.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Home' }).waitFor();
    await settled();
    await checkLayout('home');
    await screenshot(phone, 'phone-home');

    // Search, Library and Home are the bottom navigation; the rest is behind Menu.
    await nav.getByRole('link', { name: 'Search' }).tap();
    await phone.locator('#search').fill(titles.first);
    await phone.locator('.track-row .track-title', { hasText: titles.first }).first().waitFor();
    await checkLayout('search');
    await screenshot(phone, 'phone-search');

    await visit(phone, `/album/${encodeURIComponent(albumId)}`);
    await phone.locator('.hero img.cover').waitFor();
    await phone.locator('.track-row', { hasText: titles.second }).waitFor();
    await checkLayout('album');
    await screenshot(phone, 'phone-album');

    await nav.getByRole('link', { name: 'Library' }).tap();
    await phone.getByRole('heading', { name: 'Library', level: 1 }).waitFor();
    await settled();
    await checkLayout('library');
    await screenshot(phone, 'phone-library');

    await nav.getByRole('button', { name: 'Menu' }).tap();
    await nav.getByRole('link', { name: 'Playlists' }).tap();
    await phone.getByRole('link', { name: mix }).waitFor();
    await checkLayout('playlists');
    await phone.getByRole('link', { name: mix }).tap();
    await phone.locator('[aria-label="Playlist tracks"] .track-row').first().waitFor();
    await checkLayout('playlist');
    for (const path of ['/browse', '/downloads', `/artist/${encodeURIComponent((await client(platform.origin).track(first.id)).artists[0]!.id)}`]) {
      await visit(phone, path);
      await settled();
      await checkLayout(path);
    }
  });

  it('plays from search: the mini player advances; swiping it up opens Now Playing, which seeks and swipes down to close', async () => {
    await visit(phone, '/search');
    await phone.locator('#search').fill(titles.first);
    await phone
      .getByRole('button', { name: new RegExp(`^Play ${titles.first} by`) })
      .first()
      .tap();
    await waitForPlayback(phone, 1);
    const mini = phone.getByRole('contentinfo', { name: 'Player' });
    await expect.poll(() => mini.getByTestId('now-playing').textContent()).toBe(titles.first);
    const progress = () => phone.locator('.progress-line span').evaluate((el) => new DOMMatrix(getComputedStyle(el).transform).a);
    const before = await progress();
    await expect.poll(progress, { timeout: 20_000 }).toBeGreaterThan(before);
    await expect.poll(() => phone.evaluate(() => navigator.mediaSession.metadata?.title)).toBe(titles.first);
    expect(await phone.evaluate(() => navigator.mediaSession.playbackState)).toBe('playing');

    const finger = await touch(phone);
    const box = (await mini.boundingBox())!;
    await finger.swipe(box.x + box.width / 2, box.y + box.height / 2, -200);
    const view = phone.getByRole('contentinfo', { name: 'Now Playing' });
    await view.getByRole('button', { name: 'Close Now Playing' }).waitFor();
    await expect
      .poll(() => view.locator('.np-big-cover img').evaluate((img) => (img as HTMLImageElement).naturalWidth), { timeout: 20_000 })
      .toBeGreaterThan(0);
    // The page behind is out of reach while the view is open.
    expect(await phone.locator('main').evaluate((el) => el.closest('[inert]') !== null)).toBe(true);
    await checkLayout('Now Playing');

    // The seek bar is a native range: set it as a drag would, and playback moves there.
    await view.getByRole('slider', { name: 'Seek' }).evaluate((el) => {
      const input = el as HTMLInputElement;
      input.value = '25000';
      input.dispatchEvent(new Event('input', { bubbles: true }));
      input.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await waitForPlayback(phone, 25);
    await screenshot(phone, 'phone-now-playing');

    const cover = (await view.locator('.np-big-cover').boundingBox())!;
    await finger.swipe(cover.x + cover.width / 2, cover.y + 40, 250);
    await phone.getByRole('contentinfo', { name: 'Player' }).getByRole('button', { name: 'Open Now Playing' }).waitFor();
    expect(await phone.locator('main').evaluate((el) => el.closest('[inert]') === null)).toBe(true);

    // From the keyboard: the track's button opens the view (focus moves into it), Escape closes it.
    await phone.getByRole('button', { name: 'Open Now Playing' }).focus();
    await phone.keyboard.press('Enter');
    await view.waitFor();
    expect(await phone.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Close Now Playing');
    await phone.keyboard.press('Escape');
    await mini.waitFor();
  });

  it('opens a track row’s menu with a long press (or its More button), with the actions the desktop row shows inline', async () => {
    const row = phone.locator('.track-row', { hasText: titles.first }).first();
    const menu = row.locator('.row-actions');
    expect(await menu.isVisible()).toBe(false);
    const finger = await touch(phone);
    const meta = (await row.locator('.track-meta').boundingBox())!;
    await finger.down(meta.x + meta.width / 2, meta.y + meta.height / 2);
    await menu.getByRole('button', { name: `Add ${titles.first} to queue` }).waitFor();
    await finger.up();
    expect(await row.getByTestId('row-more').getAttribute('aria-expanded')).toBe('true');
    await menu.getByRole('button', { name: `Add ${titles.first} to queue` }).tap();
    await expect.poll(() => menu.isVisible()).toBe(false);

    // The keyboard way: the More button, then Escape.
    await row.getByRole('button', { name: `More actions for ${titles.first}` }).focus();
    await phone.keyboard.press('Enter');
    await menu.getByRole('button', { name: `Add ${titles.first} to a playlist` }).waitFor();
    await phone.keyboard.press('Escape');
    await expect.poll(() => menu.isVisible()).toBe(false);
  });

  it('is installable: a valid manifest with icons of the declared sizes, an install button when offered, and it opens offline', async () => {
    expect(await phone.locator('link[rel="manifest"]').getAttribute('href')).toBe('/manifest.webmanifest');
    const res = await phone.request.get('/manifest.webmanifest');
    expect(res.status()).toBe(200);
    const manifest = await res.json();
    expect(manifest).toMatchObject({ name: 'Encore', short_name: 'Encore', display: 'standalone', start_url: '/home' });
    expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
    expect(manifest.background_color).toMatch(/^#[0-9a-f]{6}$/i);
    const icons = manifest.icons as { src: string; sizes: string; type: string; purpose: string }[];
    expect(icons.map((i) => `${i.sizes} ${i.purpose}`).sort()).toEqual(['192x192 any', '512x512 any', '512x512 maskable']);
    for (const icon of icons) {
      const file = await phone.request.get(icon.src);
      expect(file.headers()['content-type']).toBe(icon.type);
      const { width, height } = pngSize(await file.body());
      expect(`${width}x${height}`).toBe(icon.sizes);
    }

    // Chromium offers installation with beforeinstallprompt (headless never does by itself): the app holds it for its button.
    await phone.evaluate(() => {
      const offer = Object.assign(new Event('beforeinstallprompt', { cancelable: true }), {
        prompt: async () => {
          (window as unknown as { prompted: boolean }).prompted = true;
        },
        userChoice: Promise.resolve({ outcome: 'accepted' }),
      });
      dispatchEvent(offer);
    });
    const nav = phone.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('button', { name: 'Menu' }).tap();
    await nav.getByRole('button', { name: 'Install app' }).tap();
    expect(await phone.evaluate(() => (window as unknown as { prompted?: boolean }).prompted)).toBe(true);
    expect(await nav.getByRole('button', { name: 'Install app' }).isVisible()).toBe(false);

    // The service worker stored the app shell at install: with the network off the app still opens.
    await phone.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
    const shell = ((await (await phone.request.get('/app-shell.json')).json()) as { files: string[] }).files;
    await expect
      .poll(() => phone.evaluate(async (files) => (await Promise.all(files.map((f) => caches.match(f)))).every(Boolean), shell), { timeout: 30_000 })
      .toBe(true);
    await phone.context().setOffline(true);
    try {
      await phone.reload();
      await phone.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Library' }).waitFor();
      await phone.getByRole('contentinfo', { name: 'Player' }).waitFor();
    } finally {
      await phone.context().setOffline(false);
    }
  });
});

describe('a share page in Chromium (no login)', () => {
  it('shows the cover, title and artist, plays the 30-second preview to its end, fits 320 px and links into the web player', async () => {
    const api = client(platform.origin);
    const asListener = api.withToken((await api.login(listener.email, listener.password)).access_token);
    const track = await api.track(first.id);
    const asArtist = api.withToken((await api.login(artistAccount.email, artistAccount.password)).access_token);
    await asArtist.setImage('album', track.album.id, await coverPng(`Night Sky ${stamp}`));
    await vi.waitFor(async () => expect((await api.track(first.id)).album.images).toHaveLength(3), { timeout: 60_000, interval: 250 });
    const { url } = await asListener.call('POST', '/api/v1/share', { uri: `encore:track:${first.id}` });

    // A stranger's browser: no session, a 320 px phone.
    const context = await browser.newContext({ viewport: { width: 320, height: 640 } });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (err) => console.error(`[page error] ${err.message}`));
    await page.goto(url);
    expect(await page.title()).toBe(`${titles.first} · Encore`);
    await expect.poll(() => page.locator('main img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(640);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(titles.first);
    expect(await page.locator('main p').textContent()).toBe('Song · Browser Artist');
    expect((await layoutProblems(page)).filter((p) => p.startsWith('scrolls sideways'))).toEqual([]);
    await screenshot(page, 'share-page-320');

    const preview = page.getByLabel(`30-second preview of ${titles.first}`);
    // The page's own player gives it its source (native HLS, or hls.js once loaded); muted, a script may start it.
    await page.waitForFunction(() => Boolean(document.querySelector('audio')?.src), undefined, { timeout: 30_000 });
    await preview.evaluate((audio: HTMLAudioElement) => {
      audio.muted = true;
      // Four times as fast: the test waits for the end, not for the time it takes.
      audio.defaultPlaybackRate = 4;
      audio.playbackRate = 4;
      return audio.play();
    });
    const played = await page.waitForFunction(
      () => {
        const audio = document.querySelector('audio');
        return audio?.ended ? { duration: audio.duration, time: audio.currentTime } : null;
      },
      undefined,
      { timeout: 90_000, polling: 250 },
    );
    const { duration, time } = (await played.jsonValue()) as { duration: number; time: number };
    // The track is 40 s; the preview ends with its whole segments inside the first 30 s.
    expect(duration).toBeGreaterThan(20);
    expect(duration).toBeLessThanOrEqual(30.1);
    expect(time).toBeGreaterThan(20);

    const open = page.getByRole('link', { name: 'Open in Encore' });
    expect(await open.getAttribute('href')).toBe(`/album/${encodeURIComponent(track.album.id)}`);
  });
});
