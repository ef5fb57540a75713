import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTrack } from '../../scripts/lib/audio.mjs';
import { client } from '../../scripts/lib/client.mjs';
import { startPlatform } from '../../scripts/lib/platform.mjs';
import { audioState, launchChromium, loggedIn, screenshot, waitForPlayback } from './browser.ts';
import { layoutProblems, PHONE } from './layout.ts';

// The Lyrics view as people use it: a real upload transcoded by ffmpeg, LRC set
// by its artist through the public API, played in Chromium against the whole
// local platform.
let platform: Awaited<ReturnType<typeof startPlatform>>;
let browser: Browser;
const contexts: BrowserContext[] = [];
const stamp = Date.now().toString(36);
const listener = { email: `lyrics-listener-${stamp}@example.com`, password: 'browser password' };
const title = `Singalong ${stamp}`;
const LINES = [
  'Count one, the lights come on',
  'Count two, the doors are open',
  'Count three, we walk outside',
  'Count four, the street is ours',
  'Count five, and then we run',
];
// A line every 6 s from 0:02, written with an offset and a repeated stamp, as LRC files are.
const LRC = ['[ti:Singalong]', '[offset:-0]', ...LINES.map((text, i) => `[00:${String(2 + i * 6).padStart(2, '0')}.00]${text}`), ''].join('\n');
const startOf = (i: number) => 2 + i * 6;

const activeLine = (page: Page) => page.getByTestId('lyrics-lines').locator('li[aria-current="true"]').textContent();
const line = (page: Page, i: number): Locator => page.getByTestId('lyrics-lines').getByRole('button', { name: LINES[i], exact: true });

beforeAll(async () => {
  platform = process.env.ENCORE_ORIGIN
    ? { origin: process.env.ENCORE_ORIGIN, port: 0, stop: async () => {}, logs: () => '' }
    : await startPlatform({ transcoder: true });
  const api = client(platform.origin);
  const artist = api.withToken((await api.register(`lyrics-artist-${stamp}@example.com`, 'browser password', 'Lyric Artist', 'artist')).access_token);
  await api.register(listener.email, listener.password, 'Lyric Listener', 'listener');
  const file = await generateTrack(path.join(mkdtempSync(path.join(os.tmpdir(), 'encore-lyrics-')), 'song.flac'), { seconds: 40, root: 'C', seed: title });
  const upload = await artist.uploadFile(file, { title, album: `Words ${stamp}` }, 'audio/flac');
  expect((await artist.waitForUpload(upload.id, { timeoutMs: 240_000 })).status).toBe('ready');
  const stored = await artist.call('PUT', `/api/v1/tracks/${upload.track_id}/lyrics`, new TextEncoder().encode(LRC), { 'Content-Type': 'text/plain' });
  expect(stored).toEqual({ lines: LINES.length, synced: true });
  browser = await launchChromium();
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await platform?.stop();
});

async function playFromSearch(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Search' }).click();
  await page.locator('#search').fill(title);
  await page.getByRole('button', { name: new RegExp(`^Play ${title} by`) }).click();
  await waitForPlayback(page, 0.5);
}

describe('lyrics view in Chromium', () => {
  it('highlights the line playing, follows a seek, and seeks to a clicked or Enter-ed line', async () => {
    const { context, page } = await loggedIn(browser, platform.origin, listener.email, listener.password);
    contexts.push(context);
    await playFromSearch(page);
    await page.getByTestId('lyrics-button').click();
    await expect.poll(() => page.getByTestId('lyrics-button').getAttribute('aria-expanded')).toBe('true');
    await line(page, 0).waitFor();

    // Paused at a known time: 0:15 is inside the third line (0:14–0:20).
    await page.getByTestId('play-pause').click();
    await expect.poll(async () => (await audioState(page)).paused).toBe(true);
    await page.evaluate(() => {
      document.querySelector<HTMLAudioElement>('audio[data-testid="audio"]')!.currentTime = 15;
    });
    await expect.poll(() => activeLine(page)).toBe(LINES[2]);
    expect(await page.getByTestId('lyrics-lines').locator('li[aria-current="true"]').count()).toBe(1);
    await screenshot(page, 'lyrics');

    // A click on a line seeks there.
    await line(page, 4).click();
    await expect.poll(async () => (await audioState(page)).time).toBeGreaterThanOrEqual(startOf(4));
    await expect.poll(() => activeLine(page)).toBe(LINES[4]);

    // The keyboard: Tab to a line, Enter seeks there.
    await line(page, 1).focus();
    await page.keyboard.press('Enter');
    await expect.poll(async () => Math.floor((await audioState(page)).time)).toBe(startOf(1));
    await expect.poll(() => activeLine(page)).toBe(LINES[1]);

    // Playing on, the highlight moves to the next line when its time comes.
    await page.getByTestId('play-pause').click();
    await waitForPlayback(page, startOf(2) + 0.2);
    await expect.poll(() => activeLine(page)).not.toBe(LINES[1]);
  });

  it('fits a 320 px phone: the Now Playing view opens the lyrics, nothing sideways, 44 px lines', async () => {
    const { context, page } = await loggedIn(browser, platform.origin, listener.email, listener.password, { ...PHONE, viewport: { width: 320, height: 640 } });
    contexts.push(context);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Search' }).click();
    await page.locator('#search').fill(title);
    await page
      .locator('.track-row', { hasText: title })
      .first()
      .getByRole('button', { name: new RegExp(`^Play ${title} by`) })
      .click();
    await waitForPlayback(page, 0.5);
    await page.getByTestId('open-now-playing').click();
    await page.getByTestId('lyrics-button').click();
    await line(page, 0).waitFor();
    await line(page, 3).click();
    await expect.poll(() => activeLine(page)).toBe(LINES[3]);
    expect(await layoutProblems(page)).toEqual([]);
    await screenshot(page, 'phone-lyrics');
  });
});
