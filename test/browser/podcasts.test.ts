import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client } from '../../scripts/lib/client.mjs';
import { coverPng } from '../../scripts/lib/cover-art.mjs';
import { startPlatform } from '../../scripts/lib/platform.mjs';
import { generateSpeech } from '../../transcoder/testing/generate-audio.ts';
import { audioState, launchChromium, loggedIn, screenshot, waitForPlayback } from './browser.ts';
import { layoutProblems, PHONE, problemsAtPhoneWidths } from './layout.ts';

// Podcasts as a listener uses them: an artist's show with artwork and a
// generated speech-like episode through upload → queue → ffmpeg's speech
// ladder, played in Chromium against the whole local platform; the place it
// was left is picked up by a second browser context of the same account.
let platform: Awaited<ReturnType<typeof startPlatform>>;
let browser: Browser;
const contexts: BrowserContext[] = [];
const stamp = Date.now().toString(36);
const listener = { email: `podcast-listener-${stamp}@example.com`, password: 'browser password' };
const showName = `Harbour Hours ${stamp}`;
const episodeName = `Tides and Ropes ${stamp}`;
const SECONDS = 45;
/** Where context A leaves the episode. */
const LEFT_AT_S = 20;
let showId: string;
let episodeId: string;

const audioRate = (page: Page) => page.evaluate(() => document.querySelector<HTMLAudioElement>('audio[data-testid="audio"]')!.playbackRate);
/** The next save of the episode's place at or after `fromMs` (a periodic one, or the pause's). */
const progressSaved = (page: Page, fromMs: number) =>
  page.waitForResponse(
    (r) =>
      r.request().method() === 'PUT' &&
      r.url().endsWith(`/api/v1/me/episodes/${episodeId}/progress`) &&
      r.ok() &&
      (r.request().postDataJSON() as { position_ms: number }).position_ms >= fromMs,
    { timeout: 30_000 },
  );

beforeAll(async () => {
  platform = process.env.ENCORE_ORIGIN
    ? { origin: process.env.ENCORE_ORIGIN, port: 0, stop: async () => {}, logs: () => '' }
    : await startPlatform({ transcoder: true });
  const api = client(platform.origin);
  const artist = api.withToken((await api.register(`podcaster-${stamp}@example.com`, 'browser password', 'Dock Radio', 'artist')).access_token);
  await api.register(listener.email, listener.password, 'Podcast Listener', 'listener');
  ({ id: showId } = await artist.call('POST', '/api/v1/shows', {
    name: showName,
    description: 'Conversations from the harbour: boats, weather and the people who work the docks.',
    publisher: 'Dock Radio',
  }));
  await artist.setImage('show', showId, await coverPng(showName));
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'encore-podcast-')), 'episode.m4a');
  await generateSpeech(file, {
    seconds: SECONDS,
    chapters: [
      { title: 'Welcome', startSeconds: 0 },
      { title: 'The guest', startSeconds: 15 },
    ],
  });
  const created = await artist.uploadFile(
    file,
    { kind: 'episode', show_id: showId, title: episodeName, description: 'Ropes, knots and the tide table.' },
    'audio/mp4',
  );
  expect((await artist.waitForUpload(created.id, { timeoutMs: 240_000 })).status).toBe('ready');
  episodeId = created.episode_id;
  // The artwork is processed after the 202: wait until the show lists it (expect.poll is for tests, not hooks).
  for (let tries = 0; (await artist.call('GET', `/api/v1/shows/${showId}`)).images.length === 0; tries++) {
    if (tries === 120) throw new Error('the show artwork never appeared');
    await new Promise((r) => setTimeout(r, 500));
  }
  browser = await launchChromium();
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await platform?.stop();
});

describe('podcasts in Chromium', () => {
  it('shows a show, plays an episode at a chosen speed, saves the place, and resumes it in a second context', async () => {
    const { context, page } = await loggedIn(browser, platform.origin, listener.email, listener.password);
    contexts.push(context);
    await page.goto(`/show/${showId}`);
    await expect.poll(() => page.locator('main h1').textContent()).toBe(showName);
    const artwork = page.getByRole('img', { name: `Artwork of ${showName}` });
    await expect.poll(() => artwork.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Follow' }).click();
    await page.getByRole('button', { name: 'Following' }).waitFor();
    const row = page.locator(`.episode-row[data-episode-id="${episodeId}"]`);
    await expect.poll(() => row.getByRole('link').textContent()).toBe(episodeName);
    await screenshot(page, 'show');

    // Played from the start, then moved to a known place (the element's seek, as the seek bar does it).
    await row.getByRole('button', { name: `Play ${episodeName}` }).click();
    await waitForPlayback(page, 0.3);
    await expect.poll(() => page.getByTestId('now-playing').textContent()).toBe(episodeName);
    await page.getByLabel('Speed').selectOption('1.5');
    expect(await audioRate(page)).toBe(1.5);
    const saved = progressSaved(page, LEFT_AT_S * 1000);
    await page.evaluate((s) => {
      document.querySelector<HTMLAudioElement>('audio[data-testid="audio"]')!.currentTime = s;
    }, LEFT_AT_S);
    await waitForPlayback(page, LEFT_AT_S);
    await page.getByTestId('play-pause').click();
    await expect.poll(async () => (await audioState(page)).paused).toBe(true);
    const point = (await (await saved).json()) as { position_ms: number; fully_played: boolean };
    const pausedAt = (await audioState(page)).time;
    expect(point.fully_played).toBe(false);
    // The pause's save, or a periodic one under a second before it.
    expect(Math.abs(point.position_ms / 1000 - pausedAt)).toBeLessThan(1.5);
    expect(point.position_ms).toBeGreaterThanOrEqual(LEFT_AT_S * 1000);

    // The speed is remembered on this device: a reload starts at it.
    await page.reload();
    await expect.poll(() => page.getByLabel('Speed').inputValue()).toBe('1.5');
    expect(await audioRate(page)).toBe(1.5);

    // Another browser (same account): the episode page offers Resume and starts where A stopped, at normal speed.
    const b = await loggedIn(browser, platform.origin, listener.email, listener.password);
    contexts.push(b.context);
    await b.page.goto(`/episode/${episodeId}`);
    await expect.poll(() => b.page.locator('main h1').textContent()).toBe(episodeName);
    await expect.poll(() => b.page.getByTestId('episode-status').textContent()).toMatch(/left$/);
    const heard = await b.page.getByRole('progressbar', { name: `Heard of ${episodeName}` }).evaluate((el) => (el as HTMLProgressElement).value);
    expect(heard).toBeCloseTo(point.position_ms / 1000 / SECONDS, 1);
    await b.page.getByTestId('play-episode').filter({ hasText: 'Resume' }).click();
    const startedAt = await waitForPlayback(b.page, 0);
    expect(startedAt).toBeGreaterThanOrEqual(point.position_ms / 1000 - 0.5);
    expect(startedAt).toBeLessThan(point.position_ms / 1000 + 5);
    expect(await audioRate(b.page)).toBe(1);

    // B's library lists the show A followed; search finds the show and the episode.
    await b.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Library' }).click();
    await b.page
      .getByRole('list', { name: 'Followed shows' })
      .getByRole('link', { name: new RegExp(showName) })
      .waitFor();
    await b.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Search' }).click();
    await b.page.locator('#search').fill(stamp);
    await b.page
      .getByRole('list', { name: 'Shows found' })
      .getByRole('link', { name: new RegExp(showName) })
      .waitFor();
    await b.page
      .getByRole('list', { name: 'Episodes found' })
      .getByRole('link', { name: new RegExp(episodeName) })
      .click();
    await expect.poll(() => b.page.locator('main h1').textContent()).toBe(episodeName);
  });

  it('fits a 320 px phone: the show page scrolls only downwards, with 44 px targets, and Now Playing has the speed picker', async () => {
    const { context, page } = await loggedIn(browser, platform.origin, listener.email, listener.password, PHONE);
    contexts.push(context);
    await page.goto(`/show/${showId}`);
    await page
      .locator(`.episode-row[data-episode-id="${episodeId}"]`)
      .getByRole('button', { name: /^(Play|Resume) / })
      .waitFor();
    expect(await problemsAtPhoneWidths(page)).toEqual([]);
    await screenshot(page, 'phone-show');

    // Playing, the Now Playing view carries the speed picker with the show's artwork.
    await page
      .locator(`.episode-row[data-episode-id="${episodeId}"]`)
      .getByRole('button', { name: /^(Play|Resume) / })
      .click();
    await waitForPlayback(page, 0);
    await page.getByTestId('open-now-playing').click();
    await page.getByLabel('Speed').waitFor();
    await expect
      .poll(() =>
        page
          .getByRole('img', { name: 'Show artwork' })
          .last()
          .evaluate((img) => (img as HTMLImageElement).naturalWidth),
      )
      .toBeGreaterThan(0);
    expect(await layoutProblems(page)).toEqual([]);
  });

  it("continues a started episode from home: a row with the show's artwork and the time left, whose Resume starts there", async () => {
    const api = client(platform.origin);
    const continuing = { email: `podcast-continue-${stamp}@example.com`, password: 'browser password' };
    const token = (await api.register(continuing.email, continuing.password, 'Continuing Listener', 'listener')).access_token;
    await api.withToken(token).call('PUT', `/api/v1/me/episodes/${episodeId}/progress`, { position_ms: 15_000 });
    const { context, page } = await loggedIn(browser, platform.origin, continuing.email, continuing.password, PHONE);
    contexts.push(context);
    await page.goto('/');
    const card = page.getByRole('list', { name: 'Continue listening' }).locator(`[data-episode-id="${episodeId}"]`);
    await expect.poll(() => card.getByRole('link').textContent()).toBe(episodeName);
    // The bar's text equivalent is shown beside it, and the bar has a name of its own.
    expect(await card.getByTestId('episode-status').textContent()).toMatch(/^0:(29|30) left$/);
    const heard = await card.getByRole('progressbar', { name: `Heard of ${episodeName}` }).evaluate((el) => (el as HTMLProgressElement).value);
    expect(heard).toBeCloseTo(15 / SECONDS, 1);
    await expect.poll(() => card.locator('img.cover').evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    expect(await problemsAtPhoneWidths(page)).toEqual([]);
    await screenshot(page, 'phone-home-continue');

    await card.getByRole('button', { name: new RegExp(`^Resume ${episodeName}`) }).click();
    const startedAt = await waitForPlayback(page, 0);
    expect(startedAt).toBeGreaterThanOrEqual(14.5);
    expect(startedAt).toBeLessThan(20);
    await expect.poll(() => page.getByTestId('now-playing').textContent()).toBe(episodeName);
  });

  it('plays an episode another client loads into the Connect session on this browser, from the saved point', async () => {
    const api = client(platform.origin);
    const remote = { email: `podcast-connect-${stamp}@example.com`, password: 'browser password' };
    const listenerApi = api.withToken((await api.register(remote.email, remote.password, 'Remote Listener', 'listener')).access_token);
    await listenerApi.call('PUT', `/api/v1/me/episodes/${episodeId}/progress`, { position_ms: 12_000 });
    const { context, page } = await loggedIn(browser, platform.origin, remote.email, remote.password);
    contexts.push(context);
    await page.goto('/');
    const devices = async () => ((await listenerApi.call('GET', '/api/v1/me/player/devices')) as { devices: { id: string }[] }).devices;
    await expect.poll(async () => (await devices()).length).toBe(1);
    const [device] = await devices();
    await listenerApi.call('PUT', `/api/v1/me/player/play?device_id=${encodeURIComponent(device!.id)}`, { uris: [`encore:episode:${episodeId}`] });
    const startedAt = await waitForPlayback(page, 0);
    expect(startedAt).toBeGreaterThanOrEqual(11.5);
    expect(startedAt).toBeLessThan(18);
    await expect.poll(() => page.getByTestId('now-playing').textContent()).toBe(episodeName);
    // Paused from elsewhere, it pauses here too.
    await listenerApi.call('PUT', '/api/v1/me/player/pause');
    await expect.poll(async () => (await audioState(page)).paused).toBe(true);
  });

  it("shares an episode: Share copies a link whose page, opened without logging in, shows the show's artwork and plays the episode's preview", async () => {
    const { context, page } = await loggedIn(browser, platform.origin, listener.email, listener.password);
    contexts.push(context);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: platform.origin });
    await page.goto(`/episode/${episodeId}`);
    await expect.poll(() => page.locator('main h1').textContent()).toBe(episodeName);
    const made = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/share');
    await page.getByRole('button', { name: `Share ${episodeName}` }).click();
    expect((await made).status()).toBe(201);
    await page.getByRole('status').filter({ hasText: 'Link copied' }).waitFor();
    const link = new URL(await page.evaluate(() => navigator.clipboard.readText()));

    const stranger = await browser.newContext({ viewport: { width: 320, height: 640 } });
    contexts.push(stranger);
    const shared = await stranger.newPage();
    await shared.goto(new URL(link.pathname, platform.origin).href);
    expect(await shared.title()).toBe(`${episodeName} · Encore`);
    expect(await shared.locator('meta[property="og:audio"]').getAttribute('content')).toContain(`/api/v1/episodes/${episodeId}/preview`);
    await expect.poll(() => shared.locator('main img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
    expect((await layoutProblems(shared)).filter((p) => p.startsWith('scrolls sideways'))).toEqual([]);
    await shared.waitForFunction(() => Boolean(document.querySelector('audio')?.src), undefined, { timeout: 30_000 });
    await shared.getByLabel(`30-second preview of ${episodeName}`).evaluate((audio: HTMLAudioElement) => {
      audio.muted = true;
      audio.defaultPlaybackRate = 4;
      audio.playbackRate = 4;
      return audio.play();
    });
    const played = await shared.waitForFunction(() => (document.querySelector('audio')?.ended ? document.querySelector('audio')!.duration : null), undefined, {
      timeout: 90_000,
      polling: 250,
    });
    // The episode is 45 s; its preview is the whole 6 s segments inside the first 30 s.
    const duration = (await played.jsonValue()) as number;
    expect(duration).toBeGreaterThan(20);
    expect(duration).toBeLessThanOrEqual(30.1);
    expect(await shared.getByRole('link', { name: 'Open in Encore' }).getAttribute('href')).toBe(`/episode/${encodeURIComponent(episodeId)}`);
  });
});
