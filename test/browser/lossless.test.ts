import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client } from '../../scripts/lib/client.mjs';
import { startPlatform } from '../../scripts/lib/platform.mjs';
import { ARTIFACTS, audioState, launchChromium, loggedIn, screenshot, waitForPlayback } from './browser.ts';
import { layoutProblems, PHONE } from './layout.ts';

// The lossless rendition as a listener meets it: a 24-bit/96 kHz FLAC uploaded
// through the public API and the real transcoder, played in Chromium by hls.js
// from FLAC-in-fMP4 segments (MSE `audio/mp4; codecs="flac"`) for a premium
// listener; a free listener's master never lists it.
let platform: Awaited<ReturnType<typeof startPlatform>>;
let browser: Browser;
const contexts: BrowserContext[] = [];
const run = promisify(execFile);
const stamp = Date.now().toString(36);
const premium = { email: `lossless-premium-${stamp}@example.com`, password: 'browser password' };
const free = { email: `lossless-free-${stamp}@example.com`, password: 'browser password' };
const title = `Hi-Res Study ${stamp}`;
const SECONDS = 24;
let trackId: string;

/**
 * Music of its own (not the tones other tests upload): a slow E-minor arpeggio
 * over a fifth drone with a little pink noise, as 24-bit/96 kHz stereo FLAC.
 */
async function hiResFlac(file: string): Promise<string> {
  const note = '(164.81*pow(2,(eq(mod(floor(t*2),4),1)*3+eq(mod(floor(t*2),4),2)*7+eq(mod(floor(t*2),4),3)*12)/12))';
  const voice = `0.22*sin(2*PI*${note}*t)*(0.5+0.5*cos(2*PI*2*t))+0.12*sin(2*PI*82.41*t)+0.08*sin(2*PI*123.47*t)`;
  const filter =
    `aevalsrc=${`${voice}|${voice.replace('82.41', '82.6')}`.replaceAll(',', '\\,')}:s=96000:d=${SECONDS}[music];` +
    `anoisesrc=a=0.01:c=pink:r=96000:d=${SECONDS},aformat=channel_layouts=stereo[air];[music][air]amix=inputs=2:normalize=0[out]`;
  const codec = ['-c:a', 'flac', '-sample_fmt', 's32', '-bits_per_raw_sample', '24'];
  await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-filter_complex', filter, '-map', '[out]', ...codec, file]);
  return file;
}

beforeAll(async () => {
  platform = process.env.ENCORE_ORIGIN
    ? { origin: process.env.ENCORE_ORIGIN, port: 0, stop: async () => {}, logs: () => '' }
    : await startPlatform({ transcoder: true });
  const api = client(platform.origin);
  const artist = api.withToken((await api.register(`lossless-artist-${stamp}@example.com`, 'browser password', 'Hi-Res Artist', 'artist')).access_token);
  const premiumSession = await api.register(premium.email, premium.password, 'Premium Listener', 'listener');
  await api.register(free.email, free.password, 'Free Listener', 'listener');
  const adminSession = await api
    .register('admin@encore.local', 'browser password', 'Encore Admin')
    .catch(() => api.login('admin@encore.local', 'browser password'));
  await api.withToken(adminSession.access_token).call('PUT', `/api/v1/admin/users/${premiumSession.user.id}`, { product: 'premium' });

  const file = await hiResFlac(path.join(mkdtempSync(path.join(os.tmpdir(), 'encore-lossless-')), 'hires.flac'));
  const upload = await artist.uploadFile(file, { title, album: `Studio Masters ${stamp}` }, 'audio/flac');
  expect((await artist.waitForUpload(upload.id, { timeoutMs: 240_000 })).status).toBe('ready');
  trackId = upload.track_id;
  browser = await launchChromium();
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await platform?.stop();
});

/** What the page fetched of the track's ladder: the master's text and the renditions its segments came from. */
function watchLadder(page: Page): { master: () => Promise<string>; segmentRenditions: Set<string> } {
  let master: Promise<string> | null = null;
  const segmentRenditions = new Set<string>();
  page.on('response', (res) => {
    const url = new URL(res.url());
    if (url.pathname.endsWith('/master.m3u8')) master ??= res.text();
    const segment = /\/hls\/[0-9a-f]{64}\/([^/]+)\/seg_\d+\.m4s$/.exec(url.pathname);
    if (segment) segmentRenditions.add(segment[1]!);
  });
  return { master: () => master ?? Promise.reject(new Error('no master fetched')), segmentRenditions };
}

async function playFromSearch(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Search' }).click();
  await page.locator('#search').fill(title);
  await page.getByRole('button', { name: new RegExp(`^Play ${title} by`) }).click();
}

describe('the lossless rendition in Chromium', () => {
  it('plays the 24-bit/96 kHz FLAC to a premium listener: hls.js picks the fLaC level, the audio decodes on, the badge says so', async () => {
    const { context, page } = await loggedIn(browser, platform.origin, premium.email, premium.password);
    contexts.push(context);
    const ladder = watchLadder(page);
    const mediaErrors: string[] = [];
    page.on('console', (message) => message.type() === 'error' && mediaErrors.push(message.text()));
    expect(await page.evaluate(() => MediaSource.isTypeSupported('audio/mp4; codecs="flac"'))).toBe(true);

    await playFromSearch(page);
    // Past the first 6 s segment: FLAC frames from two segments were decoded and played.
    await waitForPlayback(page, 7.5, 90_000);
    const master = await ladder.master();
    expect(master).toMatch(/CODECS="fLaC"/);
    expect([...ladder.segmentRenditions]).toContain('lossless');
    expect(await page.evaluate(() => document.querySelector<HTMLAudioElement>('audio[data-testid="audio"]')!.error)).toBeNull();

    const badge = page.getByTestId('lossless-badge');
    await expect.poll(() => badge.isVisible()).toBe(true);
    expect(await badge.textContent()).toBe('Lossless · 24-bit/96 kHz');
    // The rendition's measured rate, far above AAC's 256 kb/s.
    expect(Number((await page.getByTestId('bitrate').textContent())?.replace(/\D/g, ''))).toBeGreaterThan(256);
    await screenshot(page, 'lossless');
    copyFileSync(path.join(ARTIFACTS, 'lossless.png'), path.resolve(import.meta.dirname, '../../docs/lossless.png'));

    // Time keeps moving: still decoding, not stalled at a segment edge.
    const at = (await audioState(page)).time;
    await waitForPlayback(page, at + 2);
    expect(mediaErrors.filter((m) => /media|decode|hls/i.test(m))).toEqual([]);
    // The badge stacks over the bitrate; a tablet's narrower bar still fits it, not over the bitrate.
    await page.setViewportSize({ width: 768, height: 900 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    const [badgeBox, bitrateBox] = [(await badge.boundingBox())!, (await page.getByTestId('bitrate').boundingBox())!];
    expect(badgeBox.x).toBeGreaterThanOrEqual(0);
    expect(badgeBox.x + badgeBox.width).toBeLessThanOrEqual(768);
    expect(badgeBox.y + badgeBox.height).toBeLessThanOrEqual(bitrateBox.y);
  });

  it('shows the badge in a 320 px phone’s Now Playing view, nothing sideways', async () => {
    const { context, page } = await loggedIn(browser, platform.origin, premium.email, premium.password, { ...PHONE, viewport: { width: 320, height: 640 } });
    contexts.push(context);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Search' }).click();
    await page.locator('#search').fill(title);
    await page
      .locator('.track-row', { hasText: title })
      .first()
      .getByRole('button', { name: new RegExp(`^Play ${title} by`) })
      .click();
    await waitForPlayback(page, 1.5, 90_000);
    await page.getByTestId('open-now-playing').click();
    const badge = page.getByTestId('lossless-badge');
    await expect.poll(() => badge.isVisible()).toBe(true);
    expect(await badge.textContent()).toBe('Lossless · 24-bit/96 kHz');
    const box = (await badge.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(320);
    expect(await layoutProblems(page)).toEqual([]);
    await screenshot(page, 'phone-lossless');
  });

  it('gives a free listener AAC only: no fLaC in the master, no lossless segment fetched, no badge', async () => {
    const { context, page } = await loggedIn(browser, platform.origin, free.email, free.password);
    contexts.push(context);
    const ladder = watchLadder(page);
    await playFromSearch(page);
    await waitForPlayback(page, 1.5, 90_000);
    const master = await ladder.master();
    expect(master).toContain('#EXT-X-STREAM-INF');
    expect(master).not.toContain('fLaC');
    expect(master).not.toContain('/lossless/');
    expect(ladder.segmentRenditions.size).toBeGreaterThan(0);
    expect(ladder.segmentRenditions.has('lossless')).toBe(false);
    expect(await page.getByTestId('lossless-badge').isVisible()).toBe(false);
    // The track is lossless (the API says so to anyone); only the premium master streams it.
    const track = await page.evaluate(async (id) => (await fetch(`/api/v1/tracks/${id}`)).json(), trackId);
    expect(track.lossless).toEqual({ bit_depth: 24, sample_rate: 96_000 });
  });
});
