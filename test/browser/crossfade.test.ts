import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTrack } from '../../scripts/lib/audio.mjs';
import { client } from '../../scripts/lib/client.mjs';
import { startPlatform } from '../../scripts/lib/platform.mjs';
import { launchChromium, loggedIn, screenshot, waitForPlayback } from './browser.ts';
import { layoutProblems, PHONE, problemsAtPhoneWidths } from './layout.ts';

// Crossfade and gapless album playback as heard: two tracks of one album,
// uploaded and transcoded by the real pipeline, played in Chromium through the
// device session. The page's Web Audio graph is observed, not replaced: an
// init script records which node connects to which, so the test can read each
// deck's fade gain and listen to the mix with an AudioWorklet.
let platform: Awaited<ReturnType<typeof startPlatform>>;
let browser: Browser;
const contexts: BrowserContext[] = [];
const stamp = Date.now().toString(36);
const listener = { email: `crossfade-listener-${stamp}@example.com`, password: 'browser password' };
const album = `Seamless ${stamp}`;
/** Both tracks are tones from the first sample to the last: no silence at either end. */
const TRACK_SECONDS = 16;
const titles = { first: `Dusk ${stamp}`, second: `Dawn ${stamp}` };
let order: string[] = [];
let secondId = '';
let albumId = '';
let listenerToken = '';

/** Records the Web Audio graph the page builds: media element sources and every connection. */
function recordAudioGraph(): void {
  const graph = { sources: new Map<HTMLMediaElement, AudioNode>(), edges: new Map<AudioNode, AudioNode[]>(), context: null as AudioContext | null };
  (window as unknown as { audioGraph: typeof graph }).audioGraph = graph;
  const createSource = AudioContext.prototype.createMediaElementSource;
  AudioContext.prototype.createMediaElementSource = function (this: AudioContext, element: HTMLMediaElement) {
    const node = createSource.call(this, element);
    graph.sources.set(element, node);
    graph.context = this;
    return node;
  };
  const connect = AudioNode.prototype.connect as (this: AudioNode, ...args: unknown[]) => unknown;
  AudioNode.prototype.connect = function (this: AudioNode, ...args: unknown[]) {
    if (args[0] instanceof AudioNode) graph.edges.set(this, [...(graph.edges.get(this) ?? []), args[0]]);
    return connect.apply(this, args);
  } as typeof AudioNode.prototype.connect;
}

beforeAll(async () => {
  platform = process.env.ENCORE_ORIGIN
    ? { origin: process.env.ENCORE_ORIGIN, port: 0, stop: async () => {}, logs: () => '' }
    : await startPlatform({ transcoder: true });
  const api = client(platform.origin);
  const artist = api.withToken((await api.register(`crossfade-artist-${stamp}@example.com`, 'browser password', 'Seamless Artist', 'artist')).access_token);
  listenerToken = (await api.register(listener.email, listener.password, 'Seamless Listener', 'listener')).access_token;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'encore-crossfade-'));
  const uploads = [];
  for (const [title, root] of [
    [titles.first, 'E'],
    [titles.second, 'G'],
  ] as const) {
    const file = await generateTrack(path.join(dir, `${root}.flac`), { seconds: TRACK_SECONDS, root });
    uploads.push(await artist.uploadFile(file, { title, album }, 'audio/flac'));
  }
  for (const u of uploads) expect((await artist.waitForUpload(u.id, { timeoutMs: 240_000 })).status).toBe('ready');
  secondId = uploads[1]!.track_id;
  albumId = (await api.track(secondId)).album.id;
  browser = await launchChromium();
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await platform?.stop();
});

async function openAlbum(page: Page): Promise<void> {
  await page.goto(`/album/${encodeURIComponent(albumId)}`);
  await page.getByRole('heading', { name: album, level: 1 }).waitFor();
  await page.locator('.track-row', { hasText: titles.second }).waitFor();
}

/** Plays the album from its start: the first track is the one the session starts with, the other follows. */
async function playAlbum(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Play album' }).click();
  await waitForPlayback(page, 0.5);
  const first = (await page.getByTestId('now-playing').textContent())!;
  order = first === titles.first ? [titles.first, titles.second] : [titles.second, titles.first];
}

async function setCrossfade(page: Page, keys: string[], expected: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Account', exact: true }).click();
  const slider = page.getByRole('slider', { name: 'Crossfade' });
  await slider.focus();
  for (const key of keys) await page.keyboard.press(key);
  await expect.poll(() => slider.getAttribute('aria-valuetext')).toBe(expected);
  expect(await page.getByTestId('crossfade-value').textContent()).toBe(expected);
}

/** Moves the playing element to `secondsBeforeEnd` before its end (as the lyrics test seeks: on the element). */
const seekToEnd = (page: Page, secondsBeforeEnd: number) =>
  page.evaluate((s) => {
    const audio = document.querySelector<HTMLAudioElement>('audio[data-testid="audio"]')!;
    audio.currentTime = audio.duration - s;
  }, secondsBeforeEnd);

/** The next track is loaded and buffered on the standby deck. */
const nextReady = (page: Page) =>
  page
    .waitForFunction(() => (document.querySelector<HTMLAudioElement>('audio[data-testid="audio-next"]')?.readyState ?? 0) >= 3, undefined, {
      timeout: 30_000,
      polling: 100,
    })
    .catch(async (err) => {
      console.log(
        await page.evaluate(() =>
          Array.from(document.querySelectorAll('audio'))
            .map((a) => `${a.dataset.testid} src=${a.src} ready=${a.readyState} paused=${a.paused} t=${a.currentTime}`)
            .join('\n'),
        ),
      );
      throw err;
    });

describe('crossfade and gapless playback in Chromium', () => {
  it('crossfades two album tracks over the 4 s set on the Account page, equal power, and the session follows', async () => {
    const { context, page } = await loggedIn(browser, platform.origin, listener.email, listener.password);
    contexts.push(context);
    page.on('console', (m) => console.log(`[page] ${m.text()}`));
    await page.addInitScript(recordAudioGraph);
    await page.reload();
    await openAlbum(page);
    await playAlbum(page);
    // Set while the album plays (the player carries on across pages): it applies to the next change of track.
    await setCrossfade(page, ['Home', 'ArrowRight', 'ArrowRight', 'ArrowRight', 'ArrowRight'], '4 seconds');
    await nextReady(page);

    // Every 10 ms on the audio clock: each deck's fade gain, and whether its element plays.
    await page.evaluate(() => {
      const graph = (
        window as unknown as { audioGraph: { sources: Map<HTMLMediaElement, AudioNode>; edges: Map<AudioNode, AudioNode[]>; context: AudioContext } }
      ).audioGraph;
      const fadeOf = (element: HTMLMediaElement) => {
        const chain = [graph.sources.get(element)!];
        while (graph.edges.get(chain.at(-1)!)?.[0]) chain.push(graph.edges.get(chain.at(-1)!)![0]!);
        // source → loudness → fade → volume → destination
        return chain.at(-3) as GainNode;
      };
      const decks = Array.from(document.querySelectorAll<HTMLAudioElement>('audio[data-testid^="audio"]')).map((element) => ({
        element,
        fade: fadeOf(element),
      }));
      const record = { overlap: 0, samples: [] as { t: number; gains: number[] }[], last: graph.context.currentTime };
      (window as unknown as { fadeRecord: typeof record }).fadeRecord = record;
      setInterval(() => {
        const now = graph.context.currentTime;
        const gains = decks.map((d) => (d.element.paused ? 0 : d.fade.gain.value));
        if (gains.every((g) => g > 0.05)) {
          record.overlap += now - record.last;
          record.samples.push({ t: now, gains });
        }
        record.last = now;
      }, 10);
    });
    await seekToEnd(page, 7);
    await page.waitForFunction(() => (window as unknown as { fadeRecord: { overlap: number } }).fadeRecord.overlap > 2, undefined, { timeout: 20_000 });
    await expect.poll(() => page.getByTestId('now-playing').textContent()).toBe(order[1]);
    await screenshot(page, 'crossfade');
    expect((await layoutProblems(page)).filter((p) => p.startsWith('scrolls sideways'))).toEqual([]);
    // Over: one element left playing.
    await page.waitForFunction(() => Array.from(document.querySelectorAll('audio')).filter((a) => !a.paused).length === 1, undefined, { timeout: 20_000 });
    const { overlap, samples } = await page.evaluate(
      () => (window as unknown as { fadeRecord: { overlap: number; samples: { t: number; gains: number[] }[] } }).fadeRecord,
    );
    console.log(`crossfade overlap: ${overlap.toFixed(3)} s over ${samples.length} samples`);
    expect(overlap).toBeGreaterThan(3);
    expect(overlap).toBeLessThan(5);
    // Equal power: the squares of the two gains sum to ~1 all through the fade (a linear fade dips to 0.5 in the middle).
    const power = samples.map((s) => s.gains[0]! ** 2 + s.gains[1]! ** 2);
    expect(Math.min(...power)).toBeGreaterThan(0.85);
    expect(Math.max(...power)).toBeLessThan(1.15);

    // The device session heard the first track end and plays the second, here.
    const api = client(platform.origin).withToken(listenerToken);
    const secondTitle = order[1]!;
    await expect
      .poll(async () => {
        const state = await api.call('GET', '/api/v1/me/player');
        return state?.item?.title;
      })
      .toBe(secondTitle);
    await waitForPlayback(page, 1);
    await context.close();
  });

  it('plays an album gaplessly at crossfade 0: the mix never falls silent for 50 ms between the tracks', async () => {
    const { context, page } = await loggedIn(browser, platform.origin, listener.email, listener.password);
    contexts.push(context);
    page.on('console', (m) => console.log(`[page] ${m.text()}`));
    await page.addInitScript(recordAudioGraph);
    await page.reload();
    await setCrossfade(page, ['Home'], 'Off (gapless)');
    await openAlbum(page);
    await playAlbum(page);
    await nextReady(page);

    // An AudioWorklet on the mix (the volume gain both decks feed): the longest run of samples below −60 dBFS while armed.
    await page.evaluate(async () => {
      const graph = (
        window as unknown as { audioGraph: { sources: Map<HTMLMediaElement, AudioNode>; edges: Map<AudioNode, AudioNode[]>; context: AudioContext } }
      ).audioGraph;
      const element = document.querySelector<HTMLAudioElement>('audio[data-testid="audio"]')!;
      const chain = [graph.sources.get(element)!];
      while (graph.edges.get(chain.at(-1)!)?.[0]) chain.push(graph.edges.get(chain.at(-1)!)![0]!);
      const mix = chain.at(-2)!;
      const processor = `
        registerProcessor('silence-meter', class extends AudioWorkletProcessor {
          constructor() {
            super();
            this.armed = false; this.run = 0; this.longest = 0; this.heard = false; this.samples = 0;
            this.port.onmessage = (e) => {
              if (e.data === 'arm') { this.armed = true; this.run = 0; this.longest = 0; this.heard = false; this.samples = 0; }
              else { this.armed = false; this.port.postMessage({ longest: this.longest, samples: this.samples, heard: this.heard }); }
            };
          }
          process(inputs) {
            const channel = inputs[0] && inputs[0][0];
            if (!this.armed) return true;
            if (!channel) { if (this.heard) this.run += 128; this.longest = Math.max(this.longest, this.run); return true; }
            for (let i = 0; i < channel.length; i++) {
              this.samples++;
              if (Math.abs(channel[i]) < 0.001) { if (this.heard) this.run++; }
              else { this.heard = true; this.longest = Math.max(this.longest, this.run); this.run = 0; }
            }
            return true;
          }
        });`;
      await graph.context.audioWorklet.addModule(URL.createObjectURL(new Blob([processor], { type: 'application/javascript' })));
      const meter = new AudioWorkletNode(graph.context, 'silence-meter', { numberOfInputs: 1, numberOfOutputs: 1 });
      // Pulled by the destination through a muted gain, so it runs every render quantum.
      const muted = new GainNode(graph.context, { gain: 0 });
      mix.connect(meter).connect(muted).connect(graph.context.destination);
      (window as unknown as { meter: AudioWorkletNode }).meter = meter;
      console.log(`context ${graph.context.state} at ${graph.context.currentTime}, base latency ${graph.context.baseLatency}`);
    });
    await seekToEnd(page, 3);
    await page.waitForFunction(
      () => {
        const audio = document.querySelector<HTMLAudioElement>('audio[data-testid="audio"]')!;
        return !audio.paused && audio.currentTime > audio.duration - 2.5;
      },
      undefined,
      { timeout: 20_000, polling: 50 },
    );
    await page.evaluate(() => (window as unknown as { meter: AudioWorkletNode }).meter.port.postMessage('arm'));
    await expect.poll(() => page.getByTestId('now-playing').textContent(), { timeout: 20_000 }).toBe(order[1]);
    await waitForPlayback(page, 1.5, 20_000);
    const result = await page.evaluate(
      () =>
        new Promise<{ longest: number; samples: number; heard: boolean; rate: number }>((resolve) => {
          const meter = (window as unknown as { meter: AudioWorkletNode }).meter;
          meter.port.onmessage = (e) => resolve({ ...e.data, rate: meter.context.sampleRate });
          meter.port.postMessage('report');
        }),
    );
    console.log(
      await page.evaluate(() => {
        const c = (window as unknown as { meter: AudioWorkletNode }).meter.context;
        return `context ${c.state} at ${c.currentTime}`;
      }),
    );
    const gapMs = (result.longest / result.rate) * 1000;
    console.log(`gapless: longest silence ${gapMs.toFixed(1)} ms in ${(result.samples / result.rate).toFixed(2)} s of mix`);
    expect(result.heard).toBe(true);
    // Armed 2.5 s before the end and read 1.5 s into the next track: about 4 s of audio went through the meter.
    expect(result.samples / result.rate).toBeGreaterThan(3);
    expect(gapMs).toBeLessThan(50);
    await context.close();
  });

  it('fits the Crossfade setting on a phone from 320 px: nothing sideways, the slider a 44 px target', async () => {
    const { context, page } = await loggedIn(browser, platform.origin, listener.email, listener.password, PHONE);
    contexts.push(context);
    await page.goto('/account');
    await page.getByRole('slider', { name: 'Crossfade' }).waitFor();
    expect(await problemsAtPhoneWidths(page)).toEqual([]);
    const box = (await page.getByRole('slider', { name: 'Crossfade' }).boundingBox())!;
    expect(box.height).toBeGreaterThanOrEqual(44);
    await context.close();
  });
});
