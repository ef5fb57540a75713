import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page, Request as PageRequest } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { generateTrack } from '../../scripts/lib/audio.mjs';
import { client } from '../../scripts/lib/client.mjs';
import { coverPng } from '../../scripts/lib/cover-art.mjs';
import { startPlatform } from '../../scripts/lib/platform.mjs';
import { launchChromium, loggedIn, screenshot, waitForPlayback } from './browser.ts';
import { PHONE, problemsAtPhoneWidths } from './layout.ts';

// Radio, Made for you, Discover Weekly, friends and share links in Debian's
// Chromium against the whole local platform (every worker, the transcoder,
// ffmpeg); the listening history is reported through the public API and the
// recommendation jobs run as an admin would run them. Tests run in order.
let platform: Awaited<ReturnType<typeof startPlatform>>;
let browser: Browser;
const contexts: BrowserContext[] = [];
const workdir = mkdtempSync(path.join(os.tmpdir(), 'encore-social-'));
const stamp = Date.now().toString(36);
const password = 'browser password';
const accounts = {
  listener: { email: `social-listener-${stamp}@example.com`, name: 'Robin' },
  friend: { email: `social-friend-${stamp}@example.com`, name: 'Sam' },
  twin: { email: `social-twin-${stamp}@example.com`, name: 'Alex' },
  // Plays only what the test reports for them: Robin's radio plays would leave Robin nothing unheard to recommend.
  fan: { email: `social-fan-${stamp}@example.com`, name: 'Jo' },
  harbour: { email: `social-harbour-${stamp}@example.com`, name: 'Harbour Lights' },
  velvet: { email: `social-velvet-${stamp}@example.com`, name: 'Velvet Static' },
};
type Account = (typeof accounts)[keyof typeof accounts];
// Only a reused platform (ENCORE_ORIGIN) needs the run's stamp in titles; a fresh one reads like a catalog, for the screenshots.
const tag = process.env.ENCORE_ORIGIN ? ` ${stamp}` : '';
const songs = {
  tide: { title: `Low Tide${tag}`, by: 'harbour', album: `Coastline${tag}`, root: 'A' },
  lantern: { title: `Lantern${tag}`, by: 'harbour', album: `Coastline${tag}`, root: 'C' },
  static: { title: `Neon Rain${tag}`, by: 'velvet', album: `Paper Moons${tag}`, root: 'E' },
} as const;
type Song = keyof typeof songs;
const ids = {} as Record<Song, string>;
const userIds = {} as Record<keyof typeof accounts, string>;
let admin: ReturnType<typeof client>;

async function open(account: Account, device?: Parameters<typeof loggedIn>[4]): Promise<Page> {
  const { context, page } = await loggedIn(browser, platform.origin, account.email, password, device);
  contexts.push(context);
  return page;
}

const as = async (account: Account) => {
  const api = client(platform.origin);
  return api.withToken((await api.login(account.email, password)).access_token);
};

/** Plays reported through POST /me/player/report, one after another (plays that overlap count once), then waits until they are history. */
async function listen(account: Account, plays: Song[]): Promise<void> {
  const api = await as(account);
  const start = Date.now() - (plays.length + 2) * 60_000;
  const events = plays.map((song, i) => ({
    event_id: `social-${stamp}-${account.name}-${i}`,
    track_id: ids[song],
    started_at: start + i * 60_000,
    ms_played: 40_000,
    completed: true,
    device_id: `seed-${account.name}`,
    session_id: `seed-${stamp}`,
    quality: 'aac-128k',
  }));
  await api.call('POST', '/api/v1/me/player/report', { events });
  await vi.waitFor(
    async () => {
      const recent = await api.call('GET', '/api/v1/me/player/recently-played?limit=50');
      const heard = new Set(recent.items.map((i: { track: { id: string } }) => i.track.id));
      expect(plays.every((s) => heard.has(ids[s]))).toBe(true);
    },
    { timeout: 30_000, interval: 500 },
  );
}

/** Runs an admin job now and waits for it to finish. */
async function runJob(name: 'recommendations' | 'discover-weekly'): Promise<void> {
  const { job_id } = await admin.call('POST', `/api/v1/admin/jobs/${name}`);
  await vi.waitFor(
    async () => {
      const job = await admin.call('GET', `/api/v1/admin/jobs/${encodeURIComponent(job_id)}`);
      expect(job.status, `${name} job`).not.toBe('running');
      expect(job.status, `${name} job`).toBe('done');
    },
    { timeout: 120_000, interval: 1_000 },
  );
}

/** Every cover in view has loaded an image. */
async function coversInViewLoaded(p: Page, within = 'main'): Promise<void> {
  await p.waitForFunction(
    (scope) => {
      const inView = Array.from(document.querySelectorAll<HTMLImageElement>(`${scope} img.cover`)).filter((img) => {
        const r = img.getBoundingClientRect();
        return r.bottom > 0 && r.top < innerHeight;
      });
      return inView.length > 0 && inView.every((img) => img.complete && img.naturalWidth > 0);
    },
    within,
    { timeout: 30_000, polling: 200 },
  );
}

const nowPlaying = (p: Page) => p.getByRole('contentinfo', { name: 'Player' }).getByTestId('now-playing').textContent();

beforeAll(async () => {
  platform = process.env.ENCORE_ORIGIN
    ? { origin: process.env.ENCORE_ORIGIN, port: 0, stop: async () => {}, logs: () => '' }
    : await startPlatform({ transcoder: true });
  const api = client(platform.origin);
  const adminSession = await api.register('admin@encore.local', password, 'Encore Admin').catch(() => api.login('admin@encore.local', password));
  admin = api.withToken(adminSession.access_token);
  for (const [key, account] of Object.entries(accounts) as [keyof typeof accounts, Account][]) {
    const role = key === 'harbour' || key === 'velvet' ? 'artist' : 'listener';
    userIds[key] = (await api.register(account.email, password, account.name, role)).user.id;
  }

  const uploads: [Song, { id: string; track_id: string }][] = [];
  for (const [song, s] of Object.entries(songs) as [Song, (typeof songs)[Song]][]) {
    const artist = await as(accounts[s.by]);
    // A tune of its own per title and run: tracks of different artists must not fingerprint alike.
    const file = await generateTrack(path.join(workdir, `${song}.flac`), { seconds: 40, root: s.root, seed: `${s.title} ${stamp}` });
    uploads.push([song, await artist.uploadFile(file, { title: s.title, album: s.album, genre: 'indie' }, 'audio/flac')]);
  }
  for (const [song, upload] of uploads) {
    const artist = await as(accounts[songs[song].by]);
    expect((await artist.waitForUpload(upload.id, { timeoutMs: 240_000 })).status).toBe('ready');
    ids[song] = upload.track_id;
  }
  for (const album of new Set(Object.values(songs).map((s) => s.album))) {
    const song = (Object.keys(songs) as Song[]).find((k) => songs[k].album === album)!;
    const albumId = (await api.track(ids[song])).album.id;
    await admin.setImage('album', albumId, await coverPng(album));
  }
  browser = await launchChromium();
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  if (!platform) return;
  mkdirSync('test-artifacts', { recursive: true });
  writeFileSync('test-artifacts/social-platform.log', platform.logs());
  await platform.stop();
});

describe('radio in Chromium', () => {
  let page: Page;

  it('starts a station from a track row, plays it through the queue and asks for the next page when its last track plays', async () => {
    page = await open(accounts.listener);
    const stations: PageRequest[] = [];
    page.on('request', (r) => /\/api\/v1\/tracks\/[^/]+\/radio$/.test(new URL(r.url()).pathname) && stations.push(r));
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Search' }).click();
    await page.locator('#search').fill(songs.tide.title);
    const row = page.locator(`.track-row[data-track-id="${ids.tide}"]`).first();
    await row.getByRole('button', { name: `Start radio from ${songs.tide.title}` }).click();

    await expect.poll(() => stations.length).toBe(1);
    const first = stations[0]!;
    expect(new URL(first.url()).searchParams.get('offset')).toBe('0');
    const station = (await (await first.response())!.json()) as { tracks: { id: string; title: string; artists: { id: string }[] }[] };
    expect(station.tracks.length).toBeGreaterThan(0);
    // The station's order wraps round once it has played everything it found. Within one round, none by the
    // seed's artist twice in a row while a track by someone else is left.
    const seedArtist = (await client(platform.origin).track(ids.tide)).artists[0].id;
    const round = station.tracks.slice(0, new Set(station.tracks.map((t) => t.id)).size);
    expect(new Set(round.map((t) => t.id)).size).toBe(round.length);
    const bySeedArtist = round.map((t) => t.artists.some((a) => a.id === seedArtist));
    for (let i = 1; i < round.length; i++) {
      if (bySeedArtist[i - 1] && bySeedArtist[i]) expect(bySeedArtist.slice(i).every(Boolean), `tracks ${i - 1} and ${i}`).toBe(true);
    }
    await waitForPlayback(page, 0.5);
    await expect.poll(() => nowPlaying(page)).toBe(station.tracks[0]!.title);

    // The queue shows the station and what comes next.
    await page.getByRole('button', { name: 'Queue', exact: true }).click();
    await expect.poll(() => page.getByTestId('queue-station').textContent()).toBe(`Radio from ${songs.tide.title}`);
    const upNext = page.getByRole('list', { name: 'Up next' });
    for (const t of station.tracks.slice(1)) await upNext.getByText(t.title, { exact: false }).first().waitFor();
    await screenshot(page, 'radio-queue');
    await page.getByRole('button', { name: 'Queue', exact: true }).click();

    // Endless paging: once the last track fetched so far plays, the next page is asked for.
    for (const t of station.tracks.slice(1)) {
      await page.getByTestId('next').click();
      await expect.poll(() => nowPlaying(page), { timeout: 20_000 }).toBe(t.title);
    }
    await expect.poll(() => stations.length, { timeout: 20_000 }).toBe(2);
    expect(new URL(stations[1]!.url()).searchParams.get('offset')).toBe(String(station.tracks.length));
    expect((await stations[1]!.response())?.status()).toBe(200);
  });

  it('starts a station from an artist page', async () => {
    const artistId = (await client(platform.origin).track(ids.static)).artists[0].id;
    const answer = page.waitForResponse((r) => new URL(r.url()).pathname === `/api/v1/artists/${artistId}/radio`);
    await page.goto(`/artist/${encodeURIComponent(artistId)}`);
    await page.getByRole('heading', { name: accounts.velvet.name, level: 1 }).waitFor();
    await page.getByRole('button', { name: `Start radio from ${accounts.velvet.name}` }).click();
    const station = (await (await answer).json()) as { tracks: { title: string }[] };
    expect(station.tracks.length).toBeGreaterThan(0);
    await expect.poll(() => nowPlaying(page), { timeout: 20_000 }).toBe(station.tracks[0]!.title);
    await page.getByTestId('play-pause').click();
  });
});

describe('Made for you and Discover Weekly in Chromium', () => {
  let page: Page;

  beforeAll(async () => {
    // Alex's taste: Low Tide with Neon Rain. Jo has only heard Low Tide, so Neon Rain is for Jo.
    await listen(accounts.twin, ['tide', 'static', 'tide', 'static', 'lantern']);
    await listen(accounts.fan, ['tide', 'tide']);
    await runJob('recommendations');
  });

  it('shows a Made for you row on home with artwork, and plays it', async () => {
    page = await open(accounts.fan);
    const section = page.locator('[data-section="made_for_you"]');
    // Home is cached per listener for 30 s: reload until the section is there.
    await expect
      .poll(
        async () => {
          await page.reload();
          await page.locator('main h1').waitFor();
          return section.count();
        },
        { timeout: 90_000, interval: 3_000 },
      )
      .toBe(1);
    await section.getByRole('heading', { name: 'Made for you' }).waitFor();
    await section
      .getByRole('link', { name: new RegExp(songs.static.title) })
      .first()
      .waitFor();
    expect(await section.getByRole('link', { name: new RegExp(`^${songs.tide.title}`) }).count()).toBe(0);
    await coversInViewLoaded(page);
    await screenshot(page, 'home-made-for-you');

    await section.getByRole('button', { name: 'Play Made for you' }).click();
    await waitForPlayback(page, 0.5);
    await page.getByTestId('play-pause').click();
  });

  it('opens Discover Weekly as Made for you by Encore: no editing, saveable', async () => {
    await runJob('discover-weekly');
    const section = page.locator('[data-section="made_for_you"]');
    await expect
      .poll(
        async () => {
          await page.reload();
          await page.locator('main h1').waitFor();
          return section.getByRole('link', { name: /Made for you by Encore/ }).count();
        },
        { timeout: 90_000, interval: 3_000 },
      )
      .toBeGreaterThan(0);
    await page
      .locator('[data-section="made_for_you"]')
      .getByRole('link', { name: /Made for you by Encore/ })
      .first()
      .click();
    await page.getByTestId('made-for-you').filter({ hasText: 'Made for you by Encore' }).waitFor();
    const tracks = page.getByRole('list', { name: 'Playlist tracks' });
    await tracks.locator('.track-row').first().waitFor();
    expect(await tracks.locator('.track-title').allTextContents()).not.toContain(songs.tide.title);
    expect(await page.getByRole('button', { name: /^(Remove|Move) / }).count()).toBe(0);
    expect(await page.getByLabel('Collaborator’s user id').count()).toBe(0);
    // Private to Jo, so the playlist itself has no Share (its tracks do).
    const name = (await page.getByRole('heading', { level: 1 }).textContent())!;
    expect(await page.getByRole('button', { name: `Share ${name}`, exact: true }).count()).toBe(0);
    // The job made Jo follow it; saving is following, and it can be undone and redone.
    const playlistId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    const listed = async () =>
      ((await (await as(accounts.fan)).call('GET', '/api/v1/me/playlists?limit=50')).items as { id: string }[]).some((p) => p.id === playlistId);
    const save = page.getByTestId('save-playlist');
    await expect.poll(() => save.isEnabled()).toBe(true);
    expect(await save.textContent()).toBe((await listed()) ? 'Saved' : 'Save to library');
    for (let i = 0; i < 2; i++) {
      const before = await save.textContent();
      await save.click();
      await expect.poll(() => save.textContent()).not.toBe(before);
      expect(await listed()).toBe((await save.textContent()) === 'Saved');
    }
    await screenshot(page, 'discover-weekly');
  });
});

describe('friends in Chromium', () => {
  let page: Page;
  let friend: Page;

  it('follows a friend by their user id and sees what they play now, live; a click plays it here', async () => {
    friend = await open(accounts.friend);
    await friend.goto('/account');
    const friendId = (await friend.getByTestId('account-user-id').textContent())!;
    expect(friendId).toBe(userIds.friend);

    page = await open(accounts.listener);
    await page.getByRole('button', { name: 'Friends', exact: true }).click();
    const panel = page.getByRole('complementary', { name: 'Friend activity' });
    await panel.getByLabel('Follow someone (user id or link)').fill(friendId);
    await panel.getByRole('button', { name: 'Follow', exact: true }).click();
    await page.getByTestId('toast').filter({ hasText: 'Following' }).waitFor();

    // Sam starts playing: the open panel picks it up on its next poll.
    await friend.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Search' }).click();
    await friend.locator('#search').fill(songs.lantern.title);
    await friend
      .getByRole('button', { name: new RegExp(`^Play ${songs.lantern.title} by`) })
      .first()
      .click();
    await waitForPlayback(friend, 0.5);
    const sam = panel.locator(`.friend[data-user-id="${userIds.friend}"]`);
    await expect.poll(() => sam.locator('.friend-title').textContent(), { timeout: 60_000 }).toBe(songs.lantern.title);
    await expect.poll(() => sam.getByTestId('friend-when').textContent()).toBe('Playing now');
    await coversInViewLoaded(page, '.friends-panel');
    await screenshot(page, 'friends');

    await sam.getByRole('button', { name: new RegExp(`^Play ${songs.lantern.title} by`) }).click();
    await waitForPlayback(page, 0.5);
    await expect.poll(() => nowPlaying(page)).toBe(songs.lantern.title);
    await page.getByTestId('play-pause').click();
  });

  it('hides a friend in a private session', async () => {
    await friend.goto('/account');
    const toggle = friend.getByRole('switch', { name: 'Private session' });
    await expect.poll(() => toggle.isEnabled()).toBe(true);
    await toggle.check();
    await friend.getByTestId('toast').filter({ hasText: 'Private session on' }).waitFor();
    const server = await (await as(accounts.friend)).call('GET', '/api/v1/me/settings');
    expect(server.private_session).toBe(true);

    const panel = page.getByRole('complementary', { name: 'Friend activity' });
    await expect.poll(() => panel.locator(`.friend[data-user-id="${userIds.friend}"]`).count(), { timeout: 60_000 }).toBe(0);
    const api = await as(accounts.listener);
    const activity = await api.call('GET', '/api/v1/me/friends/activity');
    expect(activity.items.map((i: { user: { id: string } }) => i.user.id)).not.toContain(userIds.friend);
  });

  it('on a phone is a drawer behind Menu: the page inert behind it, Escape closes it back to Menu', async () => {
    await friend.getByRole('switch', { name: 'Private session' }).uncheck();
    await friend.getByTestId('toast').filter({ hasText: 'Private session off' }).waitFor();
    // What Sam played while private never shows: Sam plays again, in the open.
    await friend.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Search' }).click();
    await friend.locator('#search').fill(songs.static.title);
    await friend
      .getByRole('button', { name: new RegExp(`^Play ${songs.static.title} by`) })
      .first()
      .click();
    await waitForPlayback(friend, 0.5);
    const phone = await open(accounts.listener, PHONE);
    const nav = phone.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('button', { name: 'Menu' }).tap();
    await nav.getByRole('button', { name: 'Friends', exact: true }).tap();
    const drawer = phone.getByRole('complementary', { name: 'Friend activity' });
    await drawer.locator(`.friend[data-user-id="${userIds.friend}"]`).waitFor({ timeout: 60_000 });
    expect(await phone.locator('main').evaluate((el) => el.closest('[inert]') !== null)).toBe(true);
    expect(await problemsAtPhoneWidths(phone)).toEqual([]);
    await screenshot(phone, 'phone-friends');
    await phone.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });
    expect(await phone.evaluate(() => document.activeElement?.textContent)).toBe('Menu');
  });
});

describe('share links in Chromium', () => {
  let page: Page;

  it('copies an album’s link and says so; the link opens a page with OpenGraph tags without logging in', async () => {
    page = await open(accounts.listener);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: platform.origin });
    const albumId = (await client(platform.origin).track(ids.tide)).album.id;
    await page.goto(`/album/${encodeURIComponent(albumId)}`);
    await page.getByRole('heading', { name: songs.tide.album, level: 1 }).waitFor();
    const made = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/share');
    await page.getByRole('button', { name: `Share ${songs.tide.album}` }).click();
    expect((await made).status()).toBe(201);
    const toast = page.getByRole('status').filter({ hasText: 'Link copied' });
    await toast.waitFor();
    await coversInViewLoaded(page);
    await screenshot(page, 'share');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toMatch(/^https?:\/\//);

    const link = new URL(copied);
    const res = await fetch(new URL(link.pathname + link.search, platform.origin));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain('og:title');
    expect(html).toContain(songs.tide.album);
  });

  it('shows the link in a field to copy where the clipboard is unavailable', async () => {
    await page.evaluate(() => Object.defineProperty(navigator, 'clipboard', { value: undefined, configurable: true }));
    const row = page.locator(`.track-row[data-track-id="${ids.tide}"]`);
    await row.getByRole('button', { name: `Share ${songs.tide.title}` }).click();
    const dialog = page.getByRole('dialog', { name: `Share ${songs.tide.title}` });
    const field = dialog.getByLabel('Link');
    await expect.poll(() => field.inputValue()).toMatch(/^https?:\/\//);
    // Selected, ready for the keyboard's copy.
    expect(await field.evaluate((el) => (el as HTMLInputElement).selectionEnd === (el as HTMLInputElement).value.length)).toBe(true);
    await screenshot(page, 'share-dialog');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'detached' });
  });
});
